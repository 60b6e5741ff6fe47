"""Forms of the committee pages: inspections, score sheets, decisions and queues (the actions': `transition_forms`)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campaigns.access import unit_filter_choices
from campaigns.forms import KnownModelChoiceField
from campaigns.lifecycle import UNKNOWN_ACTION
from campaigns.models import Field, InitiativeKind, SteeringCommittee, Unit
from campaigns.text import nfc
from dvk.forms import ALL, DateInput, PlaceholderMixin, required_text, valid_filters

from ..models import (
    MAX_REASONS_PER_ACTION,
    REMARK_MAX_CHARS,
    Amendment,
    Effectiveness,
    InitiativeCount,
    Inspection,
    ReasonAction,
    ReasonTemplate,
    clean_remark_text,
)
from ..transition_forms import (
    EVIDENCE_ACCEPT,
    FILES_HELP,
    MultipleFileInput,
    PersonChoiceField,
    ReasonText,
    ReasonTextarea,
    committee_people,
    decision_date_field,
    decision_number_field,
    reason_field,
    signer_field,
)
from ..transition_forms import MultipleFileField as EvidenceFilesField

User = get_user_model()


class BulkApproveForm(PlaceholderMixin, forms.Form):
    plan_note = required_text(
        _("Kế hoạch, định hướng chung"), _("Hãy nhập kế hoạch, định hướng chung cho các hồ sơ được duyệt."), rows=2
    )


class BulkMoveForm(PlaceholderMixin, forms.Form):
    """One reason for returning, rejecting or declining every ticked row of a committee queue."""

    ACTIONS = {
        "return_for_revision": _("Yêu cầu điều chỉnh"),
        "reject": _("Không duyệt"),
        "decline_recognition": _("Không công nhận"),
    }

    action = forms.ChoiceField(
        label=_("Thao tác"),
        choices=list(ACTIONS.items()),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("Hãy chọn thao tác."), "invalid_choice": UNKNOWN_ACTION},
    )
    comment = ReasonText(
        label=_("Lý do, nội dung chung cho mọi hồ sơ đã chọn"),
        widget=ReasonTextarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=4000,
        error_messages={"required": _("Hãy nhập lý do chung cho các hồ sơ đã chọn.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        reasons = ReasonTemplate.objects.visible_to(user).filter(action__in=self.ACTIONS).order_by("position", "pk")
        listed = list(reasons) if user is not None else []
        if listed:
            self.fields["comment"].offer_stand_in()
            self.fields["reason"] = reason_field(listed, self["comment"].auto_id, reasons)

    def clean(self):
        cleaned = super().clean()
        comment = (cleaned.get("comment") or "").strip()
        reason = cleaned.get("reason")
        if comment:
            cleaned["comment"] = comment
        elif reason is not None and reason.action == cleaned.get("action"):
            # Picked without JavaScript, the textarea left empty: the saved reason is the comment.
            cleaned["comment"] = reason.text
        elif reason is not None:
            self.add_error("reason", self.fields["reason"].error_messages["invalid_choice"])
        elif "comment" not in self.errors:
            self.add_error("comment", self.fields["comment"].error_messages["required"])
        return cleaned


# ----- queues --------------------------------------------------------------------------------
class PlainSelect(forms.Select):
    """A select written in Python: the markup of Django's select.html, without a template include per option.

    A province's unit filter holds hundreds of units; through the templates its options cost about a
    sixth of the recognition queue's time (bench/RESULTS.md, "the side-by-side when asked").
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, choices, _index in widget["optgroups"]:
            rows = (
                format_html('<option value="{}"{}>{}</option>', str(o["value"]), flatatt(o["attrs"]), o["label"])
                for o in choices
            )
            rows = mark_safe("".join(rows))  # noqa: S308 — each option is built by format_html.
            options.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, rows) if group_name else rows)
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), mark_safe("".join(options))
        )  # noqa: S308


