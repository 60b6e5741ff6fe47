"""Summarizing a campaign with nothing left hanging: what is still open, and what becomes of it.

A step across both apps (the campaign's move, the initiatives' moves), so a service here: the
secretariat chooses, for each group of open initiatives, to resolve it first (the summary waits),
to carry it over to a later campaign with its history, or to close it as unfinished; the units
are told through the lifecycle's notifications; then the campaign is summarized.

A province may have thousands of open initiatives when it summarizes: past IN_REQUEST_MOVES moves
the summary is a job (`SUMMARIZE_KIND`), run by a worker with its progress, all or nothing as in
the request, and it leaves a CSV of what became of each initiative.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from campaigns.lifecycle import TransitionError, apply_campaign
from campaigns.models import Campaign
from dvk.downloads import readable_filename
from jobs.registry import Output, Progress, Refused, register

from . import bulk, lifecycle
from .models import OPEN_AT_SUMMARY_STATES, Initiative, State

RESOLVE, CARRY_OVER, CLOSE = "resolve", "carry_over", "close"
# Carrying over needs the campaign that receives: said by the summary form before it runs (beside its
# field) and by `summarize` itself (a job started elsewhere).
NEXT_CAMPAIGN_NEEDED = _("Hãy chọn đợt phát động sẽ nhận hồ sơ chuyển sang.")
CHOICE_LABELS = {
    RESOLVE: _("Giải quyết xong rồi mới tổng kết"),
    CARRY_OVER: _("Chuyển sang đợt phát động sau, giữ nguyên lịch sử"),
    CLOSE: _("Đóng, ghi là chưa hoàn thành"),
}

# The groups the summary page asks about, in the order of the road; every open state is in one.
GROUPS = (
    ("appraisal", _("Đăng ký chờ thẩm định hoặc đang điều chỉnh"), (State.SUBMITTED, State.RETURNED)),
    ("results", _("Đã duyệt, chưa báo cáo kết quả"), (State.APPROVED,)),
    ("recognition", _("Đề nghị công nhận, chờ chấm điểm hoặc quyết định"), (State.RECOGNITION_REQUESTED,)),
)
assert {s for _k, _l, states in GROUPS for s in states} == set(OPEN_AT_SUMMARY_STATES)

# How many initiatives of each group the page names (the count always covers all of them).
NAMED_PER_GROUP = 10
# Up to this many carried over or closed, the summary is done in the request (a few seconds at most);
# more go to a worker as a job (a request must end within the server's 30 seconds).
IN_REQUEST_MOVES = 200
SUMMARIZE_KIND = "campaign.summarize"


@dataclass
class OpenGroup:
    key: str
    label: str
    states: tuple[str, ...]
    count: int = 0
    named: list[Initiative] = field(default_factory=list)


def open_initiatives(campaign: Campaign, user, states=OPEN_AT_SUMMARY_STATES):
    """Return the campaign's initiatives in `states` that this user sees."""
    return Initiative.objects.visible_to(user).filter(campaign=campaign, state__in=states)


def open_groups(campaign: Campaign, user) -> list[OpenGroup]:
    """Return the groups of still-open initiatives, counted in one query, each naming its first few."""
    counts = dict(
        open_initiatives(campaign, user).order_by().values("state").annotate(n=Count("id")).values_list("state", "n")
    )
    groups = []
    for key, label, states in GROUPS:
        group = OpenGroup(key, str(label), states, sum(counts.get(s, 0) for s in states))
        if group.count:
            group.named = list(
                open_initiatives(campaign, user, states)
                .select_related("unit")
                .order_by("unit__path", "id")[:NAMED_PER_GROUP]
            )
        groups.append(group)
    return groups


def moves_asked(groups: list[OpenGroup], choices: dict[str, str]) -> int:
    """Return how many initiatives the choices carry over or close."""
    return sum(group.count for group in groups if choices.get(group.key, RESOLVE) != RESOLVE)


def later_campaigns(campaign: Campaign):
    """Return the campaigns open initiatives may be carried over to: the same committee's, later, not summarized."""
    return (
        Campaign.objects.filter(committee_id=campaign.committee_id, starts_on__gt=campaign.starts_on)
        .not_summarized()
        .order_by("starts_on", "pk")
    )


def days_early(campaign: Campaign, today: datetime.date | None = None) -> int:
    """Return how many days before its end the campaign would be summarized today (0: not early)."""
    return max(0, (campaign.ends_on - (today or timezone.localdate())).days)


