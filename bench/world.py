"""The benchmark world: units, users, committees and five campaigns, built in bulk or read back."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from campaigns.models import (
    PATH_STEP,
    Campaign,
    CampaignLog,
    CampaignState,
    CommitteeMembership,
    CriteriaSet,
    Criterion,
    InitiativeKind,
    Role,
    SteeringCommittee,
    Unit,
    UnitKind,
    UnitMembership,
)
from campaigns.text import fold, nfc

from .data import (
    AGENCIES,
    CURRENT_YEAR,
    FAMILY,
    GIVEN,
    ORGANISATIONS,
    PASSWORD,
    PLACE_FIRST,
    PLACE_SECOND,
    PROVINCE_CODE,
    YEARS,
)


class SeedRefused(Exception):
    """The generator will not write into this database (it holds other data, or an incomplete world)."""


class World:
    """Everything the initiatives hang on, kept in memory as plain ids and strings."""

    def __init__(self):
        self.province: Unit | None = None
        self.units: dict[int, dict] = {}  # id → {path, name, fold, commune (id or None), kind}
        self.communes: list[int] = []
        self.staff: dict[int, list[int]] = defaultdict(list)  # unit id → user ids
        self.province_committee: int = 0
        self.commune_committee: dict[int, int] = {}  # commune unit id → committee id
        self.members: dict[int, list[int]] = defaultdict(list)  # committee id → member user ids
        self.leader: dict[int, tuple[int, str]] = {}  # committee id → (chair user id, chair's name)
        self.committee_unit: dict[int, int] = {}
        self.campaigns: dict[int, Campaign] = {}
        self.criteria: dict[tuple[int, str], list[tuple[int, int]]] = {}  # (campaign, kind) → [(criterion, max)]


class WorldBuilder:
    """Build the world (`build_world`) or read an existing one back (`load_world`)."""

    def build_world(self, n_communes: int, n_agencies: int) -> World:
        """Create the unit tree, its staff, the committees and the five campaigns; return them loaded."""
        units, province, communes, agencies, organisations = self._build_units(n_communes, n_agencies)
        user_ids, seats, n_users = self._build_people(province, communes, agencies, organisations)
        committee_ids = self._build_committees(province, communes, user_ids, seats)
        self._build_campaigns(user_ids["bench_chair"], committee_ids[province.pk])
        if self.use_copy:
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Unit]):
                    cursor.execute(sql)
        self.say(f"built the tree: {len(units)} units, {n_users} users")
        return self.load_world()

    def _build_units(self, n_communes: int, n_agencies: int):
        """Create the province, its communes and wards with their hamlets, agencies and organisations."""
        rnd = self.rnd
        unit = _UnitMaker((Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1)
        province = unit("Tỉnh Vĩnh Long", UnitKind.PROVINCE, None, PROVINCE_CODE)
        names = [f"{a} {b}" for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
        rnd.shuffle(names)
        communes = [self._commune(unit, province, names, i) for i in range(n_communes)]
        agencies = [
            unit(AGENCIES[k % len(AGENCIES)], UnitKind.AGENCY, province, f"A{k + 1:02d}") for k in range(n_agencies)
        ]
        organisations = [unit(name, kind, province, f"O{k + 1}") for k, (name, kind) in enumerate(ORGANISATIONS)]
        Unit.objects.bulk_create(unit.units)
        return unit.units, province, communes, agencies, organisations

    def _commune(self, unit: _UnitMaker, province: Unit, names: list[str], i: int) -> tuple[Unit, list[Unit]]:
        """Make the i-th commune (every fifth a ward) and its 3 to 8 hamlets."""
        is_ward = i % 5 == 4
        commune = unit(
            f"{'Phường' if is_ward else 'Xã'} {names[i % len(names)]}{'' if i < len(names) else f' {i}'}",
            UnitKind.WARD if is_ward else UnitKind.COMMUNE,
            province,
            f"C{i + 1:03d}",
        )
        hamlets = []
        for j in range(self.rnd.randint(3, 8)):
            label = f"Khóm {j + 1}" if is_ward else f"Ấp {names[(i * 7 + j) % len(names)].split()[1]} {'ABCDEFGH'[j]}"
            hamlets.append(
                unit(label, UnitKind.URBAN_HAMLET if is_ward else UnitKind.HAMLET, commune, f"C{i + 1:03d}H{j + 1}")
            )
        return commune, hamlets

    def _build_people(self, province: Unit, communes, agencies, organisations) -> tuple[dict[str, int], list, int]:
        """Users: one or two unit staff per unit, committee members, an administrator; return their ids."""
        rnd = self.rnd
        user_model = get_user_model()
        password = production_password()
        users: list = []
        memberships: list[tuple[str, Unit]] = []

        def user(username: str, **extra) -> str:
            family, given = rnd.choice(FAMILY), rnd.choice(GIVEN)
            users.append(user_model(username=username, password=password, first_name=given, last_name=family, **extra))
            return username

        user("bench_admin", is_superuser=True, is_staff=True)
        for k, (commune, hamlets) in enumerate(communes, start=1):
            memberships.append((user(f"bench_s_c{k:03d}"), commune))
            memberships.append((user(f"bench_s_c{k:03d}_b"), commune))
            for j, hamlet in enumerate(hamlets, start=1):
                memberships.append((user(f"bench_s_c{k:03d}_h{j}"), hamlet))
        for k, agency in enumerate(agencies, start=1):
            memberships.append((user(f"bench_s_a{k:02d}"), agency))
        for k, org in enumerate(organisations, start=1):
            memberships.append((user(f"bench_s_o{k}"), org))
        seats: list[tuple[str, str, Unit]] = []  # username, role, committee's unit
        province_roles = [
            ("bench_chair", Role.CHAIR),
            ("bench_vice_chair", Role.VICE_CHAIR),
            ("bench_secretary", Role.SECRETARY),
            ("bench_secretariat", Role.SECRETARIAT),
        ] + [(f"bench_pmember{k}", Role.MEMBER) for k in range(1, 6)]
        for username, role in province_roles:
            seats.append((user(username, is_staff=role in (Role.CHAIR, Role.SECRETARIAT)), role, province))
        for k, (commune, _hamlets) in enumerate(communes, start=1):
            for suffix, role in (
                ("chair", Role.CHAIR),
                ("secretary", Role.SECRETARY),
                ("member1", Role.MEMBER),
                ("member2", Role.MEMBER),
                ("member3", Role.MEMBER),
            ):
                seats.append((user(f"bench_c{k:03d}_{suffix}"), role, commune))
        user_model.objects.bulk_create(users, batch_size=1000)
        user_ids = dict(user_model.objects.filter(username__startswith="bench_").values_list("username", "pk"))
        UnitMembership.objects.bulk_create(
            [UnitMembership(user_id=user_ids[name], unit=u, title="Cán bộ phụ trách") for name, u in memberships],
            batch_size=1000,
        )
        return user_ids, seats, len(users)

    def _build_committees(self, province: Unit, communes, user_ids: dict[str, int], seats: list) -> dict[int, int]:
        """One committee for the province and one per commune, with their seats; return unit id → committee id."""
        committees = {province.pk: SteeringCommittee(name="Ban Chỉ đạo “Dân vận khéo” tỉnh Vĩnh Long", unit=province)}
        for commune, _hamlets in communes:
            committees[commune.pk] = SteeringCommittee(name=f"Ban Chỉ đạo “Dân vận khéo” {commune.name}", unit=commune)
        SteeringCommittee.objects.bulk_create(list(committees.values()))
        committee_ids = dict(
            SteeringCommittee.objects.filter(unit__path__startswith=province.path).values_list("unit_id", "pk")
        )
        CommitteeMembership.objects.bulk_create(
            [
                CommitteeMembership(committee_id=committee_ids[u.pk], user_id=user_ids[name], role=role)
                for name, role, u in seats
            ],
            batch_size=1000,
        )
        return committee_ids

    def _build_campaigns(self, admin_id: int, province_committee: int) -> None:
        """Five yearly campaigns of the province committee; all but the running one summarized."""
        for year in YEARS:
            running = year == CURRENT_YEAR
            campaign = Campaign.objects.create(
                committee_id=province_committee,
                name=f"Phong trào thi đua “Dân vận khéo” năm {year}",
                year=year,
                theme="Dân vận khéo xây dựng nông thôn mới, đô thị văn minh",
                starts_on=datetime.date(year, 1, 1),
                ends_on=datetime.date(year, 12, 31),
                registration_opens_on=datetime.date(year, 1, 15),
                registration_closes_on=datetime.date(year, 12, 15) if running else datetime.date(year, 3, 31),
                lessons_learned=""
                if running
                else "Phát huy vai trò chủ thể của nhân dân; tránh đăng ký lại mô hình cũ như mô hình mới.",
            )
            launched_at = self._aware(datetime.datetime(year, 1, 10, 9, 0))
            summarized_at = None if running else self._aware(datetime.datetime(year, 12, 28, 15, 0))
            Campaign.objects.filter(pk=campaign.pk).update(
                state=CampaignState.LAUNCHED if running else CampaignState.SUMMARIZED,
                launched_at=launched_at,
                summarized_at=summarized_at,
            )
            logs = [
                CampaignLog(
                    campaign=campaign, action="launch", from_state="draft", to_state="launched", actor_id=admin_id
                )
            ]
            if not running:
                logs.append(
                    CampaignLog(
                        campaign=campaign,
                        action="summarize",
                        from_state="launched",
                        to_state="summarized",
                        actor_id=admin_id,
                    )
                )
            CampaignLog.objects.bulk_create(logs)
            _criteria_sets(campaign, year)

    def load_world(self) -> World | None:
        """Read the benchmark province back into memory, or return None when there is none."""
        province = Unit.objects.filter(code=PROVINCE_CODE).first()
        if province is None:
            return None
        w = World()
        w.province = province
        rows = Unit.objects.filter(path__startswith=province.path).values_list(
            "pk", "path", "name", "kind", "parent_id"
        )
        for pk, path, name, kind, parent_id in rows:
            commune = None
            if kind in (UnitKind.COMMUNE, UnitKind.WARD):
                commune = pk
                w.communes.append(pk)
            w.units[pk] = {"path": path, "name": name, "kind": kind, "parent": parent_id, "commune": commune}
        for info in w.units.values():
            if info["kind"] in (UnitKind.HAMLET, UnitKind.URBAN_HAMLET):
                info["commune"] = info["parent"]
        for user_id, unit_id in UnitMembership.objects.filter(unit__path__startswith=province.path).values_list(
            "user_id", "unit_id"
        ):
            w.staff[unit_id].append(user_id)
        for committee_id, unit_id in SteeringCommittee.objects.filter(unit__path__startswith=province.path).values_list(
            "pk", "unit_id"
        ):
            w.committee_unit[committee_id] = unit_id
            if unit_id == province.pk:
                w.province_committee = committee_id
            else:
                w.commune_committee[unit_id] = committee_id
        for committee_id, user_id, role, last, first in CommitteeMembership.objects.filter(
            committee_id__in=list(w.committee_unit)
        ).values_list("committee_id", "user_id", "role", "user__last_name", "user__first_name"):
            w.members[committee_id].append(user_id)
            if role == Role.CHAIR:
                w.leader[committee_id] = (user_id, f"{last} {first}")
        for campaign in Campaign.objects.filter(committee_id=w.province_committee):
            w.campaigns[campaign.year] = campaign
        for cs_campaign, kind, criterion_id, max_points in Criterion.objects.filter(
            criteria_set__campaign__committee_id=w.province_committee
        ).values_list("criteria_set__campaign_id", "criteria_set__kind", "pk", "max_points"):
            w.criteria.setdefault((cs_campaign, kind), []).append((criterion_id, max_points))
        if not w.province_committee or len(w.campaigns) != len(YEARS):
            raise SeedRefused("The benchmark province exists but is incomplete; use a fresh database.")
        return w

    def _aware(self, naive: datetime.datetime) -> datetime.datetime:
        return timezone.make_aware(naive, timezone.get_default_timezone())


def production_password() -> str:
    """The bench users' password hashed as a deployment hashes it (PBKDF2, Django's default hasher).

    Not `make_password`: the seeding process runs under the test settings, whose fast MD5 hasher a
    deployment does not accept, and the load test logs in under production settings (issue 16).
    """
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    return hasher.encode(PASSWORD, hasher.salt())


def upgrade_passwords() -> int:
    """Re-hash the bench users of a database seeded before `production_password` (one UPDATE)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__startswith="bench_")
    return users.exclude(password__startswith="pbkdf2_sha256$").update(password=production_password())


