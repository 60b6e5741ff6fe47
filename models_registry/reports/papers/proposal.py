"""The proposal letter (tờ trình) asking the level above to commend what a decision recognized."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext, ngettext

from campaigns.models import SteeringCommittee

from ...models import CommendationProposal, CommendationProposalState
from .decision import named_decision, signing_lines
from .document import (
    BASIS,
    TABLE,
    TEXT,
    Block,
    Paper,
    as_above,
    basis_lines,
    closing_recipients,
    in_vietnamese,
    issuer_of,
    letterhead_for,
)

EMULATION_LAW = "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022"


def addressee_of(committee: SteeringCommittee) -> str:
    """Whom the letter goes to: the committee above, or the province's emulation council at the top."""
    above = (
        SteeringCommittee.objects.filter(unit__path__in=committee.unit.ancestor_paths())
        .exclude(pk=committee.pk)
        .order_by("-unit__depth", "pk")
        .first()
    )
    if above is not None:
        return str(above.paper_settings().issuer_name or above.name)
    return gettext("Hội đồng Thi đua - Khen thưởng tỉnh")


def proposed_initiatives(decision, initiatives):
    """The initiatives the letter proposes: those with a proposal for a commendation (waiting or granted),
    else the outstanding ones (all recognized when none is marked); never one with a pending case (no
    award while a case is open, Law 06/2022)."""
    chosen = initiatives.filter(pending_case=False)
    proposals = CommendationProposal.objects.filter(
        initiative__in=initiatives,
        state__in=[CommendationProposalState.PROPOSED, CommendationProposalState.GRANTED],
    )
    if proposals.exists():
        chosen = chosen.filter(pk__in=proposals.values("initiative_id"))
    elif chosen.filter(outstanding=True).exists():
        chosen = chosen.filter(outstanding=True)
    return chosen.select_related("unit", "field").order_by("unit__path", "name", "id")


def _bases(committee, decision_named: str) -> list[Block]:
    """Return the "Căn cứ" blocks: the law, the committee's default bases, the decision that recognized."""
    bases = [EMULATION_LAW]
    bases += [b.text for b in committee.legal_bases.filter(used_by_default=True)]
    bases.append(
        gettext("Căn cứ %(decision)s về việc công nhận mô hình, điển hình “Dân vận khéo”")
        % {"decision": decision_named}
    )
    return [Block(BASIS, line) for line in basis_lines([line.strip().rstrip(";.") for line in bases])]


def _request(issuer: str, recognized: int, addressee: str, proposed: int) -> Block:
    """Return the paragraph that says how many were recognized and asks to commend the proposed ones."""
    return Block(
        TEXT,
        " ".join(
            [
                ngettext(
                    "Qua thẩm định, %(issuer)s đã công nhận %(count)s mô hình, điển hình “Dân vận khéo”.",
                    "Qua thẩm định, %(issuer)s đã công nhận %(count)s mô hình, điển hình “Dân vận khéo”.",
                    recognized,
                )
                % {"issuer": issuer, "count": recognized},
                ngettext(
                    "%(issuer)s kính đề nghị %(addressee)s xem xét, khen thưởng %(count)s mô hình, điển hình "
                    "tiêu biểu có tên sau đây:",
                    "%(issuer)s kính đề nghị %(addressee)s xem xét, khen thưởng %(count)s mô hình, điển hình "
                    "tiêu biểu có tên sau đây:",
                    proposed,
                )
                % {"issuer": issuer, "addressee": addressee, "count": proposed},
            ]
        ),
    )


def _proposed_table(proposed: list) -> Block:
    return Block(
        TABLE,
        headers=[gettext("STT"), gettext("Tên mô hình, điển hình"), gettext("Đơn vị"), gettext("Lĩnh vực")],
        rows=[
            [
                str(i),
                f"{x.name} ({x.get_kind_display().lower()} {x.get_subject_display().lower()})",
                str(x.unit.name),
                str(x.field.label),
            ]
            for i, x in enumerate(proposed, start=1)
        ],
    )


def proposal_paper(decision, initiatives=None, today: datetime.date | None = None) -> Paper:
    """Return the proposal letter for a decision's recognized initiatives (those given, else all of them).

    The letter is in Vietnamese (`in_vietnamese`); the name of its file, like every download's, is in
    the reader's language.
    """
    paper = _letter(decision, initiatives, today)
    paper.file_stem = gettext("Tờ trình đề nghị khen thưởng theo Quyết định %(number)s") % {
        "number": decision.number.replace("/", "-")
    }
    return paper


@in_vietnamese
def _letter(decision, initiatives, today: datetime.date | None) -> Paper:
    committee = decision.committee
    settings = committee.paper_settings()
    issuer = issuer_of(committee)
    initiatives = initiatives if initiatives is not None else decision.recognized_initiatives()
    proposed = list(proposed_initiatives(decision, initiatives))
    addressee = addressee_of(committee)
    named_issuer = settings.issuer_name or committee.name
    decision_named = named_decision(decision, named_issuer)
    blocks = _bases(committee, decision_named)
    blocks.append(_request(named_issuer, initiatives.count(), addressee, len(proposed)))
    blocks.append(_proposed_table(proposed))
    blocks.append(
        Block(
            TEXT,
            gettext(
                "Hồ sơ kèm theo: %(decision)s; danh sách mô hình, điển hình; hồ sơ và minh chứng của từng mô hình, "
                "điển hình."
            )
            % {"decision": decision_named},
        )
    )
    blocks.append(Block(TEXT, gettext("Kính trình %(addressee)s xem xét, quyết định./.") % {"addressee": addressee}))
    return Paper(
        letterhead=letterhead_for(committee, "TTr", today),
        title=gettext("TỜ TRÌNH"),
        subject=gettext("Về việc đề nghị khen thưởng mô hình, điển hình “Dân vận khéo”"),
        addressee=[gettext("Kính gửi: %(addressee)s.") % {"addressee": addressee}],
        blocks=blocks,
        signing=signing_lines(settings, issuer),
        signer=decision.signer,
        recipients=closing_recipients(settings, [as_above()]),
    )
