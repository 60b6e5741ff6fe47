"""The committee's saved reasons: its chair and secretariat keep the short list offered on every reason form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.access import led_committees
from dvk.forms import render_form

from ...models import ReasonTemplate
from ..forms import ReasonTemplateForm
from .common import require_leader


def _managed(request, pk: int) -> ReasonTemplate:
    """The reason if one of the user's committees keeps it (else 404), and the user leads that committee (else 403)."""
    reason = get_object_or_404(ReasonTemplate.objects.visible_to(request.user).select_related("committee"), pk=pk)
    ReasonTemplate.require_manager(request.user, reason.committee_id)
    return reason


@login_required
def reason_list(request):
    require_leader(request.user)
    committees = list(led_committees(request.user))
    reasons = list(
        ReasonTemplate.objects.managed_by(request.user)
        .select_related("committee")
        .order_by("committee__unit__path", "action", "position", "pk")
    )
    return render(
        request,
        "models_registry/committee/saved_reason_list.html",
        {"reasons": reasons, "many_committees": len(committees) > 1},
    )


def _edit(request, reason: ReasonTemplate):
    form = ReasonTemplateForm(request.POST or None, instance=reason, committees=led_committees(request.user))
    if form.is_valid():  # unbound on a GET, so never valid there
        form.save()
        messages.success(request, _("Đã lưu lý do mẫu."))
        return redirect("committee:reason_list")
    return render_form(
        request, "models_registry/committee/saved_reason_form.html", form, reason=reason if reason.pk else None
    )


@login_required
def reason_create(request):
    require_leader(request.user)
    return _edit(request, ReasonTemplate())


@login_required
def reason_edit(request, pk: int):
    return _edit(request, _managed(request, pk))


@login_required
@require_POST
def reason_delete(request, pk: int):
    reason = _managed(request, pk)
    reason.delete()
    messages.success(request, _("Đã xóa lý do mẫu."))
    return redirect("committee:reason_list")
