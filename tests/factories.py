"""factory-boy factories for the whole suite.

`make_world()` in conftest builds the standard cast on top of these: a province with a
committee, a commune with its own committee and a hamlet, another commune, and the users
admin / chair / secretary / member / staff / staff2.
"""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from campaigns.models import (
    Campaign,
    CampaignState,
    CommitteeMembership,
    CriteriaSet,
    Criterion,
    Field,
    InitiativeKind,
    Role,
    SteeringCommittee,
    Unit,
    UnitKind,
    UnitMembership,
)
from models_registry.models import Commendation, CommendationKind, CommendationLevel, Initiative, Origin, Subject

User = get_user_model()
PASSWORD = "dvk-demo-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = UnitKind.COMMUNE
    parent = None


class UnitMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitMembership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringCommittee

    unit = factory.SubFactory(UnitFactory)
    name = factory.LazyAttribute(lambda c: f"Ban Chỉ đạo {c.unit.name}")


class CommitteeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMembership

    committee = factory.SubFactory(CommitteeFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


def field(code: str = "economic") -> Field:
    """Return one of the five fields seeded by the data migration."""
    return Field.objects.get(code=code)


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign of the current year, launched, with registration open today."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"Phong trào Dân vận khéo {n}")
    year = factory.LazyFunction(lambda: datetime.date.today().year)
    starts_on = factory.LazyAttribute(lambda c: datetime.date(c.year, 1, 1))
    ends_on = factory.LazyAttribute(lambda c: datetime.date(c.year, 12, 31))
    registration_opens_on = factory.LazyAttribute(lambda c: datetime.date(c.year, 1, 1))
    registration_closes_on = factory.LazyAttribute(lambda c: datetime.date(c.year, 12, 31))
    state = CampaignState.LAUNCHED

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        """Give every campaign the two criteria sets (threshold 70 of 100) unless told otherwise."""
        if not create or extracted is False:
            return
        for kind in (InitiativeKind.MODEL, InitiativeKind.EXEMPLAR):
            criteria_set = CriteriaSet.objects.create(
                campaign=self, kind=kind, name=f"Tiêu chí {kind}", threshold=Decimal("70")
            )
            for i, (name, points) in enumerate(
                [
                    ("Sáng tạo, tiết kiệm", 20),
                    ("Vận động tự giác", 20),
                    ("Huy động nhiều lực lượng", 20),
                    ("Hài hòa lợi ích", 20),
                    ("Bền vững", 20),
                ]
            ):
                Criterion.objects.create(criteria_set=criteria_set, name=name, max_points=points, order=i)


# Made-up words that make each factory registration's content its own: without them every
# initiative of a unit would repeat the content of the unit's recognized ones, and the
# re-reporting guard (models_registry/guard.py) would rightly refuse it. Built of letters that
# Vietnamese does not use, so that no search in a test finds them by accident.
_DETAIL_WORDS = [f"{a}{v}{z}" for a in "zwfj" for v in "aeiou" for z in "zwfjkx"]


def _details(n: int, salt: int, count: int = 24) -> str:
    """Return `count` words that differ from one registration (n) and field (salt) to the next."""
    state = (n * 7919 + salt * 104729) % 2147483647 or 1
    words = []
    for _ in range(count):
        state = state * 48271 % 2147483647
        words.append(_DETAIL_WORDS[state % len(_DETAIL_WORDS)])
    return " ".join(words)


def _with_details(text: str, salt: int):
    return factory.Sequence(lambda n: f"{text} Chi tiết: {_details(n, salt)}.")


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A complete registration (every required field filled), in draft; its content its own."""

    class Meta:
        model = Initiative

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(UnitFactory)
    field = factory.LazyFunction(lambda: field("economic"))
    kind = InitiativeKind.MODEL
    subject = Subject.COLLECTIVE
    origin = Origin.NEW
    name = factory.Sequence(lambda n: f"Mô hình Dân vận khéo số {n}")
    situation = _with_details("Nhiều hộ dân còn khó khăn về vốn sản xuất.", 1)
    purpose = _with_details("Giúp hội viên tiết kiệm, hỗ trợ nhau phát triển kinh tế.", 2)
    goals = _with_details("50 hộ tham gia; 10 hộ thoát nghèo trong năm.", 3)
    solutions = _with_details("Họp tổ hằng tháng; góp vốn xoay vòng; tập huấn kỹ thuật.", 4)
    area = "Ấp Phú Hòa"
    address = "Nhà văn hóa ấp Phú Hòa, xã Long Hồ"
    implementing_forces = "Chi hội Phụ nữ chủ trì; Ban nhân dân ấp phối hợp."
    target_group = _with_details("Hội viên phụ nữ hộ nghèo, cận nghèo.", 5)
    resources = "Vốn góp của hội viên; hỗ trợ của Ủy ban nhân dân xã."
    starts_on = factory.LazyAttribute(lambda i: datetime.date(i.campaign.year, 2, 1))
    ends_on = factory.LazyAttribute(lambda i: datetime.date(i.campaign.year, 11, 30))
    expected_outputs = "Sổ theo dõi góp vốn; 10 hộ thoát nghèo."
    sustainability = _with_details("Tổ duy trì sau khi kết thúc; nhân rộng ra các ấp.", 6)
    advantages = "Hội viên đồng thuận."
    difficulties = "Vốn ban đầu ít."
    contact = "Nguyễn Thị Lan, 0909 000 000"


class CommendationFactory(factory.django.DjangoModelFactory):
    """An award recorded for a recognized initiative (pass `initiative`), a month before today unless said."""

    class Meta:
        model = Commendation

    kind = CommendationKind.CERTIFICATE_OF_MERIT
    level = CommendationLevel.PROVINCE
    authority = "UBND tỉnh"
    decision_number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    decided_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    recipient = "Tổ tự quản"
