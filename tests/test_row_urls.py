"""`row_url` and `{% row_url %}`: the URL `reverse()` gives, its pattern reversed once per process."""

from __future__ import annotations

import uuid

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from dvk import reversing
from dvk.reversing import row_url


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("staff:initiative_detail", (1,)),
        ("staff:initiative_detail", (987_654_321_001,)),  # an id equal to a stand-in
        ("staff:initiative_transition", (42, "request_recognition")),
        ("committee:inspection_edit", (7, 12)),
        ("committee:inspection_edit", (987_654_321_002, 987_654_321_001)),  # ids equal to the other stand-ins
        ("committee:act", (3, "return_nomination")),
        ("showcase:photo", (5, "card")),
        ("jobs:download", (123456,)),
    ],
)
def test_row_url_gives_what_reverse_gives(name, args):
    assert row_url(name, *args) == reverse(name, args=args)
    assert row_url(name, *args) == reverse(name, args=args)  # the second time from the kept pattern


def test_each_row_gets_its_own_ids_from_one_pattern(monkeypatch):
    monkeypatch.setattr(reversing, "_patterns", {})
    urls = [row_url("committee:inspection_edit", pk, pk * 10) for pk in (1, 22, 333)]

    assert urls == [reverse("committee:inspection_edit", args=[pk, pk * 10]) for pk in (1, 22, 333)]
    assert sum(key[0] == "committee:inspection_edit" for key in reversing._patterns) == 1


def test_what_the_stand_ins_cannot_stand_for_goes_through_reverse():
    # A negative id, a UUID and None: the same answer (or the same refusal) as reverse().
    with pytest.raises(NoReverseMatch):
        row_url("staff:initiative_detail", -1)
    with pytest.raises(NoReverseMatch):
        row_url("staff:initiative_detail", None)
    with pytest.raises(NoReverseMatch):
        row_url("staff:initiative_detail", uuid.uuid4())
    assert not any(key[0] == "staff:initiative_detail" and None in key[1] for key in reversing._patterns)


def test_a_converter_that_refuses_the_stand_ins_is_not_cached():
    # `slug` takes a photo size; an int there is refused by the pattern: reverse() answers the same way.
    with pytest.raises(NoReverseMatch):
        row_url("showcase:photo", 5, "not a slug")


def test_the_pattern_follows_the_script_prefix():
    plain = row_url("staff:initiative_detail", 9)
    set_script_prefix("/dvk/")
    try:
        assert row_url("staff:initiative_detail", 9) == reverse("staff:initiative_detail", args=[9])
        assert row_url("staff:initiative_detail", 9).startswith("/dvk/")
    finally:
        set_script_prefix("/")
    assert row_url("staff:initiative_detail", 9) == plain


@override_settings(ROOT_URLCONF="tests.urls_row_url")
def test_the_pattern_follows_the_url_configuration():
    assert row_url("staff:initiative_detail", 9) == "/elsewhere/9/"


def test_the_table_of_patterns_stops_growing_past_its_bound(monkeypatch):
    monkeypatch.setattr(reversing, "_patterns", {})
    monkeypatch.setattr(reversing, "_MOST", 2)
    for size in ("card", "large", "thumb"):
        assert row_url("showcase:photo", 5, size) == reverse("showcase:photo", args=[5, size])

    assert len(reversing._patterns) == 2


def test_the_tag_writes_the_url_tags_answer_escaped_and_as_a_variable():
    template = Template(
        "{% load dvk_urls %}{% row_url 'staff:initiative_transition' pk 'request_recognition' %}|"
        "{% row_url 'staff:initiative_detail' pk as link %}[{{ link }}]"
    )
    expected = Template(
        "{% url 'staff:initiative_transition' pk 'request_recognition' %}|"
        "{% url 'staff:initiative_detail' pk as link %}[{{ link }}]"
    )

    assert template.render(Context({"pk": 17})) == expected.render(Context({"pk": 17}))
