"""One meaning of "a replication" for the summary, the exports and the showcase.

A replication counts once the committee has it (registered) and as long as the committee has not
refused it and the unit has not given it up: rejected and withdrawn copies do not count.
"""

from __future__ import annotations

from django.urls import reverse

from models_registry.models import Initiative, Origin
from models_registry.reports.exports import _LIST_FIELDS, list_queryset
from models_registry.reports.summary import build_summary
from tests.models_registry.reports.test_summary import make


def test_the_summary_the_export_and_the_showcase_count_the_same_replications(client, world):
    source = make(world, "recognized", world.hamlet)
    for state in ("recognized", "submitted", "rejected", "withdrawn", "draft"):
        make(world, state, world.other_hamlet, origin=Origin.REPLICATED, replicates=source)

    summary = build_summary(Initiative.objects.all(), root_unit=world.province)
    exported = {row[0]: row[_LIST_FIELDS.index("replication_count")] for row in list_queryset(Initiative.objects.all())}
    shown = client.get(reverse("showcase:detail", args=[source.pk])).context["initiative"].replication_count

    assert summary.replications == 2
    assert [(s.initiative_id, s.count) for s in summary.top_replicated] == [(source.pk, 2)]
    assert exported[source.pk] == 2
    assert shown == 2
