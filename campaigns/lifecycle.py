"""The state machine engine, and the campaign's own table (launch → summarize).

Each table has one question and one way in: `check(user, action, obj)` says whether a move is
allowed now and, if not, why (the buttons, the admin's explanations and the entry point all ask
it); `apply…()` asks it, then moves the state with a compare-and-set. The initiative's table
lives in `models_registry/lifecycle.py` (`check`, `apply`); the campaign's is here
(`check_campaign`, `apply_campaign`), because this app must not import the registry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .access import scope
from .models import Campaign, CampaignLog, CampaignState
from .signals import campaign_announced

logger = logging.getLogger(__name__)


class TransitionError(Exception):
    """A refused move, with a specific translatable message.

    `code` says why: "unknown", "state", "scope", "role", "needs" or "conflict". `field` names the
    form field the refusal is about, when there is one (`show_on` puts it beside that field).
    """

    def __init__(
        self, message: str | Promise, code: str = "state", missing: list[str] | None = None, field: str | None = None
    ):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.missing = missing or []
        self.field = field

    def __str__(self) -> str:
        return str(self.message)

    def show_on(self, form, fallback: str | None = None) -> None:
        """Add the refusal to `form`: beside its field if the form has it, else on `fallback` (None: the whole form)."""
        form.add_error(self.field if self.field in form.fields else fallback, str(self.message))


def refusal_of(check: Callable[..., object], *args) -> str | None:
    """Return the message of the TransitionError `check(*args)` raises, or None when it raises none."""
    try:
        check(*args)
    except TransitionError as error:
        return str(error.message)
    return None


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    who: str  # "staff", "committee" or "leader"
    label: Promise
    needs: tuple[str, ...] = field(default=())


# The one wording of an action that is not in the table (a crafted URL or form), initiative or campaign.
UNKNOWN_ACTION = _("Thao tác không hợp lệ.")
# The one wording of "the campaign is summarized", wherever a change under it is refused.
SUMMARIZED_MESSAGE = _("Đợt phát động đã tổng kết: hồ sơ của đợt này không thể thay đổi nữa.")
# …and of "criteria are locked" (Campaign.criteria_locked), in the campaign pages and the admin.
CRITERIA_LOCKED_MESSAGE = _(
    "Đã có phiếu chấm điểm theo bộ tiêu chí của đợt này: tiêu chí và ngưỡng điểm không thể thay đổi nữa."
)


def refuse_state(obj_state_label: str) -> TransitionError:
    return TransitionError(
        gettext("Không thể thực hiện thao tác này khi đang ở trạng thái “%(state)s”.") % {"state": obj_state_label},
        code="state",
    )


def refuse_summarized() -> TransitionError:
    """Refuse any change under a summarized campaign (the one wording, used wherever it is refused)."""
    return TransitionError(str(SUMMARIZED_MESSAGE), code="state")


def refuse_scope() -> TransitionError:
    return TransitionError(gettext("Hồ sơ này không thuộc phạm vi của bạn."), code="scope")


def refuse_role(action_label: str) -> TransitionError:
    return TransitionError(
        gettext("Vai trò của bạn không được phép “%(action)s”.") % {"action": action_label}, code="role"
    )


def refuse_needs(missing: list[str]) -> TransitionError:
    return TransitionError(
        gettext("Còn thiếu: %(missing)s.") % {"missing": "; ".join(str(m) for m in missing)},
        code="needs",
        missing=[str(m) for m in missing],
    )


def refuse_conflict() -> TransitionError:
    return TransitionError(
        gettext("Người khác đã thay đổi hồ sơ này trước bạn. Hãy tải lại trang để xem trạng thái mới nhất."),
        code="conflict",
    )


def compare_and_set(
    model: type[models.Model],
    obj: models.Model,
    to_state: str,
    updates: dict | None = None,
    bump_version: bool = False,
    guard: dict | None = None,
) -> None:
    """Move `obj` from its current state to `to_state` only if nobody moved it first.

    One conditional UPDATE (… WHERE pk = … AND state = old): it serializes writers on SQLite
    and PostgreSQL alike, where `select_for_update` alone does nothing on SQLite. `guard`: more
    column values the row must still hold (the initiative's counted key).
    """
    values = dict(updates or {})
    values["state"] = to_state
    if bump_version:
        values["version"] = F("version") + 1
    changed = model._default_manager.filter(**{**(guard or {}), "pk": obj.pk, "state": obj.state}).update(**values)
    if changed != 1:
        raise refuse_conflict()


def create_as_of(model: type[models.Model], at: datetime | None, **fields) -> models.Model:
    """Create the row a move writes, dated `at` when given (default: now, as `auto_now_add` stamps it).

    `auto_now_add` stamps the present on insert: a replayed move carries its own moment.
    """
    row = model._default_manager.create(**fields)
    if at is not None:
        model._default_manager.filter(pk=row.pk).update(created_at=at)
    return row


CAMPAIGN_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "launch",
            frozenset({CampaignState.DRAFT}),
            CampaignState.LAUNCHED,
            "leader",
            _("Phát động"),
            ("criteria",),
        ),
        Transition(
            "summarize",
            frozenset({CampaignState.LAUNCHED}),
            CampaignState.SUMMARIZED,
            "leader",
            _("Tổng kết"),
            ("lessons_learned",),
        ),
    )
}


def campaign_log_label(action: str) -> str:
    """The name people read for a campaign's logged action: the table's label, the campaign page's word
    for an amendment, else the code (a move since renamed keeps it)."""
    if action == CampaignLog.AMENDMENT:
        return capfirst(gettext("điều chỉnh"))
    transition = CAMPAIGN_TRANSITIONS.get(action)
    return str(transition.label) if transition else action


def check_campaign(user, action: str, campaign: Campaign) -> TransitionError | None:
    """Say whether `user` may make campaign move `action` now: None if so, else the refusal saying why.

    State, scope and role only; what the move needs (criteria, lessons learned) is checked by
    `apply_campaign`, which asks this first.
    """
    transition = CAMPAIGN_TRANSITIONS.get(action)
    if transition is None:
        return TransitionError(str(UNKNOWN_ACTION), code="unknown")
    user_scope = scope(user)
    # Leading the owning committee implies seeing the campaign: no query for the buttons.
    leads = user_scope.leads_committee(campaign.committee_id)
    if not leads and not Campaign.objects.visible_to(user).filter(pk=campaign.pk).exists():
        return refuse_scope()
    if campaign.state not in transition.sources:
        return refuse_state(campaign.get_state_display())
    if not leads:
        return refuse_role(str(transition.label))
    return None


def campaign_actions_for(campaign: Campaign, user) -> list[Transition]:
    """Return the campaign moves `check_campaign` allows this user now (the buttons)."""
    return [t for t in CAMPAIGN_TRANSITIONS.values() if check_campaign(user, t.action, campaign) is None]


def apply_campaign(
    campaign: Campaign,
    action: str,
    actor,
    *,
    comment: str = "",
    lessons_learned: str = "",
    at: datetime | None = None,
    notify: bool = True,
) -> Campaign:
    """Launch or summarize a campaign: checked, compare-and-set, logged (every campaign move comes here).

    `at` is the moment the move is recorded at (default now). `notify=False` tells nobody (a replayed
    history); otherwise everyone in the campaign's scope is told after commit (`announce`).
    """
    refusal = check_campaign(actor, action, campaign)
    if refusal is not None:
        raise refusal
    transition = CAMPAIGN_TRANSITIONS[action]
    updates = _campaign_needs_met(campaign, action, lessons_learned, at or timezone.now())
    with transaction.atomic():
        compare_and_set(Campaign, campaign, transition.target, updates)
        create_as_of(
            CampaignLog,
            at,
            campaign=campaign,
            action=action,
            from_state=campaign.state,
            to_state=transition.target,
            actor=actor,
            comment=comment or updates.get("lessons_learned", ""),
        )
    for key, value in updates.items():
        setattr(campaign, key, value)
    campaign.state = transition.target
    if notify:
        announce(campaign, ANNOUNCEMENT_OF[action], actor)
    return campaign


def _campaign_needs_met(campaign: Campaign, action: str, lessons_learned: str, moment: datetime) -> dict:
    """Return the campaign move's writes once what it needs is there (criteria and dates; the lessons); else raise."""
    updates: dict = {}
    missing: list[str] = []
    if action == "launch":
        sets = list(campaign.criteria_sets.prefetch_related("criteria"))
        if not any(s.criteria.all() for s in sets):
            missing.append(gettext("bộ tiêu chí công nhận (ít nhất một tiêu chí)"))
        for name in ("starts_on", "ends_on", "registration_opens_on", "registration_closes_on"):
            if getattr(campaign, name) is None:
                missing.append(str(Campaign._meta.get_field(name).verbose_name))
        updates["launched_at"] = moment
    elif action == "summarize":
        lessons = (lessons_learned or campaign.lessons_learned or "").strip()
        if not lessons:
            missing.append(gettext("bài học kinh nghiệm"))
        updates["lessons_learned"] = lessons
        updates["summarized_at"] = moment
    if missing:
        raise refuse_needs(missing)
    return updates


# What a campaign tells everyone in its scope (notifications.models.Kind has the same values).
ANNOUNCEMENTS = ("campaign_launched", "deadline_changed", "campaign_edited", "campaign_summarized")
ANNOUNCEMENT_OF = {"launch": "campaign_launched", "summarize": "campaign_summarized"}


def announce(campaign: Campaign, kind: str, actor, *, comment: str = "") -> None:
    """Tell every unit's staff and every committee in the campaign's scope, after commit (`kind`: ANNOUNCEMENTS).

    The notifications app listens (this app must not import it); without it, nobody is told.
    """
    if kind not in ANNOUNCEMENTS:
        raise ValueError(f"Unknown announcement {kind!r}")

    def send() -> None:
        try:
            campaign_announced.send(Campaign, campaign=campaign, kind=kind, actor=actor, comment=comment)
        except Exception:  # noqa: BLE001 — the move is committed; telling people must not break it.
            logger.exception("Announcement %s of campaign %s failed", kind, campaign.pk)

    transaction.on_commit(send)
