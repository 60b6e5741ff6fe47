"""Dates written into Python-built sentences read as the pages write them (dvk.dates: one rule)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from dvk.dates import date_text, datetime_text

SAIGON = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_day_in_a_sentence_is_written_as_the_page_writes_it(language):
    day = datetime.date(2026, 3, 9)
    with translation.override(language):
        page = Template("{{ day }}").render(Context({"day": day}))
        assert date_text(day) == page == "09/03/2026"


def test_a_moment_is_written_as_the_day_it_is_in_vietnam_not_in_utc():
    # 20:30 UTC on 6 December is 03:30 on 7 December in Hà Nội: the province's day.
    evening_utc = datetime.datetime(2026, 12, 6, 20, 30, tzinfo=datetime.UTC)
    with translation.override("vi"):
        assert date_text(evening_utc) == "07/12/2026"
        assert datetime_text(evening_utc) == "07/12/2026 03:30"
        assert datetime_text(evening_utc.astimezone(SAIGON)) == "07/12/2026 03:30"


def test_no_date_is_written_as_empty_or_as_asked():
    assert date_text(None) == ""
    assert date_text(None, empty="—") == "—"
    assert datetime_text(None) == ""
