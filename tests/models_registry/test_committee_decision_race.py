"""Two leaders issue a recognition decision with the same number at the same moment.

Both pass the "number already used?" check before either commits; the unique constraint then
refuses the later one, which must come back as a clear refusal, not a database error (a 500).
Needs real concurrent transactions, so PostgreSQL only (SQLite serializes every writer).
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from models_registry import lifecycle
from models_registry.lifecycle import TransitionError
from models_registry.models import Initiative, RecognitionDecision, State
from tests.conftest import score

THREADS = 4


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="needs PostgreSQL: SQLite serializes writers, so threads cannot race there",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_decisions_with_one_number_give_one_decision_and_clear_refusals(world):
    initiatives = []
    for _ in range(THREADS):
        initiative = world.initiative("recognition_requested")
        score(initiative, world.member, 85)
        initiatives.append(initiative)
    actor_ids = [world.chair.pk, world.secretary.pk] * (THREADS // 2)
    barrier = threading.Barrier(THREADS)
    results: list[object] = [None] * THREADS

    def recognize(index: int) -> None:
        try:
            mine = Initiative.objects.select_related("unit", "campaign__committee__unit").get(pk=initiatives[index].pk)
            actor = get_user_model().objects.get(pk=actor_ids[index])
            barrier.wait(timeout=30)
            try:
                lifecycle.recognize_many(
                    [mine], actor, number="9-QĐ/BCĐ", decided_on=datetime.date.today(), signer="Trưởng ban"
                )
                results[index] = "ok"
            except TransitionError as error:
                results[index] = error
        except Exception as error:  # noqa: BLE001 — reported by the assertions below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=recognize, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert results.count("ok") == 1, results
    refusals = [r for r in results if r != "ok"]
    assert all(isinstance(r, TransitionError) and r.code == "conflict" for r in refusals), refusals
    assert RecognitionDecision.objects.filter(number="9-QĐ/BCĐ").count() == 1
    assert Initiative.objects.filter(pk__in=[i.pk for i in initiatives], state=State.RECOGNIZED).count() == 1
