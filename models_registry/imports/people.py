"""People from a sheet: name, e-mail, phone, the units they work for, committee and role.

A person is found by e-mail (the username too), so re-importing updates and never duplicates.
Memberships are added, never removed: a sheet lists who works where now, not who left. Each
new user gets an invitation to set a password, sent through the queue after the import commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import CommitteeMembership, Profile, Role, SteeringCommittee, Unit, UnitMembership

from .columns import Columns
from .refusals import RowRefused
from .report import Action, Report, run_atomically
from .units import split_codes
from .values import clean, key

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

COLUMNS = Columns(
    aliases={
        "name": frozenset({"ho ten", "ho va ten", "ten", "name"}),
        "email": frozenset({"email", "e-mail", "thu dien tu", "dia chi email"}),
        "phone": frozenset({"dien thoai", "so dien thoai", "sdt", "phone"}),
        "units": frozenset({"don vi", "ma don vi", "don vi cong tac", "units"}),
        "title": frozenset({"chuc vu", "title"}),
        "committee": frozenset({"ban chi dao", "bcd", "ma ban chi dao", "committee"}),
        "role": frozenset({"vai tro", "vai tro trong ban chi dao", "role"}),
    },
    titles={
        "name": "Họ tên",
        "email": "Email",
        "phone": "Điện thoại",
        "units": "Đơn vị",
        "title": "Chức vụ",
        "committee": "Ban Chỉ đạo",
        "role": "Vai trò",
    },
    required=("name", "email"),
)
_PHONE = re.compile(r"^\+?[0-9 .\-()]{8,20}$")


def role_of(value: object) -> str | None:
    text = key(value)
    if not text:
        return Role.MEMBER
    for choice in Role:
        if text in (key(choice.label), choice.value):
            return choice.value
    return {"truong ban chi dao": Role.CHAIR, "pho truong ban": Role.VICE_CHAIR, "thanh vien": Role.MEMBER}.get(text)


def _committee(value: str, committees: list[SteeringCommittee]) -> SteeringCommittee | None | str:
    """Find a committee by its unit's code or by its name (accent-insensitive); "many" if ambiguous."""
    found = [c for c in committees if c.unit.code == value] or [c for c in committees if key(c.name) == key(value)]
    if len(found) > 1:
        return "many"
    return found[0] if found else None


def _name_parts(full: str) -> tuple[str, str]:
    # Vietnamese order: family name first, given name last.
    family, _sep, given = full.rpartition(" ")
    return given, family


def import_people(
    path: str | Path, base_url: str, dry_run: bool = False, skip_refused: bool = False, sheet_name: str = ""
) -> Report:
    """Read the people sheet (the named one, else the first with a header); create or update users and
    memberships; invite the new users."""

    def work(report: Report) -> None:
        run = PeopleImport(report)
        for number, cells in COLUMNS.rows(path, sheet_name, report):
            run.row(number, cells)
        if run.invited and not dry_run:
            from .invitations import send_invitation

            # After the commit: a rolled-back import invites nobody, and the worker finds the user.
            transaction.on_commit(lambda: [send_invitation.enqueue(pk, base_url) for pk in run.invited])

    return run_atomically(work, dry_run, skip_refused)


@dataclass
class Person:
    """One row of the sheet, read and checked (`PeopleImport.read`)."""

    name: str
    email: str
    phone: str
    title: str
    units: list[Unit]
    committee: SteeringCommittee | None
    role: str | None


