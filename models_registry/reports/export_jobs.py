"""The summary's downloads as jobs: what the worker runs for `reports:export`.

The web request checks who may export what (export_views) and records the parameters; the worker
reads them back here and writes the file in the owner's scope — `Initiative.objects.visible_to(owner)`
again, so a job never holds a row that its owner could not open, even if their scope shrank meanwhile.
"""

from __future__ import annotations

from typing import BinaryIO

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from dvk.downloads import readable_filename
from jobs.registry import Output, Progress, register
from jobs.runner import QueueUnavailable, submit

from ..models import Initiative
from .exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    ExportWorkbook,
    initiatives_workbook,
    summary_workbook,
    write_initiatives_csv,
    write_summary_csv,
)
from .funnel import build_funnel, funnel_tables
from .papers.report import summary_docx
from .papers.word import DOCX_CONTENT_TYPE
from .pdf import PDF_LIST_LIMIT, report_title, summary_pdf
from .periods import Period, year_table
from .replications import proposals_of_period
from .rollup import rollup, rollup_table
from .summary import build_summary, summary_counts_for, summary_scope_for

KIND = "reports.summary"
LIST_KIND = "reports.initiatives_list"


# What each file is called, by what it holds (the stem of "Tổng hợp DVK năm 2026 - <campaign>.xlsx").
FILE_WHAT = {
    "summary": gettext_lazy("Tổng hợp"),
    "list": gettext_lazy("Danh sách"),
    "report": gettext_lazy("Báo cáo tổng kết"),
}


def export_filename(what: str, period: Period, extension: str) -> str:
    """Return e.g. "Tổng hợp DVK năm 2026 - Dân vận khéo đợt 1.xlsx": the campaign and year, never an id."""
    return readable_filename(period.file_stem(str(FILE_WHAT[what])), extension)


def export_title(fmt: str, part: str, period: Period) -> str:
    """Return the job's name as the user reads it in "Tệp đã xuất"."""
    if fmt in ("pdf", "docx"):
        what = _("Báo cáo tổng kết")
    elif fmt == "csv" and part != "summary":
        what = _("Danh sách mô hình, điển hình")
    else:
        what = _("Tổng hợp kết quả")
    return f"{what} — {period.label} ({fmt.upper()})"


def period_of(params: dict) -> Period:
    """Rebuild the period a job was asked for from its parameters."""
    if params.get("campaign"):
        return Period.of_campaign(Campaign.objects.get(pk=params["campaign"]))
    if params.get("year_from"):
        return Period(params["year_from"], params["year_to"])
    return Period.of_year(params["year"])


@register(KIND)
def write_summary_export(job, out: BinaryIO, progress: Progress) -> Output:
    """Write the summary (XLSX, CSV tables, PDF or DOCX report) or the full list (CSV) of the owner's scope."""
    params, owner = job.params, job.owner
    fmt, part = params["format"], params.get("part", "list")
    period = period_of(params)
    campaign, year = period.campaign, period.year
    initiatives = period.filter(Initiative.objects.visible_to(owner))

    if fmt == "csv" and part != "summary":
        progress.set_total(initiatives.count())
        write_initiatives_csv(out, initiatives, progress)
        return Output(export_filename("list", period, "csv"), CSV_CONTENT_TYPE)

    root = summary_scope_for(owner)[1]
    summary = build_summary(
        initiatives,
        root_unit=root,
        proposals=proposals_of_period(owner, period),
        kept=summary_counts_for(owner, root, period),  # the page's numbers, from the same kept counts
    )
    # A period report shows how the years compare.
    extra = [year_table(initiatives)] if period.is_years else []
    # The funnel per level, field and unit (issue 15), after the overview like the page shows it.
    extra += funnel_tables(build_funnel(summary))
    # The lower committees' own campaigns, as on the page (issue 15).
    lower = rollup(owner, period, root)
    if lower is not None and lower.rows:
        extra.append(rollup_table(lower))
    title = report_title(year, period)
    subtitle = _("Đợt phát động: %(name)s") % {"name": campaign.name} if campaign is not None else ""
    if period.is_years:
        subtitle = period.label
    if root is not None:
        subtitle = f"{subtitle} — {root.name}" if subtitle else str(root.name)

    if fmt == "csv":
        progress.set_total(summary.recognized)
        write_summary_csv(out, summary, title, subtitle)
        progress(summary.recognized)
        return Output(export_filename("summary", period, "csv"), CSV_CONTENT_TYPE)
    if fmt == "xlsx":
        progress.set_total(summary.total)
        with ExportWorkbook(out) as workbook:
            summary_workbook(workbook, summary, initiatives, title, subtitle, progress, extra)
        return Output(export_filename("summary", period, "xlsx"), XLSX_CONTENT_TYPE)
    if fmt == "docx":
        progress.set_total(min(summary.recognized, PDF_LIST_LIMIT))
        out.write(summary_docx(summary, period=period, root_unit=root, extra_tables=extra))
        progress(min(summary.recognized, PDF_LIST_LIMIT))
        return Output(export_filename("report", period, "docx"), DOCX_CONTENT_TYPE)
    progress.set_total(min(summary.recognized, PDF_LIST_LIMIT))
    out.write(summary_pdf(summary, period=period, root_unit=root, progress=progress, extra_tables=extra))
    return Output(export_filename("report", period, "pdf"), "application/pdf")


