"""Every admin changelist costs the same, exact number of queries for one row and for three.

The changelists come from `admin.site._registry`: a new ModelAdmin without a row in `QUERIES` fails.
The rows are the demo province's (every state, several years), narrowed to one and to three by the
changelist's own `pk__in` lookup, for an administrator and for a commune committee member (with the
admin rights seed_demo gives members). A list that read a row's relation per row would cost more
for three rows than for one.
"""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

# Exact queries of each changelist (administrator, member); None: the member has no such list (403)
# or sees fewer than three of its rows in the demo.
ROLES = ("admin", "member")
QUERIES = {
    "api.apicall": (8, None),
    "api.apiclient": (5, None),
    "auth.group": (5, None),
    "auth.user": (6, None),
    "axes.accessattempt": (8, None),
    "axes.accessfailurelog": (8, None),
    "axes.accesslog": (8, None),
    "campaigns.campaign": (9, 12),
    "campaigns.campaigndocument": (8, 11),
    "campaigns.campaignlog": (9, 12),
    "campaigns.committeemembership": (6, 9),
    "campaigns.criteriaset": (6, 9),
    "campaigns.criterion": (6, 9),
    "campaigns.field": (5, 8),
    "campaigns.steeringcommittee": (6, None),
    "campaigns.unit": (5, 8),
    "campaigns.unitmembership": (6, 9),
    "django_tasks_database.dbtaskresult": (7, None),
    "models_registry.attachment": (8, 11),
    "models_registry.columnmapping": (5, None),
    "models_registry.commendation": (7, 10),
    "models_registry.commendationproposal": (7, 10),
    "models_registry.initiative": (7, 10),
    "models_registry.inspection": (7, 10),
    "models_registry.reasontemplate": (5, None),
    "models_registry.recognitiondecision": (7, 10),
    "models_registry.scoreitem": (5, 8),
    "models_registry.scoresheet": (7, 10),
    "models_registry.transitionlog": (8, 11),
    "otp_totp.totpdevice": (5, None),
}


def _changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _rows_the_admin_lists(model_admin, user) -> list:
    request = RequestFactory().get("/")
    request.user = user
    return list(model_admin.get_queryset(request).order_by("pk").values_list("pk", flat=True)[:3])


def _queries_for(client, url: str, pks: list) -> tuple[int, int]:
    # The session, the user and the scope are read once before, as on any page the user opened first.
    client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"pk__in": ",".join(str(pk) for pk in pks)})
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response.context["cl"].result_count


def _rows_the_demo_lacks() -> None:
    """Three rows of the few models the demo province does not fill (logins, imports, API calls)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_tasks_db.models import DBTaskResult

    from campaigns.models import Campaign, CampaignDocument, SteeringCommittee, Unit
    from models_registry.api.models import ApiCall, ApiClient
    from models_registry.imports.models import ColumnMapping
    from models_registry.models import (
        Commendation,
        CommendationKind,
        CommendationLevel,
        CommendationProposal,
        Initiative,
        State,
    )

    from .conftest import PDF_BYTES

    admin_user = get_user_model().objects.get(username="admin")
    province = Unit.objects.get(parent=None)
    for i in range(3):
        AccessAttempt.objects.create(username=f"u{i}", ip_address="10.0.0.1", user_agent="t", failures_since_start=1)
        AccessLog.objects.create(username=f"u{i}", ip_address="10.0.0.1", user_agent="t")
        AccessFailureLog.objects.create(username=f"u{i}", ip_address="10.0.0.1", user_agent="t")
        TOTPDevice.objects.create(user=admin_user, name=f"d{i}")
        ColumnMapping.objects.create(layout=f"layout-{i}", headers=["Tên"], columns={"0": "name"})
        client = ApiClient(name=f"Cổng dữ liệu {i}", unit=province, created_by=admin_user)
        client.issue_token()
        client.save()
        ApiCall.objects.create(client=client, path="/api/v1/initiatives/", status=200)
    for i in range(3):
        Group.objects.create(name=f"Nhóm {i}")
    # The commune's committee (the member's) writes its own campaign's papers and proposals.
    member = get_user_model().objects.get(username="member")
    committee = SteeringCommittee.objects.filter(memberships__user=member).order_by("pk").first()
    campaign = Campaign.objects.filter(committee=committee).order_by("-year").first()
    for i in range(3):
        document = CampaignDocument(campaign=campaign, title=f"Kế hoạch {i}", content_type="application/pdf")
        document.file.save(f"ke-hoach-{i}.pdf", ContentFile(PDF_BYTES), save=True)
    recognized = Initiative.objects.filter(campaign__committee=committee, state=State.RECOGNIZED)
    for i, initiative in enumerate(recognized.exclude(commendation_proposals__state="proposed").order_by("pk")[:3]):
        Commendation.objects.create(
            initiative=initiative,
            kind=CommendationKind.CERTIFICATE_OF_MERIT,
            authority="Ủy ban nhân dân xã",
            decision_number=f"{i + 50}/QĐ-UBND",
            decided_on=datetime.date(2026, 11, 1),
            recipient=initiative.unit.name,
        )
        CommendationProposal.objects.create(
            initiative=initiative,
            kind=CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
            level=CommendationLevel.PROVINCE,
            committee=committee,
            achievement="Giảm 80% số vụ tranh chấp.",
        )
    if DBTaskResult.objects.count() < 3:
        from jobs.tasks import run_job

        for _ in range(3):
            DBTaskResult.objects.create(
                id=uuid.uuid4(),
                status="SUCCEEDED",
                task_path=run_job.module_path,
                priority=0,
                queue_name="default",
                backend_name="default",
                args_kwargs={"args": [0], "kwargs": {}},
                run_after=None,
            )


@pytest.mark.django_db(transaction=False)
def test_every_admin_changelist_costs_the_same_exact_queries_for_one_row_and_for_three():
    # Arrange
    call_command("seed_demo", "--force", stdout=io.StringIO())
    _rows_the_demo_lacks()
    users = get_user_model().objects.in_bulk(list(ROLES), field_name="username")

    # Act
    measured, short = {}, []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        for role in ROLES:
            client = Client()
            client.force_login(users[role])
            url = _changelist_url(model)
            if client.get(url).status_code == 403:
                measured[(label, role)] = None
                continue
            pks = _rows_the_admin_lists(model_admin, users[role])
            if len(pks) < 3:
                short.append((label, role))
                measured[(label, role)] = None
                continue
            one, one_rows = _queries_for(client, url, pks[:1])
            three, three_rows = _queries_for(client, url, pks)
            assert (one_rows, three_rows) == (1, 3), (label, role)
            measured[(label, role)] = (one, three)

    # Assert
    growing = {key: cost for key, cost in measured.items() if cost and cost[0] != cost[1]}
    assert growing == {}
    expected = {
        (label, role): n and (n, n) for label, pair in QUERIES.items() for role, n in zip(ROLES, pair, strict=True)
    }
    assert measured == expected
    assert [label for label, role in short if role == "admin"] == []