class PeopleImport:
    """One run over the people sheet: reads and checks each row, then saves the person and their memberships."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.committees = list(SteeringCommittee.objects.select_related("unit"))
        self.units: dict[str, Unit | None] = {}
        self.seen: dict[str, int] = {}
        self.invited: list[int] = []  # the new users, invited once the import commits

    def row(self, number: int, cells: dict[str, object]) -> None:
        """Read one row and record it: refused, or its person created, updated or unchanged."""
        try:
            person = self.read(number, cells)
        except RowRefused as refusal:
            self.report.refuse(number, refusal.message, refusal.label)
            return
        user, action = self.user(person)
        if self.memberships(user, person) and action == Action.UNCHANGED:
            action = Action.UPDATED
        self.report.add(number, action, label=person.name)

    def read(self, number: int, cells: dict[str, object]) -> Person:
        """Read and check one row's cells; raise RowRefused with the first thing wrong."""
        name, email = clean(cells.get("name")), clean(cells.get("email")).lower()
        phone, title = clean(cells.get("phone")), clean(cells.get("title"))
        try:
            validate_email(email)
        except ValidationError:
            raise RowRefused(_("Địa chỉ e-mail “%(email)s” không hợp lệ.") % {"email": email}, name) from None
        if not name:
            raise RowRefused(_("Thiếu họ tên."), email)
        if email in self.seen:
            raise RowRefused(
                _("E-mail %(email)s trùng với dòng %(row)s.") % {"email": email, "row": self.seen[email]}, name
            )
        self.seen[email] = number  # the rows below that repeat it are refused, even if this one is
        if phone and not _PHONE.match(phone):
            raise RowRefused(_("Số điện thoại “%(phone)s” không hợp lệ.") % {"phone": phone}, name)
        units = [self.unit(code, name) for code in split_codes(cells.get("units"))]
        committee, role = self.committee(cells, name)
        return Person(name, email, phone, title, units, committee, role)

    def unit(self, code: str, name: str) -> Unit:
        """Return the one unit of this code (each code looked up once per run)."""
        if code not in self.units:
            found = list(Unit.objects.filter(code=code)[:2])
            self.units[code] = found[0] if len(found) == 1 else None
        if self.units[code] is None:
            raise RowRefused(_("Không có đơn vị mã %(code)s.") % {"code": code}, name)
        return self.units[code]

    def committee(self, cells: dict[str, object], name: str) -> tuple[SteeringCommittee | None, str | None]:
        """Return the committee the row names and the person's role in it (none named: none)."""
        if not clean(cells.get("committee")):
            return None, None
        committee = _committee(clean(cells.get("committee")), self.committees)
        role = role_of(cells.get("role"))
        if committee is None or committee == "many":
            raise RowRefused(
                _("Không xác định được Ban Chỉ đạo “%(name)s”.") % {"name": clean(cells.get("committee"))}, name
            )
        if role is None:
            raise RowRefused(_("Không rõ vai trò “%(role)s”.") % {"role": clean(cells.get("role"))}, name)
        return committee, role

    def user(self, person: Person) -> tuple[AbstractUser, str]:
        """Find the person's user by e-mail (or username), creating it or updating its name; say which."""
        User = get_user_model()
        given, family = _name_parts(person.name)
        user = (
            User.objects.filter(email__iexact=person.email).order_by("pk").first()
            or User.objects.filter(username=person.email).first()
        )
        if user is None:
            email = person.email
            user = User(username=email[:150], email=email, first_name=given[:150], last_name=family[:150])
            user.set_unusable_password()
            user.save()
            self.invited.append(user.pk)
            return user, Action.CREATED
        if (user.first_name, user.last_name) != (given[:150], family[:150]):
            user.first_name, user.last_name = given[:150], family[:150]
            user.save(update_fields=["first_name", "last_name"])
            return user, Action.UPDATED
        return user, Action.UNCHANGED

    def memberships(self, user: AbstractUser, person: Person) -> bool:
        """Add or update the person's phone, units and committee seat; whether anything changed."""
        changed = False
        # A sheet without a phone keeps the one on file (as a title is kept): it says nothing new.
        if person.phone:
            profile, created = Profile.objects.get_or_create(user=user, defaults={"phone": person.phone})
            if not created and profile.phone != person.phone:
                profile.phone = person.phone
                profile.save(update_fields=["phone"])
                created = True
            changed |= created
        for unit in person.units:
            membership, created = UnitMembership.objects.get_or_create(
                user=user, unit=unit, defaults={"title": person.title}
            )
            if not created and person.title and membership.title != person.title:
                membership.title = person.title
                membership.save(update_fields=["title"])
                created = True
            changed |= created
        if person.committee is not None:
            membership, created = CommitteeMembership.objects.get_or_create(
                committee=person.committee, user=user, defaults={"role": person.role}
            )
            if not created and membership.role != person.role:
                membership.role = person.role
                membership.save(update_fields=["role"])
                created = True
            changed |= created
        return changed
