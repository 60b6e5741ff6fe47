"""One initiative's pages: the detail page with its progress steps, and the staff actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dvk.forms import render_form

from ... import lifecycle
from ...models import Initiative
from ...transition_forms import TRANSITION_FORMS
from ..detail import detail_context
from .common import last_committee_comment, require_unit_staff, visible_initiative
from .evidence import announce_saved


@login_required
def initiative_detail(request, pk: int):
    """Everything about one initiative, its history, and the actions this user may take now."""
    initiative = visible_initiative(request.user, pk, scored=True)
    context = detail_context(request.user, initiative)
    return render(request, "models_registry/staff/initiative_detail.html", context)


# ----- staff actions -----------------------------------------------------------------------
@login_required
def initiative_transition(request, pk: int, action: str):
    """Ask for what a staff action needs (reason, results, evidence), then apply it."""
    transition = lifecycle.TRANSITIONS.get(action)
    if transition is None or transition.who != "staff":
        raise Http404
    user = request.user
    initiative = visible_initiative(user, pk)
    require_unit_staff(user, initiative)
    refusal = lifecycle.check(user, action, initiative)
    if refusal is not None:
        return _refused(request, initiative, action, refusal)
    form_class = TRANSITION_FORMS[action]
    error = None
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, initiative=initiative, action=action)
        valid = form.is_valid()
        if action == "request_recognition" and "files" in form.cleaned_data:
            # Accepted files are kept even when the request itself is refused (or its report is missing):
            # a browser never puts chosen files back into the form.
            announce_saved(request, initiative, form.cleaned_data["files"])
        if valid:
            try:
                lifecycle.apply(initiative, action, user, **form.params())
            except lifecycle.TransitionError as refusal:
                error = refusal
            else:
                messages.success(
                    request,
                    _("Đã thực hiện “%(action)s”. Trạng thái mới: %(state)s.")
                    % {"action": transition.label, "state": initiative.get_state_display()},
                )
                return redirect(initiative)
    else:
        form = form_class(initiative=initiative, action=action)
    # Shown before it is sent (200), or sent and refused: the error beside its field, the rest kept (400).
    return render_form(
        request,
        "models_registry/staff/initiative_transition.html",
        **_transition_context(initiative, transition, form, error),
    )


def _refused(request, initiative: Initiative, action: str, refusal):
    """Answer a staff action the lifecycle refuses now: its result, the news of a move, or a 403."""
    if request.method == "POST" and _just_done_by(initiative, action, request.user):
        # A double tap: the first POST did it, nothing happened since; show the result, not a refusal.
        return redirect(initiative)
    news = lifecycle.moved_on(request.user, action, initiative)
    if news is None:
        raise PermissionDenied(str(refusal))
    # The back button after the move, or the committee moved it meanwhile: say so on the record's page.
    messages.warning(request, news)
    return redirect(initiative)


def _transition_context(initiative: Initiative, transition: lifecycle.Transition, form, error) -> dict:
    """What the action's page shows beside its form: what is missing, the evidence, the committee's request."""
    action = transition.action
    return {
        "initiative": initiative,
        "transition": transition,
        "form": form,
        "error": error,
        "missing": initiative.missing_for_submit() if action == "submit" else [],
        "attachments": initiative.attachments.evidence() if action == "request_recognition" else [],
        "needs_inspection": action == "request_recognition"
        and initiative.campaign.requires_inspection
        and not initiative.inspections.exists(),
        "committee_comment": last_committee_comment(initiative) if action in ("submit", "request_recognition") else "",
        "goals_label": Initiative._meta.get_field("goals").verbose_name,
    }


def _just_done_by(initiative: Initiative, action: str, user) -> bool:
    """Whether the initiative's last move is `action` by `user` and it still stands where that left it."""
    last = initiative.logs.order_by("-created_at", "-id").first()
    return bool(last and last.action == action and last.actor_id == user.pk and last.to_state == initiative.state)
