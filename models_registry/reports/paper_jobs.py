"""The papers that take long, as jobs: a decision's certificates (one page each) and its dossier (ZIP).

The web request checks that the user sees the decision; the worker checks again with the job's
owner (`RecognitionDecision.objects.visible_to`), and the dossier holds only the initiatives
the owner may open.

The job runs in its owner's language (jobs.runner): the titles and the file names here are in it, the
papers themselves are Vietnamese (`papers.document.in_vietnamese` on `certificates_pdf` and `write_dossier`).
"""

from __future__ import annotations

from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.registry import Output, Progress, register

from ..models import RecognitionDecision
from .papers.certificates import certificates_pdf
from .papers.dossier import dossier_filename, dossier_initiatives, write_dossier

DOSSIER_KIND = "papers.dossier"
CERTIFICATES_KIND = "papers.certificates"


def _decision(job) -> RecognitionDecision:
    return (
        RecognitionDecision.objects.visible_to(job.owner)
        .select_related("committee__unit")
        .get(pk=job.params["decision"])
    )


NOT_IN_FORCE = gettext_lazy(
    "Quyết định này đã bị thu hồi hoặc đã được thay thế: hồ sơ được lập theo quyết định đang có hiệu lực."
)


def dossier_title(decision) -> str:
    return _("Hồ sơ %(decision)s (ZIP)") % {"decision": decision}


def initiative_dossier_title(initiative) -> str:
    return _("Hồ sơ “%(name)s” (ZIP)") % {"name": initiative.name}


def certificates_title(decision) -> str:
    return _("Giấy công nhận theo %(decision)s (PDF)") % {"decision": decision}


@register(DOSSIER_KIND)
def write_decision_dossier(job, out: BinaryIO, progress: Progress) -> Output:
    """Write the dossier of a decision, or of one initiative it recognizes ("initiative" in the parameters)."""
    decision = _decision(job)
    only = job.params.get("initiative")
    initiatives = dossier_initiatives(decision, job.owner, only)
    progress.set_total(initiatives.count())
    write_dossier(out, decision, job.owner, progress, only)
    return Output(dossier_filename(decision, initiatives.first() if only else None), "application/zip")


@register(CERTIFICATES_KIND)
def write_certificates(job, out: BinaryIO, progress: Progress) -> Output:
    """Write every certificate of the decision into one PDF, one landscape page each."""
    from dvk.downloads import readable_filename

    decision = _decision(job)
    count = decision.recognized_initiatives().count()
    progress.set_total(count)
    site = job.params.get("site") or getattr(settings, "DVK_SITE_URL", "")
    out.write(certificates_pdf(decision, site))
    progress(count)
    stem = _("Giấy công nhận theo Quyết định %(number)s năm %(year)s") % {
        "number": decision.number.replace("/", "-"),
        "year": decision.decided_on.year,
    }
    return Output(readable_filename(stem, "pdf"), "application/pdf")
