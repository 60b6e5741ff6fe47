"""On a phone the committee's queues need no sideways scrolling: each row's buttons are in view at 375 px."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import score

from .quality_fixtures import SCREENSHOTS, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 740}

# Every row of a queue table, with where its action buttons (and its tick box) sit on the screen.
ROW_CONTROLS = r"""() => Array.from(document.querySelectorAll("tr[data-initiative]")).map(row => ({
  row: row.dataset.initiative,
  controls: Array.from(row.querySelectorAll("a.btn, button, input[type=checkbox]")).map(el => {
    const box = el.getBoundingClientRect();
    return {name: (el.textContent.trim() || el.getAttribute("aria-label") || el.tagName).slice(0, 40),
            left: box.left, right: box.right, width: box.width};
  }),
}))"""


def phone_problems(tab, url: str, slug: str) -> tuple[list[str], int]:
    tab.goto(url)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=SCREENSHOTS / f"chair-{slug}-{PHONE['width']}x{PHONE['height']}.png", full_page=True)
    problems = []
    width = tab.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{url}: the page is {width}px wide")
    rows = tab.evaluate(ROW_CONTROLS)
    for row in rows:
        for control in row["controls"]:
            if control["width"] == 0 or control["left"] < 0 or control["right"] > PHONE["width"]:
                problems.append(
                    f"{url}: row {row['row']}: {control['name']!r} at {control['left']:.0f}–{control['right']:.0f}px"
                )
    return problems, len(rows)


def test_the_chair_reaches_every_queue_button_on_a_375_pixel_phone(world, live_server, browser):
    # Arrange: long names, as real registrations have, in the appraisal and the recognition queues.
    long_name = "Mô hình “Dân vận khéo” vận động nhân dân hiến đất mở rộng đường giao thông nông thôn ấp Phú Hòa"
    for _ in range(2):
        world.initiative("submitted", name=long_name)
        requested = world.initiative("recognition_requested", name=long_name)
        score(requested, world.chair, 85)
    context = new_context(browser, live_server.url, world.chair, viewport=PHONE)
    tab = context.new_page()

    # Act
    try:
        home, home_rows = phone_problems(tab, reverse("committee:home"), "queues")
        recognition, recognition_rows = phone_problems(tab, reverse("committee:recognition"), "recognition-queue")
    finally:
        context.close()

    # Assert
    assert home_rows == 4 and recognition_rows >= 2
    assert home + recognition == []
