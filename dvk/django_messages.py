"""Django's built-in validation messages that read English on a Vietnamese page, in Vietnamese.

Django ships a Vietnamese catalog, but it leaves some form messages untranslated ("Null characters
are not allowed.", "“%(pk)s” is not a valid value.", the formset's "ManagementForm data is missing…")
and translates one wrongly ("Enter a whole number." as "Nhập một số tổng thể."). DVK's own catalog
cannot hold a Vietnamese text for an English msgid (its Vietnamese entries are the msgids
themselves), so the messages are given here as Vietnamese msgids, with their English in the English
catalog, and set once as the defaults of Django's fields and validators at start-up.
"""

from __future__ import annotations

from django import forms
from django.core import validators
from django.forms import formsets
from django.forms import models as model_forms
from django.utils.translation import gettext_lazy as _

# (class, key of its default_error_messages) → the message.
FIELD_MESSAGES = {
    (forms.IntegerField, "invalid"): _("Hãy nhập một số nguyên."),
    (forms.DurationField, "invalid"): _("Hãy nhập một khoảng thời gian hợp lệ."),
    (forms.DurationField, "overflow"): _("Số ngày phải nằm trong khoảng từ {min_days} đến {max_days}."),
    (forms.UUIDField, "invalid"): _("Hãy nhập một mã UUID hợp lệ."),
    (forms.JSONField, "invalid"): _("Hãy nhập dữ liệu JSON hợp lệ."),
    (forms.MultiValueField, "incomplete"): _("Hãy nhập đầy đủ giá trị."),
    (model_forms.ModelMultipleChoiceField, "invalid_pk_value"): _("“%(pk)s” không phải là giá trị hợp lệ."),
    (model_forms.InlineForeignKeyField, "invalid_choice"): _("Giá trị không khớp với hồ sơ đang sửa."),
    (formsets.BaseFormSet, "missing_management_form"): _(
        "Biểu mẫu thiếu dữ liệu (%(field_names)s) hoặc đã bị sửa đổi: hãy tải lại trang rồi nhập lại."
    ),
}

# Validator classes whose `message` is read at validation time.
VALIDATOR_MESSAGES = {
    validators.ProhibitNullCharactersValidator: _("Không được có ký tự rỗng (NUL) trong nội dung."),
    validators.StepValueValidator: _("Giá trị phải là bội số của %(limit_value)s."),
    validators.FileExtensionValidator: _(
        "Không chấp nhận tệp có phần mở rộng “%(extension)s”. Các phần mở rộng được chấp nhận: %(allowed_extensions)s."
    ),
    validators.DomainNameValidator: _("Hãy nhập một tên miền hợp lệ."),
}

# Validator instances Django's fields share (validators compare by value: a list, not a dict).
SHARED_VALIDATORS = [
    (validators.validate_slug, _("Hãy nhập một mã gồm chữ cái không dấu, chữ số, dấu gạch dưới hoặc gạch ngang.")),
    (validators.validate_unicode_slug, _("Hãy nhập một mã gồm chữ cái, chữ số, dấu gạch dưới hoặc gạch ngang.")),
    (validators.validate_domain_name, _("Hãy nhập một tên miền hợp lệ.")),
]


def use_vietnamese_messages() -> None:
    """Make the messages above the defaults of Django's fields and validators (idempotent)."""
    for (cls, key), message in FIELD_MESSAGES.items():
        # The class's own dict: a field created from now on copies the message from it.
        cls.default_error_messages = {**vars(cls).get("default_error_messages", {}), key: message}
    for cls, message in VALIDATOR_MESSAGES.items():
        cls.message = message
    for validator, message in SHARED_VALIDATORS:
        validator.message = message
