"""The appraisal minutes (biên bản thẩm định) of one recognition request, from its score sheets.

What the committee's sheets say, as one paper in the committee's format: who scored, each
criterion's mean, who did not take part and why, the quorum and the threshold, the conclusion.
PDF through `render.html_to_pdf`, DOCX with the Word helpers of `word` (both read-only here).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from dvk.numbers import number_text

from ...models import Initiative, ScoreSheet, reaches_threshold, rounded_score
from .document import PaperHead, head_of, in_vietnamese
from .render import html_to_pdf
from .word import _paragraph, new_document, saved


@dataclass
class SheetRow:
    index: int
    member: str
    total: str
    submitted_on: str


@dataclass
class CriterionRow:
    index: int
    name: str
    max_points: int
    mean: str


@dataclass
class MinutesPaper(PaperHead):
    place_date: str
    title: str
    subject: str
    facts: list[str]
    sheets: list[SheetRow]
    criteria: list[CriterionRow]
    recusals: list[str]
    conclusion: str
    signing: list[str] = field(default_factory=list)


def _points(value) -> str:
    return number_text(value, 2, trim=True)


def _conclusion(count: int, quorum: int, mean: Decimal | None, criteria_set) -> str:
    """Return the conclusion: no quorum; or the mean against the threshold."""
    if count < quorum:
        return gettext(
            "Chưa đủ số phiếu chấm điểm tối thiểu (%(count)s/%(quorum)s phiếu): chưa đủ điều kiện xét công nhận."
        ) % {"count": count, "quorum": quorum}
    if criteria_set is not None and reaches_threshold(mean, criteria_set.threshold):
        return gettext("Điểm bình quân %(mean)s đạt ngưỡng công nhận %(threshold)s: đề nghị công nhận.") % {
            "mean": _points(mean),
            "threshold": _points(criteria_set.threshold),
        }
    return gettext("Điểm bình quân %(mean)s chưa đạt ngưỡng công nhận %(threshold)s.") % {
        "mean": _points(mean),
        "threshold": _points(criteria_set.threshold if criteria_set else None),
    }


def _facts(initiative: Initiative, criteria_set, count: int, mean: Decimal | None) -> list[str]:
    """Return the lines that name what was appraised, by which criteria, with how many sheets."""
    campaign = initiative.campaign
    return [
        gettext("Tên mô hình, điển hình: %(name)s") % {"name": initiative.name},
        gettext("Đơn vị: %(unit)s") % {"unit": initiative.unit.name},
        gettext("Lĩnh vực: %(field)s") % {"field": initiative.field.label},
        gettext("Đợt phát động: %(campaign)s") % {"campaign": campaign.name},
        gettext("Bộ tiêu chí: %(name)s; ngưỡng công nhận %(threshold)s/%(max)s điểm")
        % {
            "name": criteria_set.name if criteria_set else "—",
            "threshold": _points(criteria_set.threshold) if criteria_set else "—",
            "max": criteria_set.max_total if criteria_set else "—",
        },
        gettext("Số phiếu đã nộp: %(count)s (tối thiểu %(quorum)s)") % {"count": count, "quorum": campaign.quorum},
        gettext("Điểm bình quân: %(mean)s") % {"mean": _points(mean)},
    ]


def _sheet_rows(sheets: list[ScoreSheet]) -> list[SheetRow]:
    return [
        SheetRow(
            i,
            s.member.get_full_name() or s.member.username,
            _points(s.total),
            timezone.localtime(s.submitted_at).strftime("%d/%m/%Y"),
        )
        for i, s in enumerate(sheets, start=1)
    ]


def _criterion_rows(criteria: list, sheets: list[ScoreSheet]) -> list[CriterionRow]:
    """Return each criterion with the mean of the points the sheets gave it."""
    by_criterion: dict[int, list[Decimal]] = {}
    for sheet in sheets:
        for item in sheet.items.all():
            by_criterion.setdefault(item.criterion_id, []).append(item.points)
    return [
        CriterionRow(
            i,
            c.name,
            c.max_points,
            _points(sum(by_criterion[c.pk]) / len(by_criterion[c.pk]) if by_criterion.get(c.pk) else None),
        )
        for i, c in enumerate(criteria, start=1)
    ]


def minutes_paper(initiative: Initiative, today: datetime.date | None = None) -> MinutesPaper:
    """Return every part the minutes print, from the submitted sheets of the initiative."""
    campaign = initiative.campaign
    head = head_of(campaign.committee, today or timezone.localdate())
    criteria_set = campaign.criteria_set_for(initiative.kind)
    criteria = list(criteria_set.criteria.order_by("order", "pk")) if criteria_set else []
    sheets = list(initiative.score_sheets.submitted_with_points())
    mean = rounded_score(sum((s.total for s in sheets), Decimal(0)) / len(sheets)) if sheets else None
    recusals = [
        f"{r.member.get_full_name() or r.member.username}: {r.reason}"
        for r in initiative.recusals.select_related("member")
    ]
    return MinutesPaper(
        **head,
        title=gettext("BIÊN BẢN THẨM ĐỊNH"),
        subject=gettext("Kết quả chấm điểm đề nghị công nhận mô hình, điển hình “Dân vận khéo”"),
        facts=_facts(initiative, criteria_set, len(sheets), mean),
        sheets=_sheet_rows(sheets),
        criteria=_criterion_rows(criteria, sheets),
        recusals=recusals,
        conclusion=_conclusion(len(sheets), campaign.quorum, mean, criteria_set),
        signing=[gettext("THƯ KÝ"), gettext("CHỦ TRÌ")],
    )


@in_vietnamese
def minutes_html(initiative: Initiative) -> str:
    """Render the minutes' printable HTML."""
    return render_to_string("models_registry/reports/papers/minutes.html", {"paper": minutes_paper(initiative)})


