"""The committee's decision pages: the decision, its papers (PDF, DOCX), certificates, dossier, amendments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from campaigns.access import scope
from dvk.downloads import readable_filename
from jobs.runner import QueueUnavailable, submit

from ...access import is_leader_for
from ...lifecycle import TransitionError
from ...models import Amendment, Nomination, RecognitionDecision, State
from ...paginators import CappedPaginator
from ...reports.paper_jobs import (
    CERTIFICATES_KIND,
    DOSSIER_KIND,
    NOT_IN_FORCE,
    certificates_title,
    dossier_title,
)
from ...reports.papers import paper_response
from ...reports.papers.decision import decision_paper
from ...reports.papers.document import in_vietnamese
from ...reports.papers.render import decision_pdf as decision_pdf_bytes
from ...reports.papers.word import decision_docx as decision_docx_bytes
from ..forms import AmendDecisionForm
from .common import require_leader

# How many rows each queue of the home page shows; the counts always cover everything.


def leading_committee_ids(user) -> list[int] | set[int]:
    s = scope(user)
    if s.is_admin:
        return list(RecognitionDecision.objects.values_list("committee_id", flat=True).distinct())
    return s.led_committee_ids


def _visible_decision(request, pk: int) -> RecognitionDecision:
    """The decision, if this user sees it and its committee is one's own or under one's own; 404 otherwise."""
    decision = get_object_or_404(
        RecognitionDecision.objects.visible_to(request.user).select_related("committee__unit", "created_by"), pk=pk
    )
    s = scope(request.user)
    # A committee page: seeing the decision is not enough, the deciding committee must be one's own or under it.
    if not s.covers(decision.committee.unit.path):
        raise Http404
    return decision


def _paper_filename(decision: RecognitionDecision, extension: str) -> str:
    # "Quyết định 05-QĐ-BCĐ năm 2026.pdf": the number and year as printed, never an internal id.
    stem = _("Quyết định %(number)s năm %(year)s") % {
        "number": decision.number.replace("/", "-"),
        "year": decision.decided_on.year,
    }
    return readable_filename(stem, extension)


@login_required
def decision_pdf(request, pk: int):
    decision = _visible_decision(request, pk)
    return paper_response(decision_pdf_bytes(decision), "pdf", _paper_filename(decision, "pdf"))


@login_required
def decision_docx(request, pk: int):
    decision = _visible_decision(request, pk)
    return paper_response(decision_docx_bytes(decision), "docx", _paper_filename(decision, "docx"))


@login_required
def decision_certificates(request, pk: int):
    """Ask for the decision's certificates as a job (one page per initiative); its page links to the PDF."""
    decision = _visible_decision(request, pk)
    params = {"decision": decision.pk, "site": request.build_absolute_uri("/")}
    return _submit_paper_job(request, CERTIFICATES_KIND, params, certificates_title(decision))


@login_required
def decision_dossier(request, pk: int):
    """Ask for the decision's dossier (ZIP with the proposal letter) as a job: whoever sees the decision."""
    decision = get_object_or_404(RecognitionDecision.objects.visible_to(request.user), pk=pk)
    if decision.in_force() != decision:
        # A revoked or replaced decision is proposed for nothing: the one in force carries the dossier.
        raise PermissionDenied(NOT_IN_FORCE)
    return _submit_paper_job(request, DOSSIER_KIND, {"decision": decision.pk}, dossier_title(decision))


def _submit_paper_job(request, kind: str, params: dict, title: str):
    try:
        job = submit(request.user, kind, params, title)
    except QueueUnavailable:
        return render(request, "jobs/queue_unavailable.html", status=503)
    return redirect(job)


