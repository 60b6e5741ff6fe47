"""People from a sheet: name, e-mail, phone, the units they work for, committee and role.

A person is found by e-mail (the username too), so re-importing updates and never duplicates.
Memberships are added, never removed: a sheet lists who works where now, not who left. Each
new user gets an invitation to set a password, sent through the queue after the import commits.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import CommitteeMembership, Profile, Role, SteeringCommittee, Unit, UnitMembership

from .reading import open_sheet
from .report import Action, Report, run_atomically
from .units import column_index, split_codes
from .values import clean, key

COLUMNS = {
    "name": {"ho ten", "ho va ten", "ten", "name"},
    "email": {"email", "e-mail", "thu dien tu", "dia chi email"},
    "phone": {"dien thoai", "so dien thoai", "sdt", "phone"},
    "units": {"don vi", "ma don vi", "don vi cong tac", "units"},
    "title": {"chuc vu", "title"},
    "committee": {"ban chi dao", "bcd", "ma ban chi dao", "committee"},
    "role": {"vai tro", "vai tro trong ban chi dao", "role"},
}
KNOWN = frozenset().union(*COLUMNS.values())
TEMPLATE_HEADERS = ["Họ tên", "Email", "Điện thoại", "Đơn vị", "Chức vụ", "Ban Chỉ đạo", "Vai trò"]
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


def import_people(path: str | Path, base_url: str, dry_run: bool = False, skip_refused: bool = False) -> Report:
    """Read the people sheet; create or update users and memberships; invite the new users."""
    User = get_user_model()

    def work(report: Report) -> None:
        committees = list(SteeringCommittee.objects.select_related("unit"))
        units: dict[str, Unit] = {}
        seen: dict[str, int] = {}
        invited: list[int] = []
        with open_sheet(path, KNOWN) as sheet:
            report.notes.extend(sheet.notes)
            columns = column_index(sheet.headers, COLUMNS)
            missing = [n for n in ("name", "email") if n not in columns]
            if missing:
                report.refuse(sheet.header_row, _("Thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)})
                return
            for number, values in sheet.rows:

                def cell(name: str, values: list = values) -> object:
                    position = columns.get(name)
                    return values[position] if position is not None and position < len(values) else None

                name, email = clean(cell("name")), clean(cell("email")).lower()
                phone, title = clean(cell("phone")), clean(cell("title"))
                try:
                    validate_email(email)
                except ValidationError:
                    report.refuse(number, _("Địa chỉ e-mail “%(email)s” không hợp lệ.") % {"email": email}, name)
                    continue
                if not name:
                    report.refuse(number, _("Thiếu họ tên."), email)
                    continue
                if email in seen:
                    report.refuse(
                        number,
                        _("E-mail %(email)s trùng với dòng %(row)s.") % {"email": email, "row": seen[email]},
                        name,
                    )
                    continue
                seen[email] = number
                if phone and not _PHONE.match(phone):
                    report.refuse(number, _("Số điện thoại “%(phone)s” không hợp lệ.") % {"phone": phone}, name)
                    continue
                wanted_units = []
                for code in split_codes(cell("units")):
                    if code not in units:
                        found = list(Unit.objects.filter(code=code)[:2])
                        units[code] = found[0] if len(found) == 1 else None
                    if units[code] is None:
                        report.refuse(number, _("Không có đơn vị mã %(code)s.") % {"code": code}, name)
                        break
                    wanted_units.append(units[code])
                else:
                    committee, role = None, None
                    if clean(cell("committee")):
                        committee = _committee(clean(cell("committee")), committees)
                        role = role_of(cell("role"))
                        if committee is None or committee == "many":
                            report.refuse(
                                number,
                                _("Không xác định được Ban Chỉ đạo “%(name)s”.") % {"name": clean(cell("committee"))},
                                name,
                            )
                            continue
                        if role is None:
                            report.refuse(
                                number, _("Không rõ vai trò “%(role)s”.") % {"role": clean(cell("role"))}, name
                            )
                            continue
                    _apply(number, name, email, phone, title, wanted_units, committee, role, report, invited)
        if invited and not dry_run:
            from .invitations import send_invitation

            # After the commit: a rolled-back import invites nobody, and the worker finds the user.
            transaction.on_commit(lambda: [send_invitation.enqueue(pk, base_url) for pk in invited])

    def _apply(number, name, email, phone, title, wanted_units, committee, role, report, invited) -> None:
        given, family = _name_parts(name)
        user = (
            User.objects.filter(email__iexact=email).order_by("pk").first()
            or User.objects.filter(username=email).first()
        )
        action = Action.UNCHANGED
        if user is None:
            user = User(username=email[:150], email=email, first_name=given[:150], last_name=family[:150])
            user.set_unusable_password()
            user.save()
            invited.append(user.pk)
            action = Action.CREATED
        elif (user.first_name, user.last_name) != (given[:150], family[:150]):
            user.first_name, user.last_name = given[:150], family[:150]
            user.save(update_fields=["first_name", "last_name"])
            action = Action.UPDATED
        changed = False
        # A sheet without a phone keeps the one on file (as a title is kept): it says nothing new.
        if phone:
            profile, created = Profile.objects.get_or_create(user=user, defaults={"phone": phone})
            if not created and profile.phone != phone:
                profile.phone = phone
                profile.save(update_fields=["phone"])
                created = True
            changed |= created
        for unit in wanted_units:
            membership, created = UnitMembership.objects.get_or_create(user=user, unit=unit, defaults={"title": title})
            if not created and title and membership.title != title:
                membership.title = title
                membership.save(update_fields=["title"])
                created = True
            changed |= created
        if committee is not None:
            membership, created = CommitteeMembership.objects.get_or_create(
                committee=committee, user=user, defaults={"role": role}
            )
            if not created and membership.role != role:
                membership.role = role
                membership.save(update_fields=["role"])
                created = True
            changed |= created
        if changed and action == Action.UNCHANGED:
            action = Action.UPDATED
        report.add(number, action, label=name)

    return run_atomically(work, dry_run, skip_refused)
