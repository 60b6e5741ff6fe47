"""Forms of the campaign pages: the campaign, its criteria sets per kind, its launch documents."""

from __future__ import annotations

import os

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from dvk.forms import DateInput, PlaceholderMixin
from dvk.numbers import number_text

from .access import led_committees
from .files import LimitedFileInput, check_document, upload_help
from .ids import parse_id
from .lifecycle import CRITERIA_LOCKED_MESSAGE
from .models import (
    Campaign,
    CampaignDocument,
    CriteriaSet,
    Criterion,
    InitiativeKind,
)
from .text import nfc


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of objects whose posted ids are checked before any query.

    A number past the id column is nobody: refused as "not a choice" here, where the database would
    raise an overflow (a 500) on SQLite and an out-of-range error on PostgreSQL.
    """

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


class KnownChoiceIterator(forms.models.ModelChoiceIterator):
    """Iterates the objects the field already holds (`field.known`) instead of querying again."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.known:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.known) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.known)


class KnownModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over objects the view has already read (`known`).

    A plain ModelChoiceField queries once to render its options and once more to validate the
    chosen one; filter forms on busy pages (the committee's queues, the summary) already hold the
    list, so both come from it: the page's query budget is spent on data, not on a select.
    """

    iterator = KnownChoiceIterator

    def __init__(self, queryset, *, known=(), **kwargs):
        super().__init__(queryset, **kwargs)
        self.known = list(known)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.known = list(self.known)
        return result

    def to_python(self, value):
        if value in self.empty_values:
            return None
        for obj in self.known:
            if str(obj.pk) == str(value):
                return obj
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class CampaignForm(PlaceholderMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "committee",
            "name",
            "year",
            "theme",
            "starts_on",
            "ends_on",
            "registration_opens_on",
            "registration_closes_on",
            "requires_inspection",
            "quorum",
        ]
        widgets = {
            "theme": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "registration_opens_on": DateInput(),
            "registration_closes_on": DateInput(),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "committee" not in self.fields:
            return  # the admin shows a launched campaign's committee read only
        committees = led_committees(user)
        self.fields["committee"].queryset = committees
        if not self.instance.pk and not self.is_bound:
            # Most leaders lead one committee: choose it for them.
            only = list(committees[:2])
            if len(only) == 1:
                self.initial.setdefault("committee", only[0].pk)
        self.fields["committee"].help_text = _("Ban Chỉ đạo mà bạn là Trưởng ban, Thư ký hoặc cơ quan thường trực.")
        # Left empty, the quorum stays one sheet (what the campaigns before it had).
        if "quorum" in self.fields:  # the admin shows it read-only once scoring started
            self.fields["quorum"].required = False
        self.fields["committee"].error_messages["invalid_choice"] = _(
            "Bạn chỉ tạo được đợt phát động cho Ban Chỉ đạo mà mình phụ trách."
        )

    def clean_quorum(self):
        return self.cleaned_data.get("quorum") or 1

    def clean(self):
        cleaned = super().clean()
        year, starts, ends = cleaned.get("year"), cleaned.get("starts_on"), cleaned.get("ends_on")
        if year and starts and ends and not (starts.year <= year <= ends.year):
            self.add_error("year", _("Năm phải nằm trong thời gian thực hiện của đợt phát động."))
        opens = cleaned.get("registration_opens_on")
        if opens and starts and opens < starts:
            self.add_error("registration_opens_on", _("Ngày mở đăng ký phải nằm trong thời gian của đợt phát động."))
        for name in ("name", "theme"):
            if cleaned.get(name):
                cleaned[name] = nfc(cleaned[name].strip())
        return cleaned


class LaunchedCampaignForm(PlaceholderMixin, forms.ModelForm):
    """What may change once a campaign runs: the registration deadline and the theme (documents beside)."""

    class Meta:
        model = Campaign
        fields = ["theme", "registration_closes_on"]
        widgets = {"theme": forms.Textarea(attrs={"rows": 3}), "registration_closes_on": DateInput()}
        help_texts = {
            "registration_closes_on": _(
                "Gia hạn hoặc rút ngắn hạn đăng ký; phải nằm trong thời gian của đợt phát động."
            )
        }

    def clean_theme(self):
        return nfc((self.cleaned_data.get("theme") or "").strip())


class CriteriaSetForm(PlaceholderMixin, forms.ModelForm):
    """The name and threshold of one kind's criteria set; left empty, the kind has no set."""

    class Meta:
        model = CriteriaSet
        fields = ["name", "threshold"]
        help_texts = {"threshold": _("Điểm bình quân tối thiểu để được công nhận.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["threshold"].required = False


class CriterionForm(PlaceholderMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "max_points"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "max_points": forms.NumberInput(attrs={"class": "form-control", "min": 1}),
        }


def mark_invalid(form: forms.BaseForm) -> None:
    """Flag fields with errors for Bootstrap and screen readers (rows laid out by hand, not by crispy)."""
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{form[name].auto_id}-errors"


class StyledInlineFormSet(forms.BaseInlineFormSet):
    """Give the formset's own fields (DELETE) Bootstrap's classes; rows are laid out by hand."""

    def mark_invalid(self) -> None:
        for form in self.forms:
            mark_invalid(form)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"
            form.fields["DELETE"].label = _("Xóa")


CriterionFormSet = inlineformset_factory(
    CriteriaSet,
    Criterion,
    form=CriterionForm,
    formset=StyledInlineFormSet,
    extra=3,
    can_delete=True,
    min_num=0,
    validate_min=False,
)


class CriteriaBlock:
    """One kind's criteria set (name, threshold) with its criteria, validated and saved together."""

    def __init__(self, kind: str, label, data=None, campaign: Campaign | None = None):
        self.kind = kind
        self.label = label
        self.campaign = campaign
        existing = campaign.criteria_set_for(kind) if campaign is not None and campaign.pk else None
        instance = existing or CriteriaSet(kind=kind)
        self.existing = existing
        self.set_form = CriteriaSetForm(data, instance=instance, prefix=f"{kind}-set")
        self.formset = CriterionFormSet(data, instance=instance, prefix=f"{kind}-criteria")

    def _kept_criteria(self) -> list[forms.Form]:
        """The criterion rows that stay after saving (filled, not marked for deletion); after validation."""
        return [
            f
            for f in self.formset.forms
            if getattr(f, "cleaned_data", None) and f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
        ]

    @property
    def in_use(self) -> bool:
        """True when this kind already has a set or the user filled anything for it."""
        return (
            bool(self.existing) or self.set_form.has_changed() or any(f.has_changed() for f in self.formset.extra_forms)
        )

    @property
    def changed(self) -> bool:
        """True when the user changed the set or any of its criteria."""
        return self.set_form.has_changed() or self.formset.has_changed()

    def is_valid(self) -> bool:
        set_ok = self.set_form.is_valid()
        criteria_ok = self.formset.is_valid()
        self.formset.mark_invalid()
        if not (set_ok and criteria_ok) or not self.in_use:
            return set_ok and criteria_ok
        if self.changed and self.campaign is not None and self.campaign.criteria_locked:
            # The one rule the admin follows too (Campaign.criteria_locked).
            self.set_form.add_error(None, CRITERIA_LOCKED_MESSAGE)
            return False
        data = self.set_form.cleaned_data
        if not (data.get("name") or "").strip():
            self.set_form.add_error("name", _("Hãy đặt tên cho bộ tiêu chí."))
        if data.get("threshold") is None:
            self.set_form.add_error("threshold", _("Hãy nhập ngưỡng điểm công nhận."))
        kept = self._kept_criteria()
        total = sum(f.cleaned_data.get("max_points") or 0 for f in kept)
        if not kept:
            self.set_form.add_error(None, _("Bộ tiêu chí cần ít nhất một tiêu chí."))
        elif data.get("threshold") is not None and data["threshold"] > total:
            self.set_form.add_error(
                "threshold",
                _("Ngưỡng %(threshold)s vượt tổng điểm tối đa của các tiêu chí (%(total)s).")
                % {"threshold": number_text(data["threshold"], 2, trim=True), "total": total},
            )
        return not self.set_form.errors

    def save(self, campaign: Campaign) -> None:
        if not self.in_use:
            return
        criteria_set = self.set_form.save(commit=False)
        criteria_set.campaign = campaign
        criteria_set.kind = self.kind
        criteria_set.name = nfc(criteria_set.name.strip())
        criteria_set.save()
        self.formset.instance = criteria_set
        self.formset.save()
        for order, criterion in enumerate(criteria_set.criteria.order_by("order", "id")):
            if criterion.order != order:
                Criterion.objects.filter(pk=criterion.pk).update(order=order)


def criteria_blocks(data=None, campaign: Campaign | None = None) -> list[CriteriaBlock]:
    """Return the criteria blocks of the campaign form: one for models, one for exemplars."""
    return [CriteriaBlock(kind, label, data, campaign) for kind, label in InitiativeKind.choices]


class CampaignDocumentForm(PlaceholderMixin, forms.ModelForm):
    class Meta:
        model = CampaignDocument
        fields = ["title", "file"]
        help_texts = {"file": upload_help(_("PDF, Word (DOC, DOCX) hoặc OpenDocument (ODT)"))}
        widgets = {
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "file": LimitedFileInput(attrs={"class": "form-control", "accept": ".pdf,.doc,.docx,.odt"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:  # the admin shows a document read only to who may not change it
            self.fields["title"].required = False

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.instance.content_type = check_document(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and not (cleaned.get("title") or "").strip():
            cleaned["title"] = os.path.splitext(os.path.basename(upload.name))[0][:255]
        if cleaned.get("title"):
            cleaned["title"] = nfc(cleaned["title"].strip())
        if cleaned.get("title") and not upload:
            raise ValidationError(_("Hãy chọn tệp cho tài liệu “%(title)s”.") % {"title": cleaned["title"]})
        return cleaned


DocumentFormSet = inlineformset_factory(
    Campaign, CampaignDocument, form=CampaignDocumentForm, formset=StyledInlineFormSet, extra=2, can_delete=True
)
