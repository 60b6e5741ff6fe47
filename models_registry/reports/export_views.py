"""Downloads of the summary (reports:export): XLSX workbook, CSV, PDF report.

GET parameters: `format` = xlsx | csv | pdf (default xlsx); `campaign=<id>` or `year=<yyyy>`
(default: the latest campaign the user sees, as on the summary page); for CSV, `part=summary`
gives the summary tables, otherwise the full list of initiatives (streamed, one clean table).

Who may export: anyone logged in whose scope holds initiatives — committee members and
administrators their committees' subtree, and unit staff their own units' list and summary
(it is their own data, the same numbers the summary page already shows them). Everything goes
through `summary_scope_for(user)`, i.e. `Initiative.objects.visible_to(user)`, so nobody
exports a row they could not open. A logged-in user with no unit and no committee seat gets
403; anonymous visitors are sent to the login page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campaigns.access import scope

from ..models import Initiative
from .exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    attachment_header,
    csv_stream,
    initiatives_csv_response,
    summary_csv_rows,
    summary_xlsx,
)
from .forms import SummaryFilterForm
from .pdf import report_title, summary_pdf
from .summary import build_summary, for_campaign, for_year, summary_scope_for

FORMATS = ("xlsx", "csv", "pdf")


def export_filename(kind: str, year: int | None, campaign=None, extension: str = "xlsx") -> str:
    """Return e.g. "tong-hop-dvk-2026.xlsx" or "danh-sach-dvk-2026-dot-3.csv"."""
    stem = f"{kind}-dvk-{year or timezone.localdate().year}"
    if campaign is not None:
        stem += f"-dot-{campaign.pk}"
    return f"{stem}.{extension}"


def _bad_request(message: str) -> HttpResponse:
    # Plain text: the message quotes what was typed into the URL, which as HTML would run in the page.
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@require_GET
@login_required
def export_summary(request: HttpRequest) -> HttpResponse:
    """Download the summary of a campaign or a year, in the user's scope, as XLSX, CSV or PDF."""
    s = scope(request.user)
    if not (s.is_admin or s.is_committee_member or s.is_staff_of_any_unit):
        raise PermissionDenied(_("Bạn chưa thuộc đơn vị hay Ban Chỉ đạo nào nên không có dữ liệu để xuất."))
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        return _bad_request(
            _("Định dạng “%(format)s” không được hỗ trợ: chọn xlsx, csv hoặc pdf.") % {"format": fmt[:20]}
        )

    form = SummaryFilterForm(request.GET, user=request.user)
    form.is_valid()
    if "campaign" in form.errors:
        raise Http404(_("Không tìm thấy đợt phát động này trong phạm vi của bạn."))
    if "year" in form.errors:
        return _bad_request(_("Không có đợt phát động nào của năm này."))
    campaign, year = form.cleaned_data.get("campaign"), form.cleaned_data.get("year")
    if campaign is None and year is None:
        if not form.campaigns:
            raise Http404(_("Chưa có đợt phát động nào trong phạm vi của bạn."))
        campaign = form.campaigns[0]

    # The same set as summary_scope_for(user) gives; its root unit is read only for the summary.
    initiatives = Initiative.objects.visible_to(request.user)
    if campaign is not None:
        initiatives, year = for_campaign(initiatives, campaign), campaign.year
    else:
        initiatives = for_year(initiatives, year)

    if fmt == "csv" and request.GET.get("part") != "summary":
        return initiatives_csv_response(initiatives, export_filename("danh-sach", year, campaign, "csv"))

    root = summary_scope_for(request.user)[1]
    summary = build_summary(initiatives, root_unit=root)
    title = report_title(year)
    subtitle = _("Đợt phát động: %(name)s") % {"name": campaign.name} if campaign is not None else ""
    if root is not None:
        subtitle = f"{subtitle} — {root.name}" if subtitle else str(root.name)

    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_stream(summary_csv_rows(summary, title, subtitle)), content_type=CSV_CONTENT_TYPE
        )
        response["Content-Disposition"] = attachment_header(export_filename("tong-hop", year, campaign, "csv"))
        return response
    if fmt == "xlsx":
        return FileResponse(
            summary_xlsx(summary, initiatives, title, subtitle),
            as_attachment=True,
            filename=export_filename("tong-hop", year, campaign, "xlsx"),
            content_type=XLSX_CONTENT_TYPE,
        )
    data = summary_pdf(summary, year=year, campaign=campaign, root_unit=root)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = attachment_header(export_filename("bao-cao-tong-ket", year, campaign, "pdf"))
    return response
