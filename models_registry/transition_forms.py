"""The form of every lifecycle action, and the one map from action to form.

The unit staff's pages, the committee's pages and the admin all ask `TRANSITION_FORMS[action]`.
Every form takes `initiative=` (None for a bulk move over many), `action=` and `uploads=` (False
where the page takes no files), and its `params()` are the keyword arguments of `lifecycle.apply`
(or of `recognize_many` for "recognize").
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from campaigns.access import members_over
from campaigns.files import LimitedFileInput, upload_help
from campaigns.forms import IdsChoiceField
from campaigns.models import Unit
from dvk.forms import DateInput, PlaceholderMixin, required_text

from .models import Initiative, ReasonAction, ReasonTemplate

User = get_user_model()


def committee_people(unit: Unit):
    """Return the users who sit on a committee covering `unit` (the choices for cadres and inspectors)."""
    member_ids = members_over(unit).values("user_id")
    return User.objects.filter(pk__in=member_ids).order_by("first_name", "last_name", "username")


class PersonChoiceField(IdsChoiceField):
    """Committee members shown by their full name, as the committee knows them."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class MultipleFileInput(LimitedFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked later by evidence.check_upload."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"class": "form-control", "data-file-preview": "1", "accept": EVIDENCE_ACCEPT}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [d for d in data if d] if isinstance(data, list | tuple) else ([data] if data else [])
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [self._clean_one(d, initial) for d in files]

    def _clean_one(self, data, initial):
        try:
            return super().clean(data, initial)
        except forms.ValidationError as error:
            # An empty file is refused by name in evidence.check_upload; failing the field here
            # would throw away the good files chosen with it.
            if error.code == "empty":
                return data
            raise


# What the browser's file picker offers and checks (static/js/uploads.js); evidence.ACCEPTED decides.
EVIDENCE_ACCEPT = "image/jpeg,image/png,image/gif,image/webp,.pdf,.doc,.docx,.xls,.xlsx,.pptx,.odt,.ods,.odp"
FILES_HELP = upload_help(
    _("Ảnh (JPEG, PNG, GIF, WebP), PDF, Word, Excel, PowerPoint, OpenDocument; có thể chọn nhiều tệp cùng lúc")
)


