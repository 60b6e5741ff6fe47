"""Fixtures of the API tests: clients with tokens, and the records each scope may or may not read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from campaigns.models import CampaignState
from models_registry.api.models import ApiClient
from models_registry.models import Commendation, CommendationKind, CommendationLevel, Initiative
from tests.factories import CampaignFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttle counters and cached open data of one test never reach the next."""
    cache.clear()
    yield
    cache.clear()


def issue(unit, rate: str = "10000/hour", name: str = "Hệ thống tỉnh") -> tuple[ApiClient, str]:
    """Create an integration client of `unit`'s subtree and return it with its token."""
    client = ApiClient(name=name, unit=unit, rate=rate)
    token = client.issue_token()
    client.save()
    return client, token


def token_client(token: str) -> Client:
    return Client(headers={"authorization": f"Bearer {token}"})


def session_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def commend(initiative: Initiative) -> Commendation:
    return Commendation.objects.create(
        initiative=initiative,
        kind=CommendationKind.CERTIFICATE_OF_MERIT,
        level=CommendationLevel.PROVINCE,
        authority="UBND tỉnh",
        decision_number="123/QĐ-UBND",
        decided_on=datetime.date.today(),
        recipient="Ấp Phú Hòa",
    )


@dataclass
class Records:
    """A recognized initiative in `hamlet` (with its decision and a commendation), a submitted one in `other_hamlet`."""

    ours: Initiative
    theirs: Initiative
    commendation: Commendation
    draft_campaign: object


@pytest.fixture
def records(world) -> Records:
    ours = world.initiative("recognized", name="Ấp văn hóa kiểu mẫu")
    theirs = world.initiative("submitted", unit=world.other_hamlet, name="Khóm sạch đẹp")
    draft = CampaignFactory(committee=world.province_committee, name="Đợt dự thảo", state=CampaignState.DRAFT)
    return Records(ours, theirs, commend(ours), draft)
