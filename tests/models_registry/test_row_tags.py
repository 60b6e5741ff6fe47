"""The long tables written in Python (`report_rows`, `queue_rows`) say what the template said, escaped.

Each branch of each cell is drawn once here from plain objects; the pages' own tests check the
tables in place.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace as Row

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from dvk import cells
from models_registry.reports.funnel import FunnelRow
from models_registry.reports.rollup import LowerCommittee

HOSTILE = '<script>"&'
ESCAPED = "&lt;script&gt;&quot;&amp;"


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load report_rows queue_rows %}" + source).render(context)


def twin(**overrides):
    values = {
        "is_twin": True,
        "percent": 93,
        "verdict": "maintain",
        "refusal": None,
        "needs_reason": True,
        "initiative": Row(name=HOSTILE, unit=Row(name="Xã A"), campaign=Row(year=2023)),
    }
    return Row(**{**values, **overrides})


def request_row(pk: int, **overrides):
    values = {
        "pk": pk,
        "passes": False,
        "mean_total": None,
        "quorum": 3,
        "quorum_met": False,
        "threshold": 70.5,
        "sheet_count": 0,
        "name": HOSTILE,
        "unit": Row(name="Ấp 1"),
        "field": Row(label="Kinh tế"),
        "get_kind_display": lambda: "Mô hình",
        "twin": None,
        "twin_reason": HOSTILE,
    }
    return Row(**{**values, **overrides})


def one_recognition_row(row, selected=frozenset()) -> str:
    return render("{% recognition_rows rows selected %}", rows=[row], selected=selected)


def test_a_passing_request_may_be_picked_and_says_passed_with_its_mean_in_local_digits():
    html = one_recognition_row(
        request_row(1, passes=True, mean_total=80.25, quorum_met=True, sheet_count=3), selected={1}
    )
    assert 'value="1" id="pick-1" checked aria-label="Chọn “' + ESCAPED + '”"' in html
    assert ">80,25<" in html and 'data-quorum="3">3/3<' in html and ">70,50<" in html
    assert 'text-bg-success">Đạt<' in html


def test_a_request_without_sheets_under_quorum_or_below_threshold_is_disabled_and_says_why():
    assert "disabled" in one_recognition_row(request_row(2))
    assert "Chưa có phiếu" in one_recognition_row(request_row(2))
    assert "Chưa đủ 2 phiếu" in one_recognition_row(request_row(3, mean_total=75.0, quorum=2, sheet_count=1))
    below = one_recognition_row(request_row(4, mean_total=60.0, quorum_met=True, sheet_count=3, threshold=None))
    assert 'text-bg-danger">Chưa đạt<' in below and '<td class="text-end">—</td>' in below


def test_a_twin_row_names_the_recognized_twin_escaped_and_asks_a_reason_only_when_needed():
    html = one_recognition_row(request_row(5, twin=twin()))
    assert f"So với “{ESCAPED}” (Xã A, công nhận năm 2023): giống 93%" in html
    assert 'text-bg-danger">Gần trùng<' in html
    assert f'name="twin_reason-5" id="twin-reason-5" data-twin-reason>{ESCAPED}</textarea>' in html
    lineage = one_recognition_row(request_row(6, twin=twin(verdict="lineage", is_twin=False, needs_reason=False)))
    assert "data-twin-lineage" in lineage and "Tương tự" in lineage and "data-twin-reason" not in lineage


def test_a_refused_twin_shows_the_refusal_capitalized_and_no_reason_field():
    html = one_recognition_row(request_row(7, twin=twin(refusal="nội dung <b>trùng</b>")))
    assert "data-twin-refusal>Nội dung &lt;b&gt;trùng&lt;/b&gt;.</p>" in html
    assert "data-twin-reason" not in html


def test_nomination_rows_escape_the_reason_keep_its_lines_and_offer_the_dossier_and_the_return():
    nomination = Row(
        pk=11,
        initiative=Row(pk=1, name=HOSTILE, unit=Row(name="U")),
        from_committee=Row(name="BCĐ xã"),
        from_decision=None,
        reason="dòng 1\ndòng <2>",
    )
    html = render("{% nomination_rows rows selected %}", rows=[nomination], selected={1})
    assert '<tr data-nomination="11">' in html and 'id="pick-1" checked' in html
    assert "dòng 1<br>dòng &lt;2&gt;" in html
    dossier, back = (
        reverse("reports:initiative_dossier", args=[1]),
        reverse("committee:act", args=[1, "return_nomination"]),
    )
    assert "<td>—<div>" in html and f'href="{dossier}"' in html and f'href="{back}">Trả lại đề cử<' in html


def test_unit_rows_print_whole_counts_plainly_and_the_rate_with_a_decimal_comma():
    rows = [
        Row(name=HOSTILE, direct=True, kind_label="Xã", registered=12345, recognized=3, outstanding=0, rate=12.5),
        Row(name="B", direct=False, kind_label="Ấp", registered=0, recognized=0, outstanding=0, rate=None),
    ]
    html = render("{% unit_rows rows %}", rows=rows)
    assert f'{ESCAPED} <span class="small">(trực tiếp)</span>' in html
    assert ">12345<" in html and ">12,5%<" in html and ">—<" in html


def test_funnel_rows_mark_the_level_and_the_commendation_steps():
    html = render("{% funnel_rows rows key %}", rows=[FunnelRow("province", HOSTILE, 1, 2, 3, 4, 5, 6, 7)], key="level")
    assert f'<tr data-key="province" data-level="province"><th scope="row">{ESCAPED}</th>' in html
    assert 'data-step="proposed">6<' in html and 'data-step="commended">7<' in html
    assert "data-level" not in render("{% funnel_rows rows key %}", rows=[FunnelRow("x", "X")], key="unit")


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({}, "Quá hạn (30/11/2026), chưa tổng kết"),
        ({"due_on": datetime.date(2027, 1, 1)}, "Đang thực hiện, hạn 01/01/2027"),
        ({"campaigns": 0}, "Chưa phát động đợt nào trong kỳ"),
        # Recorded at 23:30 UTC: it is already the next day in Vietnam, and the page says so.
        (
            {
                "summarized_campaigns": 1,
                "summarized_at": datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC),
            },
            'text-bg-success">Đã tổng kết</span> 01/01/2027',
        ),
    ],
)
def test_rollup_rows_say_how_each_lower_committee_stands(overrides, expected):
    committee = LowerCommittee(
        **{
            "committee_id": 1,
            "name": HOSTILE,
            "unit_name": "u",
            "level_label": "Xã",
            "campaigns": 1,
            "summarized_campaigns": 0,
            "due_on": datetime.date(2026, 11, 30),
            "summarized_at": None,
            "registered": 1000,
            "recognized": 2,
            "outstanding": 1,
            "nominated": 1,
            "today": datetime.date(2026, 12, 4),
            **overrides,
        }
    )
    with timezone.override("Asia/Ho_Chi_Minh"):
        html = render("{% rollup_rows rows %}", rows=[committee])
    assert f'data-status="{committee.status}"><th scope="row">{ESCAPED}</th>' in html
    assert expected in html


def test_the_rows_speak_english_in_the_english_interface():
    with translation.override("en"):
        html = one_recognition_row(request_row(2))
    assert "Chưa có phiếu" not in html and "Chọn" not in html


@pytest.mark.parametrize(
    "value",
    [0, 12345, True, None, 1.5, HOSTILE, "it's", mark_safe("<b>kept</b>"), gettext_lazy("Đạt"), "—"],
)
def test_a_cell_is_written_as_format_html_writes_it(value):
    assert cells.cell(value) == conditional_escape(value)


def queued(pk: int, **overrides):
    values = {
        "pk": pk,
        "name": HOSTILE,
        "unit": Row(name="Ấp 1"),
        "field": Row(label="Kinh tế"),
        "get_kind_display": lambda: "Điển hình",
        # 23:30 UTC on the 31st of March is already the 1st of April in Vietnam.
        "submitted_at": datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC),
        "last_inspected_on": None,
        "shows_mean": True,
        "mean_total": None,
        "threshold": 70,
        "sheet_count": 0,
        "scored_by_me": False,
    }
    return Row(**{**values, **overrides})


def test_an_appraisal_row_has_its_tick_box_its_kind_and_the_day_it_was_registered_where_dvk_runs():
    with timezone.override("Asia/Ho_Chi_Minh"):
        html = render("{% appraisal_rows rows %}", rows=[queued(8)])
    assert f'id="pick-8" aria-label="Chọn “{ESCAPED}”"' in html
    assert '<td data-label="Loại">Điển hình</td><td data-label="Đăng ký lúc">01/04/2026</td>' in html
    assert 'href="/committee/initiatives/8/appraise/">Thẩm định</a>' in html


def test_an_inspection_row_has_no_tick_box_and_says_when_it_was_last_inspected_or_never():
    never = render("{% inspection_rows rows %}", rows=[queued(9)])
    assert "checkbox" not in never and 'data-label="Loại"' not in never
    assert 'text-bg-warning">Chưa kiểm tra<' in never
    inspected = render("{% inspection_rows rows True %}", rows=[queued(9, last_inspected_on=datetime.date(2026, 1, 5))])
    assert '<td data-label="Loại">Điển hình</td><td data-label="Kiểm tra gần nhất">05/01/2026</td>' in inspected


def test_a_scoring_row_shows_the_mean_only_when_it_may_be_shown_against_the_threshold():
    html = render(
        "{% scoring_rows rows 'pick-recognition' %}",
        rows=[
            queued(10, mean_total=80.256, sheet_count=3, scored_by_me=True, threshold=70.5),
            queued(11, shows_mean=False, mean_total=90.0, threshold=None),
        ],
    )
    assert 'id="pick-recognition-10"' in html
    assert ">80,26 / 70,5<" in html and 'text-bg-success">Đã nộp<' in html
    assert ">— / —<" in html and 'text-bg-warning">Chưa chấm<' in html
