"""The summary report as a PDF (WeasyPrint), laid out as an official Vietnamese report.

Header block (committee on the left, the national motto, place and date on the right), the
title, the breakdown tables with server-side SVG charts, the list of recognized initiatives
and a signature block. The Vietnamese font (DejaVu Serif Condensed, vendored in static/fonts)
is embedded through @font-face with file:// URLs.

The renderer must never reach the network: `safe_url_fetcher` serves only files under
static/fonts and data: URIs, and refuses every other URL (http, https, ftp, other files).
"""

from __future__ import annotations

import datetime
import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.db.models import FilteredRelation, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from campaigns.models import Campaign, CommitteeMembership, Role, SteeringCommittee
from dvk.numbers import number_text

from .exports import choice_labels, iter_recognized_rows, summary_tables
from .periods import Period
from .svg_charts import bar_chart

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FONT_FILES = {
    "regular": "DejaVuSerifCondensed.ttf",
    "bold": "DejaVuSerifCondensed-Bold.ttf",
    "italic": "DejaVuSerifCondensed-Italic.ttf",
    "bold_italic": "DejaVuSerifCondensed-BoldItalic.ttf",
}
MAX_CHART_UNITS = 30
# WeasyPrint lays out a long table slowly (about 40 ms a row: 2,000 rows take over a minute and
# hundreds of MB),
# so a report for the web lists the recognized initiatives only up to this many; beyond it the
# appendix points to the workbook, whose "Đã công nhận" sheet holds them all. The management
# command can lift the limit for an offline run.
PDF_LIST_LIMIT = 300


class RefusedURL(PermissionError):
    """The PDF renderer asked for something outside the bundled fonts."""


