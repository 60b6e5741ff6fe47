"""Two leaders issue a recognition decision with the same number at the same moment.

Both pass the "number already used?" check before either commits; the unique constraint then
refuses the later one, which must come back as a clear refusal, not a database error (a 500).
Needs real concurrent transactions, so PostgreSQL only (SQLite serializes every writer).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from models_registry import bulk
from models_registry.lifecycle import TransitionError
from models_registry.models import Initiative, RecognitionDecision, State
from tests.conftest import score
from tests.races import on_postgresql, race

THREADS = 4


@on_postgresql
def test_simultaneous_decisions_with_one_number_give_one_decision_and_clear_refusals(world):
    initiatives = []
    for _ in range(THREADS):
        initiative = world.initiative("recognition_requested")
        score(initiative, world.member, 85)
        initiatives.append(initiative)
    actor_ids = [world.chair.pk, world.secretary.pk] * (THREADS // 2)

    def prepare(index: int):
        mine = Initiative.objects.select_related("unit", "campaign__committee__unit").get(pk=initiatives[index].pk)
        return mine, get_user_model().objects.get(pk=actor_ids[index])

    def recognize(index: int, prepared) -> str:
        mine, actor = prepared
        bulk.recognize_many([mine], actor, number="9-QĐ/BCĐ", decided_on=datetime.date.today(), signer="Trưởng ban")
        return "ok"

    results = race(THREADS, recognize, prepare)

    assert results.count("ok") == 1, results
    refusals = [r for r in results if r != "ok"]
    assert all(isinstance(r, TransitionError) and r.code == "conflict" for r in refusals), refusals
    assert RecognitionDecision.objects.filter(number="9-QĐ/BCĐ").count() == 1
    assert Initiative.objects.filter(pk__in=[i.pk for i in initiatives], state=State.RECOGNIZED).count() == 1


@on_postgresql
def test_two_leaders_replacing_one_decision_at_once_give_one_replacement_and_a_clear_refusal(world):
    from models_registry.models import Amendment
    from tests.models_registry.reports.papers.helpers import issue

    # Arrange: one issued decision; the chair and the secretary each open its amendment form.
    decision = issue(world, n=1)
    actor_ids = [world.chair.pk, world.secretary.pk]

    def prepare(index: int):
        return RecognitionDecision.objects.get(pk=decision.pk), get_user_model().objects.get(pk=actor_ids[index])

    def replace(index: int, prepared) -> str:
        mine, actor = prepared
        mine.amend(
            actor,
            kind=Amendment.REPLACE,
            number=f"{20 + index}/QĐ-BCĐ",
            decided_on=datetime.date(2026, 4, 10),
            signer="Nguyễn Văn An",
            reason="Sai ngày ký",
        )
        return "ok"

    # Act
    results = race(2, replace, prepare)

    # Assert: the chain does not fork; the later leader is told to amend the newest decision.
    assert results.count("ok") == 1, results
    (refusal,) = [r for r in results if r != "ok"]
    assert isinstance(refusal, TransitionError) and refusal.code == "state", refusal
    assert RecognitionDecision.objects.filter(amends=decision).count() == 1


@on_postgresql
def test_a_recognition_and_a_reopened_sheet_at_one_instant_never_leave_a_decision_below_the_quorum(world):
    from models_registry.models import ScoreSheet, reopen_sheet

    # Arrange: quorum 2, two sheets in; the chair recognizes while the secretary reopens one sheet.
    world.campaign.quorum = 2
    world.campaign.save(update_fields=["quorum"])
    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 90)
    reopened = score(initiative, world.member, 85)
    # Each page has read the initiative and counted two sheets before the other acts.
    seen = Initiative.objects.with_scores().select_related("unit", "campaign__committee__unit")

    def prepare(index: int):
        mine = seen.get(pk=initiative.pk)
        if index == 0:
            return mine, get_user_model().objects.get(pk=world.chair.pk)
        sheet = ScoreSheet.objects.select_related("member").get(pk=reopened.pk)
        sheet.initiative = mine
        return sheet, get_user_model().objects.get(pk=world.secretary.pk)

    def act(index: int, prepared) -> str:
        if index == 0:
            mine, chair = prepared
            bulk.recognize_many([mine], chair, number="11-QĐ/BCĐ", decided_on=datetime.date.today(), signer="TB")
            return "recognized"
        sheet, secretary = prepared
        reopen_sheet(sheet, secretary, "Cộng sai điểm tiêu chí 2.")
        return "reopened"

    results = race(2, act, prepare)

    # Whichever came first, the other was refused: one sheet never backs a decision that needs two.
    assert sorted(r if isinstance(r, str) else "refused" for r in results) in (
        ["recognized", "refused"],
        ["refused", "reopened"],
    ), results
    assert all(isinstance(r, str | TransitionError) for r in results), results
    state = Initiative.objects.get(pk=initiative.pk).state
    submitted = ScoreSheet.objects.filter(initiative=initiative).submitted().count()
    assert (state, submitted) in ((State.RECOGNIZED, 2), (State.RECOGNITION_REQUESTED, 1)), (state, submitted)
