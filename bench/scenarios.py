"""What the benchmark measures: the scenarios, the seeded objects they need, and their results."""

from __future__ import annotations

import statistics
import urllib.parse
from dataclasses import dataclass, field

XLSX_ROWS = 100_000


@dataclass
class Scenario:
    name: str
    url_name: str
    user: str | None  # key of Context.users, None for anonymous
    kind: str = "page"  # page | summary | baseline | csv | xlsx | pdf
    args: tuple = ()
    query: dict = field(default_factory=dict)
    post: dict | None = None  # POST these fields (an admin action) instead of a GET
    rows: int | None = None  # for XLSX: the number of initiatives the file holds


@dataclass
class Result:
    scenario: Scenario
    status: str = "ok"  # ok | missing | error | http NNN
    url: str = ""
    times_ms: list[float] = field(default_factory=list)
    # Load-robust: CPU time of this process plus that of its PostgreSQL backend (parallel workers not counted).
    busy_ms: list[float] = field(default_factory=list)
    queries: int | None = None
    detail: str = ""
    rows: int | None = None
    peak_mb: float | None = None
    idle_mb: float | None = None
    bytes: int | None = None
    # The same page on the run's smaller database (`--compare-db`), timed alternately with this one.
    smaller: Result | None = None

    @property
    def growth(self) -> float | None:
        """How many times slower than on the smaller database (None when not compared)."""
        if self.smaller is None or not self.smaller.median or not self.median:
            return None
        return self.median / self.smaller.median

    @property
    def busy_growth(self) -> float | None:
        if self.smaller is None or not self.smaller.busy or not self.busy:
            return None
        return self.busy / self.smaller.busy

    @property
    def median(self) -> float | None:
        return statistics.median(self.times_ms) if self.times_ms else None

    @property
    def busy(self) -> float | None:
        return statistics.median(self.busy_ms) if self.busy_ms else None

    @property
    def worst(self) -> float | None:
        return max(self.times_ms) if self.times_ms else None


