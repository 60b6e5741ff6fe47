"""Two leaders issue a recognition decision with the same number at the same moment.

Both pass the "number already used?" check before either commits; the unique constraint then
refuses the later one, which must come back as a clear refusal, not a database error (a 500).
Needs real concurrent transactions, so PostgreSQL only (SQLite serializes every writer).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from models_registry import lifecycle
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
        lifecycle.recognize_many(
            [mine], actor, number="9-QĐ/BCĐ", decided_on=datetime.date.today(), signer="Trưởng ban"
        )
        return "ok"

    results = race(THREADS, recognize, prepare)

    assert results.count("ok") == 1, results
    refusals = [r for r in results if r != "ok"]
    assert all(isinstance(r, TransitionError) and r.code == "conflict" for r in refusals), refusals
    assert RecognitionDecision.objects.filter(number="9-QĐ/BCĐ").count() == 1
    assert Initiative.objects.filter(pk__in=[i.pk for i in initiatives], state=State.RECOGNIZED).count() == 1