def summarize_campaign(
    campaign: Campaign,
    actor,
    *,
    lessons_learned: str,
    choices: dict[str, str],
    next_campaign: Campaign | None = None,
    reason: str = "",
    progress: Progress | None = None,
    moved: Callable[[Initiative, str], None] | None = None,
) -> dict[str, int]:
    """Carry over or close each chosen group, then summarize; all or nothing. Return how many went where.

    Refused (nothing written) when a group still holds initiatives and is to be resolved first,
    or when any initiative stays open after the choices (one that arrived meanwhile). `progress`
    is told the total and each move; `moved(initiative, choice)` hears of each one before its move.
    """
    done = {CARRY_OVER: 0, CLOSE: 0}
    chosen = [(choices.get(key, RESOLVE), states) for key, _label, states in GROUPS]
    chosen = [(choice, states) for choice, states in chosen if choice != RESOLVE]
    if next_campaign is None and any(choice == CARRY_OVER for choice, _states in chosen):
        raise TransitionError(str(NEXT_CAMPAIGN_NEEDED), code="needs")
    with transaction.atomic():
        if progress is not None:
            progress.set_total(open_initiatives(campaign, actor, [s for _c, group in chosen for s in group]).count())
        for choice, states in chosen:
            initiatives = open_initiatives(campaign, actor, states).select_related("unit", "campaign__committee__unit")
            for initiative in initiatives.order_by("pk"):
                if moved is not None:
                    moved(initiative, choice)
                if choice == CARRY_OVER:
                    bulk.carry_over(initiative, next_campaign, actor, comment=reason)
                else:
                    lifecycle.apply(initiative, "close_unfinished", actor, comment=reason)
                done[choice] += 1
                if progress is not None:
                    progress(done[CARRY_OVER] + done[CLOSE])
        left = open_initiatives(campaign, actor).count()
        if left:
            raise TransitionError(
                ngettext(
                    "Còn %(count)s hồ sơ chưa giải quyết trong đợt này: hãy giải quyết trước, hoặc chọn chuyển "
                    "sang đợt sau hay đóng hồ sơ.",
                    "Còn %(count)s hồ sơ chưa giải quyết trong đợt này: hãy giải quyết trước, hoặc chọn chuyển "
                    "sang đợt sau hay đóng hồ sơ.",
                    left,
                )
                % {"count": left},
                code="needs",
            )
        apply_campaign(campaign, "summarize", actor, lessons_learned=lessons_learned)
    return done


def summarize_title(campaign: Campaign) -> str:
    return gettext("Tổng kết “%(name)s” và hồ sơ còn mở (CSV)") % {"name": campaign.name}


@register(SUMMARIZE_KIND)
def summarize_job(job, out, progress: Progress) -> Output:
    """Summarize as the secretariat chose on the page, in a worker; write what became of each initiative.

    The choices were checked in the request; they are checked again here, as the data may have moved.
    """
    from .reports.tables import neutralize

    params = job.params
    campaign = Campaign.objects.visible_to(job.owner).select_related("committee").get(pk=params["campaign"])
    next_campaign = later_campaigns(campaign).filter(pk=params.get("next_campaign") or 0).first()
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([gettext("Mã hồ sơ"), gettext("Tên"), gettext("Đơn vị"), gettext("Trạng thái"), gettext("Xử lý")])
    outcome = {CARRY_OVER: gettext("Chuyển sang %(name)s"), CLOSE: gettext("Đóng, chưa hoàn thành")}

    def moved(initiative: Initiative, choice: str) -> None:
        what = (
            outcome[choice] % {"name": next_campaign.name} if choice == CARRY_OVER and next_campaign else outcome[CLOSE]
        )
        row = [initiative.pk, initiative.name, initiative.unit.name, initiative.get_state_display(), what]
        writer.writerow([neutralize(value) for value in row])

    try:
        summarize_campaign(
            campaign,
            job.owner,
            lessons_learned=params["lessons_learned"],
            choices=params["choices"],
            next_campaign=next_campaign,
            reason=params.get("reason", ""),
            progress=progress,
            moved=moved,
        )
    except TransitionError as error:
        raise Refused(str(error)) from error
    text.flush()
    text.detach()  # the runner closes `out`
    stem = gettext("Tổng kết %(name)s - hồ sơ còn mở") % {"name": campaign.name}
    return Output(readable_filename(stem, "csv"), "text/csv; charset=utf-8")
