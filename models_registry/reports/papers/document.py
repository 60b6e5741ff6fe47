"""A paper in a committee's official format, said once and laid out twice (PDF and DOCX).

`Paper` is the shape every paper other than the decision takes (the proposal letter, the
report's cover papers, the appraisal minutes): the letterhead (`letterhead_for`), a title and
its subject, optionally "Kính gửi", then blocks of text, headings and tables, and the closing
(recipients and signature). `paper_pdf` and `paper_docx` render it; nothing else needs to know
Decree 30 or Guidance 36.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from ..pdf import official_date

HEADING, TEXT, BASIS, TABLE, CENTER = "heading", "text", "basis", "table", "center"

PAPER_LANGUAGE = "vi"


def in_vietnamese(build: Callable) -> Callable:
    """Build the paper in Vietnamese, whatever language the reader or the job runs in.

    A decision, a certificate (giấy công nhận), the appraisal minutes, the proposal letter (tờ trình)
    and the dossier are administrative documents in the form of Decree 30/2020/NĐ-CP or Guidance
    36-HD/VPTW: they are signed, stamped and filed, and a State or Party body writes its documents in
    Vietnamese. So every text they print (the gettext'd ones, the templates' and the dates and numbers,
    `official_date`, `number_text`) is the Vietnamese one even when the interface is in English; the
    interface language comes back afterwards. The names of the downloaded files are made outside, in
    the reader's language as for every download. The summary report is not such a paper: it follows
    the reader's language (`papers.report`, `reports.pdf`).
    """

    @functools.wraps(build)
    def built_in_vietnamese(*args, **kwargs):
        # A new override each call: one shared instance keeps the language to restore on itself,
        # which two threads or a nested paper (the dossier's decision) would overwrite.
        with translation.override(PAPER_LANGUAGE):
            return build(*args, **kwargs)

    return built_in_vietnamese


def motto_lines(is_party: bool) -> tuple[str, str]:
    """The lines at the top right of a paper: the Party's name; or the State's name and its motto."""
    if is_party:
        return "ĐẢNG CỘNG SẢN VIỆT NAM", ""
    return "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"


@dataclass
class PaperHead:
    """Who issues a paper (its governing body and issuer, on the left) and the motto it is issued under."""

    is_party: bool
    governing_body: str
    issuer: str

    @property
    def motto(self) -> str:
        return motto_lines(self.is_party)[0]

    @property
    def motto_line(self) -> str:
        return motto_lines(self.is_party)[1]


@dataclass
class Letterhead(PaperHead):
    """The two header blocks: who issues and the number on the left; the motto, place and date on the right."""

    number: str
    place_date: str


@dataclass
class Block:
    kind: str
    text: str = ""
    label: str = ""  # bold lead-in of a paragraph ("Điều 1.", "1.")
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Paper:
    letterhead: Letterhead
    title: str
    subject: str
    blocks: list[Block]
    signing: list[str]
    signer: str
    recipients: list[str]
    addressee: list[str] = field(default_factory=list)  # "Kính gửi: …" lines, when the paper is sent to someone
    file_stem: str = ""


def issuer_of(committee) -> str:
    paper = committee.paper_settings()
    return str(paper.issuer_name or committee.name).upper()


def place_date(paper_settings, day: datetime.date) -> str:
    """Return the line under the motto: the committee's place, then the date in words."""
    return f"{paper_settings.place}, {official_date(day)}"


def head_of(committee, day: datetime.date) -> dict:
    """Return the head a decision or the minutes print: who issues, the motto's side, place and date.

    Unlike `letterhead_for`, the governing body is printed as set (blank when not set).
    """
    paper = committee.paper_settings()
    return {
        "is_party": paper.is_party,
        "governing_body": paper.governing_body.upper(),
        "issuer": issuer_of(committee),
        "place_date": place_date(paper, day),
    }


def basis_lines(lines: list[str]) -> list[str]:
    """Return the "Căn cứ" lines punctuated as Decree 30 says: each ends with ";", the last one with "."."""
    return [line + (";" if i < len(lines) - 1 else ".") for i, line in enumerate(lines)]


def letterhead_for(committee, kind: str, day: datetime.date | None = None, number: str = "") -> Letterhead:
    """Return the committee's letterhead for a paper of this kind ("TTr", "BB", "BC").

    Without a number the number's place is left blank for the office to fill when it signs:
    "Số:      /TTr-BCĐ" (Decree 30) or "Số      -TTr/BCĐ" (Guidance 36).
    """
    paper = committee.paper_settings()
    day = day or timezone.localdate()
    blank = "\u00a0" * 8
    if number:
        printed = f"Số {number}" if paper.is_party else f"Số: {number}"
    elif paper.is_party:
        printed = f"Số {blank}-{kind}/{paper.number_symbol}"
    else:
        printed = f"Số: {blank}/{kind}-{paper.number_symbol}"
    governing = paper.governing_body.upper() or str(committee.unit.name).upper()
    return Letterhead(
        is_party=paper.is_party,
        governing_body=governing,
        issuer=issuer_of(committee),
        number=printed,
        place_date=place_date(paper, day),
    )


def text(content: str, label: str = "") -> list[Block]:
    """Return one text block per non-empty line of `content` (the first one carries the label)."""
    lines = [line.strip() for line in (content or "").splitlines() if line.strip()]
    return [Block(TEXT, line, label if i == 0 else "") for i, line in enumerate(lines)]


@in_vietnamese
def paper_html(paper: Paper) -> str:
    return render_to_string("models_registry/reports/papers/paper.html", {"paper": paper})


def paper_pdf(paper: Paper) -> bytes:
    """Return the paper as an A4 PDF (static/css/papers.css, vendored fonts)."""
    from .render import html_to_pdf

    return html_to_pdf(paper_html(paper))


@in_vietnamese
def paper_docx(paper: Paper) -> bytes:
    """Return the paper as DOCX: the same parts, for the office to adjust before signing."""
    from . import word

    document = word.new_document()
    word.letterhead_of(document, paper.letterhead)
    word._paragraph(document, paper.title, size=14, bold=True)
    if paper.subject:
        word._paragraph(document, paper.subject, bold=True)
    for line in paper.addressee:
        word._paragraph(document, line)
    for block in paper.blocks:
        if block.kind == HEADING:
            word.heading(document, block.text)
        elif block.kind == CENTER:
            word._paragraph(document, block.text, bold=True)
        elif block.kind == TABLE:
            word.table(document, block.headers, block.rows)
        else:
            word.body_paragraph(document, f"{block.label} {block.text}".strip(), italic=block.kind == BASIS)
    word.closing(document, paper.recipients, paper.signing, paper.signer)
    return word.saved(document)


def closing_recipients(paper_settings, first: list[str]) -> list[str]:
    """Return "Nơi nhận" for a paper sent to `first` ("Như trên"), then the archive line."""
    from .decision import recipient_lines

    return recipient_lines(paper_settings, first=first)


def as_above() -> str:
    return gettext("Như trên")