class QueueFilterForm(PlaceholderMixin, forms.Form):
    """The GET filters of the committee's queues: field, unit (with its subtree), kind.

    The fields and units (`unit_filter_choices`) are read once and serve both the selects
    and the validation; the home page's field × state table reuses `all_fields`.
    """

    placeholder = ALL

    field = KnownModelChoiceField(
        Field.objects.none(), label=_("Lĩnh vực"), required=False, empty_label=ALL, widget=PlainSelect
    )
    unit = KnownModelChoiceField(
        Unit.objects.none(),
        label=_("Đơn vị"),
        required=False,
        empty_label=ALL,
        widget=PlainSelect,
        error_messages={"invalid_choice": _("Đơn vị này không thuộc phạm vi của bạn.")},
    )
    kind = forms.ChoiceField(
        label=_("Loại"), choices=[("", ALL), *InitiativeKind.choices], required=False, widget=PlainSelect
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.all_fields = list(Field.objects.order_by("order", "pk"))
        self.fields["field"].known = [f for f in self.all_fields if f.active]
        self.fields["unit"].known = list(unit_filter_choices(user))
        for bound in self.fields.values():
            bound.widget.attrs["class"] = "form-select form-select-sm"

    def apply(self, qs):
        """Narrow an initiative queryset by the valid filters (see `valid_filters`)."""
        data = valid_filters(self)
        if data.get("field"):
            qs = qs.filter(field=data["field"])
        if data.get("unit"):
            qs = qs.filter(unit__path__startswith=data["unit"].path)
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        return qs

    def apply_to_counts(self, user):
        """The kept counts of what the user's committees act on (`acted_on_by`), under the same valid filters."""
        data = valid_filters(self)
        # The filter offers units in the user's oversight only: the rows of that unit's subtree.
        counts = InitiativeCount.objects.acted_on_by(user, within=data.get("unit"))
        if data.get("field"):
            counts = counts.filter(field_id=data["field"].pk)
        if data.get("kind"):
            counts = counts.filter(kind=data["kind"])
        return counts.counted()


# ----- inspections ---------------------------------------------------------------------------
class MultipleFileField(EvidenceFilesField):
    """The registration's several-files field (an empty file is refused by name later, the others
    kept), optional here, with the browser's file picker narrowed to the accepted types."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)


class InspectionForm(PlaceholderMixin, forms.ModelForm):
    inspectors = PersonChoiceField(
        label=_("Người kiểm tra"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Hãy chọn ít nhất một người kiểm tra."),
            "invalid_choice": _("Người kiểm tra phải là thành viên Ban Chỉ đạo phụ trách đơn vị."),
        },
    )
    files = MultipleFileField(
        label=_("Ảnh, tài liệu minh chứng"),
        help_text=FILES_HELP,
    )

    class Meta:
        model = Inspection
        fields = ["inspected_on", "inspectors", "completion", "effectiveness", "findings", "recommendations"]
        widgets = {
            "inspected_on": DateInput(),
            "completion": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "inputmode": "numeric"}),
            "effectiveness": forms.RadioSelect,
            "findings": forms.Textarea(attrs={"rows": 4}),
            "recommendations": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "inspected_on": {"required": _("Hãy nhập ngày kiểm tra."), "invalid": _("Ngày kiểm tra không hợp lệ.")},
            "completion": {
                "required": _("Hãy nhập mức độ hoàn thành (0–100%)."),
                "invalid": _("Mức độ hoàn thành phải là một số nguyên từ 0 đến 100."),
                "max_value": _("Mức độ hoàn thành không được vượt quá 100%%."),
                "min_value": _("Mức độ hoàn thành không được nhỏ hơn 0%%."),
            },
            "effectiveness": {"required": _("Hãy chọn mức hiệu quả.")},
        }

    def __init__(self, *args, initiative=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspected_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["effectiveness"].choices = list(Effectiveness.choices)
        if initiative is not None:
            people = committee_people(initiative.unit)
            self.fields["inspectors"].queryset = people
            if not self.is_bound:
                self.initial.setdefault("inspected_on", timezone.localdate())
                if user is not None and people.filter(pk=user.pk).exists():
                    self.initial.setdefault("inspectors", [user.pk])

    def clean_inspected_on(self) -> datetime.date:
        day = self.cleaned_data["inspected_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày kiểm tra không thể ở tương lai."))
        return day

    def save_for(self, initiative, user) -> Inspection:
        """Record the inspection of `initiative` by `user`, with its inspectors (the model's entry point)."""
        data = self.cleaned_data
        return Inspection.objects.record(
            initiative,
            user,
            inspectors=data["inspectors"],
            **{name: data[name] for name in self.Meta.fields if name != "inspectors"},
        )


# ----- score sheets --------------------------------------------------------------------------
class ScoreSheetForm(PlaceholderMixin, forms.Form):
    """One number (0..max) and one comment per criterion of the campaign's criteria set."""

    def __init__(self, *args, criteria=(), items=None, require_all=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        items = items or {}
        for criterion in self.criteria:
            item = items.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=_("Điểm (0–%(max)s)") % {"max": criterion.max_points},
                min_value=Decimal(0),
                max_value=Decimal(criterion.max_points),
                max_digits=6,
                decimal_places=2,
                required=False,
                initial=item.points if item else None,
                widget=forms.NumberInput(attrs={"min": 0, "max": criterion.max_points, "step": "0.5"}),
                error_messages={
                    "invalid": _("Điểm tiêu chí “%(name)s” phải là một số.") % {"name": criterion.name},
                    "min_value": _("Điểm tiêu chí “%(name)s” không được âm.") % {"name": criterion.name},
                    "max_value": _("Điểm tiêu chí “%(name)s” tối đa là %(max)s.")
                    % {"name": criterion.name, "max": criterion.max_points},
                    "max_decimal_places": _("Điểm chỉ lấy tối đa 2 chữ số thập phân."),
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Nhận xét"),
                required=False,
                initial=item.comment if item else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.require_all = require_all

    def rows(self):
        """Yield (criterion, points field, comment field) for the template."""
        for criterion in self.criteria:
            yield criterion, self[f"points_{criterion.pk}"], self[f"comment_{criterion.pk}"]

    def clean(self):
        data = super().clean()
        if self.require_all:
            for criterion in self.criteria:
                name = f"points_{criterion.pk}"
                if name not in self.errors and data.get(name) is None:
                    self.add_error(
                        name, _("Hãy chấm điểm tiêu chí “%(name)s” trước khi nộp phiếu.") % {"name": criterion.name}
                    )
        return data

    def scores(self) -> list[tuple]:
        """Return (criterion, points or None, comment) for each criterion."""
        return [
            (c, self.cleaned_data.get(f"points_{c.pk}"), (self.cleaned_data.get(f"comment_{c.pk}") or "").strip())
            for c in self.criteria
        ]


# ----- recognition ---------------------------------------------------------------------------
class DecisionForm(PlaceholderMixin, forms.Form):
    number = decision_number_field(_("Số quyết định"), help_text=_("Ví dụ: 12-QĐ/BCĐ"))
    decided_on = decision_date_field()
    signer = signer_field()
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate())
            if user is not None:
                self.initial.setdefault("signer", user.get_full_name() or user.username)

    def full_clean(self) -> None:
        super().full_clean()
        # Laid out in a grid field by field: mark the wrong ones the Bootstrap way.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-control is-invalid"


class AmendDecisionForm(PlaceholderMixin, forms.Form):
    """A new decision that corrects, replaces or revokes an issued one, and why."""

    amendment = forms.ChoiceField(label=_("Hình thức"), choices=Amendment.choices)
    number = decision_number_field(_("Số quyết định mới"))
    decided_on = decision_date_field()
    signer = signer_field()
    reason = required_text(_("Lý do"), _("Hãy ghi lý do sửa đổi quyết định."), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name == "amendment" else "form-control"


# ----- who scores ----------------------------------------------------------------------------
class ScorerAssignmentForm(PlaceholderMixin, forms.Form):
    """The chair names the members who score one initiative (none ticked: every member over it scores)."""

    members = PersonChoiceField(
        User.objects.none(),
        label=_("Thành viên chấm điểm"),
        required=False,
        help_text=_("Không chọn ai: mọi thành viên Ban Chỉ đạo phụ trách đơn vị đều chấm được."),
    )

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = eligible


class ReasonForm(PlaceholderMixin, forms.Form):
    """One required reason (a declared conflict, a reopened sheet)."""

    reason = required_text(_("Lý do"), _("Hãy nhập lý do."), rows=3, max_length=2000)


# ----- summarizing a campaign ----------------------------------------------------------------
class SummarizeForm(PlaceholderMixin, forms.Form):
    """What becomes of each group of open initiatives, the lessons learned, and the early summary's consent."""

    lessons_learned = required_text(
        _("Bài học kinh nghiệm"), _("Hãy nhập bài học kinh nghiệm của đợt phát động."), rows=5, max_length=20000
    )
    next_campaign = forms.ModelChoiceField(
        queryset=None,
        label=_("Đợt phát động nhận hồ sơ chuyển sang"),
        required=False,
        empty_label=_("— Chọn đợt phát động —"),
    )
    reason = forms.CharField(
        label=_("Lời nhắn gửi các đơn vị có hồ sơ bị chuyển hoặc đóng"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, groups, later, early_days: int, **kwargs):
        from ..summarize import CARRY_OVER, CHOICE_LABELS, CLOSE, RESOLVE

        super().__init__(*args, **kwargs)
        self.groups = [g for g in groups if g.count]
        self.fields["next_campaign"].queryset = later
        has_later = later.exists()
        for group in self.groups:
            choices = [(RESOLVE, CHOICE_LABELS[RESOLVE])]
            if has_later:
                choices.append((CARRY_OVER, CHOICE_LABELS[CARRY_OVER]))
            choices.append((CLOSE, CHOICE_LABELS[CLOSE]))
            self.fields[f"choice_{group.key}"] = forms.ChoiceField(
                label=ngettext("%(group)s: %(count)s hồ sơ", "%(group)s: %(count)s hồ sơ", group.count)
                % {"group": group.label, "count": group.count},
                choices=choices,
                initial=RESOLVE,
                widget=forms.RadioSelect,
            )
        self.early_days = early_days
        if early_days:
            self.fields["early"] = forms.BooleanField(
                label=ngettext(
                    "Tôi hiểu: tổng kết sớm %(days)s ngày so với ngày kết thúc của đợt phát động.",
                    "Tôi hiểu: tổng kết sớm %(days)s ngày so với ngày kết thúc của đợt phát động.",
                    early_days,
                )
                % {"days": early_days},
                error_messages={"required": _("Hãy xác nhận việc tổng kết sớm trước ngày kết thúc.")},
            )

    def choices(self) -> dict[str, str]:
        return {g.key: self.cleaned_data.get(f"choice_{g.key}") for g in self.groups}

    def asked(self) -> dict:
        """Return what the leader asks of the summary: lessons learned, each group's choice, next campaign, reason.

        The keyword arguments of `summarize_campaign` (with the campaign's pk, a summary job's parameters):
        read in one place, so the page and the job normalize the text alike.
        """
        return {
            "lessons_learned": nfc(self.cleaned_data["lessons_learned"]).strip(),
            "choices": self.choices(),
            "next_campaign": self.cleaned_data.get("next_campaign"),
            "reason": nfc(self.cleaned_data.get("reason") or "").strip(),
        }

    def clean(self):
        from ..summarize import CARRY_OVER, CLOSE, NEXT_CAMPAIGN_NEEDED, RESOLVE

        cleaned = super().clean()
        for group in self.groups:
            name = f"choice_{group.key}"
            choice = cleaned.get(name)
            if choice == RESOLVE:
                self.add_error(
                    name,
                    ngettext(
                        "Còn %(count)s hồ sơ “%(group)s”: hãy giải quyết trước khi tổng kết, "
                        "hoặc chọn chuyển sang đợt sau hay đóng hồ sơ.",
                        "Còn %(count)s hồ sơ “%(group)s”: hãy giải quyết trước khi tổng kết, "
                        "hoặc chọn chuyển sang đợt sau hay đóng hồ sơ.",
                        group.count,
                    )
                    % {"count": group.count, "group": group.label},
                )
        chosen = set(self.choices().values()) if hasattr(self, "cleaned_data") else set()
        if CARRY_OVER in chosen and not cleaned.get("next_campaign"):
            self.add_error("next_campaign", NEXT_CAMPAIGN_NEEDED)
        if (CARRY_OVER in chosen or CLOSE in chosen) and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Hãy viết vài lời cho các đơn vị biết vì sao hồ sơ được chuyển hoặc đóng."))
        return cleaned


# ----- saved reasons -------------------------------------------------------------------------
class ReasonTemplateForm(forms.ModelForm):
    """One saved reason of a committee the user leads."""

    class Meta:
        model = ReasonTemplate
        fields = ("committee", "action", "text", "position")
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "committee": {
                "required": _("Hãy chọn Ban Chỉ đạo."),
                "invalid_choice": _("Hãy chọn Ban Chỉ đạo bạn phụ trách."),
            },
            "action": {
                "required": _("Hãy chọn thao tác dùng lý do này."),
                "invalid_choice": UNKNOWN_ACTION,
            },
            "text": {"required": _("Hãy nhập nội dung lý do.")},
        }

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        committees = list(committees or [])
        self.fields["committee"].queryset = SteeringCommittee.objects.filter(pk__in=[c.pk for c in committees])
        self.fields["committee"].empty_label = _("— Chọn Ban Chỉ đạo —")
        self.fields["action"].choices = [("", _("— Chọn thao tác —")), *ReasonAction.choices]
        self.fields["position"].error_messages["invalid"] = _("Thứ tự là một số nguyên không âm.")
        self.fields["position"].error_messages["min_value"] = _("Thứ tự là một số nguyên không âm.")
        self.fields["position"].error_messages["max_value"] = _("Thứ tự tối đa là %(limit_value)s.")
        if len(committees) == 1:
            # One committee led: nothing to choose.
            self.fields["committee"].initial = committees[0].pk
            self.fields["committee"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        committee, action = cleaned.get("committee"), cleaned.get("action")
        if committee is not None and action:
            others = ReasonTemplate.objects.filter(committee=committee, action=action).exclude(pk=self.instance.pk)
            if others.count() >= MAX_REASONS_PER_ACTION:
                self.add_error(
                    "action",
                    _("Mỗi thao tác giữ tối đa %(count)s lý do mẫu; hãy sửa hoặc xóa một lý do cũ.")
                    % {"count": MAX_REASONS_PER_ACTION},
                )
        return cleaned


class RemarkForm(PlaceholderMixin, forms.Form):
    """A committee's remark on an initiative it does not act on (or the acting committee's note)."""

    text = forms.CharField(
        label=_("Ý kiến"),
        max_length=REMARK_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ý kiến được gửi tới Ban Chỉ đạo phụ trách hồ sơ; cán bộ đơn vị không xem."),
    )

    def clean_text(self) -> str:
        text = clean_remark_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Hãy nhập nội dung ý kiến."))
        return text
