"""Shared fixtures: the standard cast of units, committees and users (`world`)."""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from campaigns.models import Role, UnitKind
from models_registry import bulk, lifecycle
from models_registry.models import Effectiveness, Initiative, Inspection, ScoreItem, ScoreSheet

from .factories import (
    PASSWORD,
    CampaignFactory,
    CommitteeFactory,
    CommitteeMembershipFactory,
    InitiativeFactory,
    UnitFactory,
    UnitMembershipFactory,
    UserFactory,
)

# HYPOTHESIS_PROFILE=long: every property-based test runs many more examples (README, Testing).
hypothesis_settings.register_profile("long", max_examples=500, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# The smallest valid PNG and PDF, for evidence uploads.
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# The application's packages, read as text by the tests that keep a rule said in one place.
APPLICATION_PACKAGES = ("campaigns", "models_registry", "notifications", "jobs", "dvk")


def modules_spelling(pattern: str, besides: set[str] = frozenset()) -> list[str]:
    """Return the application's modules (migrations left out) whose text matches `pattern`, but for those
    named in `besides` (a file name, or a path from the project's root): where a rule is spelt again."""
    from django.conf import settings

    spelt = re.compile(pattern)
    modules = [
        path
        for package in APPLICATION_PACKAGES
        for path in (settings.BASE_DIR / package).rglob("*.py")
        if "migrations" not in path.parts
        and path.name not in besides
        and str(path.relative_to(settings.BASE_DIR)) not in besides
    ]
    assert len(modules) > 100, "the application's modules were not found where the tests look"
    return [str(path) for path in modules if spelt.search(path.read_text(encoding="utf-8"))]


def png_file(name: str = "anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def pdf_file(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@dataclass
class World:
    province: object
    commune: object
    hamlet: object
    other_commune: object
    other_hamlet: object
    province_committee: object
    commune_committee: object
    campaign: object
    admin: object
    chair: object
    secretary: object
    member: object
    member2: object
    staff: object
    staff2: object
    outsider: object
    # Levels (issue 15): a chair of the province's committee only (`chair` leads the commune's too);
    # made by the `province_chair` fixture for the tests that ask for it.
    province_chair: object = None

    def initiative(self, state: str = "draft", unit=None, files=(), **kwargs) -> Initiative:
        """Return an initiative of `staff`'s hamlet moved to `state` through the entry point; its unit
        attached `files` on the way (see `move_to`)."""
        initiative = InitiativeFactory(campaign=self.campaign, unit=unit or self.hamlet, **kwargs)
        return move_to(self, initiative, state, files=files)


# What each plain move says (the moves with needs beyond a comment are prepared in move_to).
MOVE_PARAMS = {
    "return_for_revision": {"comment": "Ghi rõ địa chỉ."},
    "approve": {"plan_note": "Kế hoạch hỗ trợ."},
    "reject": {"comment": "Trùng nội dung."},
    "request_more_evidence": {"comment": "Bổ sung ảnh."},
    "decline_recognition": {"comment": "Chưa đạt tiêu chí."},
    "withdraw": {"comment": "Đơn vị rút."},
    "close_unfinished": {"comment": "Đợt phát động đã tổng kết."},
}


def move_to(world: World, initiative: Initiative, state: str, files=()) -> Initiative:
    """Drive an initiative to `state` through the lifecycle, as the real users would.

    The unit attaches `files` as its evidence while it still may: with its request for recognition
    (after the photo the request needs), or at the end on a path without one. The entry point refuses
    a file later than that, as the evidence page does.
    """
    path = lifecycle.path_to(state)
    for action in path:
        if action == "request_recognition":
            add_inspection(initiative, world.chair)
            attach(world, initiative, png_file(), *files)
            lifecycle.apply(initiative, action, unit_staff(world, initiative), results_report="Đạt 100% mục tiêu.")
        elif action == "recognize":
            score(initiative, world.chair, 90)
            score(initiative, world.secretary, 80)
            bulk.recognize_many(
                [initiative],
                world.chair,
                number=f"QĐ-{initiative.pk}",
                decided_on=datetime.date.today(),
                signer="Chủ tịch",
            )
        elif action == lifecycle.REVOCATION.action:
            initiative.decision.amend(
                world.chair,
                kind="revoke",
                number=f"QĐ-TH-{initiative.pk}",
                decided_on=datetime.date.today(),
                signer="Chủ tịch",
                reason="Hồ sơ kê khai không đúng sự thật.",
            )
        else:
            actor = unit_staff(world, initiative) if lifecycle.TRANSITIONS[action].who == "staff" else world.chair
            lifecycle.apply(initiative, action, actor, **MOVE_PARAMS.get(action, {}))
    if files and "request_recognition" not in path:
        attach(world, initiative, *files)
    initiative.refresh_from_db()
    return initiative


def unit_staff(world: World, initiative: Initiative):
    """The staff member of the initiative's unit: `staff` for the hamlet, `staff2` for the other commune."""
    return world.staff if initiative.unit_id == world.hamlet.pk else world.staff2


def attach(world: World, initiative: Initiative, *files) -> list:
    """Attach `files` as the unit's evidence through the entry point, which must take every one."""
    from models_registry.evidence import save_attachments

    saved, refused = save_attachments(initiative, files, unit_staff(world, initiative))
    assert not refused, refused
    return saved


def add_inspection(initiative: Initiative, inspector, completion: int = 60) -> Inspection:
    inspection = Inspection.objects.create(
        initiative=initiative,
        inspected_on=datetime.date.today(),
        completion=completion,
        effectiveness=Effectiveness.FAIR,
        findings="Đang triển khai đúng kế hoạch.",
        created_by=inspector,
    )
    inspection.inspectors.add(inspector)
    return inspection


def score(initiative: Initiative, member, total: int) -> ScoreSheet:
    """Fill and submit a score sheet whose points add up to `total` (spread over the criteria)."""
    from django.utils import timezone

    criteria_set = initiative.campaign.criteria_set_for(initiative.kind)
    criteria = list(criteria_set.criteria.all())
    sheet, _ = ScoreSheet.objects.get_or_create(initiative=initiative, member=member)
    remaining = Decimal(total)
    for criterion in criteria:
        points = min(Decimal(criterion.max_points), remaining)
        remaining -= points
        ScoreItem.objects.update_or_create(sheet=sheet, criterion=criterion, defaults={"points": points})
    sheet.recompute_total()
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["submitted_at"])
    return sheet


@pytest.fixture
def world(db) -> World:
    province = UnitFactory(name="Tỉnh Vĩnh Long", kind=UnitKind.PROVINCE)
    commune = UnitFactory(name="Xã Long Hồ", kind=UnitKind.COMMUNE, parent=province)
    hamlet = UnitFactory(name="Ấp Phú Hòa", kind=UnitKind.HAMLET, parent=commune)
    other_commune = UnitFactory(name="Phường Trà Vinh", kind=UnitKind.WARD, parent=province)
    other_hamlet = UnitFactory(name="Khóm 3", kind=UnitKind.URBAN_HAMLET, parent=other_commune)
    province_committee = CommitteeFactory(unit=province, name="Ban Chỉ đạo tỉnh")
    commune_committee = CommitteeFactory(unit=commune, name="Ban Chỉ đạo xã Long Hồ")
    campaign = CampaignFactory(committee=province_committee, name="Dân vận khéo năm nay")

    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    chair = UserFactory(username="chair", first_name="Trưởng ban", is_staff=True)
    secretary = UserFactory(username="secretary", is_staff=True)
    member = UserFactory(username="member", is_staff=True)
    member2 = UserFactory(username="member2", is_staff=True)
    staff = UserFactory(username="staff")
    staff2 = UserFactory(username="staff2")
    outsider = UserFactory(username="outsider")
    CommitteeMembershipFactory(committee=province_committee, user=chair, role=Role.CHAIR)
    CommitteeMembershipFactory(committee=province_committee, user=secretary, role=Role.SECRETARIAT)
    CommitteeMembershipFactory(committee=commune_committee, user=member, role=Role.MEMBER)
    CommitteeMembershipFactory(committee=commune_committee, user=member2, role=Role.MEMBER)
    # Levels (issue 15): the hamlet's initiatives aim at the commune's level by default, so the
    # commune's committee acts on them; `chair` and `secretary` lead it as well as the province's.
    CommitteeMembershipFactory(committee=commune_committee, user=chair, role=Role.CHAIR)
    CommitteeMembershipFactory(committee=commune_committee, user=secretary, role=Role.SECRETARIAT)
    UnitMembershipFactory(unit=hamlet, user=staff)
    UnitMembershipFactory(unit=other_hamlet, user=staff2)
    return World(
        province,
        commune,
        hamlet,
        other_commune,
        other_hamlet,
        province_committee,
        commune_committee,
        campaign,
        admin,
        chair,
        secretary,
        member,
        member2,
        staff,
        staff2,
        outsider,
    )


@pytest.fixture
def province_chair(world):
    """A chair of the province's committee only, also reachable as `world.province_chair`."""
    world.province_chair = UserFactory(username="province_chair", first_name="Trưởng ban tỉnh", is_staff=True)
    CommitteeMembershipFactory(committee=world.province_committee, user=world.province_chair, role=Role.CHAIR)
    return world.province_chair


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True)
def _language_given_back():
    """A request in English leaves English active on the thread (LocaleMiddleware activates, never
    deactivates): give the next test the language it started with, so a paper or a message it makes
    outside a request is not in the language an earlier test chose."""
    with translation.override(translation.get_language()):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
