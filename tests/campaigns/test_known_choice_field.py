"""KnownModelChoiceField: a select over objects already read renders and validates without a query."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.forms import KnownModelChoiceField
from campaigns.models import Field

pytestmark = pytest.mark.django_db


class PickForm(forms.Form):
    field = KnownModelChoiceField(Field.objects.none(), required=False, empty_label="Tất cả")

    def __init__(self, *args, known=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].known = list(known)


def test_the_select_lists_the_known_objects_and_validates_a_choice_without_querying():
    fields = list(Field.objects.order_by("order", "pk"))
    chosen = fields[1]

    with CaptureQueriesContext(connection) as queries:
        form = PickForm({"field": str(chosen.pk)}, known=fields)
        valid = form.is_valid()
        html = str(form["field"])

    assert len(queries) == 0
    assert valid and form.cleaned_data["field"] == chosen
    assert html.count("<option") == len(fields) + 1
    assert f'<option value="{chosen.pk}" selected>{chosen.name}</option>' in html


def test_a_value_outside_the_known_objects_is_refused_with_the_usual_message():
    fields = list(Field.objects.order_by("order", "pk"))
    not_offered = fields[-1]

    form = PickForm({"field": str(not_offered.pk)}, known=fields[:-1])

    assert not form.is_valid()
    assert form.errors["field"] == [str(form.fields["field"].error_messages["invalid_choice"])]
    assert "Hãy chọn" in form.errors["field"][0] or "Select a valid choice" in form.errors["field"][0]


def test_an_empty_value_means_no_choice():
    form = PickForm({"field": ""}, known=list(Field.objects.all()))

    assert form.is_valid()
    assert form.cleaned_data["field"] is None


def test_each_form_instance_has_its_own_list():
    fields = list(Field.objects.order_by("order", "pk"))
    first, second = PickForm(known=fields[:1]), PickForm(known=fields)

    assert first.fields["field"].known == fields[:1]
    assert second.fields["field"].known == fields
    assert PickForm.base_fields["field"].known == []