CRITERIA = [
    "Có nội dung, cách làm sáng tạo, phù hợp thực tế",
    "Huy động được sức dân, nhân dân đồng tình tham gia",
    "Hiệu quả kinh tế – xã hội rõ rệt, đo lường được",
    "Có khả năng duy trì bền vững",
    "Có khả năng nhân rộng",
]


def _criteria_sets(campaign: Campaign, year: int) -> None:
    """Create the campaign's two criteria sets (models, exemplars): five criteria of 20 points, threshold 70."""
    for kind, label in ((InitiativeKind.MODEL, "mô hình"), (InitiativeKind.EXEMPLAR, "điển hình")):
        criteria_set = CriteriaSet.objects.create(
            campaign=campaign, kind=kind, name=f"Tiêu chí công nhận {label} năm {year}", threshold=Decimal(70)
        )
        Criterion.objects.bulk_create(
            [
                Criterion(criteria_set=criteria_set, name=name, max_points=20, order=i)
                for i, name in enumerate(CRITERIA, start=1)
            ]
        )


class _UnitMaker:
    """Make unsaved units with the next ids and their paths, in the order made (bulk-created together)."""

    def __init__(self, next_pk: int) -> None:
        self.next_pk = next_pk
        self.units: list[Unit] = []

    def __call__(self, name: str, kind: str, parent: Unit | None, code: str) -> Unit:
        pk, self.next_pk = self.next_pk, self.next_pk + 1
        path = f"{parent.path if parent else ''}{pk:0{PATH_STEP}d}/"
        u = Unit(
            pk=pk,
            name=nfc(name),
            kind=kind,
            parent=parent,
            code=code,
            path=path,
            depth=path.count("/") - 1,
            search_text=fold(name),
        )
        self.units.append(u)
        return u
