"""The main pages of every role, the data they show, and the checkers run on them (axe-core, Nu HTML checker).

One catalog (`PAGES`) serves the accessibility, HTML validity and phone-screen tests, so the three
look at the very same pages. Each page is named `<role>-<page>` (that name is also the screenshot's).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.conftest import World, add_inspection, pdf_file, png_file

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE_JS = BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"
VNU_JAR = BASE_DIR / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = BASE_DIR / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
ROLES = ("anonymous", "staff", "member", "chair", "admin")
# On CI a checker that cannot run is a failure, not a skip (`.ci/run` installs what they need).
STRICT = os.environ.get("DVK_REQUIRE_ALL_CHECKS") == "1"


@dataclass(frozen=True)
class Page:
    role: str
    name: str
    url_name: str
    args: Callable[[CrawlData], tuple] = lambda data: ()
    query: str = ""
    status: int = 200

    @property
    def slug(self) -> str:
        return f"{self.role}-{self.name}"


@dataclass
class CrawlData:
    """Initiatives in the states that the main pages need, all in `staff`'s hamlet."""

    world: World
    draft: object
    submitted: object
    approved: object
    returned: object
    requested: object
    recognized: object
    elsewhere: object

    def user(self, role: str):
        return None if role == "anonymous" else getattr(self.world, role)


PAGES: list[Page] = [
    # The public and the login page.
    Page("anonymous", "login", "login"),
    Page("anonymous", "showcase", "showcase:index"),
    Page("anonymous", "showcase-search", "showcase:index", query="?q=chu+nhat+xanh"),
    Page("anonymous", "showcase-detail", "showcase:detail", lambda d: (d.recognized.pk,)),
    # Unit staff: register, follow, fix, report.
    Page("staff", "home", "staff:home"),
    Page("staff", "initiatives", "staff:initiative_list"),
    Page("staff", "register", "staff:initiative_create"),
    Page("staff", "edit", "staff:initiative_edit", lambda d: (d.draft.pk,)),
    Page("staff", "detail", "staff:initiative_detail", lambda d: (d.approved.pk,)),
    Page("staff", "detail-returned", "staff:initiative_detail", lambda d: (d.returned.pk,)),
    Page("staff", "detail-recognized", "staff:initiative_detail", lambda d: (d.recognized.pk,)),
    Page("staff", "search", "staff:initiative_list", query="?q=hu+gao"),
    Page(
        "staff", "request-recognition", "staff:initiative_transition", lambda d: (d.approved.pk, "request_recognition")
    ),
    Page("staff", "password", "password_change"),
    # What people see when they follow a link they may not use: still the site, in their language.
    Page("staff", "forbidden", "committee:home", status=403),
    Page("staff", "not-found", "staff:initiative_detail", lambda d: (d.elsewhere.pk,), status=404),
    # A committee member: appraise, inspect, score.
    Page("member", "home", "committee:home"),
    Page("member", "appraise", "committee:appraise", lambda d: (d.submitted.pk,)),
    Page("member", "return", "committee:act", lambda d: (d.submitted.pk, "return_for_revision")),
    Page("member", "approve", "committee:act", lambda d: (d.submitted.pk, "approve")),
    Page("member", "inspection", "committee:inspection_create", lambda d: (d.approved.pk,)),
    Page("member", "inspections", "committee:inspection_list", lambda d: (d.approved.pk,)),
    Page("member", "score", "committee:score", lambda d: (d.requested.pk,)),
    Page("member", "twin-compare", "committee:twin_compare", lambda d: (d.requested.pk,)),
    Page("member", "due-inspections", "committee:due_inspections"),
    # The chair (and secretariat): recognize, run campaigns, summarize.
    Page("chair", "recognition", "committee:recognition"),
    Page("chair", "basis-revoked", "committee:basis_revoked"),
    Page("chair", "reasons", "committee:reason_list"),
    Page("chair", "decision", "committee:decision_detail", lambda d: (d.recognized.decision_id,)),
    Page("chair", "campaigns", "campaigns:list"),
    Page("chair", "campaign", "campaigns:detail", lambda d: (d.world.campaign.pk,)),
    Page("chair", "campaign-create", "campaigns:create"),
    Page("chair", "summary", "reports:summary"),
    Page("chair", "campaign-overview", "reports:campaign_overview", lambda d: (d.world.campaign.pk,)),
    Page("chair", "commendation", "reports:commendation_create", lambda d: (d.recognized.pk,)),
    Page("chair", "proposal-list", "reports:proposal_list", lambda d: (d.world.campaign.pk,)),
    Page("chair", "award-decision", "reports:proposal_grant", lambda d: (d.world.campaign.pk,)),
    # The administrator.
    Page("admin", "admin", "admin:index"),
    Page("admin", "admin-initiatives", "admin:models_registry_initiative_changelist"),
]


