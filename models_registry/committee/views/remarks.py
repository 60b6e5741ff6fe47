"""A remark on an initiative (issue 15): posted from the initiative's page by a committee over its unit.

Outside the scope → 404; a committee above the initiative's level, unit staff, an administrator
without a seat → 403; a summarized campaign → 403 with the one wording. A refused text comes back
on a small page with the error beside the field and the text kept (400, as every refused form).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.lifecycle import SUMMARIZED_MESSAGE, TransitionError
from dvk.forms import render_form

from ...access import remark_refusal
from ...models import Initiative, Remark
from ..forms import RemarkForm


@login_required
def remark_create(request, pk: int):
    """Post a remark (POST), or go back to the initiative's remarks (GET)."""
    initiative = get_object_or_404(
        Initiative.objects.visible_to(request.user).select_related("unit", "field", "campaign"), pk=pk
    )
    refusal = remark_refusal(request.user, initiative)
    if refusal is not None:
        raise PermissionDenied(refusal)
    if initiative.is_frozen:
        raise PermissionDenied(str(SUMMARIZED_MESSAGE))
    if request.method != "POST":
        return redirect(Remark(initiative=initiative).get_absolute_url())
    form = RemarkForm(request.POST)
    if form.is_valid():
        try:
            Remark.objects.post(request.user, initiative, form.cleaned_data["text"])
        except TransitionError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, _("Đã gửi ý kiến tới Ban Chỉ đạo phụ trách hồ sơ."))
            return redirect(Remark(initiative=initiative).get_absolute_url())
    return render_form(request, "models_registry/committee/remark_form.html", form, initiative=initiative)


@login_required
@require_POST
def remark_withdraw(request, pk: int, remark_pk: int):
    """Take one's own remark back, soon after posting it."""
    remark = get_object_or_404(
        Remark.objects.visible_to(request.user).select_related("initiative__campaign"), pk=remark_pk
    )
    # Compared here, not filtered: a foreign key's lookup does not drop a number past the id column (a 500).
    if remark.initiative_id != pk:
        raise Http404
    try:
        remark.withdraw(request.user)
    except TransitionError as error:
        raise PermissionDenied(str(error)) from None
    messages.success(request, _("Đã rút ý kiến."))
    return redirect(remark.get_absolute_url())
