"""The links and rules said once (campaigns.fields.user_link, committee_link and lifecycle_state, the registry's
initiative_link and one_waiting_per_initiative, person_kept on the inbox) give every model what it
declared by hand before.

`makemigrations --check` guards the database; these say the rules in words.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.documents import DocumentSettings, LegalBasis
from campaigns.fields import committee_link, lifecycle_state, person_kept, user_link
from campaigns.models import Campaign, CampaignState, CommitteeMembership, Profile, SteeringCommittee, UnitMembership
from models_registry.models import (
    Certificate,
    CommendationProposal,
    CommendationProposalState,
    Initiative,
    Nomination,
    NominationState,
    ProposalState,
    ReasonTemplate,
    RecognitionDecision,
    Remark,
    ReplicationProposal,
    ReportAssessment,
    State,
)
from models_registry.models.fields import initiative_link, one_waiting_per_initiative
from notifications.models import Notification


def _options(field: models.Field) -> dict:
    _name, _path, _args, kwargs = field.deconstruct()
    return kwargs


def test_committee_link_is_a_required_link_to_the_committee_named_ban_chi_dao():
    kwargs = _options(committee_link(on_delete=models.PROTECT, related_name="things"))

    assert kwargs == {
        "to": "campaigns.steeringcommittee",
        "verbose_name": "Ban Chỉ đạo",
        "on_delete": models.PROTECT,
        "related_name": "things",
    }


def test_committee_link_may_be_a_one_to_one_link():
    field = committee_link(on_delete=models.CASCADE, related_name="settings", field=models.OneToOneField)

    assert isinstance(field, models.OneToOneField)


@pytest.mark.parametrize(
    ("model", "on_delete", "related_name", "field_class"),
    [
        (CommitteeMembership, models.CASCADE, "memberships", models.ForeignKey),
        (Campaign, models.PROTECT, "campaigns", models.ForeignKey),
        (DocumentSettings, models.CASCADE, "document_settings", models.OneToOneField),
        (LegalBasis, models.CASCADE, "legal_bases", models.ForeignKey),
        (RecognitionDecision, models.PROTECT, "decisions", models.ForeignKey),
        (ReportAssessment, models.CASCADE, "assessments", models.ForeignKey),
        (ReasonTemplate, models.CASCADE, "reason_templates", models.ForeignKey),
        (Remark, models.PROTECT, "remarks", models.ForeignKey),
    ],
)
def test_rows_of_a_committee_keep_their_link_rules(model, on_delete, related_name, field_class):
    field = model._meta.get_field("committee")

    assert type(field) is field_class
    assert field.remote_field.model is SteeringCommittee
    assert str(field.verbose_name) == "Ban Chỉ đạo"
    assert field.remote_field.on_delete is on_delete
    assert field.remote_field.related_name == related_name
    assert (field.null, field.blank, field.editable) == (False, False, True)


def test_initiative_link_is_a_required_link_to_the_initiative_named_mo_hinh_dien_hinh():
    kwargs = _options(initiative_link(on_delete=models.CASCADE, related_name="things"))

    assert kwargs == {
        "to": "models_registry.initiative",
        "verbose_name": "mô hình, điển hình",
        "on_delete": models.CASCADE,
        "related_name": "things",
    }


@pytest.mark.parametrize(
    ("model", "on_delete", "related_name"),
    [
        (Certificate, models.PROTECT, "certificates"),
        (Nomination, models.CASCADE, "nominations"),
        (CommendationProposal, models.PROTECT, "commendation_proposals"),
        (Remark, models.CASCADE, "remarks"),
    ],
)
def test_rows_about_an_initiative_keep_their_link_rules(model, on_delete, related_name):
    field = model._meta.get_field("initiative")

    assert type(field) is models.ForeignKey
    assert field.remote_field.model is Initiative
    assert str(field.verbose_name) == "mô hình, điển hình"
    assert field.remote_field.on_delete is on_delete
    assert field.remote_field.related_name == related_name
    assert (field.null, field.blank, field.editable) == (False, False, True)


def test_one_waiting_per_initiative_is_unique_on_the_initiative_while_proposed():
    constraint = one_waiting_per_initiative("x")

    assert constraint == models.UniqueConstraint(fields=["initiative"], condition=Q(state="proposed"), name="x")


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (Nomination, "one_open_nomination_per_initiative"),
        (CommendationProposal, "one_open_commendation_proposal_per_initiative"),
    ],
)
def test_nominations_and_commendation_proposals_let_one_row_per_initiative_wait(model, name):
    assert one_waiting_per_initiative(name) in model._meta.constraints
    assert model._meta.get_field("state").default == "proposed"


def test_the_inbox_keeps_the_actor_as_a_person_kept_and_optional_in_forms():
    kwargs = _options(Notification._meta.get_field("actor"))

    assert kwargs == _options(person_kept(verbose_name="người thực hiện", blank=True))


def test_lifecycle_state_is_named_trang_thai_and_never_in_a_form():
    field = lifecycle_state(CampaignState, CampaignState.DRAFT, max_length=20)

    assert str(field.verbose_name) == "trạng thái"
    assert (field.max_length, field.default, field.editable) == (20, CampaignState.DRAFT, False)
    assert field.choices == CampaignState.choices


@pytest.mark.parametrize(
    ("model", "states", "default", "max_length"),
    [
        (Campaign, CampaignState, CampaignState.DRAFT, 16),
        (Initiative, State, State.DRAFT, 24),
        (Nomination, NominationState, NominationState.PROPOSED, 16),
        (CommendationProposal, CommendationProposalState, CommendationProposalState.PROPOSED, 16),
        (ReplicationProposal, ProposalState, ProposalState.PROPOSED, 16),
    ],
)
def test_rows_moved_by_their_lifecycle_keep_their_state_rules(model, states, default, max_length):
    field = model._meta.get_field("state")

    assert str(field.verbose_name) == "trạng thái"
    assert field.choices == states.choices
    assert (field.max_length, field.default, field.editable, field.blank) == (max_length, default, False, False)


def test_user_link_is_the_account_a_row_belongs_to_and_goes_with_it():
    kwargs = _options(user_link(related_name="seats"))

    assert kwargs == {
        "to": settings.AUTH_USER_MODEL.lower(),
        "verbose_name": "người dùng",
        "on_delete": models.CASCADE,
        "related_name": "seats",
    }


@pytest.mark.parametrize(
    ("model", "related_name", "field_class"),
    [
        (UnitMembership, "unit_memberships", models.ForeignKey),
        (CommitteeMembership, "committee_memberships", models.ForeignKey),
        (Profile, "profile", models.OneToOneField),
    ],
)
def test_seats_and_profiles_keep_their_user_link_rules(model, related_name, field_class):
    field = model._meta.get_field("user")

    assert type(field) is field_class
    assert str(field.verbose_name) == "người dùng"
    assert field.remote_field.on_delete is models.CASCADE
    assert field.remote_field.related_name == related_name
    assert (field.null, field.blank, field.editable) == (False, False, True)
