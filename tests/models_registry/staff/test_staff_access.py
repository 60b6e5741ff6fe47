"""Access matrix for every staff URL that names an object.

Anonymous → login; staff of another unit and a committee outside the subtree → 404;
inside the scope but without the role → 403; otherwise the page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import Role
from models_registry.evidence import save_attachments
from tests.conftest import png_file
from tests.factories import CommitteeFactory, CommitteeMembershipFactory, UserFactory

# who → expected status for (url kind). "login" means a redirect to the login page.
MATRIX = {
    "detail": {"staff": 200, "member": 200, "chair": 200, "admin": 200},
    "edit": {"staff": 200, "member": 403, "chair": 403, "admin": 200},
    "submit": {"staff": 200, "member": 403, "chair": 403, "admin": 200},
    "withdraw": {"staff": 200, "member": 403, "chair": 403, "admin": 200},
    "request_recognition": {"staff": 200, "member": 403, "chair": 403, "admin": 200},
    "evidence": {"staff": 302, "member": 403, "chair": 403, "admin": 302},
    "download": {"staff": 200, "member": 200, "chair": 200, "admin": 200},
}
WHO = ["anonymous", "other_unit_staff", "outside_committee", "staff", "member", "chair", "admin"]


def _outside_committee_member(world):
    committee = CommitteeFactory(unit=world.other_commune, name="Ban Chỉ đạo phường Trà Vinh")
    user = UserFactory(username="outside_member")
    CommitteeMembershipFactory(committee=committee, user=user, role=Role.CHAIR)
    return user


def _request(client, world, kind):
    """Return (method, url, data) for one URL kind, on an initiative of staff's hamlet."""
    if kind in ("edit", "submit", "detail"):
        initiative = world.initiative("draft")
    else:
        initiative = world.initiative("approved")
    if kind == "detail":
        return "get", reverse("staff:initiative_detail", args=[initiative.pk]), None
    if kind == "edit":
        return "get", reverse("staff:initiative_edit", args=[initiative.pk]), None
    if kind in ("submit", "withdraw", "request_recognition"):
        return "get", reverse("staff:initiative_transition", args=[initiative.pk, kind]), None
    if kind == "evidence":
        return "post", reverse("staff:initiative_evidence", args=[initiative.pk]), {"files": [png_file()]}
    saved, _ = save_attachments(initiative, [png_file()], world.staff)
    return "get", reverse("staff:attachment_download", args=[saved[0].pk]), None


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("kind", list(MATRIX))
def test_access_matrix(client, world, kind, who):
    method, url, data = _request(client, world, kind)
    users = {
        "other_unit_staff": world.staff2,
        "outside_committee": _outside_committee_member(world) if who == "outside_committee" else None,
        "staff": world.staff,
        "member": world.member,
        "chair": world.chair,
        "admin": world.admin,
    }
    if who != "anonymous":
        client.force_login(users[who])

    response = getattr(client, method)(url, data or {})

    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    elif who in ("other_unit_staff", "outside_committee"):
        assert response.status_code == 404
    else:
        assert response.status_code == MATRIX[kind][who]


@pytest.mark.parametrize("who", ["staff2", "member", "chair", "admin", "outsider"])
def test_replicate_names_only_recognized_initiatives(client, world, who):
    approved = world.initiative("approved")
    client.force_login(getattr(world, who))

    response = client.post(reverse("staff:initiative_replicate", args=[approved.pk]))

    assert response.status_code == 404


def test_replicate_asks_anonymous_users_to_log_in(client, world):
    recognized = world.initiative("recognized")

    response = client.post(reverse("staff:initiative_replicate", args=[recognized.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_replicate_get_only_asks_for_confirmation(client, world):
    from models_registry.models import Initiative

    recognized = world.initiative("recognized")
    client.force_login(world.staff2)

    response = client.get(reverse("staff:initiative_replicate", args=[recognized.pk]))

    assert response.status_code == 200
    assert recognized.name in response.content.decode()
    assert Initiative.objects.count() == 1


def test_similar_and_lookup_ask_anonymous_users_to_log_in(client, world):
    for name in (
        "staff:initiative_similar",
        "staff:initiative_lookup",
        "staff:initiative_list",
        "staff:initiative_create",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login"))


def test_create_is_refused_to_a_user_without_a_unit(client, world):
    client.force_login(world.outsider)

    assert client.get(reverse("staff:initiative_create")).status_code == 403
