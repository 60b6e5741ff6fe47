"""What every form of the site shares: a Vietnamese placeholder in its selects, never Django's "---------".

Django writes "---------" for the empty choice of a ModelChoiceField (`empty_label`) and of a
model field's choices (`BLANK_CHOICE_DASH`). A form that mixes in `PlaceholderMixin` shows
`CHOOSE` there instead ("— Chọn —"); a filter's "any" choice is `ALL`. A form that names its own
placeholder ("— Chọn lĩnh vực —") keeps it.

A page that shows its form answers 400 when it comes back from being sent (refused: a page that
accepts a form redirects), 200 when it is shown before (`render_form`).
"""

from __future__ import annotations

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

CHOOSE = _("— Chọn —")
ALL = _("Tất cả")
# Above a form sent back with its mistakes marked, on the pages that say it in a message too.
NOT_SAVED = _("Chưa lưu được: hãy sửa các mục được đánh dấu bên dưới.")
DJANGO_DASHES = BLANK_CHOICE_DASH[0][1]
# A date typed by hand that is not a date (the native picker sends none such; an old browser's text box may).
INVALID_DATE = _("Ngày không hợp lệ.")


class DateInput(forms.DateInput):
    """A native date picker: the value travels as yyyy-mm-dd, which every language's DATE_INPUT_FORMATS accepts."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def render_form(request, template_name: str, form: forms.BaseForm, **context):
    """Render `template_name` with `form` (and `context`): 400 when the page was sent, 200 before.

    For a view that redirects when its form is accepted: a POST that reaches the page was refused, an
    empty one too (its form, bound from `request.POST or None`, is unbound but was still sent).
    """
    return render(request, template_name, {"form": form, **context}, status=400 if request.method == "POST" else 200)


def valid_filters(form: forms.BaseForm) -> dict:
    """Return the values of a list's filter form that passed their checks ({} before any is chosen).

    A refused one (a stale link: a unit since moved out of scope, a field removed) is left out and
    its message shows beside its select; the others still narrow the list, as their selects say.
    """
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def required_text(label, required_message, *, rows: int, max_length: int | None = None, **kwargs) -> forms.CharField:
    """Return a required free text (a textarea of `rows` lines) that says `required_message` when left empty.

    Other CharField options (`help_text`) pass through.
    """
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
        error_messages={"required": required_message},
        **kwargs,
    )


def use_placeholders(form: forms.BaseForm, label=CHOOSE) -> None:
    """Replace Django's "---------" empty choice in the form's selects by `label`."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelMultipleChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField):
            # Read by the choice iterator when the select is drawn: no query here.
            if field.empty_label == DJANGO_DASHES:
                field.empty_label = label
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
            choices = list(field.choices)
            if any(value == "" and text == DJANGO_DASHES for value, text in choices):
                field.choices = [
                    (value, label if value == "" and text == DJANGO_DASHES else text) for value, text in choices
                ]


class PlaceholderMixin:
    """Mix into a form (before forms.Form / forms.ModelForm) so its selects say `placeholder`, not "---------"."""

    placeholder = CHOOSE

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        use_placeholders(self, self.placeholder)