# ----- the admin's "export the selected initiatives" actions ------------------------------
# Ticked rows are at most a page of the changelist (50, or 200 with "show all"): past this a POST
# was not made by the page, and is refused rather than stored.
MAX_SELECTED_IDS = 1000
# Changelist parameters that choose a page of rows, not which rows: dropped from a stored selection.
NOT_A_FILTER = {"p", "all"}


def selection_params(request: HttpRequest, queryset) -> dict | None:
    """Return the selection as plain JSON for the job, or None when too many rows are ticked.

    Two shapes, both data that the worker checks again (never a pickled query, which would run
    whatever code its bytes name and break with each Django upgrade):
    - ticked rows: their ids, bounded by MAX_SELECTED_IDS;
    - "select all N" of a filtered changelist: the changelist's filter and search parameters,
      applied again by the admin's own changelist for the owner when the job runs. A million ids
      would not fit in a job; the filters are a few words and mean the same rows.
    Either way the worker intersects with `visible_to(owner)` at run time (write_selected_list).
    """
    if request.POST.get("select_across") == "1":
        filters = {key: values for key, values in request.GET.lists() if key not in NOT_A_FILTER}
        return {"filters": filters}
    ids = list(queryset.order_by("pk").values_list("pk", flat=True)[: MAX_SELECTED_IDS + 1])
    if len(ids) > MAX_SELECTED_IDS:
        return None
    return {"ids": ids}


def ask_list_export(request: HttpRequest, queryset, fmt: str) -> HttpResponse | None:
    """Ask for the full list of the selected initiatives as a job; redirect to its page."""
    selection = selection_params(request, queryset)
    if selection is None:
        messages.error(
            request,
            _("Chọn quá nhiều dòng: tối đa %(limit)s dòng. Hãy lọc danh sách rồi chọn “tất cả”.")
            % {"limit": MAX_SELECTED_IDS},
        )
        return None
    title = _("Danh sách mô hình, điển hình đã chọn") + f" ({fmt.upper()})"
    try:
        job = submit(request.user, LIST_KIND, {"format": fmt, **selection}, title)
    except QueueUnavailable:
        return render(request, "jobs/queue_unavailable.html", status=503)
    return redirect(job)


def selected_initiatives(owner, params: dict):
    """Return the initiatives a stored selection names that the owner may see now."""
    visible = Initiative.objects.visible_to(owner)
    if "ids" in params:
        return visible.filter(pk__in=[int(pk) for pk in params["ids"]])
    from django.contrib import admin
    from django.http import QueryDict

    # The admin's changelist, rebuilt for the owner, applies the same filters and search as the page
    # did (its get_queryset is visible_to(owner) too): one definition of what the filters mean.
    request = HttpRequest()
    request.method = "GET"
    request.user = owner
    request.GET = QueryDict(mutable=True)
    for key, values in params["filters"].items():
        request.GET.setlist(str(key), [str(value) for value in values])
    model_admin = admin.site.get_model_admin(Initiative)
    changelist = model_admin.get_changelist_instance(request)
    return visible.filter(pk__in=changelist.get_queryset(request).order_by().values("pk"))


@register(LIST_KIND)
def write_selected_list(job, out: BinaryIO, progress: Progress) -> Output:
    """Write the selected initiatives that the owner may still see, as CSV or XLSX."""
    initiatives = selected_initiatives(job.owner, job.params)
    progress.set_total(initiatives.count())
    stem = _("Danh sách mô hình, điển hình ngày %(day)s") % {"day": timezone.localdate().strftime("%d-%m-%Y")}
    if job.params["format"] == "csv":
        write_initiatives_csv(out, initiatives, progress)
        return Output(readable_filename(stem, "csv"), CSV_CONTENT_TYPE)
    with ExportWorkbook(out) as workbook:
        initiatives_workbook(workbook, initiatives, progress)
    return Output(readable_filename(stem, "xlsx"), XLSX_CONTENT_TYPE)
