"""Replication led by the committee: a leader proposes a recognized model to units under the committee."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.access import scope
from campaigns.forms import IdsChoiceField
from campaigns.models import Unit
from dvk.forms import PlaceholderMixin, render_form

from ...models import Initiative, ReplicationProposal
from .common import require_leader

# How far below a committee's unit the units to propose to are listed: its communes and their hamlets.
PROPOSE_DEPTH = 2


def proposable_units(user, source: Initiative):
    """The units this user may propose a model to: under the committees they lead, not the source's own."""
    s = scope(user)
    if s.is_admin:
        units = Unit.objects.filter(depth__lte=PROPOSE_DEPTH)
    else:
        q = Q(pk__in=[])
        for seat in s.leading_seats:
            depth = seat.unit_path.count("/") - 1
            q |= Q(path__startswith=seat.unit_path, depth__gt=depth, depth__lte=depth + PROPOSE_DEPTH)
        units = Unit.objects.filter(q)
    return units.exclude(pk=source.unit_id).order_by("path")


class UnitChoices(IdsChoiceField):
    def label_from_instance(self, unit) -> str:
        # Indented by depth, so a commune's hamlets read under it.
        return "\u2003" * max(unit.depth - 1, 0) + unit.name


class ProposeForm(PlaceholderMixin, forms.Form):
    units = UnitChoices(
        label=gettext_lazy("Đơn vị được đề xuất nhân rộng"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Hãy chọn ít nhất một đơn vị.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Lời nhắn gửi các đơn vị"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Vì sao mô hình này phù hợp với đơn vị; đơn vị thấy lời nhắn khi trả lời đề xuất."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


@login_required
def propose(request, pk: int):
    """Propose a recognized initiative to chosen units; list what was proposed already and the answers."""
    require_leader(request.user)
    source = get_object_or_404(Initiative.objects.public().select_related("unit", "field", "campaign"), pk=pk)
    form = ProposeForm(request.POST or None, units=proposable_units(request.user, source))
    if request.method == "POST" and form.is_valid():
        result = ReplicationProposal.objects.propose(
            source, list(form.cleaned_data["units"]), request.user, form.cleaned_data["note"]
        )
        if result.created:
            messages.success(
                request,
                _("Đã gửi đề xuất nhân rộng tới: %(units)s.")
                % {"units": ", ".join(p.unit.name for p in result.created)},
            )
        for unit, reason in result.skipped:
            messages.warning(request, _("Chưa gửi tới %(unit)s: %(reason)s") % {"unit": unit.name, "reason": reason})
        return redirect("committee:replication_propose", pk=source.pk)
    proposals = (
        ReplicationProposal.objects.visible_to(request.user)
        .filter(source=source)
        .select_related("unit", "campaign", "initiative")
        .order_by("unit__path", "-id")
    )
    return render_form(
        request, "models_registry/committee/replication_propose.html", form, source=source, proposals=list(proposals)
    )