def build_crawl_data(world: World) -> CrawlData:
    """Create one initiative per state that a main page needs, with inspections and evidence."""
    from models_registry.evidence import save_attachments
    from models_registry.models import CommendationProposal

    approved = world.initiative("approved", name="Mô hình “Tổ phụ nữ tiết kiệm” ấp Phú Hòa")
    add_inspection(approved, world.member)
    save_attachments(approved, [png_file("hinh-anh-hoat-dong.png"), pdf_file("bao-cao-so-ket.pdf")], world.staff)
    recognized = world.initiative("recognized", name="Mô hình “Ngày Chủ nhật xanh” ấp Phú Hòa")
    # Proposed for an award: the campaign's proposal list and its award decision page have a row.
    CommendationProposal.objects.propose(
        recognized, world.chair, kind="certificate_of_merit", level="province", achievement="Môi trường xanh."
    )
    return CrawlData(
        world=world,
        draft=world.initiative("draft", name="Mô hình “Xây dựng tuyến đường hoa” (bản nháp)"),
        submitted=world.initiative("submitted", name="Mô hình “Dân vận khéo trong thu gom rác thải”"),
        returned=world.initiative("returned", name="Mô hình “Camera an ninh tự quản”"),
        approved=approved,
        requested=world.initiative("recognition_requested", name="Mô hình “Hũ gạo tình thương”"),
        recognized=recognized,
        elsewhere=world.initiative("submitted", unit=world.other_hamlet, name="Mô hình của khóm 3"),
    )


def resolve(page: Page, data: CrawlData) -> str | None:
    """Return the page's path, or None while the page is not built (its URL name does not exist)."""
    try:
        return reverse(page.url_name, args=page.args(data)) + page.query
    except NoReverseMatch:
        return None


def pages_for(role: str) -> list[Page]:
    return [page for page in PAGES if page.role == role]


def missing_pages_note(missing: list[Page]) -> str:
    return "pages not built yet (URL name does not resolve): " + ", ".join(
        f"{page.slug} ({page.url_name})" for page in missing
    )


# --- Logging in a browser without typing (the end-to-end test types; the crawls need speed) -----------


def session_cookie(user, base_url: str) -> list[dict]:
    """Return the cookies of a fresh session of `user`, ready for `BrowserContext.add_cookies`."""
    client = Client()
    client.force_login(user)
    morsel = client.cookies[settings.SESSION_COOKIE_NAME]
    return [{"name": settings.SESSION_COOKIE_NAME, "value": morsel.value, "url": base_url}]


def new_context(browser, base_url: str, user=None, viewport: dict | None = None):
    """Open a Vietnamese browser context, logged in as `user` when given."""
    # Chromium sends Accept-Language en-US by default, which Django would honour.
    context = browser.new_context(viewport=viewport or DESKTOP, locale="vi-VN", base_url=base_url)
    if user is not None:
        context.add_cookies(session_cookie(user, base_url))
    return context


