"""The user's own jobs: the list ("Tệp đã xuất"), one job's page with its progress, its status as
JSON for the page's polling script, and the download. Another person's job is a 404, the same as a
job that does not exist, so ids reveal nothing.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dvk.downloads import content_disposition

from .models import Job


def _own_job(request: HttpRequest, pk: int) -> Job:
    jobs = Job.objects.owned_by(request.user)
    jobs.filter(pk=pk).fail_stale()
    return get_object_or_404(jobs, pk=pk)


@require_GET
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """List the user's own exports, newest first."""
    jobs = Job.objects.owned_by(request.user)
    jobs.fail_stale()
    return render(request, "jobs/job_list.html", {"jobs": jobs.defer("params", "error")[:100]})


@require_GET
@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one job: waiting, its progress, its failure, or the download link."""
    return render(request, "jobs/job_detail.html", {"job": _own_job(request, pk)})


@require_GET
@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Return the job's state and progress for the page's polling script."""
    job = _own_job(request, pk)
    response = JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "percent": job.percent,
            "finished": job.is_finished,
            "download_url": reverse("jobs:download", args=[job.pk]) if job.is_downloadable else None,
            "error": job.error,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve the job's file to its owner, as an attachment (a PDF inline when asked with ?view=1)."""
    job = _own_job(request, pk)
    handle = _open_file(job)
    if handle is None:
        raise Http404(_("Tệp này chưa sẵn sàng hoặc đã hết hạn."))
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=job.content_type)
    # The readable name for today's browsers, its ASCII spelling for the rest (dvk.downloads).
    # "?view=1" opens a PDF in the browser's viewer instead of saving it; anything else always downloads.
    inline = request.GET.get("view") == "1" and job.content_type == "application/pdf"
    response["Content-Disposition"] = content_disposition(job.filename, inline=inline)
    response["Cache-Control"] = "private, no-store"
    return response


def _open_file(job: Job):
    """The job's file opened for reading, or None while it is not ready, once expired, or gone from storage."""
    if not job.is_downloadable:
        return None
    try:
        return job.file.open("rb")
    except FileNotFoundError:
        return None
