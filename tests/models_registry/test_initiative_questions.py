"""What the staff page asks of one initiative, and of a unit's history, answered on the model and its QuerySet."""

from __future__ import annotations

import pytest

from campaigns.access import scope
from models_registry.models import Initiative, State

pytestmark = pytest.mark.django_db


def test_a_recognized_initiative_may_be_replicated_by_the_staff_of_another_unit_only(world):
    initiative = world.initiative("recognized")

    assert initiative.may_be_replicated_by(scope(world.staff2))
    assert not initiative.may_be_replicated_by(scope(world.staff))
    assert not initiative.may_be_replicated_by(scope(world.chair))


def test_a_recognition_revoked_is_not_offered_for_replication_as_the_replicate_page_refuses_it(world):
    import datetime

    from models_registry.models import Amendment
    from tests.models_registry.reports.papers.helpers import issue

    decision = issue(world, n=1)
    initiative = decision.initiatives.get()
    assert initiative.may_be_replicated_by(scope(world.staff2))

    decision.amend(
        world.chair,
        kind=Amendment.REVOKE,
        number="09/QĐ-BCĐ",
        decided_on=datetime.date(2026, 4, 10),
        signer="A",
        reason="B",
    )
    initiative = Initiative.objects.get(pk=initiative.pk)

    assert not initiative.may_be_replicated_by(scope(world.staff2))
    # The instance says what the QuerySet says, before and after.
    assert initiative.is_public is Initiative.objects.public().filter(pk=initiative.pk).exists() is False


def test_an_initiative_not_yet_recognized_may_not_be_replicated(world):
    initiative = world.initiative("submitted")

    assert not initiative.may_be_replicated_by(scope(world.staff2))


def test_the_committee_request_is_its_last_move_sending_the_initiative_back_while_it_stands_there(world):
    initiative = world.initiative("returned")
    logs = list(initiative.logs.all())

    request = initiative.committee_request(logs)

    assert request is not None and request.action == "return_for_revision"
    initiative.state = State.SUBMITTED
    assert initiative.committee_request(logs) is None
    assert initiative.committee_request([]) is None


def test_a_replication_reads_its_recognized_source_and_an_initiative_of_its_own_reads_none(world):
    source = world.initiative("recognized")
    copy, _created = source.replicate_into(world.other_hamlet, world.campaign, by=world.staff2)

    assert copy.readable_source(world.staff2) == source
    assert source.readable_source(world.staff2) is None


def test_a_source_whose_recognition_was_revoked_is_no_longer_read_by_another_units_replication(world):
    # One rule for "who reads an initiative out of their scope" (readable_by: public()): the source
    # asked for "recognized" alone, so a revoked recognition still showed to every replicating unit.
    import datetime

    from models_registry.models import Amendment
    from tests.models_registry.reports.papers.helpers import issue

    decision = issue(world, n=1)
    source = decision.initiatives.get()
    copy, _created = source.replicate_into(world.other_hamlet, world.campaign, by=world.staff2)
    assert copy.readable_source(world.staff2) == source

    decision.amend(
        world.chair,
        kind=Amendment.REVOKE,
        number="09/QĐ-BCĐ",
        decided_on=datetime.date(2026, 4, 10),
        signer="Nguyễn Văn An",
        reason="Hồ sơ không trung thực",
    )

    assert copy.readable_source(world.staff2) is None
    assert copy.readable_source(world.staff) == source  # its own unit still reads it


def test_the_replications_read_are_those_in_the_users_scope_or_public(world):
    source = world.initiative("recognized")
    copy, _created = source.replicate_into(world.other_hamlet, world.campaign, by=world.staff2)

    assert source.readable_replications(world.staff2) == [copy]
    assert source.readable_replications(world.staff) == []


def test_the_unit_history_is_its_registrations_newest_first_without_the_one_named(world):
    older = world.initiative("submitted")
    newer = world.initiative("returned")
    world.initiative("draft")

    history = Initiative.objects.unit_history(world.hamlet.pk)

    assert list(history) == [newer, older]
    assert list(Initiative.objects.unit_history(world.hamlet.pk, exclude_pk=newer.pk)) == [older]
    assert list(Initiative.objects.unit_history(world.hamlet.pk, states=[State.SUBMITTED])) == [older]
    assert list(Initiative.objects.unit_history(world.hamlet.pk, other_than_campaign=world.campaign.pk)) == []
