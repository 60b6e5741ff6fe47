"""The model pieces said once (campaigns.fields, campaigns.bases, the registry's CountRow and querysets)
give every model that uses them what it declared by hand before: same fields, same ordering, same tables.

`makemigrations --check` guards the database; these say the rules in words.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import models

from campaigns.bases import WrittenInOrder
from campaigns.fields import person_kept, recorded_by, written_link
from campaigns.models import CampaignLog
from models_registry.models import (
    CommendationCount,
    CommendationProposal,
    Initiative,
    InitiativeCount,
    Nomination,
    Recusal,
    ReplicationCount,
    ReplicationProposal,
    ScorerAssignment,
    TransitionLog,
)
from models_registry.models.counts import CountRow, InitiativeCountQuerySet
from models_registry.models.queries import OfInitiativeQuerySet


def _options(field: models.Field) -> dict:
    _name, _path, _args, kwargs = field.deconstruct()
    return kwargs


def test_person_kept_is_a_nullable_link_to_a_user_without_reverse_accessor():
    kwargs = _options(person_kept(verbose_name="x"))

    assert kwargs["to"] == settings.AUTH_USER_MODEL.lower()
    assert kwargs["on_delete"] is models.SET_NULL
    assert kwargs["null"] is True
    assert kwargs["related_name"] == "+"
    assert kwargs["verbose_name"] == "x"
    assert "editable" not in kwargs  # shown (read only) where the admin lists it


def test_recorded_by_is_person_kept_and_never_in_a_form():
    kwargs = _options(recorded_by(blank=True))

    assert kwargs == {**_options(person_kept(blank=True)), "editable": False}


def test_written_link_is_optional_and_not_editable():
    field = written_link("self", "x", on_delete=models.PROTECT, related_name="later", field=models.OneToOneField)

    assert isinstance(field, models.OneToOneField)
    assert (field.null, field.blank, field.editable) == (True, True, False)
    assert field.remote_field.on_delete is models.PROTECT


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (Initiative, "decision"),
        (Nomination, "from_decision"),
        (Nomination, "decision"),
        (CommendationProposal, "commendation"),
        (ReplicationProposal, "initiative"),
    ],
)
def test_the_links_the_application_sets_are_written_links(model, name):
    field = model._meta.get_field(name)

    assert (field.null, field.blank, field.editable) == (True, True, False)


@pytest.mark.parametrize("model", [CampaignLog, TransitionLog, ScorerAssignment, Recusal])
def test_rows_written_in_order_keep_their_own_table_and_the_ordering(model):
    assert issubclass(model, WrittenInOrder)
    assert not model._meta.abstract
    assert model._meta.ordering == ["created_at", "id"]
    assert model._meta.db_table == f"{model._meta.app_label}_{model.__name__.lower()}"


def test_the_log_keeps_its_named_indexed_time():
    field = TransitionLog._meta.get_field("created_at")

    assert field.db_index and field.auto_now_add


@pytest.mark.parametrize("model", [InitiativeCount, CommendationCount, ReplicationCount])
def test_count_rows_share_their_key_start_and_queryset(model):
    assert issubclass(model, CountRow)
    assert isinstance(model.objects.all(), InitiativeCountQuerySet)
    assert [f.name for f in model._meta.get_fields() if f.name in ("campaign", "grain", "unit", "count")] == [
        "campaign",
        "grain",
        "unit",
        "count",
    ]
    assert model._meta.get_field("campaign").db_index is False


@pytest.mark.parametrize("model", [Nomination, CommendationProposal])
def test_rows_of_an_initiative_are_seen_through_it(model):
    assert isinstance(model.objects.all(), OfInitiativeQuerySet)


# ----- every field has a name of its own -------------------------------------------------------
DVK_APPS = ("campaigns", "models_registry", "api", "jobs", "notifications")


def _fields_of_dvk_models():
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label in DVK_APPS:
            for field in model._meta.get_fields():
                if field.concrete and not field.auto_created:
                    yield model, field


def test_every_field_of_every_model_is_named_in_vietnamese_not_by_its_attribute():
    # The admin's columns and filters, the model forms' labels and the database's refusals name a
    # field by its verbose name; one Django derives from the attribute ("created at", "from state")
    # is English in the Vietnamese interface.
    from django.utils import translation

    with translation.override("vi"):
        unnamed = [
            f"{model.__name__}.{field.name}"
            for model, field in _fields_of_dvk_models()
            if str(field.verbose_name) == field.name.replace("_", " ")
        ]

    assert unnamed == []


def test_the_rows_about_an_initiative_link_it_by_the_one_initiative_link():
    from django.utils import translation

    with translation.override("vi"):
        links = {
            f"{model.__name__}.{field.name}": str(field.verbose_name)
            for model, field in _fields_of_dvk_models()
            # A written link (the replication a proposal created) names another initiative.
            if field.name == "initiative" and field.related_model is Initiative and field.editable
        }

    assert len(links) >= 10
    assert set(links.values()) == {"mô hình, điển hình"}


def test_the_admin_shows_a_campaigns_history_under_vietnamese_column_heads_and_english_ones_in_english(client, world):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    admin = get_user_model().objects.create_superuser("root-heads", "root@example.org", "x")
    client.force_login(admin)
    url = reverse("admin:campaigns_campaign_change", args=[world.campaign.pk])

    vietnamese = client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).content.decode()

    assert "Thao tác" in vietnamese and "Người thực hiện" in vietnamese
    assert "From state" not in vietnamese and "Actor" not in vietnamese
    assert re.search(r"column-from_state[^>]*>\s*From", english)
    assert re.search(r"column-action[^>]*>\s*Action", english)


def test_the_initiative_log_list_in_the_admin_filters_by_moves_named_as_people_read_them(client, world):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from models_registry.lifecycle import apply

    apply(world.initiative("draft"), "submit", world.staff)
    admin = get_user_model().objects.create_superuser("root-logs", "root@example.org", "x")
    client.force_login(admin)

    html = client.get(reverse("admin:models_registry_transitionlog_changelist")).content.decode()

    assert re.search(r'<a href="\?action=submit"[^>]*>Gửi đăng ký</a>', html)
    assert ">submit<" not in html


def test_a_log_row_reads_as_people_say_the_move_not_as_its_codes(world):
    # The admin names a row by its __str__ (the log's change page, its breadcrumb): "launch: draft → launched" before.
    from django.utils import translation

    from campaigns.models import CampaignLog
    from models_registry.lifecycle import apply

    apply(world.initiative("draft"), "submit", world.staff)
    campaign_log = CampaignLog.objects.create(
        campaign=world.campaign, action="launch", from_state="draft", to_state="launched", actor=world.chair
    )

    with translation.override("vi"):
        assert str(campaign_log) == "Phát động: Dự thảo → Đã phát động"
        assert str(TransitionLog.objects.get(action="submit")).startswith("Gửi đăng ký: ")
    with translation.override("en"):
        assert str(campaign_log) == "Launch: Draft → Launched"