# --- axe-core -----------------------------------------------------------------------------------------

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary})),
  }));
}"""
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    """Run axe-core (vendored) on the loaded page and return its serious and critical violations."""
    # By URL from DVK's own static files: the CSP refuses the inline script `path=` would add.
    page.add_script_tag(url=f"/{settings.STATIC_URL.lstrip('/')}{AXE_JS.relative_to(BASE_DIR / 'static').as_posix()}")
    return [v for v in page.evaluate(AXE_RUN) if v["impact"] in BLOCKING_IMPACTS]


def format_violations(found: dict[str, list[dict]]) -> str:
    """Group violations by rule, then by offending element, naming the pages where each was seen.

    The same navbar defect on twenty pages is one thing to fix, so it is printed once.
    """
    rules: dict[str, dict] = {}
    for slug, violations in found.items():
        for violation in violations:
            rule = rules.setdefault(violation["id"], {"violation": violation, "nodes": {}})
            for node in violation["nodes"]:
                summary = " ".join((node["summary"] or "").split())
                key = (node["html"][:200], summary)
                rule["nodes"].setdefault(key, {"target": node["target"], "pages": []})["pages"].append(slug)
    lines = []
    for rule_id, rule in sorted(rules.items()):
        violation = rule["violation"]
        lines.append(f"[{violation['impact']}] {rule_id}: {violation['help']} ({violation['helpUrl']})")
        for (html, summary), node in rule["nodes"].items():
            pages = sorted(set(node["pages"]))
            lines.append(f"    at {node['target']}: {html[:160]}")
            lines.append(f"       {summary[:300]}")
            lines.append(f"       on {len(pages)} page(s): {', '.join(pages)}")
    return "\n".join(lines)


# --- Horizontal overflow on a phone ----------------------------------------------------------------------

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    // Report the outermost element that sticks out, not every descendant.
    const parent = el.parentElement && el.parentElement.getBoundingClientRect();
    if (parent && parent.right > width + 1) continue;
    culprits.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
      " (right edge " + Math.round(box.right) + "px)");
  }
  return {scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 6)};
}"""


def horizontal_overflow(page) -> dict:
    """Return the page's scroll width and the outermost elements that stick out to the right."""
    return page.evaluate(OVERFLOW)


# --- The Nu HTML checker -------------------------------------------------------------------------------


def vnu_command() -> list[str]:
    """Return the command that runs the Nu HTML checker, or skip (fail on CI) saying what is missing."""
    java = shutil.which("java")
    reason = None
    if java is None:
        reason = "Java is not installed (apt-get install default-jre-headless): the Nu HTML checker cannot run"
    elif not VNU_JAR.exists():
        reason = (
            f"{VNU_JAR.relative_to(BASE_DIR)} is missing: `make vnu` fetches vnu-jar from the npm registry "
            "(needs npm and the network)"
        )
    if reason:
        if STRICT:
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always"]


def validate_html(documents: dict[str, bytes], workdir: Path) -> dict[str, list[dict]]:
    """Validate every document in ONE Java run (the JVM starts slowly); return the errors by document name."""
    command = vnu_command()
    paths = {}
    for name, content in documents.items():
        path = workdir / f"{name}.html"
        path.write_bytes(content)
        paths[path.resolve().as_uri()] = name
    result = subprocess.run(command + list(map(str, sorted(workdir.glob("*.html")))), capture_output=True, check=False)
    report = json.loads(result.stdout.decode("utf-8"))
    errors: dict[str, list[dict]] = {}
    for message in report["messages"]:
        # "info" includes warnings, which are allowed; an error or a document the checker could not read is not.
        if message["type"] in ("error", "non-document-error"):
            url = message.get("url", "")
            name = paths.get(url) or next((n for u, n in paths.items() if url.endswith(u.split("/")[-1])), url)
            errors.setdefault(name, []).append(message)
    return errors


def format_html_errors(name: str, url: str, messages: list[dict]) -> str:
    lines = [f"== {name} ({url})"]
    for message in messages:
        where = f"line {message.get('lastLine', '?')}:{message.get('firstColumn', message.get('lastColumn', '?'))}"
        extract = " ".join(message.get("extract", "").split())
        lines.append(f"  {where}: {message['message']}")
        if extract:
            lines.append(f"      {extract[:200]}")
    return "\n".join(lines)
