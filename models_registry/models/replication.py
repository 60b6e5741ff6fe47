"""Replication led by the committee: the secretariat proposes a recognized model to units, a unit answers.

A proposal is a record beside the initiatives, not a state of one: accepting it starts an ordinary
draft registration (`Initiative.replicate_into`), which then goes through the lifecycle like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.access import leaders_only, scope
from campaigns.fields import lifecycle_state, recorded_by, written_link
from campaigns.models import Campaign, Unit
from campaigns.text import nfc

from .initiative import Initiative

# Words that name a kind of unit before its proper name ("Ấp Phú Hòa", "Khóm 3"): a title may name
# the place with or without them.
UNIT_KIND_WORDS = (
    "tổ dân phố",
    "khu dân cư",
    "khu phố",
    "thị trấn",
    "đặc khu",
    "phường",
    "huyện",
    "khóm",
    "thôn",
    "tỉnh",
    "bản",
    "xã",
    "ấp",
)
# What links a place to the rest of a title ("… tại ấp Phú Hòa", "… của khóm 3", "… – ấp Phú Hòa").
_PLACE_LINK = r"(?:\s*(?:tại|ở|của|thuộc|trên địa bàn)\s+|\s*[-–—,:]\s*|\s+)"


def adapted_name(name: str, unit_names: list[str]) -> str:
    """Return a replicated title without the source's unit names ("Chợ an toàn ấp Phú Hòa" → "Chợ an toàn").

    The source's hamlet named in a copy's title would report another unit's place as one's own.
    Matched without regard to case, with or without the unit's kind word; the words that linked the
    place to the title go with it. A title that would be left empty is kept as it was.
    """
    adapted = name = nfc(name)
    for unit_name in unit_names:
        adapted = _without_place(adapted, nfc(unit_name).strip())
    adapted = re.sub(r"\s{2,}", " ", adapted).strip(" -–—,:")
    if not adapted:
        return name
    return adapted if adapted == name else adapted[0].upper() + adapted[1:]


def _without_place(name: str, unit_name: str) -> str:
    if not unit_name:
        return name
    forms = [unit_name]
    lowered = unit_name.lower()
    for word in UNIT_KIND_WORDS:
        if lowered.startswith(word + " ") and len(unit_name) > len(word) + 1:
            forms.append(unit_name[len(word) + 1 :].strip())
            break
    kind = "|".join(re.escape(w) for w in UNIT_KIND_WORDS)
    for form in forms:
        words = r"\s+".join(re.escape(part) for part in form.split())
        pattern = rf"(?:^|{_PLACE_LINK})(?:(?:{kind})\s+)?{words}(?!\w)"
        name = re.sub(pattern, "", name, flags=re.IGNORECASE)
    return name


NOT_OPEN = _("Đề xuất này đã được trả lời.")
NO_CAMPAIGN = _("Hiện không có đợt phát động nào đang mở đăng ký cho đơn vị này.")


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Chờ đơn vị trả lời")
    ACCEPTED = "accepted", _("Đơn vị đã nhận nhân rộng")
    DECLINED = "declined", _("Đơn vị không nhận")


@dataclass
class Proposed:
    """What `propose` did: the proposals made, and the units left out with why."""

    created: list[ReplicationProposal]
    skipped: list[tuple[Unit, str]]


class ReplicationProposalQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReplicationProposalQuerySet:
        """Return the proposals this user may see: to their units, or to units under their committees."""
        from ..access import visible_by_unit

        return visible_by_unit(self, user)

    def propose(self, source: Initiative, units, by, note: str = "") -> Proposed:
        """Propose a recognized initiative to each unit for its current campaign (one proposal per unit and campaign).

        Refused (PermissionDenied) unless `by` leads a committee over every unit and the source is in
        the showcase; a unit that is the source's own, has no campaign open or has it proposed already is skipped.
        """
        if not Initiative.objects.public().filter(pk=source.pk).exists():
            raise PermissionDenied(_("Chỉ đề xuất nhân rộng được mô hình đã được công nhận."))
        s = scope(by)
        if any(not s.leads_over(unit.path) for unit in units):
            raise PermissionDenied(leaders_only(pgettext_lazy("only leaders may", "đề xuất nhân rộng")))
        created, skipped = [], []
        for unit in units:
            if unit.pk == source.unit_id:
                skipped.append((unit, _("Đây là đơn vị của mô hình gốc.")))
                continue
            campaign = Campaign.objects.current_for(unit)
            if campaign is None:
                skipped.append((unit, NO_CAMPAIGN))
                continue
            try:
                with transaction.atomic():
                    created.append(
                        self.create(source=source, unit=unit, campaign=campaign, proposed_by=by, note=nfc(note.strip()))
                    )
            except IntegrityError:
                skipped.append((unit, _("Đã đề xuất cho đơn vị này trong đợt phát động này.")))
        return Proposed(created, skipped)


class ReplicationProposal(models.Model):
    """The committee's proposal that a unit replicate a recognized initiative, and the unit's answer."""

    source = models.ForeignKey(
        Initiative,
        verbose_name=_("mô hình được đề xuất"),
        on_delete=models.CASCADE,
        related_name="replication_proposals",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị được đề xuất"), on_delete=models.CASCADE, related_name="replication_proposals"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("đợt phát động"), on_delete=models.CASCADE, related_name="replication_proposals"
    )
    note = models.TextField(_("lời nhắn của Ban Chỉ đạo"), blank=True)
    state = lifecycle_state(ProposalState, ProposalState.PROPOSED)
    proposed_by = recorded_by(verbose_name=_("người đề xuất"))
    proposed_at = models.DateTimeField(_("đề xuất lúc"), auto_now_add=True)
    answered_by = recorded_by(verbose_name=_("người trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True, editable=False)
    answer = models.TextField(_("lý do không nhận"), blank=True, editable=False)
    # The draft the unit's acceptance started: the lineage is on it (`replicates`), this says it came from here.
    initiative = written_link(
        Initiative, _("hồ sơ nhân rộng"), on_delete=models.SET_NULL, related_name="from_proposals"
    )

    objects = ReplicationProposalQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("đề xuất nhân rộng")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "unit", "campaign"], name="one_proposal_per_unit_and_campaign")
        ]
        indexes = [models.Index(fields=["unit", "state"], name="proposal_unit_state")]

    def __str__(self) -> str:
        return f"{self.source} → {self.unit}"

    def may_answer(self, user) -> bool:
        """Only the unit answers (its staff; administrators act for any unit)."""
        s = scope(user)
        return s.is_admin or s.is_staff_of(self.unit_id)

    def _check_answer(self, user) -> None:
        if not self.may_answer(user):
            raise PermissionDenied(_("Chỉ cán bộ của đơn vị được đề xuất mới trả lời được đề xuất này."))
        if self.state != ProposalState.PROPOSED:
            raise PermissionDenied(NOT_OPEN)

    def accept(self, user) -> Initiative:
        """Start the unit's draft replication (in the proposal's campaign, or the unit's current one) and close the proposal."""
        self._check_answer(user)
        campaign = self.campaign if self.campaign.registration_is_open() else Campaign.objects.current_for(self.unit)
        if campaign is None:
            raise PermissionDenied(NO_CAMPAIGN)
        with transaction.atomic():
            draft, _created = self.source.replicate_into(self.unit, campaign, by=user)
            self._close(user, ProposalState.ACCEPTED, initiative=draft)
        return draft

    def decline(self, user, reason: str) -> None:
        """Close the proposal as declined, with the unit's reason."""
        self._check_answer(user)
        reason = nfc((reason or "").strip())
        if not reason:
            raise ValidationError({"answer": _("Hãy cho Ban Chỉ đạo biết lý do đơn vị không nhận.")})
        with transaction.atomic():
            self._close(user, ProposalState.DECLINED, answer=reason)

    def _close(self, user, state: str, **values) -> None:
        now = timezone.now()
        # Compare-and-set: a second tab or a colleague that answered first wins, and we say so.
        changed = ReplicationProposal.objects.filter(pk=self.pk, state=ProposalState.PROPOSED).update(
            state=state, answered_by=user, answered_at=now, **values
        )
        if changed != 1:
            raise PermissionDenied(NOT_OPEN)
        self.state, self.answered_by, self.answered_at = state, user, now
        for name, value in values.items():
            setattr(self, name, value)
