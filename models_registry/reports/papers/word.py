"""The recognition decision as a Word file (python-docx) an office can adjust before signing."""

from __future__ import annotations

import io

from django.utils.translation import gettext

from .decision import DecisionPaper, Row, decision_paper
from .document import in_vietnamese

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"  # Decree 30/2020: Times New Roman; Word has it, so the DOCX names it.


def _paragraph(container, text: str = "", *, size=13, bold=False, italic=False, underline=False, align="center"):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    paragraph.paragraph_format.space_after = Pt(3)
    if text:
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline
    return paragraph


def _article(document, label: str, text: str) -> None:
    from docx.shared import Cm, Pt

    paragraph = _paragraph(document, align="justify")
    paragraph.paragraph_format.first_line_indent = Cm(1)
    label_run = paragraph.add_run(label + " ")
    label_run.bold, label_run.font.size = True, Pt(13)
    paragraph.add_run(text).font.size = Pt(13)


def _list(document, rows: list[Row]) -> None:
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        (gettext("STT"), gettext("Tên mô hình, điển hình"), gettext("Đơn vị"), gettext("Loại")),
        strict=True,
    ):
        cell.text = ""
        _paragraph(cell, text, size=12, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(row.index), row.name, row.unit, row.kind), strict=True):
            cell.text = ""
            _paragraph(cell, text, size=12, align="left" if text != str(row.index) else "center")


def _setup(document) -> None:
    from docx.shared import Mm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    # East-Asian and complex-script slots too, or Word falls back to another font for "ệ".
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs"):
        fonts.set(_qn(slot), FONT)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def new_document():
    """Return an empty A4 document with the rule's margins and Times New Roman."""
    from docx import Document

    document = Document()
    _setup(document)
    return document


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def letterhead(document, *, governing_body, issuer, is_party, number, motto, motto_line, place_date) -> None:
    """Add the two header blocks: governing and issuing body with the number; the motto with place and date."""
    head = document.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.text = right.text = ""
    if governing_body:
        _paragraph(left, governing_body, size=12.5)
    _paragraph(left, issuer, size=12.5, bold=True)
    _paragraph(left, "*" if is_party else "_______")
    _paragraph(left, number)
    if is_party:
        _paragraph(right, motto, size=14, bold=True, underline=True)
    else:
        _paragraph(right, motto, size=12.5, bold=True)
        _paragraph(right, motto_line, bold=True, underline=True)
    _paragraph(right, place_date, italic=True)


def letterhead_of(document, head) -> None:
    """Add the letterhead of a paper or its `Letterhead` (anything with the letterhead's attributes)."""
    letterhead(
        document,
        governing_body=head.governing_body,
        issuer=head.issuer,
        is_party=head.is_party,
        number=head.number,
        motto=head.motto,
        motto_line=head.motto_line,
        place_date=head.place_date,
    )


def closing(document, recipients: list[str], signing: list[str], signer: str) -> None:
    """Add "Nơi nhận" on the left and the signature block on the right."""
    block = document.add_table(rows=1, cols=2)
    left, right = block.rows[0].cells
    left.text = right.text = ""
    _paragraph(left, gettext("Nơi nhận:"), size=12, bold=True, italic=True, align="left")
    for line in recipients:
        _paragraph(left, line, size=11, align="left")
    for line in signing:
        _paragraph(right, line, bold=True)
    for _blank in range(4):
        _paragraph(right)
    _paragraph(right, signer, bold=True)


def heading(document, text: str, size: float = 13) -> None:
    _paragraph(document, text, size=size, bold=True, align="left")


def body_paragraph(document, text: str, *, italic: bool = False) -> None:
    from docx.shared import Cm

    _paragraph(document, text, italic=italic, align="justify").paragraph_format.first_line_indent = Cm(1)


def table(document, headers: list[str], rows: list[list[str]], *, size: float = 11) -> None:
    """Add a bordered table: bold header row (repeated on every page), then the rows as text."""
    from docx.oxml import OxmlElement

    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    header_row = grid.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(_qn("w:val"), "true")
    header_row._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(header_row.cells, headers, strict=True):
        cell.text = ""
        _paragraph(cell, str(text), size=size, bold=True)
    for row in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            _paragraph(cell, str(text), size=size, align="left")


def decision_document(paper: DecisionPaper) -> bytes:
    """Return the paper as DOCX bytes: A4, the rule's margins, Times New Roman."""
    document = new_document()
    letterhead_of(document, paper)
    _paragraph(document, paper.title, size=14, bold=True)
    _paragraph(document, paper.subject, bold=True)
    _paragraph(document, paper.authority, bold=True)
    for basis in paper.bases:
        from docx.shared import Cm

        _paragraph(document, basis, italic=True, align="justify").paragraph_format.first_line_indent = Cm(1)
    _paragraph(document, gettext("QUYẾT ĐỊNH:"), bold=True)
    _article(document, gettext("Điều 1."), paper.article1)
    if not paper.in_appendix:
        _list(document, paper.rows)
    for line in paper.extra_articles:
        _paragraph(document, line, align="justify")
    _article(document, gettext("Điều 2."), paper.article2)
    _article(document, gettext("Điều 3."), paper.article3)
    closing(document, paper.recipients, paper.signing, paper.signer)
    if paper.in_appendix:
        document.add_page_break()
        _paragraph(document, paper.appendix_title, bold=True)
        _paragraph(document, paper.appendix_note, italic=True)
        _list(document, paper.rows)
    return saved(document)


@in_vietnamese
def decision_docx(decision) -> bytes:
    """Return the recognition decision as a DOCX in its committee's format."""
    return decision_document(decision_paper(decision))
