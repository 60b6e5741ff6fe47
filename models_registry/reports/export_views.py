"""Downloads of the summary (reports:export): XLSX workbook, CSV, PDF report — as jobs.

GET parameters: `format` = xlsx | csv | pdf | docx (default xlsx); `campaign=<id>`, `year=<yyyy>` or
`period=<yyyy-yyyy>` (mid-term, five-year)
(default: the latest campaign the user sees, as on the summary page); for CSV, `part=summary`
gives the summary tables, `part=list` (the default) the full list of initiatives (one clean table).

Asking creates a job (jobs.runner.submit; the same export asked again while it runs is the same
job) and redirects to its page, which shows the progress and then the download. The worker writes
the file (export_jobs.write_summary_export); a year of a million rows no longer has to fit in one
request, and a file is offered only once it is whole.

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
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campaigns.access import scope
from jobs.runner import QueueUnavailable, submit

from .export_jobs import KIND, export_filename, export_title
from .forms import SummaryFilterForm

__all__ = ["FORMATS", "export_filename", "export_summary"]

FORMATS = ("xlsx", "csv", "pdf", "docx")
PARTS = ("list", "summary")


def _bad_request(message: str) -> HttpResponse:
    # Plain text: the message quotes what was typed into the URL, which as HTML would run in the page.
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@require_GET
@login_required
def export_summary(request: HttpRequest) -> HttpResponse:
    """Ask for the summary of a campaign or a year, in the user's scope, as XLSX, CSV or PDF."""
    s = scope(request.user)
    if not (s.may_open_committee_pages or s.may_register):
        raise PermissionDenied(_("Bạn chưa thuộc đơn vị hay Ban Chỉ đạo nào nên không có dữ liệu để xuất."))
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        # The raw value is never echoed: it is whatever the link or the visitor typed.
        return _bad_request(_("Định dạng này không được hỗ trợ: chọn xlsx, csv, pdf hoặc docx."))
    part = request.GET.get("part") or "list"
    if part not in PARTS:
        return _bad_request(_("Phần cần xuất không hợp lệ: chọn danh sách (list) hoặc tổng hợp (summary)."))

    form = SummaryFilterForm(request.GET, user=request.user)
    form.require_seen_campaign()
    if "year" in form.errors:
        return _bad_request(form.errors["year"][0])
    if "period" in form.errors:
        return _bad_request(form.errors["period"][0])
    period = form.chosen_period() or form.default_period()
    if period is None:
        raise Http404(_("Chưa có đợt phát động nào trong phạm vi của bạn."))

    params = {
        "format": fmt,
        "part": part if fmt == "csv" else "",
        "campaign": period.campaign.pk if period.campaign is not None else None,
        "year": period.year,
    }
    if period.is_years:
        params.update(year_from=period.year_from, year_to=period.year_to)
    try:
        job = submit(request.user, KIND, params, export_title(fmt, part, period))
    except QueueUnavailable:
        return render(request, "jobs/queue_unavailable.html", status=503)
    return redirect(job)
