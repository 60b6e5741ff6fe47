"""What a recognition decision prints, part by part, in its committee's document format."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext

from campaigns.models import DocumentSettings, SigningAuthority

from ...models import Amendment
from ..pdf import official_date
from .document import PaperHead, basis_lines, head_of

# Past this many initiatives, Điều 1 points to an appendix that lists them (Decree 30: a long
# list goes into an appendix, not into the article).
APPENDIX_AFTER = 10


@dataclass
class Row:
    index: int
    name: str
    unit: str
    kind: str


@dataclass
class DecisionPaper(PaperHead):
    number: str
    place_date: str
    title: str
    subject: str
    authority: str
    bases: list[str]
    article1: str
    rows: list[Row]
    in_appendix: bool
    appendix_title: str
    appendix_note: str
    article2: str
    article3: str
    signing: list[str]
    signer: str
    recipients: list[str] = field(default_factory=list)
    extra_articles: list[str] = field(default_factory=list)


def _bases(decision, paper: DocumentSettings) -> list[str]:
    picked = [b.text for b in decision.legal_bases.all()]
    if not picked and paper.pk:
        picked = [b.text for b in paper.committee.legal_bases.filter(used_by_default=True)]
    picked.append(gettext("Căn cứ kết quả thẩm định, chấm điểm của Ban Chỉ đạo và đề nghị của các đơn vị"))
    return basis_lines([text.strip().rstrip(";.") for text in picked if text.strip()])


def signing_lines(paper: DocumentSettings, issuer: str) -> list[str]:
    """Return the lines above the signature: the authority (TM./KT. or T/M, K/T) and the position."""
    # Guidance 36 writes "T/M" and "K/T"; Decree 30 "TM." and "KT.".
    on_behalf, for_head = ("T/M", "K/T") if paper.is_party else ("TM.", "KT.")
    head, deputy = paper.head_title.upper(), paper.deputy_title.upper()
    if paper.signing_authority == SigningAuthority.DEPUTY:
        return [f"{for_head} {head}", deputy]
    if paper.signing_authority == SigningAuthority.COLLECTIVE:
        return [f"{on_behalf} {issuer}", head]
    return [head]


def _authority(paper: DocumentSettings, issuer: str) -> str:
    """The line above "QUYẾT ĐỊNH:": the collective, or its head ("TRƯỞNG BAN CHỈ ĐẠO …", not "TRƯỞNG BAN BAN …")."""
    if paper.signing_authority == SigningAuthority.COLLECTIVE:
        return issuer
    head = paper.head_title.upper()
    if head.endswith(" BAN") and issuer.startswith("BAN "):
        return head + issuer[len("BAN") :]
    return f"{head} {issuer}"


def recipient_lines(paper: DocumentSettings, first: list[str] | None = None) -> list[str]:
    """Return the "Nơi nhận" list: `first` (a decision: "Như Điều 3"), the default recipients, last "Lưu: VT, …"."""
    lines = [*(first if first is not None else [gettext("Như Điều 3")]), *paper.recipients()]
    lines = list(dict.fromkeys(lines))
    archive = gettext("Lưu: VT")
    if paper.archive_mark:
        archive = f"{archive}, {paper.archive_mark}"
    return [f"- {line.rstrip(';.')};" for line in lines] + [f"- {archive}."]


def named_decision(decision, issuer: str) -> str:
    """Return how a paper names a decision: "Quyết định số … ngày … của …"."""
    return gettext("Quyết định số %(number)s %(date)s của %(issuer)s") % {
        "number": decision.number,
        "date": official_date(decision.decided_on),
        "issuer": issuer,
    }


def _rows(initiatives: list) -> list[Row]:
    return [
        Row(i, str(x.name), str(x.unit.name), f"{x.get_kind_display()} ({x.get_subject_display().lower()})")
        for i, x in enumerate(initiatives, start=1)
    ]


def _recognition_article(count: int, in_appendix: bool) -> str:
    """Return Điều 1 of a recognition: the count, then the list below or in the appendix."""
    if in_appendix:
        return ngettext(
            "Công nhận %(count)s mô hình, điển hình “Dân vận khéo” (có danh sách kèm theo Quyết định này).",
            "Công nhận %(count)s mô hình, điển hình “Dân vận khéo” (có danh sách kèm theo Quyết định này).",
            count,
        ) % {"count": count}
    return ngettext(
        "Công nhận %(count)s mô hình, điển hình “Dân vận khéo” sau đây:",
        "Công nhận %(count)s mô hình, điển hình “Dân vận khéo” sau đây:",
        count,
    ) % {"count": count}


@dataclass
class _Articles:
    """The parts a decision's amendment of an earlier one changes."""

    subject: str
    article1: str
    article2: str
    rows: list[Row]
    in_appendix: bool
    extra_articles: list[str] = field(default_factory=list)


