"""Forms of the report pages: the summary's period choice, commendations, the pending-case flag."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.access import scope
from campaigns.forms import KnownModelChoiceField
from campaigns.models import Campaign, CampaignState
from dvk.forms import INVALID_DATE, DateInput, PlaceholderMixin, required_text, valid_filters

from ..models import AWARD_FIELDS, Commendation, ReportAssessment, Subject
from .periods import MAX_SPAN, Period, parse_period, period_choices


def clean_decided_on(form):
    """An award decision is recorded once taken: its date is not in the future (both award forms)."""
    decided_on = form.cleaned_data["decided_on"]
    if decided_on > timezone.localdate():
        raise forms.ValidationError(_("Ngày quyết định không thể ở tương lai."))
    return decided_on


# A year with no campaign, for the report page, its exports and `manage.py export_summary`.
NO_CAMPAIGN_THAT_YEAR = _("Không có đợt phát động nào của năm này.")
CAMPAIGN_UNSEEN = _("Không tìm thấy đợt phát động này trong phạm vi của bạn.")


class SummaryFilterForm(PlaceholderMixin, forms.Form):
    """Which period the summary covers: one campaign, every campaign of a year, or a period of years."""

    campaign = KnownModelChoiceField(
        Campaign.objects.none(), label=_("Đợt phát động"), required=False, empty_label=_("— Theo năm —")
    )
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, empty_value=None)
    # Typed text underneath (parsed by `clean_period`); the page offers the terms that hold a campaign.
    period = forms.CharField(label=_("Giai đoạn"), required=False, widget=forms.Select)
    # What the page showed when the form was sent ("campaign", "year" or "period"): another select
    # is the one the user just changed, and it wins when several come back filled.
    shown = forms.ChoiceField(
        choices=[("campaign", "campaign"), ("year", "year"), ("period", "period")], required=False
    )

    def __init__(self, *args, user=None, campaigns: list[Campaign] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaigns is None:
            campaigns = list(
                Campaign.objects.visible_to(user)
                .exclude(state=CampaignState.DRAFT)
                .select_related("committee")
                .order_by("-year", "-launched_at", "-pk")
            )
        self.campaigns = campaigns
        self.user = user
        self.fields["campaign"].known = campaigns  # the select and the validation read this list
        self.fields["campaign"].label_from_instance = lambda campaign: campaign.label
        self.fields["campaign"].error_messages["invalid_choice"] = CAMPAIGN_UNSEEN
        years = sorted({c.year for c in campaigns}, reverse=True)
        self.fields["year"].choices = [("", _("— Chọn năm —"))] + [(y, str(y)) for y in years]
        self.fields["year"].error_messages["invalid_choice"] = NO_CAMPAIGN_THAT_YEAR
        self.fields["period"].widget.choices = [("", _("— Chọn giai đoạn —")), *period_choices(years)]

    def default_period(self) -> Period | None:
        """Return the period a summary opens on when none is chosen, or None when the user sees no campaign.

        The latest campaign of the highest committee the user sits on (a provincial secretariat opens on
        the province's campaign, not on a commune's launched after it; a commune's chair on the
        commune's), else the latest campaign they see. Decided from the list already read: no query.
        """
        depth = {seat.committee_id: seat.unit_path.count("/") for seat in scope(self.user).seats}
        own = [campaign for campaign in self.campaigns if campaign.committee_id in depth]
        if own:
            # min keeps the first of equals: the list is newest first.
            return Period.of_campaign(min(own, key=lambda campaign: (-campaign.year, depth[campaign.committee_id])))
        return Period.of_campaign(self.campaigns[0]) if self.campaigns else None

    def showing(self, period: Period | None) -> SummaryFilterForm:
        """Return the form as the page draws it: the period shown chosen (the default campaign when none was
        asked for, whatever else was sent), and each choice refused as sent, its message beside it."""
        query = period.query if period is not None else {"year": None}
        # `shown` says which select the period came from: another one changed is the user's new choice.
        data = {**query, "shown": next(iter(query))}
        data.update({name: self.data[name] for name in ("year", "period") if name in self.errors})
        return type(self)(data, campaigns=self.campaigns)

    def require_seen_campaign(self) -> None:
        """Answer 404 to a campaign the user does not see: outside one's scope reads as not there (pages and exports)."""
        if self.is_bound and "campaign" in self.errors:
            raise Http404(CAMPAIGN_UNSEEN)

    def clean_period(self) -> tuple[int, int] | None:
        text = self.cleaned_data.get("period") or ""
        if not text.strip():
            return None
        years = parse_period(text)
        if years is None:
            raise forms.ValidationError(
                _("Giai đoạn không hợp lệ: ghi năm đầu và năm cuối, ví dụ 2020-2025 (tối đa %(span)s năm).")
                % {"span": MAX_SPAN}
            )
        return years

    def clean(self):
        cleaned = super().clean()
        filled = [name for name in ("campaign", "year", "period") if cleaned.get(name) is not None]
        shown = cleaned.get("shown")
        if len(filled) > 1 and shown in filled:
            cleaned[shown] = None
        return cleaned

    def chosen_period(self) -> Period | None:
        """Return the period chosen (a campaign first, then a year, then a period of years), or None."""
        data = valid_filters(self)
        if data.get("campaign") is not None:
            return Period.of_campaign(data["campaign"])
        if data.get("year") is not None:
            return Period.of_year(data["year"])
        if data.get("period") is not None:
            return Period(*data["period"])
        return None


class CommendationForm(PlaceholderMixin, forms.ModelForm):
    """A commendation granted by the government side (certificate of merit and the like)."""

    class Meta:
        model = Commendation
        fields = list(AWARD_FIELDS)
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

    clean_decided_on = clean_decided_on

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
        """Record the commendation of `initiative`, entered by `user` (TransitionError: commended already)."""
        data = self.cleaned_data
        return Commendation.objects.record(initiative, user, **{name: data[name] for name in self.Meta.fields})


class CommendationRecoveryForm(forms.Form):
    """The authority's decision that recovered an award; `Commendation.recover` checks the rest (who, dates)."""

    recovery_number = forms.CharField(
        label=_("Số quyết định thu hồi"),
        max_length=64,
        error_messages={"required": _("Hãy nhập số quyết định thu hồi.")},
        help_text=_("Quyết định của cơ quan đã khen thưởng, ví dụ: 30/QĐ-UBND."),
    )
    recovered_on = forms.DateField(
        label=_("Ngày quyết định thu hồi"),
        widget=DateInput(),
        error_messages={"required": _("Hãy nhập ngày quyết định thu hồi."), "invalid": INVALID_DATE},
    )
    recovery_reason = required_text(
        _("Lý do thu hồi"), _("Hãy nhập lý do thu hồi ghi trong quyết định."), rows=3, max_length=2000
    )


class PendingCaseForm(PlaceholderMixin, forms.Form):
    """Set or clear the pending-case flag (discipline, investigation or complaint under way)."""

    pending_case = forms.BooleanField(
        label=_("Đang có vụ việc kỷ luật, điều tra hoặc khiếu nại chưa giải quyết"), required=False
    )
    note = required_text(
        _("Ghi chú (căn cứ, văn bản liên quan)"),
        _("Hãy ghi chú căn cứ của việc thay đổi này."),
        rows=2,
        max_length=2000,
    )


class AssessmentForm(PlaceholderMixin, forms.ModelForm):
    """The written parts of a summary report, saved as a draft and printed in the PDF and the Word file."""

    class Meta:
        model = ReportAssessment
        fields = ReportAssessment.TEXT_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 4, "class": "form-control"}) for name in ReportAssessment.TEXT_FIELDS
        }
        help_texts = {
            "results": _("Đã điền sẵn số liệu; sửa, bổ sung đánh giá kết quả nổi bật."),
            "directions": _("Nhiệm vụ, giải pháp cho năm tới (hoặc giai đoạn tới)."),
        }

    def clean(self):
        cleaned = super().clean()
        for name in ReportAssessment.TEXT_FIELDS:
            if len(cleaned.get(name) or "") > 20000:
                self.add_error(name, _("Nội dung quá dài (tối đa 20.000 ký tự)."))
        return cleaned