# ----- saved reasons -------------------------------------------------------------------------
class ReasonSelect(forms.Select):
    """A select of saved reasons whose options carry their text, for static/js/reasons.js to copy."""

    def __init__(self, *args, texts: dict[int, str] | None = None, target: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.texts = texts or {}
        self.attrs.setdefault("class", "form-select")
        if target:
            self.attrs["data-reason-for"] = target

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        text = self.texts.get(getattr(value, "value", value))
        if text is not None:
            option["attrs"]["data-text"] = text
        return option


class ReasonTextarea(forms.Textarea):
    """The reason's textarea: no `required` in the HTML once a saved reason may stand in for its text."""

    stand_in_offered = False

    def use_required_attribute(self, initial):
        # Without JavaScript the browser must let an empty text be posted beside a chosen saved reason.
        return not self.stand_in_offered and super().use_required_attribute(initial)


class ReasonText(forms.CharField):
    """A required reason. Where saved reasons are offered beside it, one chosen may stand in for an empty text:
    the form's clean() decides then, and the label keeps the asterisk of a required field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", ReasonTextarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    stand_in_offered = False

    def offer_stand_in(self) -> None:
        self.stand_in_offered = self.widget.stand_in_offered = True

    def validate(self, value):
        if not self.stand_in_offered:
            super().validate(value)


def reason_field(reasons: list[ReasonTemplate], target: str, queryset) -> forms.ModelChoiceField:
    """The "saved reason" select: read once (`reasons`), checked against `queryset` when posted."""
    field = forms.ModelChoiceField(
        queryset=queryset,
        required=False,
        label=_("Chọn lý do mẫu"),
        help_text=_("Nội dung lý do mẫu được chép vào ô bên dưới để sửa tiếp; nếu để trống ô đó, lý do mẫu được dùng."),
        error_messages={"invalid_choice": _("Lý do mẫu đã chọn không còn, hoặc không dành cho thao tác này.")},
        widget=ReasonSelect(texts={r.pk: r.text for r in reasons}, target=target),
    )
    # The options come from the list read once, not from a second query at render.
    field.widget.choices = [("", _("— Không dùng lý do mẫu —")), *[(r.pk, str(r)) for r in reasons]]
    return field


def offered_reasons_by_action(user, actions, initiative: Initiative) -> dict[str, list[ReasonTemplate]]:
    """Return the saved reasons offered for each of `actions` on one initiative, read in one query."""
    wanted = [a for a in actions if a in ReasonAction.values]
    by_action: dict[str, list[ReasonTemplate]] = {a: [] for a in wanted}
    if wanted:
        for reason in ReasonTemplate.objects.offered(user, wanted, initiative.unit):
            by_action[reason.action].append(reason)
    return by_action


def offered_reasons(user, action: str, initiative: Initiative | None = None):
    """Return the saved reasons offered for `action` (over the initiative's unit), or None where none apply."""
    if action not in ReasonAction.values:
        return None
    return ReasonTemplate.objects.offered(user, action, initiative.unit if initiative is not None else None)


# ----- the actions' forms ---------------------------------------------------------------------
class ActionForm(PlaceholderMixin, forms.Form):
    """A lifecycle action's form: knows its initiative (None in a bulk move) and hands `apply` its params.

    `reasons` (a queryset of saved reasons) adds their select to the forms that take a reason;
    `reason_list`, when given, is what that queryset holds, already read.
    """

    def __init__(
        self,
        *args,
        initiative: Initiative | None = None,
        action: str = "",
        uploads: bool = True,
        reasons=None,
        reason_list: list[ReasonTemplate] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.reasons = reasons
        # The same reasons already read (a page of several forms reads them in one query).
        self.reason_list = reason_list
        self.initiative = initiative
        self.action = action
        self.uploads = uploads

    def params(self) -> dict:
        """Return the keyword arguments of `lifecycle.apply` for this action."""
        return dict(self.cleaned_data)


class SubmitForm(ActionForm):
    """Submitting needs nothing more than a confirmation: the content was checked when saved."""


class CommentActionForm(ActionForm):
    """An action whose only need is a comment (return, reject, more evidence, decline)."""

    comment_label = _("Ý kiến")
    comment_help = ""

    comment = ReasonText()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = self.comment_label
        self.fields["comment"].help_text = self.comment_help
        self.fields["comment"].error_messages["required"] = _("Hãy nhập %(what)s.") % {
            "what": str(self.comment_label).lower()
        }
        listed = self.reason_list if self.reason_list is not None else list(self.reasons or [])
        if listed:
            # Picked without JavaScript and the textarea left empty: the saved reason is the comment.
            self.fields["comment"].offer_stand_in()
            self.fields["reason"] = reason_field(listed, self["comment"].auto_id, self.reasons)
            self.order_fields(["reason", "comment"])

    def clean(self):
        cleaned = super().clean()
        comment = (cleaned.get("comment") or "").strip()
        reason = cleaned.get("reason")
        if not comment and reason is not None:
            cleaned["comment"] = reason.text
        elif not comment and "comment" not in self.errors and "reason" not in self.errors:
            self.add_error("comment", self.fields["comment"].error_messages["required"])
        return cleaned

    def params(self) -> dict:
        return {"comment": self.cleaned_data["comment"].strip()}


class ReturnForRevisionForm(CommentActionForm):
    comment_label = _("Nội dung cần điều chỉnh")
    comment_help = _("Nói rõ đơn vị cần sửa gì, ví dụ: ghi địa chỉ cụ thể, đăng ký theo hình thức duy trì.")


class RejectForm(CommentActionForm):
    comment_label = _("Lý do không duyệt")


class RequestMoreEvidenceForm(CommentActionForm):
    comment_label = _("Minh chứng cần bổ sung")
    comment_help = _("Nêu rõ tài liệu, hình ảnh hoặc số liệu đơn vị cần gửi thêm.")


class DeclineRecognitionForm(CommentActionForm):
    comment_label = _("Lý do không công nhận")


class CloseUnfinishedForm(CommentActionForm):
    comment_label = _("Lý do đóng hồ sơ")


class NominateForm(CommentActionForm):
    comment_label = _("Lý do đề cử lên cấp trên")
    comment_help = _(
        "Nêu kết quả nổi bật, vì sao mô hình xứng đáng được cấp trên công nhận; hồ sơ và quyết định của cấp mình đi kèm."
    )


class ReturnNominationForm(CommentActionForm):
    comment_label = _("Lý do trả lại đề cử")


class WithdrawForm(ActionForm):
    comment = required_text(_("Lý do rút đăng ký"), _("Hãy nêu lý do rút đăng ký."), rows=3, max_length=4000)


class ApproveForm(ActionForm):
    plan_note = required_text(
        _("Kế hoạch, định hướng của Ban Chỉ đạo"),
        _("Hãy nhập kế hoạch, định hướng của Ban Chỉ đạo."),
        rows=4,
        help_text=_("Định hướng thực hiện, nguồn lực hỗ trợ, mốc kiểm tra."),
    )
    supporting_cadres = PersonChoiceField(
        label=_("Cán bộ hỗ trợ (thành viên Ban Chỉ đạo)"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Cán bộ hỗ trợ phải là thành viên Ban Chỉ đạo phụ trách đơn vị.")},
    )
    confirmed_criteria = forms.CharField(
        label=_("Tiêu chí đã thống nhất"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Các tiêu chí, chỉ tiêu mô hình cam kết đạt được."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.initiative is None:
            # One plan for many units (a bulk move): the cadres differ per unit, so they are chosen one by one.
            del self.fields["supporting_cadres"]
        else:
            self.fields["supporting_cadres"].queryset = committee_people(self.initiative.unit)

    def params(self) -> dict:
        params = {
            "plan_note": self.cleaned_data["plan_note"].strip(),
            "confirmed_criteria": self.cleaned_data["confirmed_criteria"].strip(),
        }
        if "supporting_cadres" in self.fields:
            params["supporting_cadres"] = list(self.cleaned_data["supporting_cadres"])
        return params


class RequestRecognitionForm(ActionForm):
    """The results report, and the evidence files sent with it where the page takes uploads."""

    results_report = forms.CharField(
        label=_("Kết quả đạt được so với mục tiêu"),
        help_text=_("Nêu rõ kết quả đạt được so với từng mục tiêu, tiêu chí đã đăng ký; có số liệu cụ thể."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": _("Hãy viết báo cáo kết quả đạt được so với mục tiêu.")},
    )
    files = MultipleFileField(
        label=_("Tệp minh chứng (ảnh, biên bản…)"),
        required=False,
        help_text=format_lazy(
            "{} {}", _("Cần ít nhất một tệp minh chứng; các tệp đã tải lên trước đó vẫn được tính."), FILES_HELP
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.uploads:
            del self.fields["files"]
        if self.initiative is not None:
            self.fields["results_report"].initial = self.initiative.results_report

    def params(self) -> dict:
        # The files are saved by the page that took them (kept even when the move is refused).
        return {"results_report": self.cleaned_data["results_report"]}


def decision_date_field() -> forms.DateField:
    """The date a decision is signed on (one recognizing, or one amending another: every decision form)."""
    return forms.DateField(
        label=_("Ngày quyết định"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"required": _("Hãy nhập ngày quyết định."), "invalid": _("Ngày quyết định không hợp lệ.")},
    )


def decision_number_field(label, **kwargs) -> forms.CharField:
    """The number of a decision (a new decision, or one amending another)."""
    return forms.CharField(
        label=label, max_length=64, error_messages={"required": _("Hãy nhập số quyết định.")}, **kwargs
    )


def signer_field() -> forms.CharField:
    """Who signs a decision."""
    return forms.CharField(
        label=_("Người ký"), max_length=255, error_messages={"required": _("Hãy nhập tên người ký quyết định.")}
    )


class RecognizeForm(ActionForm):
    """The decision that recognizes: its number, date and signer (for `recognize_many`)."""

    number = decision_number_field(_("Số quyết định"))
    decided_on = decision_date_field()
    signer = signer_field()
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


TRANSITION_FORMS: dict[str, type[ActionForm]] = {
    "submit": SubmitForm,
    "return_for_revision": ReturnForRevisionForm,
    "approve": ApproveForm,
    "reject": RejectForm,
    "request_recognition": RequestRecognitionForm,
    "request_more_evidence": RequestMoreEvidenceForm,
    "recognize": RecognizeForm,
    "decline_recognition": DeclineRecognitionForm,
    "withdraw": WithdrawForm,
    "close_unfinished": CloseUnfinishedForm,
    "nominate": NominateForm,
    "recognize_nomination": RecognizeForm,
    "return_nomination": ReturnNominationForm,
}