class Context:
    """Users and objects the scenarios need, found in the seeded data."""

    def __init__(self):
        from django.db.models import Count

        from campaigns.models import Field
        from models_registry.models import Initiative

        self.users = _users()
        self._find_objects()
        self.field_id = Field.objects.filter(code="economic").values_list("pk", flat=True).first()
        self.total = Initiative.objects.count()
        # The XLSX scenario exports exactly the first 100,000 initiatives (all of them when fewer).
        self.xlsx_rows = min(self.total, XLSX_ROWS)
        self.xlsx_last_pk = (
            Initiative.objects.order_by("pk").values_list("pk", flat=True)[self.xlsx_rows - 1] if self.total else 0
        )
        self.any_pk = Initiative.objects.order_by("pk").values_list("pk", flat=True).first()
        self.counts_by_year = dict(
            Initiative.objects.order_by()
            .values_list("campaign__year")
            .annotate(n=Count("id"))
            .values_list("campaign__year", "n")
        )

    def _find_objects(self) -> None:
        """Find the running campaign and the pages' initiatives: one to appraise, one with a long history, one recognized."""
        from campaigns.models import Campaign, Level, Unit
        from models_registry.models import Initiative, State

        commune = Unit.objects.get(code="C001", parent__code="BENCH-VL")
        running = Campaign.objects.filter(committee__unit__code="BENCH-VL").order_by("-year").first()
        self.year = running.year
        self.running_pk = running.pk
        in_commune = Initiative.objects.filter(unit__path__startswith=commune.path)
        # One the commune's committee acts on: a registration of the commune aiming at the province is
        # appraised by the province (a commune member is refused it, 403: a freshly seeded 1M had one first).
        self.submitted_pk = (
            in_commune.filter(campaign=running, state=State.SUBMITTED, level=Level.COMMUNE)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        # The long-history initiative is the running campaign's first one (see seed_bench).
        self.appraiser = "commune member"
        if self.submitted_pk is None:  # a tiny data set: a registration the province's committee appraises
            self.appraiser = "province chair"
            self.submitted_pk = (
                Initiative.objects.filter(campaign=running, state=State.SUBMITTED, level=Level.PROVINCE)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
        self.long_pk = in_commune.filter(campaign=running).order_by("pk").values_list("pk", flat=True).first()
        self.long_logs = Initiative.objects.get(pk=self.long_pk).logs.count() if self.long_pk else 0
        self.recognized_pk = (
            Initiative.objects.filter(state=State.RECOGNIZED).order_by("pk").values_list("pk", flat=True).first()
        )


def _users() -> dict:
    """Return the seeded users the scenarios sign in as, by their role in the scenarios."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        username__in=["bench_s_c001", "bench_c001_member1", "bench_c001_chair", "bench_chair", "bench_admin"]
    )
    by_name = {u.username: u for u in users}
    return {
        "commune staff": by_name["bench_s_c001"],
        "commune member": by_name["bench_c001_member1"],
        "commune chair": by_name["bench_c001_chair"],
        "province chair": by_name["bench_chair"],
        "admin": by_name["bench_admin"],
    }


CHANGELIST = "admin:models_registry_initiative_changelist"


def scenarios(ctx: Context) -> list[Scenario]:
    """Return every scenario, in the order the run times and reports them."""
    return [
        Scenario("floor: bare view returning a constant", "bench_floor", "commune staff", "baseline"),
        *_staff_pages(ctx),
        *_committee_pages(ctx),
        *_report_pages(ctx),
        *_public_pages(ctx),
        *_admin_pages(),
        *_exports(ctx),
    ]


def _staff_pages(ctx: Context) -> list[Scenario]:
    return [
        Scenario("staff home", "staff:home", "commune staff"),
        Scenario(
            "staff list, filtered (state + field)",
            "staff:initiative_list",
            "commune staff",
            query={"state": "recognized", "field": ctx.field_id},
        ),
        Scenario(
            "staff list, search 'nong thon moi'", "staff:initiative_list", "commune staff", query={"q": "nong thon moi"}
        ),
        Scenario("list, whole province (chair)", "staff:initiative_list", "province chair"),
        Scenario(
            "list, whole province, search (chair)",
            "staff:initiative_list",
            "province chair",
            query={"q": "hien dat lam duong"},
        ),
        Scenario("list, everything (admin)", "staff:initiative_list", "admin"),
    ]


def _committee_pages(ctx: Context) -> list[Scenario]:
    return [
        Scenario("committee home (commune)", "committee:home", "commune member"),
        Scenario("committee home (province)", "committee:home", "province chair"),
        Scenario(
            "committee home, filtered (field + kind, province)",
            "committee:home",
            "province chair",
            query={"field": ctx.field_id, "kind": "model"},
        ),
        Scenario("due inspections queue (commune)", "committee:due_inspections", "commune member"),
        Scenario("due inspections queue (province)", "committee:due_inspections", "province chair"),
        Scenario("recognition queue (commune chair)", "committee:recognition", "commune chair"),
        Scenario("recognition queue (province)", "committee:recognition", "province chair"),
        Scenario("appraisal page", "committee:appraise", ctx.appraiser, args=(ctx.submitted_pk,)),
        Scenario(
            f"initiative detail, long history ({ctx.long_logs} log rows)",
            "staff:initiative_detail",
            "commune member",
            args=(ctx.long_pk,),
        ),
    ]


def _report_pages(ctx: Context) -> list[Scenario]:
    year = ctx.year
    return [
        Scenario(
            f"yearly summary {year} (province)", "reports:summary", "province chair", "summary", query={"year": year}
        ),
        Scenario(
            f"campaign overview {year} (province)",
            "reports:campaign_overview",
            "province chair",
            "summary",
            args=(ctx.running_pk,),
        ),
    ]


def _public_pages(ctx: Context) -> list[Scenario]:
    """The showcase, then the read API."""
    year = ctx.year
    return [
        Scenario("showcase", "showcase:index", None),
        Scenario("showcase, search 'dan van'", "showcase:index", None, query={"q": "dan van"}),
        Scenario("showcase detail", "showcase:detail", None, args=(ctx.recognized_pk,)),
        # The read API's list (issue 18): one cursor page, through the same visible_to as the pages.
        Scenario("API list of initiatives (province chair)", "api:initiative-list", "province chair"),
        Scenario(
            f"API list of initiatives, filtered (year {year} + state)",
            "api:initiative-list",
            "commune member",
            query={"year": year, "state": "recognized"},
        ),
    ]


def _admin_pages() -> list[Scenario]:
    return [
        Scenario("admin changelist of initiatives", CHANGELIST, "admin"),
        Scenario("admin changelist, search 'dan van'", CHANGELIST, "admin", query={"q": "dan van"}),
        Scenario(
            "plain default ModelAdmin changelist (baseline)",
            "plain_admin:models_registry_initiative_changelist",
            "admin",
            "baseline",
        ),
    ]


def _exports(ctx: Context) -> list[Scenario]:
    year = ctx.year

    def action(name: str) -> dict:
        # "Select all N" across pages: the action gets the whole (filtered) changelist queryset.
        return {"action": name, "select_across": "1", "index": "0", "_selected_action": [ctx.any_pk]}

    return [
        Scenario(
            "CSV of everything (admin action, all selected)", CHANGELIST, "admin", "csv", post=action("export_csv")
        ),
        Scenario(
            f"CSV list of {year} (reports:export)",
            "reports:export",
            "province chair",
            "csv",
            query={"format": "csv", "year": year},
        ),
        Scenario(
            f"XLSX of {ctx.xlsx_rows:,} initiatives (admin action)",
            CHANGELIST,
            "admin",
            "xlsx",
            query={"id__lte": ctx.xlsx_last_pk} if ctx.total > ctx.xlsx_rows else {},
            post=action("export_xlsx"),
            rows=ctx.xlsx_rows,
        ),
        Scenario(
            f"XLSX summary workbook {year} (reports:export)",
            "reports:export",
            "province chair",
            "xlsx",
            query={"format": "xlsx", "year": year},
            rows=ctx.counts_by_year.get(year, 0),
        ),
        Scenario(
            f"PDF summary {year}", "reports:export", "province chair", "pdf", query={"format": "pdf", "year": year}
        ),
    ]


def resolve(scenario: Scenario) -> str:
    """Return the scenario's URL with its query string."""
    from django.urls import reverse

    url = reverse(scenario.url_name, args=scenario.args)
    if scenario.query:
        url += "?" + urllib.parse.urlencode(scenario.query)
    return url