def safe_url_fetcher(url: str, timeout: int = 10, ssl_context=None, http_headers=None) -> dict:
    """Serve the bundled fonts and data: URIs to WeasyPrint; refuse everything else."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        # urllib decodes data: URIs in memory; no socket is opened.
        return default_url_fetcher(url, timeout=timeout)
    if url.startswith("file:"):
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if path.is_relative_to(FONT_DIR.resolve()) and path.is_file():
            mime_type = mimetypes.guess_type(path.name)[0] or "font/ttf"
            return {"string": path.read_bytes(), "mime_type": mime_type, "redirected_url": url}
    raise RefusedURL(f"The PDF report may only read the bundled fonts, not {url!r}.")


def official_date(day: datetime.date) -> str:
    """Return "ngày 05 tháng 02 năm 2026": day and months below 3 with a leading zero (Decree 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return gettext("ngày %(day)s tháng %(month)s năm %(year)s") % {
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


def _rate_text(value) -> str:
    return number_text(value, 1)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float):
        return _rate_text(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _committees(assessment_key: str | None):
    """Committees with their unit, and with `assessment_key` their saved assessment of that period
    as `saved_assessment` (None when there is none), joined in the same query."""
    qs = SteeringCommittee.objects.select_related("unit")
    if assessment_key is None:
        return qs
    saved = FilteredRelation("assessments", condition=Q(assessments__period_key=assessment_key))
    return qs.annotate(saved_assessment=saved).select_related("saved_assessment")


def _first_committee(qs, assessment_key: str | None) -> SteeringCommittee | None:
    """The first committee of `qs` (from `_committees`), its `saved_assessment` set even when there is none."""
    committee = qs.first()
    if committee is not None and assessment_key is not None:
        # The join sets `saved_assessment` only when there is one: say None when there is none.
        committee.saved_assessment = getattr(committee, "saved_assessment", None)
    return committee


def _committee_for(campaign, root_unit, assessment_key: str | None = None) -> SteeringCommittee | None:
    """The committee that issues the report: the nearest one over the report's scope.

    A commune's part of the province's campaign is reported by the commune's committee (its
    header, its chair's signature), not by the province's; the campaign's own committee is the
    fallback when no committee covers the scope.
    """
    if root_unit is not None:
        covering = _first_committee(
            _committees(assessment_key)
            .filter(unit__path__in=root_unit.ancestor_paths())
            .order_by("-unit__depth", "pk"),
            assessment_key,
        )
        if covering is not None:
            return covering
    if campaign is None:
        return None
    if assessment_key is None:
        return campaign.committee
    # Read again only to bring its saved assessment the same way as the others.
    return _first_committee(_committees(assessment_key).filter(pk=campaign.committee_id), assessment_key)


def _lessons_learned(committee, campaign, year: int | None) -> str:
    """The lessons the issuing committee wrote when it summarized the report's campaign(s).

    A yearly report carries those of every campaign the committee ran that year; another
    committee's lessons (the province's, in a commune's report) are not the issuer's to print.
    """
    if committee is None:
        return ""
    if campaign is not None:
        return campaign.lessons_learned if campaign.committee_id == committee.pk else ""
    if year is None:
        return ""
    texts = (
        Campaign.objects.filter(committee=committee, year=year)
        .exclude(lessons_learned="")
        .order_by("launched_at", "pk")
        .values_list("lessons_learned", flat=True)
    )
    return "\n".join(texts)


def issuing_committee(
    period: Period | None, root_unit, *, assessment_key: str | None = None
) -> SteeringCommittee | None:
    """The committee that issues a report of this period and scope (the top one for the whole province).

    With `assessment_key` (a `Period.key`), the committee's saved assessment of that period comes
    with it as `saved_assessment` (None when there is none): the summary page's form reads it.
    """
    campaign = period.campaign if period is not None else None
    committee = _committee_for(campaign, root_unit, assessment_key)
    if committee is None:
        committee = _first_committee(_committees(assessment_key).order_by("unit__depth", "pk"), assessment_key)
    return committee


def figures_text(summary, scope_name: str) -> str:
    """The report's opening figures, the sentence the assessment's "results" is prefilled with.

    One clause per count, each through ngettext: English says "1 initiative was recognized" and
    "3 initiatives were recognized"; Vietnamese has one form and reads as one sentence.
    """
    clauses = [
        ngettext(
            "Trong phạm vi %(scope)s có %(count)s mô hình, điển hình đăng ký tham gia phong trào;",
            "Trong phạm vi %(scope)s có %(count)s mô hình, điển hình đăng ký tham gia phong trào;",
            summary.registered,
        )
        % {"scope": scope_name, "count": summary.registered},
        ngettext(
            "%(count)s mô hình, điển hình được công nhận (tỷ lệ %(rate)s%%),",
            "%(count)s mô hình, điển hình được công nhận (tỷ lệ %(rate)s%%),",
            summary.recognized,
        )
        % {"count": summary.recognized, "rate": _rate_text(summary.rate)},
        ngettext(
            "trong đó %(count)s mô hình, điển hình tiêu biểu.",
            "trong đó %(count)s mô hình, điển hình tiêu biểu.",
            summary.outstanding,
        )
        % {"count": summary.outstanding},
        ngettext(
            "Có %(count)s mô hình được nhân rộng từ mô hình của đơn vị khác;",
            "Có %(count)s mô hình được nhân rộng từ mô hình của đơn vị khác;",
            summary.replications,
        )
        % {"count": summary.replications},
        ngettext("%(count)s lượt khen thưởng.", "%(count)s lượt khen thưởng.", summary.commendations_total)
        % {"count": summary.commendations_total},
    ]
    return " ".join(clauses)


def scope_name_of(root_unit) -> str:
    return str(root_unit.name) if root_unit is not None else gettext("toàn tỉnh")


def assessment_for(committee, period: Period | None):
    """Return the committee's saved assessment of the period, or None."""
    from ..models import ReportAssessment

    if committee is None or period is None:
        return None
    return ReportAssessment.objects.filter(committee=committee, period_key=period.key).first()


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def report_sections(summary, committee, period: Period | None, scope_name: str, year: int | None) -> list[dict]:
    """The report's written parts after the figures: I results, II shortcomings and causes, III lessons, IV directions.

    An empty part still prints its heading with a dotted line, for the office to write by hand or in the Word file.
    """
    assessment = assessment_for(committee, period)
    campaign = period.campaign if period is not None else None
    lessons = assessment.lessons if assessment and assessment.lessons.strip() else ""
    if not lessons and (period is None or not period.is_years):
        lessons = _lessons_learned(committee, campaign, year)
    results = assessment.results if assessment and assessment.results.strip() else figures_text(summary, scope_name)
    ahead = gettext("giai đoạn tới") if period is not None and period.is_years else gettext("năm tới")
    parts = [
        (
            gettext("II. HẠN CHẾ VÀ NGUYÊN NHÂN"),
            [
                (gettext("1. Hạn chế"), assessment.shortcomings if assessment else ""),
                (gettext("2. Nguyên nhân"), assessment.causes if assessment else ""),
            ],
        ),
        (gettext("III. BÀI HỌC KINH NGHIỆM"), [("", lessons)]),
        (
            gettext("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ %(ahead)s") % {"ahead": ahead.upper()},
            [
                ("", assessment.directions if assessment else ""),
            ],
        ),
    ]
    sections = []
    for heading, subsections in parts:
        sections.append(
            {
                "heading": heading,
                "parts": [
                    {"heading": sub, "paragraphs": _paragraphs(text) or [BLANK_LINE]} for sub, text in subsections
                ],
            }
        )
    return [{"results": _paragraphs(results)}, *sections]


BLANK_LINE = "…" * 40


def _resolve_period(period: Period | None, campaign, year: int | None) -> Period | None:
    """The report's period: the one given, else the campaign's, else the year's (None for none of them)."""
    if period is None:
        if campaign is not None:
            period = Period.of_campaign(campaign)
        elif year is not None:
            period = Period.of_year(year)
    return period


def _chair_name(committee) -> str | None:
    """The name of the committee's chair, who signs the report (None when the committee has none)."""
    if committee is None:
        return None
    membership = CommitteeMembership.objects.filter(committee=committee, role=Role.CHAIR).select_related("user").first()
    if membership is None:
        return None
    return membership.user.get_full_name() or membership.user.get_username()


def _letterhead(committee, paper, authority_unit) -> dict:
    """The issuer, the governing body, place, number symbol, signing and recipient lines of the report.

    From the committee's paper settings when it has a committee, else the province's defaults.
    """
    from .papers.decision import recipient_lines, signing_lines

    if paper is not None:
        issuer = str(paper.issuer_name or committee.name).upper()
        return {
            "issuer": issuer,
            "governing": paper.governing_body.upper() or str(authority_unit.name).upper(),
            "is_party": paper.is_party,
            "place": paper.place,
            "symbol": paper.number_symbol,
            "signing": signing_lines(paper, issuer),
            "recipients": recipient_lines(
                paper, first=[gettext("Ban Dân vận cấp trên"), gettext("Các thành viên Ban Chỉ đạo")]
            ),
        }
    return {
        "issuer": gettext("BAN CHỈ ĐẠO PHONG TRÀO “DÂN VẬN KHÉO”"),
        "governing": str(authority_unit.name).upper() if authority_unit is not None else "",
        "is_party": False,
        "place": getattr(settings, "DVK_REPORT_PLACE", "Vĩnh Long"),
        "symbol": "BCĐ",
        "signing": [gettext("TRƯỞNG BAN")],
        "recipients": [f"- {gettext('Ban Dân vận cấp trên')};", f"- {gettext('Lưu: VT')}."],
    }


def report_context(
    summary, *, year: int | None = None, campaign=None, root_unit=None, today=None, period: Period | None = None
) -> dict:
    """Return what the report prints around its tables: letterhead, title, written parts, signature block."""
    today = today or timezone.localdate()
    root_unit = root_unit if root_unit is not None else summary.root_unit
    period = _resolve_period(period, campaign, year)
    if period is not None:
        campaign, year = period.campaign, period.year
    committee = issuing_committee(period, root_unit)
    paper = committee.paper_settings() if committee is not None else None
    authority_unit = committee.unit if committee is not None else root_unit
    chair = _chair_name(committee)
    scope_name = scope_name_of(root_unit)
    head = _letterhead(committee, paper, authority_unit)
    is_party, symbol = head["is_party"], head["symbol"]
    blank = "\u00a0" * 8
    return {
        "authority": head["governing"],
        "committee": head["issuer"],
        "is_party": is_party,
        "motto": "ĐẢNG CỘNG SẢN VIỆT NAM" if is_party else gettext("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        "motto_line": "" if is_party else gettext("Độc lập - Tự do - Hạnh phúc"),
        # A report's number is written when it is signed: the blank is the office's to fill.
        "number": f"Số {blank}-BC/{symbol}" if is_party else f"Số: {blank}/BC-{symbol}",
        "place": head["place"],
        "date_text": official_date(today),
        "year": year,
        "campaign": campaign,
        "period": period,
        "scope_name": scope_name,
        "chair": chair,
        "signing": head["signing"],
        "recipients": head["recipients"],
        "title": report_title(year, period),
        "sections": report_sections(summary, committee, period, scope_name, year),
    }


def with_extra_tables(summary, extra_tables) -> list:
    """The summary's tables with the extra ones (a period's years) right after the overview."""
    tables = summary_tables(summary)
    return [tables[0], *extra_tables, *tables[1:]]


def report_title(year: int | None, period: Period | None = None) -> str:
    """The report's title line, as the PDF, the DOCX and the XLSX print it."""
    if period is not None and period.is_years:
        return gettext("Tổng kết phong trào thi đua “Dân vận khéo” %(span)s") % {"span": period.span_text}
    if year:
        return gettext("Tổng kết phong trào thi đua “Dân vận khéo” năm %(year)s") % {"year": year}
    return gettext("Tổng kết phong trào thi đua “Dân vận khéo”")


def _charts(summary) -> dict[str, str]:
    registered, recognized = gettext("Đăng ký"), gettext("Công nhận")

    def pair(rows):
        return [(registered, [r.registered for r in rows]), (recognized, [r.recognized for r in rows])]

    units = sorted(summary.by_unit, key=lambda r: -r.registered)[:MAX_CHART_UNITS]
    charts = {
        "field": bar_chart(
            gettext("Mô hình, điển hình theo lĩnh vực"), [r.label for r in summary.by_field], pair(summary.by_field)
        ),
        "origin": bar_chart(
            gettext("Mới, duy trì, nhân rộng"), [r.label for r in summary.by_origin], pair(summary.by_origin)
        ),
    }
    if units:
        charts["unit"] = bar_chart(gettext("Theo đơn vị"), [r.name for r in units], pair(units))
    return {key: mark_safe(svg) for key, svg in charts.items()}  # noqa: S308 — built by us, every text escaped


def _html_tables(summary, extra_tables, charts: dict[str, str]) -> list[dict]:
    """The tables as the template draws them: text cells, numbers marked, the total row, a chart under some."""
    # The chart drawn under each table (by position in summary_tables).
    shift = len(extra_tables)
    chart_after = {1 + shift: charts.get("field"), 4 + shift: charts.get("origin"), 6 + shift: charts.get("unit")}
    return [
        {
            "title": title,
            "chart": chart_after.get(position),
            "headers": headers,
            "rows": [
                {
                    "cells": [
                        {"text": _cell_text(v), "num": isinstance(v, int | float) and not isinstance(v, bool)}
                        for v in row
                    ],
                    "total": row[0] is None and index == len(rows) - 1,
                }
                for index, row in enumerate(rows)
            ],
        }
        for position, (title, headers, rows) in enumerate(with_extra_tables(summary, extra_tables))
    ]


def _recognized_list(summary, list_limit: int | None, progress: Callable[[int], None] | None) -> tuple[list, bool]:
    """The appendix's rows of recognized initiatives, and whether the list was left out for its length."""
    recognized = []
    list_omitted = list_limit is not None and summary.recognized > list_limit
    rows = () if list_omitted else iter_recognized_rows(summary, choice_labels())
    for index, name, unit, field, kind, subject, number, decided_on, level, outstanding in rows:
        # A portrait page holds seven readable columns: kind and subject share one; the decision's
        # number, date and level another, each on its own line ("dd/mm/yyyy" and "Province level"
        # do not break, and a column of their own ran past its border, in English above all).
        decision = "\n".join(part for part in (number, _cell_text(decided_on), level) if part) if number else ""
        recognized.append(
            [str(index), name, unit, field, f"{kind} {subject.lower()}", decision, "x" if outstanding else ""]
        )
        if progress and len(recognized) % 500 == 0:
            progress(len(recognized))
    if progress:
        progress(len(recognized))
    return recognized, list_omitted


def summary_html(
    summary,
    *,
    year: int | None = None,
    campaign=None,
    root_unit=None,
    today: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
    list_limit: int | None = PDF_LIST_LIMIT,
    period: Period | None = None,
    extra_tables: list | tuple = (),
) -> str:
    """Render the report's HTML (also handy to preview in a browser)."""
    context = report_context(summary, year=year, campaign=campaign, root_unit=root_unit, today=today, period=period)
    tables = _html_tables(summary, extra_tables, _charts(summary))
    recognized, list_omitted = _recognized_list(summary, list_limit, progress)
    fonts = {key: (FONT_DIR / name).resolve().as_uri() for key, name in FONT_FILES.items()}
    context.update(
        {
            "summary": summary,
            "rate_text": _rate_text(summary.rate),
            "tables": tables,
            "recognized": recognized,
            "list_omitted": summary.recognized if list_omitted else 0,
            "fonts": fonts,
        }
    )
    return render_to_string("models_registry/reports/pdf/summary.html", context)


def summary_pdf(summary, **options) -> bytes:
    """Return the report `summary_html` draws with these options as PDF; nothing fetched from outside static/fonts."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = summary_html(summary, **options)
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=FONT_DIR.resolve().as_uri() + "/", url_fetcher=safe_url_fetcher)
    return document.write_pdf(font_config=font_config)