def _amended(decision, articles: _Articles) -> _Articles:
    """Return the articles of a decision that revokes, corrects or replaces an earlier one (the reason last)."""
    amended = decision.amends
    named = named_decision(amended, decision.committee.name)
    number = {"number": amended.number}
    if decision.amendment == Amendment.REVOKE:
        articles.subject = gettext("Về việc thu hồi Quyết định số %(number)s") % number
        articles.article1 = gettext("Thu hồi %(named)s về việc công nhận mô hình, điển hình “Dân vận khéo”.") % {
            "named": named
        }
        articles.rows, articles.in_appendix = [], False
    elif decision.amendment == Amendment.CORRECT:
        articles.subject = gettext("Về việc đính chính Quyết định số %(number)s") % number
        articles.article1 = gettext("Đính chính %(named)s như sau:") % {"named": named}
        articles.rows, articles.in_appendix = [], False
    else:
        articles.subject = (
            gettext("Về việc công nhận mô hình, điển hình “Dân vận khéo” (thay thế Quyết định số %(number)s)") % number
        )
        articles.article2 = gettext("Quyết định này có hiệu lực kể từ ngày ký và thay thế %(named)s.") % {
            "named": named
        }
    articles.extra_articles.append(gettext("Lý do: %(reason)s") % {"reason": decision.reason.rstrip(".")} + ".")
    return articles


def _articles(decision, rows: list[Row]) -> _Articles:
    """Return the subject and the articles: a recognition of `rows`, or the amendment of an earlier decision."""
    in_appendix = len(rows) > APPENDIX_AFTER
    articles = _Articles(
        subject=gettext("Về việc công nhận mô hình, điển hình “Dân vận khéo”"),
        article1=_recognition_article(len(rows), in_appendix),
        article2=gettext("Quyết định này có hiệu lực kể từ ngày ký."),
        rows=rows,
        in_appendix=in_appendix,
    )
    return articles if decision.amends is None else _amended(decision, articles)


def decision_paper(decision, initiatives: list | None = None) -> DecisionPaper:
    """Return every part the decision prints, in its committee's format (`initiatives`: already read, in order)."""
    committee = decision.committee
    paper = committee.paper_settings()
    head = head_of(committee, decision.decided_on)
    if initiatives is None:
        initiatives = list(
            decision.recognized_initiatives().select_related("unit").order_by("unit__path", "name", "id")
        )
    articles = _articles(decision, _rows(initiatives))
    return DecisionPaper(
        **head,
        number=(f"Số {decision.number}" if paper.is_party else f"Số: {decision.number}"),
        title=gettext("QUYẾT ĐỊNH"),
        subject=articles.subject,
        authority=_authority(paper, head["issuer"]),
        bases=_bases(decision, paper),
        article1=articles.article1,
        rows=articles.rows,
        in_appendix=articles.in_appendix,
        appendix_title=gettext("DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO” ĐƯỢC CÔNG NHẬN"),
        appendix_note=gettext("(Kèm theo Quyết định số %(number)s %(date)s của %(issuer)s)")
        % {"number": decision.number, "date": official_date(decision.decided_on), "issuer": committee.name},
        article2=articles.article2,
        article3=gettext(
            "Thường trực Ban Chỉ đạo, thủ trưởng các cơ quan, đơn vị liên quan và các tập thể, cá nhân có tên "
            "tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
        ),
        signing=signing_lines(paper, head["issuer"]),
        signer=decision.signer,
        recipients=recipient_lines(paper),
        extra_articles=articles.extra_articles,
    )
