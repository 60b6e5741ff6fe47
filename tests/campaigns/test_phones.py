"""A person's phone (campaigns.Profile, filled by the people import) in the admin lists of people."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import CommitteeMembership, Profile, Role, UnitMembership, phone_of

from ..factories import CommitteeMembershipFactory, UnitMembershipFactory, UserFactory


def test_a_person_without_a_profile_has_no_phone(world):
    assert phone_of(world.staff) == ""


@pytest.mark.parametrize(
    "model, membership, add_row",
    [
        ("unitmembership", UnitMembership, lambda world, user: UnitMembershipFactory(unit=world.hamlet, user=user)),
        (
            "committeemembership",
            CommitteeMembership,
            lambda world, user: CommitteeMembershipFactory(
                committee=world.commune_committee, user=user, role=Role.MEMBER
            ),
        ),
    ],
)
def test_the_people_lists_show_each_phone_for_the_same_queries_at_one_and_three_rows(
    client, world, model, membership, add_row
):
    url = reverse(f"admin:campaigns_{model}_changelist")
    client.force_login(world.admin)
    membership.objects.all().delete()

    def add(n: int) -> None:
        user = UserFactory(username=f"nguoi{n}")
        Profile.objects.create(user=user, phone=f"0909 000 00{n}")
        add_row(world, user)

    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    add(2)
    add(3)
    with CaptureQueriesContext(connection) as three:
        second = client.get(url)

    assert "0909 000 001" in first.content.decode()
    assert all(f"0909 000 00{n}" in second.content.decode() for n in (1, 2, 3))
    assert second.context["cl"].result_count == 3
    assert len(one) == len(three)
