"""The summary report as a Word file: the same parts as the PDF (pdf.report_context), for the office to finish."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext, ngettext

from ..pdf import PDF_LIST_LIMIT, _cell_text, report_context, with_extra_tables
from ..periods import Period
from ..tables import choice_labels, iter_recognized_rows
from . import word


def _head(document, context: dict) -> None:
    """Add the letterhead, the title and the scope (with the period, when one is asked)."""
    word.letterhead(
        document,
        governing_body=context["authority"],
        issuer=context["committee"],
        is_party=context["is_party"],
        number=context["number"],
        motto=context["motto"],
        motto_line=context["motto_line"],
        place_date=f"{context['place']}, {context['date_text']}",
    )
    word._paragraph(document, gettext("BÁO CÁO"), size=14, bold=True)
    word._paragraph(document, context["title"], bold=True)
    scope = gettext("Phạm vi: %(scope)s") % {"scope": context["scope_name"]}
    if context["period"] is not None:
        scope = f"{context['period'].label} — {scope}"
    word._paragraph(document, scope, italic=True)


def _sections(document, context: dict, summary, extra_tables) -> None:
    """Add part I (the results and their tables), then the other parts, heading by heading."""
    word.heading(document, gettext("I. KẾT QUẢ THỰC HIỆN"))
    word.heading(document, gettext("1. Kết quả chung"))
    for paragraph in context["sections"][0]["results"]:
        word.body_paragraph(document, paragraph)
    for position, (title, headers, rows) in enumerate(with_extra_tables(summary, extra_tables)):
        if position:
            word.heading(document, f"{position + 1}. {title}")
        word.table(document, headers, [[_cell_text(v) for v in row] for row in rows])
    for section in context["sections"][1:]:
        word.heading(document, section["heading"])
        for part in section["parts"]:
            if part["heading"]:
                word.heading(document, part["heading"])
            for paragraph in part["paragraphs"]:
                word.body_paragraph(document, paragraph)


def _recognized_rows(summary) -> list[list[str]]:
    return [
        [
            str(index),
            name,
            unit,
            field,
            f"{kind} {subject.lower()}",
            " ".join(filter(None, [number, _cell_text(day)])),
        ]
        for index, name, unit, field, kind, subject, number, day, _level, _outstanding in iter_recognized_rows(
            summary, choice_labels()
        )
    ]


def _appendix(document, summary, list_limit: int | None) -> None:
    """Add the recognized list on a new page, or a line pointing to the Excel file when it is too long."""
    document.add_page_break()
    word.heading(document, gettext("PHỤ LỤC: DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH ĐƯỢC CÔNG NHẬN"))
    if list_limit is not None and summary.recognized > list_limit:
        word.body_paragraph(
            document,
            ngettext(
                "Danh sách %(count)s mô hình, điển hình được công nhận được gửi kèm trong tệp Excel.",
                "Danh sách %(count)s mô hình, điển hình được công nhận được gửi kèm trong tệp Excel.",
                summary.recognized,
            )
            % {"count": summary.recognized},
        )
        return
    rows = _recognized_rows(summary)
    headers = [
        gettext("STT"),
        gettext("Tên mô hình/điển hình"),
        gettext("Đơn vị"),
        gettext("Lĩnh vực"),
        gettext("Loại"),
        gettext("Quyết định công nhận"),
    ]
    word.table(document, headers, rows, size=10)


def summary_docx(
    summary,
    *,
    period: Period | None = None,
    year: int | None = None,
    campaign=None,
    root_unit=None,
    today: datetime.date | None = None,
    list_limit: int | None = PDF_LIST_LIMIT,
    extra_tables: list | tuple = (),
) -> bytes:
    """Return the summary report as DOCX: letterhead, title, I–IV, signature, the recognized list as appendix."""
    context = report_context(summary, year=year, campaign=campaign, root_unit=root_unit, today=today, period=period)
    document = word.new_document()
    _head(document, context)
    _sections(document, context, summary, extra_tables)
    word.closing(document, context["recipients"], context["signing"], context["chair"] or "")
    _appendix(document, summary, list_limit)
    return word.saved(document)