def minutes_pdf(initiative: Initiative) -> bytes:
    """Return the appraisal minutes as an A4 PDF in the committee's format."""
    return html_to_pdf(minutes_html(initiative))


def _table(document, head: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = ""
        _paragraph(cell, text, size=12, bold=True)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = ""
            _paragraph(cell, text, size=12, align="left")


def _minutes_head(document, paper: MinutesPaper) -> None:
    """Add the two header blocks; the minutes carry no number."""
    head = document.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.text = right.text = ""
    if paper.governing_body:
        _paragraph(left, paper.governing_body, size=12)
    _paragraph(left, paper.issuer, size=12, bold=True)
    _paragraph(right, paper.motto, size=12, bold=True)
    if paper.motto_line:
        _paragraph(right, paper.motto_line, size=13, bold=True, underline=True)
    _paragraph(right, paper.place_date, size=13, italic=True)


def _minutes_body(document, paper: MinutesPaper) -> None:
    """Add the facts, both tables, who did not take part, and the conclusion."""
    for fact in paper.facts:
        _paragraph(document, fact, align="left")
    _paragraph(document, gettext("Phiếu chấm điểm đã nộp:"), bold=True, align="left")
    _table(
        document,
        (gettext("STT"), gettext("Người chấm"), gettext("Tổng điểm"), gettext("Ngày nộp")),
        [(str(r.index), r.member, r.total, r.submitted_on) for r in paper.sheets],
    )
    _paragraph(document, gettext("Điểm bình quân theo tiêu chí:"), bold=True, align="left")
    _table(
        document,
        (gettext("STT"), gettext("Tiêu chí"), gettext("Điểm tối đa"), gettext("Bình quân")),
        [(str(r.index), r.name, str(r.max_points), r.mean) for r in paper.criteria],
    )
    if paper.recusals:
        _paragraph(document, gettext("Thành viên không tham gia chấm điểm:"), bold=True, align="left")
        for line in paper.recusals:
            _paragraph(document, f"- {line}", align="left")
    _paragraph(document, gettext("Kết luận: %(text)s") % {"text": paper.conclusion}, bold=True, align="justify")


@in_vietnamese
def minutes_docx(initiative: Initiative) -> bytes:
    """Return the appraisal minutes as DOCX bytes (A4, Times New Roman), to adjust before signing."""
    paper = minutes_paper(initiative)
    document = new_document()
    _minutes_head(document, paper)
    _paragraph(document, paper.title, size=14, bold=True)
    _paragraph(document, paper.subject, size=13, bold=True)
    _minutes_body(document, paper)
    closing = document.add_table(rows=1, cols=2)
    for cell, line in zip(closing.rows[0].cells, paper.signing, strict=True):
        cell.text = ""
        _paragraph(cell, line, bold=True)
    return saved(document)
