"""Django's own validation messages read Vietnamese on Vietnamese pages (dvk/django_messages.py)."""

from __future__ import annotations

import inspect

import pytest
from django import forms
from django.core import validators
from django.forms import formsets
from django.urls import reverse
from django.utils import translation

from dvk.django_messages import FIELD_MESSAGES

pytestmark = pytest.mark.django_db


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def builtin_messages():
    """Every default message of Django's form fields, formsets and validators: (where, lazy message)."""
    for cls in {forms.Field, *_subclasses(forms.Field)}:
        if cls.__module__.startswith("django.forms"):
            for key, message in vars(cls).get("default_error_messages", {}).items():
                yield f"{cls.__name__}.{key}", message
    for key, message in formsets.BaseFormSet.default_error_messages.items():
        yield f"BaseFormSet.{key}", message
    for name, obj in vars(validators).items():
        if inspect.isclass(obj) and "message" in vars(obj):
            yield f"{name}.message", obj.message
        elif isinstance(obj, validators.RegexValidator):
            yield name, obj.message


def _text(message) -> str:
    # ngettext_lazy messages need a number to choose their form.
    try:
        return str(message)
    except TypeError:
        return message % {"limit_value": 5, "show_value": 7, "max": 5, "num": 5, "length": 7}


def test_every_builtin_form_message_reads_vietnamese_on_a_vietnamese_page():
    # Vietnamese has a letter outside ASCII in every sentence (ậ, ư, đ…); Django's English has none.
    english_only = []
    for where, message in builtin_messages():
        with translation.override("vi"):
            vietnamese = _text(message)
        if vietnamese and not any(ord(c) > 127 and c.isalpha() for c in vietnamese):
            english_only.append(f"{where}: {vietnamese}")

    assert not english_only, "\n".join(english_only)


def test_the_vietnamese_messages_are_the_defaults_of_new_fields_and_of_the_apps_forms():
    from models_registry.committee.forms import InspectionForm

    with translation.override("vi"):
        assert str(forms.IntegerField().error_messages["invalid"]) == "Hãy nhập một số nguyên."
        assert str(InspectionForm.base_fields["inspectors"].error_messages["invalid_pk_value"]).endswith(
            "không phải là giá trị hợp lệ."
        )
    assert str(FIELD_MESSAGES[forms.IntegerField, "invalid"]) == "Hãy nhập một số nguyên."


def test_a_nul_in_a_text_field_is_refused_in_vietnamese_next_to_the_field(client, world):
    approved = world.initiative("approved")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:inspection_create", args=[approved.pk]),
        {
            "inspected_on": "2025-02-30",
            "inspectors": [world.member.pk],
            "completion": "abc",
            "effectiveness": "fair",
            "findings": "Có\x00ký tự rỗng",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Không được có ký tự rỗng (NUL) trong nội dung." in page
    assert "Ngày kiểm tra không hợp lệ." in page
    assert "Mức độ hoàn thành phải là một số nguyên" in page
    for english in ("Null characters", "Enter a valid", "Enter a whole number", "This field is required"):
        assert english not in page
