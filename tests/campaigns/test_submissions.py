"""The one guard against double submits: a creation token the database lets in once."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from campaigns.models import Field, Submission
from campaigns.submissions import create_once, new_token
from tests.races import on_postgresql, race

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def make_field(name: str):
    """A creation to guard: any row will do, a field is the smallest."""
    return lambda: Field.objects.create(code=uuid.uuid4().hex[:30], name=name)


def test_a_token_creates_once_and_its_replay_returns_the_first_object():
    user = UserFactory()
    token = new_token()

    first, created = create_once(token, user, make_field("Lĩnh vực A"))
    again, created_again = create_once(token, user, make_field("Lĩnh vực A"))

    assert (created, created_again) == (True, False)
    assert again == first
    assert Field.objects.filter(name="Lĩnh vực A").count() == 1


def test_two_tokens_create_two_objects_even_with_the_same_content():
    user = UserFactory()

    create_once(new_token(), user, make_field("Lĩnh vực B"))
    create_once(new_token(), user, make_field("Lĩnh vực B"))

    assert Field.objects.filter(name="Lĩnh vực B").count() == 2


@pytest.mark.parametrize("token", ["", None, "not-a-uuid"])
def test_a_missing_or_malformed_token_counts_as_a_fresh_one(token):
    user = UserFactory()

    create_once(token, user, make_field("Lĩnh vực C"))
    _second, created = create_once(token, user, make_field("Lĩnh vực C"))

    assert created is True
    assert Field.objects.filter(name="Lĩnh vực C").count() == 2


def test_a_create_that_fails_leaves_the_token_free_for_the_corrected_post():
    user = UserFactory()
    token = new_token()

    def refuse():
        raise ValueError("refused")

    with pytest.raises(ValueError):
        create_once(token, user, refuse)
    _field, created = create_once(token, user, make_field("Lĩnh vực D"))

    assert created is True
    assert Submission.objects.count() == 1


def test_another_users_token_never_finds_their_object():
    owner, other = UserFactory(), UserFactory()
    token = new_token()
    theirs, _created = create_once(token, owner, make_field("Lĩnh vực E"))

    mine, created = create_once(token, other, make_field("Lĩnh vực F"))

    assert created is True
    assert mine != theirs


def test_tokens_older_than_a_day_are_pruned_and_newer_ones_kept():
    user = UserFactory()
    create_once(new_token(), user, make_field("Cũ"))
    create_once(new_token(), user, make_field("Mới"))
    old = Submission.objects.order_by("created_at").first()
    Submission.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))

    pruned = Submission.objects.prune()

    assert pruned == 1
    assert Submission.objects.count() == 1


def test_the_form_token_tag_keeps_a_refused_posts_token_and_makes_a_new_one_otherwise():
    token = new_token()
    template = Template("{% load submissions %}{% form_token %}")

    posted = template.render(Context({"request": RequestFactory().post("/", {"form_token": token})}))
    fresh = template.render(Context({"request": RequestFactory().get("/")}))

    assert f'value="{token}"' in posted
    assert 'name="form_token"' in fresh and token not in fresh


@on_postgresql
def test_two_concurrent_posts_of_one_token_create_one_row():
    user = UserFactory()
    token = new_token()

    results = race(2, lambda index, _prepared: create_once(token, user, make_field("Lĩnh vực đua")))

    assert sorted(created for _obj, created in results) == [False, True]
    assert results[0][0] == results[1][0]
    assert Field.objects.filter(name="Lĩnh vực đua").count() == 1
