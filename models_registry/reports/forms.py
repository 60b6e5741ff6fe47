"""Forms of the report pages: the summary's period choice, commendations, the pending-case flag."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.forms import KnownModelChoiceField
from campaigns.models import Campaign, CampaignState

from ..models import Commendation, Subject
from ..notices import tell_unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SummaryFilterForm(forms.Form):
    """Which period the summary covers: one campaign, or every campaign of a year."""

    campaign = KnownModelChoiceField(
        Campaign.objects.none(), label=_("Đợt phát động"), required=False, empty_label=_("— Theo năm —")
    )
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, empty_value=None)
    # What the page showed when the form was sent ("campaign" or "year"): the other select is the
    # one the user just changed, and it wins when both come back filled.
    shown = forms.ChoiceField(choices=[("campaign", "campaign"), ("year", "year")], required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        campaigns = (
            Campaign.objects.visible_to(user)
            .exclude(state=CampaignState.DRAFT)
            .select_related("committee")
            .order_by("-year", "-launched_at", "-pk")
        )
        self.fields["campaign"].error_messages["invalid_choice"] = _(
            "Không tìm thấy đợt phát động này trong phạm vi của bạn."
        )
        years = sorted({c.year for c in campaigns}, reverse=True)
        self.fields["year"].choices = [("", _("— Chọn năm —"))] + [(y, str(y)) for y in years]
        self.fields["year"].error_messages["invalid_choice"] = _("Không có đợt phát động nào của năm này.")
        self.campaigns = list(campaigns)
        self.fields["campaign"].known = self.campaigns  # the select and the validation read this list

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("shown") == "campaign" and cleaned.get("year") is not None:
            cleaned["campaign"] = None
        return cleaned


class CommendationForm(forms.ModelForm):
    """A commendation granted by the government side (certificate of merit and the like)."""

    class Meta:
        model = Commendation
        fields = ["kind", "level", "authority", "decision_number", "decided_on", "recipient"]
        widgets = {"decided_on": DateInput()}
        help_texts = {
            "authority": _("Ví dụ: Ủy ban nhân dân tỉnh Vĩnh Long."),
            "recipient": _("Tên tập thể hoặc cá nhân ghi trên quyết định."),
        }

    def __init__(self, *args, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        # Blank only on rows recorded before the level was asked; a new commendation names it.
        # No initial value: a certificate of merit comes from a commune, a former district or a
        # provincial department alike, so the kind does not tell the level.
        level = self.fields["level"]
        level.required = True
        level.error_messages["required"] = _("Hãy chọn cấp khen thưởng.")
        level.error_messages["invalid_choice"] = _("Cấp khen thưởng không hợp lệ: hãy chọn một cấp trong danh sách.")
        # A collective is commended in its unit's name; an individual in a person's, which the
        # user types (the unit's name there would record the certificate to the wrong recipient).
        if initiative is not None and not self.is_bound and initiative.subject == Subject.COLLECTIVE:
            self.initial.setdefault("recipient", initiative.unit.name)

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError(_("Ngày quyết định không thể ở tương lai."))
        return decided_on

    def clean(self):
        cleaned = super().clean()
        for name in ("authority", "decision_number", "recipient"):
            if cleaned.get(name):
                cleaned[name] = cleaned[name].strip()
        return cleaned

    def _post_clean(self):
        # The model's clean() checks commendability; the view does that first with a clear message.
        if self.initiative is not None:
            self.instance.initiative = self.initiative
        super()._post_clean()

    def save_for(self, initiative, user):
        """Record the commendation of `initiative`, entered by `user`."""
        commendation = self.save(commit=False)
        commendation.initiative = initiative
        commendation.created_by = user
        commendation.save()
        tell_unit(initiative, "commendation_recorded", user, comment=str(commendation))
        return commendation


class PendingCaseForm(forms.Form):
    """Set or clear the pending-case flag (discipline, investigation or complaint under way)."""

    pending_case = forms.BooleanField(
        label=_("Đang có vụ việc kỷ luật, điều tra hoặc khiếu nại chưa giải quyết"), required=False
    )
    note = forms.CharField(
        label=_("Ghi chú (căn cứ, văn bản liên quan)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Hãy ghi chú căn cứ của việc thay đổi này.")},
    )