class GrantForm(forms.Form):
    """One award decision of the authority, and which of the campaign's open proposals it grants.

    Each proposal of `proposals` has its box (`grant_<id>`) and its recipient (`recipient_<id>`): a
    collective is commended in its unit's name, offered; an individual in a person's, which the user
    types. A chosen proposal without a recipient is refused beside its row, the rest kept.
    """

    authority = forms.CharField(
        label=_("Cơ quan khen thưởng"),
        max_length=255,
        help_text=_("Ví dụ: Ủy ban nhân dân tỉnh Vĩnh Long."),
        error_messages={"required": _("Hãy ghi cơ quan khen thưởng.")},
    )
    decision_number = forms.CharField(
        label=_("Số quyết định"),
        max_length=64,
        error_messages={"required": _("Hãy ghi số quyết định khen thưởng.")},
    )
    decided_on = forms.DateField(
        label=_("Ngày quyết định"),
        widget=DateInput(),
        error_messages={"required": _("Hãy chọn ngày quyết định."), "invalid": INVALID_DATE},
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        for proposal in self.proposals:
            initiative = proposal.initiative
            self.fields[f"grant_{proposal.pk}"] = forms.BooleanField(
                label=_("Khen thưởng “%(name)s”") % {"name": initiative.name},
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"recipient_{proposal.pk}"] = forms.CharField(
                label=_("Tập thể, cá nhân được khen — “%(name)s”") % {"name": initiative.name},
                max_length=255,
                required=False,
                initial=initiative.unit.name if initiative.subject == Subject.COLLECTIVE else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self) -> list[tuple]:
        """Each proposal with its two bound fields (the page's table)."""
        return [(p, self[f"grant_{p.pk}"], self[f"recipient_{p.pk}"]) for p in self.proposals]

    clean_decided_on = clean_decided_on

    def clean(self):
        cleaned = super().clean()
        for name in ("authority", "decision_number"):
            if cleaned.get(name):
                cleaned[name] = cleaned[name].strip()
        chosen = [p for p in self.proposals if cleaned.get(f"grant_{p.pk}")]
        if not chosen:
            raise forms.ValidationError(_("Hãy chọn ít nhất một đề nghị được khen thưởng theo quyết định này."))
        for proposal in chosen:
            name = f"recipient_{proposal.pk}"
            if not (cleaned.get(name) or "").strip() and name not in self.errors:
                self.add_error(name, _("Hãy ghi tên tập thể, cá nhân được khen ghi trên quyết định."))
                # Marked where the user looks: the box itself, its message read with it.
                self.fields[name].widget.attrs.update(
                    {"class": "form-control form-control-sm is-invalid", "aria-describedby": f"id_{name}_error"}
                )
        return cleaned

    def chosen(self) -> dict[int, str]:
        """The chosen proposals' recipients, by proposal id (after validation)."""
        data = self.cleaned_data
        return {p.pk: data[f"recipient_{p.pk}"].strip() for p in self.proposals if data.get(f"grant_{p.pk}")}