@login_required
@require_http_methods(["POST"])
def decision_amend(request, pk: int):
    """Issue a decision that corrects, replaces or revokes this one (the leaders of its committee only)."""
    decision = _visible_decision(request, pk)
    if not scope(request.user).leads_committee(decision.committee_id):
        raise PermissionDenied(_("Chỉ lãnh đạo Ban Chỉ đạo ban hành quyết định mới được sửa đổi quyết định."))
    form = AmendDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            amending = decision.amend(
                request.user,
                kind=data["amendment"],
                number=data["number"],
                decided_on=data["decided_on"],
                signer=data["signer"],
                reason=data["reason"],
            )
        except TransitionError as error:
            error.show_on(form)  # a number taken, amended meanwhile: beside the field it names
        else:
            messages.success(request, _("Đã ban hành %(decision)s.") % {"decision": amending})
            return redirect(amending)
    # The page again, what was typed kept and why beside it (a redirect lost the whole form).
    return _decision_page(request, decision, amend_form=form, status=400)


@login_required
def decision_detail(request, pk: int):
    return _decision_page(request, _visible_decision(request, pk))


def _decision_page(request, decision: RecognitionDecision, amend_form: AmendDecisionForm | None = None, status=200):
    """The decision as printed, with the leaders' form to amend it (`amend_form` as sent when refused)."""
    s = scope(request.user)
    initiatives = list(
        decision.recognized_initiatives()
        .select_related("unit", "field", "campaign")
        .order_by("unit__path", "name", "id")
    )
    may_mark = s.leads_over(decision.committee.unit.path)
    for initiative in initiatives:
        # Only the leaders of the initiative's own level mark it (mark_outstanding asks is_leader_for too):
        # a province decision lists nominated commune-level models, a commune one is read from above.
        initiative.markable = is_leader_for(request.user, initiative)
    # The page shows the decision itself (the blocks the PDF prints, with a print button): its text is
    # the paper's, in Vietnamese as printed, whatever the interface language.
    paper = in_vietnamese(decision_paper)(decision, initiatives)
    return render(
        request,
        "models_registry/committee/decision_detail.html",
        {
            "decision": decision,
            "initiatives": initiatives,
            "may_mark": may_mark,
            "paper": paper,
            # A revoking or correcting decision lists nothing: its Điều 1 names what it changes.
            "show_list": decision.amendment not in (Amendment.REVOKE, Amendment.CORRECT),
            # On a decision in force, those recognized from below whose own recognition was revoked since:
            # theirs stands until this committee decides (counted from the rows read: no query).
            "basis_revoked": basis_revoked_count(decision, initiatives),
            "later": decision.later(),
            "amend_form": amend_form
            or (
                AmendDecisionForm(initial={"decided_on": timezone.localdate(), "signer": decision.signer})
                if s.leads_committee(decision.committee_id)
                else None
            ),
        },
        status=status,
    )


def basis_revoked_count(decision: RecognitionDecision, initiatives: list) -> int:
    """How many of a decision's initiatives, recognized from below, had their own recognition revoked since.

    Theirs stands until this committee decides; a revoked decision has none (its initiatives left with it).
    Counted from the rows the page read: no query."""
    if decision.revoked or decision.amendment == Amendment.REVOKE:
        return 0
    own = decision.original().pk
    return sum(i.state == State.RECOGNITION_REVOKED and i.decision_id != own for i in initiatives)


BASIS_REVOKED_ROWS = 50


@login_required
def basis_revoked(request):
    """The recognitions of the user's committees whose basis below was revoked: each stands until the
    committee revokes or replaces its own decision, so the leaders find them here to decide (leaders only)."""
    require_leader(request.user)
    s = scope(request.user)
    rows = Nomination.objects.visible_to(request.user).basis_revoked()
    if not s.is_admin:
        rows = rows.filter(to_committee_id__in=s.led_committee_ids)
    rows = rows.select_related("initiative__unit", "from_decision", "decision", "to_committee").order_by(
        "-decided_at", "-pk"
    )
    page = CappedPaginator(rows, BASIS_REVOKED_ROWS).get_page(request.GET.get("page"))
    return render(request, "models_registry/committee/basis_revoked.html", {"page": page})
