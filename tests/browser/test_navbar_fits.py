"""The navigation bar fits on one row, without overlapping items, on the desktop widths people use.

An administrator sees every link (nine of them), so theirs is the crowded bar; a committee chair's and a unit
officer's are checked at the narrowest desktop width too.
"""

from __future__ import annotations

import pytest

from .quality_fixtures import new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Every box a person sees in the bar: brand, toggler, links, the language form, the user's name and buttons.
NAVBAR_BOXES = r"""() => {
  const nav = document.querySelector(".dvk-navbar");
  const selector = ".navbar-brand, .navbar-toggler, .navbar-nav > .nav-item, #dvk-nav > form, #dvk-nav > a";
  const boxes = [];
  for (const el of nav.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
    boxes.push({name: (el.textContent.trim().split(/\s+/).join(" ") || el.className).slice(0, 40),
                link: el.classList.contains("nav-item"), left: box.left, right: box.right, top: box.top,
                bottom: box.bottom});
  }
  // The bar's content box: items must stay inside it, aligned with the page below.
  const inner = nav.querySelector(":scope > div");
  const style = getComputedStyle(inner);
  const box = inner.getBoundingClientRect();
  return {boxes: boxes, left: box.left + parseFloat(style.paddingLeft), right: box.right - parseFloat(style.paddingRight)};
}"""


def navbar_problems(page) -> list[str]:
    """Return what is wrong with the bar: a second row, items that overlap or stick out of it."""
    measured = page.evaluate(NAVBAR_BOXES)
    boxes = sorted(measured["boxes"], key=lambda b: b["left"])
    problems = []
    # One row: the links share their top edge, and a horizontal line crosses every item (the language select
    # and the brand are a little taller than a link).
    if len({round(b["top"]) for b in boxes if b["link"]}) > 1:
        problems.append("links on more than one row: " + ", ".join(f"{b['name']}@{b['top']:.0f}" for b in boxes))
    elif max(b["top"] for b in boxes) >= min(b["bottom"] for b in boxes):
        problems.append("items on more than one row: " + ", ".join(f"{b['name']}@{b['top']:.0f}" for b in boxes))
    for before, after in zip(boxes, boxes[1:], strict=False):
        if before["right"] > after["left"] + 0.5:
            problems.append(f"{before['name']!r} overlaps {after['name']!r}")
    outside = [b["name"] for b in boxes if b["right"] > measured["right"] + 0.5 or b["left"] < measured["left"] - 0.5]
    if outside:
        problems.append(f"outside the bar ({measured['left']:.0f}–{measured['right']:.0f}px): " + ", ".join(outside))
    return problems


def check(browser, base_url: str, user, widths: tuple[int, ...]) -> dict[int, list[str]]:
    """Open the home page at each width and return the navbar's problems by width."""
    context = new_context(browser, base_url, user)
    page = context.new_page()
    found = {}
    try:
        for width in widths:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto("/")
            problems = navbar_problems(page)
            if problems:
                found[width] = problems
    finally:
        context.close()
    return found


def test_the_administrators_navbar_fits_one_row_from_1200_to_1400_pixels(world, live_server, browser):
    # Arrange: a long name is the worst case for the user menu's button.
    world.admin.first_name, world.admin.last_name = "Nguyễn Thị Minh", "Khai Phương"
    world.admin.save()

    # Act
    problems = check(browser, live_server.url, world.admin, (1200, 1280, 1400))

    # Assert
    assert not problems, problems


@pytest.mark.parametrize("role", ["chair", "staff"])
def test_the_navbar_of_a_chair_and_of_unit_staff_fits_one_row_at_1200_pixels(role, world, live_server, browser):
    problems = check(browser, live_server.url, getattr(world, role), (1200,))

    assert not problems, problems
