"""The papers a committee signs: the recognition decision, certificates, reports, the proposal letter, dossiers.

The small API other parts use (the appraisal minutes, for one):

- `document.Paper` (with `Letterhead`, `Block`) is a paper in the committee's format, built by a
  function such as `proposal.proposal_paper(decision)`; `document.letterhead_for(committee, "BB")`
  gives its header block, `decision.signing_lines` / `decision.recipient_lines` its closing.
- `render_paper(paper, "pdf" | "docx")` returns the file's bytes, its content type and a readable name;
  `paper_response(data, fmt, filename)` sends such bytes (a PDF inline, a DOCX as a download).
- `render_document(kind, obj, fmt)` does the same for a registered kind ("decision", "proposal");
  `register_document(kind)` adds one: a function `obj -> Paper`.

- `document.in_vietnamese` makes a function build its paper in Vietnamese whatever the reader's language
  (a signed paper is a Vietnamese document); the file names stay in the reader's language.

Everything here is a plain function, so a job (`reports.paper_jobs`) can run it as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dvk.downloads import content_disposition, readable_filename

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Rendered:
    data: bytes
    content_type: str
    filename: str


_BUILDERS: dict[str, Callable] = {}


def paper_response(data: bytes, fmt: str, filename: str):
    """Send a paper: a PDF opens in the browser, a DOCX downloads (to adjust before signing)."""
    from django.http import HttpResponse

    return HttpResponse(
        data,
        content_type=PDF if fmt == "pdf" else DOCX,
        headers={"Content-Disposition": content_disposition(filename, inline=fmt == "pdf")},
    )


def register_document(kind: str) -> Callable[[Callable], Callable]:
    """Register `builder(obj) -> Paper` as the maker of papers of this kind."""

    def decorator(builder: Callable) -> Callable:
        _BUILDERS[kind] = builder
        return builder

    return decorator


def render_paper(paper, fmt: str) -> Rendered:
    """Return a `document.Paper` as PDF or DOCX bytes, with its content type and file name."""
    from .document import paper_docx, paper_pdf

    if fmt not in FORMATS:
        raise ValueError(f"unknown paper format {fmt!r}")
    data = paper_pdf(paper) if fmt == "pdf" else paper_docx(paper)
    return Rendered(data, PDF if fmt == "pdf" else DOCX, readable_filename(paper.file_stem or paper.title, fmt))


def render_document(kind: str, obj, fmt: str) -> Rendered:
    """Return the paper of a registered kind for `obj` ("decision" has its own layout) as PDF or DOCX."""
    if kind == "decision":
        from .render import decision_pdf
        from .word import decision_docx

        stem = f"Quyết định {obj.number.replace('/', '-')} năm {obj.decided_on.year}"
        if fmt == "pdf":
            return Rendered(decision_pdf(obj), PDF, readable_filename(stem, "pdf"))
        return Rendered(decision_docx(obj), DOCX, readable_filename(stem, "docx"))
    _load_builders()
    return render_paper(_BUILDERS[kind](obj), fmt)


def _load_builders() -> None:
    from .proposal import proposal_paper

    _BUILDERS.setdefault("proposal", proposal_paper)
