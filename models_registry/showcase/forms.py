"""The showcase list's filters: read from the query string (`ListFilters`), drawn as a form."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from campaigns.ids import parse_id
from campaigns.models import Field, Unit
from dvk.forms import ALL

from ..models import InitiativeQuerySet

SEARCH_MAX_LENGTH = 200


def _year(value: str | None) -> int | None:
    """A year from the query string, or None (a number past any column's range never reaches a query)."""
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and 0 < len(text) <= 4 else None


@dataclass(frozen=True)
class ListFilters:
    """The list's filters as the query string gives them (what the form shows as chosen)."""

    year: int | None
    field: int | None
    unit: int | None
    q: str
    outstanding: bool

    def apply(self, qs: InitiativeQuerySet, units: list[Unit]) -> InitiativeQuerySet:
        """Filter `qs` by these filters; a unit not among `units` (the top ones) matches nothing."""
        if self.year:
            qs = qs.filter(campaign__year=self.year)
        if self.field:
            qs = qs.filter(field_id=self.field)
        if self.unit:
            unit = next((u for u in units if u.pk == self.unit), None)
            qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
        if self.outstanding:
            qs = qs.filter(outstanding=True)
        if self.q:
            qs = qs.search(self.q)
        return qs

    @classmethod
    def read(cls, query: QueryDict) -> ListFilters:
        """Read the filters from a query string; anything unreadable is no filter."""
        return cls(
            year=_year(query.get("year")),
            # Found by the form fuzz: a number past the id column reached SQLite as an OverflowError (a 500).
            field=parse_id(query.get("field")),
            unit=parse_id(query.get("unit")),
            # NUL would reach PostgreSQL as a string parameter, which it refuses (a server error).
            q=query.get("q", "").replace("\x00", " ").strip()[:SEARCH_MAX_LENGTH],
            outstanding=query.get("outstanding") == "1",
        )

    @property
    def chosen(self) -> bool:
        """Whether any filter is chosen."""
        return bool(self.year or self.field or self.unit or self.q or self.outstanding)


class ShowcaseFilterForm(forms.Form):
    """The filters drawn as a form, showing what `ListFilters.read` understood of the query string.

    Never bound: the query string is read by `ListFilters.read`, which takes anything unreadable as
    no filter (the list is public and cached: a crafted link gets the list, not an error page), so the
    form shows the filters as read (`initial`), never the raw text sent.
    """

    q = forms.CharField(
        label=_("Tìm theo tên, nội dung"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "maxlength": SEARCH_MAX_LENGTH, "placeholder": _("ví dụ: dan van kheo")}
        ),
    )
    year = forms.ChoiceField(label=_("Năm"), required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    outstanding = forms.BooleanField(
        label=_("Chỉ mô hình, điển hình tiêu biểu"),
        required=False,
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )

    def __init__(self, filters: ListFilters, *, years: list[int], fields: list[Field], units: list[Unit]):
        super().__init__(initial=asdict(filters), auto_id="showcase-%s")
        everything = [("", ALL)]
        self.fields["year"].choices = everything + [(year, year) for year in years]
        self.fields["field"].choices = everything + [(field.pk, field.label) for field in fields]
        self.fields["unit"].choices = everything + [(unit.pk, unit.name) for unit in units]
