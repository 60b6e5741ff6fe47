"""The summary's downloads as jobs: what the worker runs for `reports:export`.

The web request checks who may export what (export_views) and records the parameters; the worker
reads them back here and writes the file in the owner's scope — `Initiative.objects.visible_to(owner)`
again, so a job never holds a row that its owner could not open, even if their scope shrank meanwhile.
"""

from __future__ import annotations

from typing import BinaryIO

from django.utils.translation import gettext as _

from campaigns.models import Campaign
from jobs.registry import Output, Progress, register

from ..models import Initiative
from .exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    ExportWorkbook,
    initiatives_list_csv_rows,
    summary_csv_rows,
    summary_workbook,
    write_csv,
)
from .pdf import PDF_LIST_LIMIT, report_title, summary_pdf
from .summary import build_summary, for_campaign, for_year, summary_scope_for

KIND = "reports.summary"


def export_filename(kind: str, year: int, campaign=None, extension: str = "xlsx") -> str:
    """Return e.g. "tong-hop-dvk-2026.xlsx" or "danh-sach-dvk-2026-dot-3.csv"."""
    stem = f"{kind}-dvk-{year}"
    if campaign is not None:
        stem += f"-dot-{campaign.pk}"
    return f"{stem}.{extension}"


def export_title(fmt: str, part: str, year: int, campaign=None) -> str:
    """Return the job's name as the user reads it in "Tệp đã xuất"."""
    if fmt == "pdf":
        what = _("Báo cáo tổng kết")
    elif fmt == "csv" and part != "summary":
        what = _("Danh sách mô hình, điển hình")
    else:
        what = _("Tổng hợp kết quả")
    period = campaign.name if campaign is not None else _("Năm %(year)s") % {"year": year}
    return f"{what} — {period} ({fmt.upper()})"


@register(KIND)
def write_summary_export(job, out: BinaryIO, progress: Progress) -> Output:
    """Write the summary (XLSX, CSV tables, PDF) or the full list (CSV) of the owner's scope."""
    params, owner = job.params, job.owner
    fmt, part = params["format"], params.get("part", "list")
    initiatives = Initiative.objects.visible_to(owner)
    campaign = None
    if params.get("campaign"):
        campaign = Campaign.objects.get(pk=params["campaign"])
        initiatives, year = for_campaign(initiatives, campaign), campaign.year
    else:
        year = params["year"]
        initiatives = for_year(initiatives, year)

    if fmt == "csv" and part != "summary":
        progress.set_total(initiatives.count())
        write_csv(out, initiatives_list_csv_rows(initiatives, progress=progress))
        return Output(export_filename("danh-sach", year, campaign, "csv"), CSV_CONTENT_TYPE)

    root = summary_scope_for(owner)[1]
    summary = build_summary(initiatives, root_unit=root)
    title = report_title(year)
    subtitle = _("Đợt phát động: %(name)s") % {"name": campaign.name} if campaign is not None else ""
    if root is not None:
        subtitle = f"{subtitle} — {root.name}" if subtitle else str(root.name)

    if fmt == "csv":
        progress.set_total(summary.recognized)
        write_csv(out, summary_csv_rows(summary, title, subtitle))
        progress(summary.recognized)
        return Output(export_filename("tong-hop", year, campaign, "csv"), CSV_CONTENT_TYPE)
    if fmt == "xlsx":
        progress.set_total(summary.total)
        with ExportWorkbook(out) as workbook:
            summary_workbook(workbook, summary, initiatives, title, subtitle, progress)
        return Output(export_filename("tong-hop", year, campaign, "xlsx"), XLSX_CONTENT_TYPE)
    progress.set_total(min(summary.recognized, PDF_LIST_LIMIT))
    out.write(summary_pdf(summary, year=year, campaign=campaign, root_unit=root, progress=progress))
    return Output(export_filename("bao-cao-tong-ket", year, campaign, "pdf"), "application/pdf")
