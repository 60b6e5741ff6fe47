"""Registration content for the demo's initiatives: composed from the pools in `initiatives.py`."""

from __future__ import annotations

import datetime

from campaigns.models import InitiativeKind, Unit, UnitKind
from models_registry.models import Initiative, Origin, Subject

from .initiatives import (
    ADVANTAGES,
    COLLECTIVES,
    DIFFICULTIES,
    INDIVIDUALS,
    MODELS,
    PURPOSES,
    SUSTAINABILITY,
)
from .province import FAMILY, GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE
from .world import Demo, Slot


def person_name(demo: Demo, female: bool | None = None) -> str:
    """Return a Vietnamese full name (family, middle, given), drawn from the demo's stream."""
    female = demo.rnd.random() < 0.5 if female is None else female
    middle = demo.rnd.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = demo.rnd.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    return f"{demo.rnd.choice(FAMILY)} {middle} {given}"


def place(unit: Unit) -> str:
    """The unit as it reads inside a sentence ("ấp Phước Hanh A", "Sở Y tế")."""
    if unit.kind in (UnitKind.AGENCY, UnitKind.FRONT, UnitKind.ARMED_FORCES):
        return unit.name
    return unit.name[0].lower() + unit.name[1:]


def member_of(unit: Unit) -> str:
    """Return who a person of the unit is ("người dân ấp …", "hội viên …")."""
    if unit.kind in (UnitKind.AGENCY, UnitKind.ARMED_FORCES):
        return f"cán bộ {unit.name}"
    if unit.kind == UnitKind.FRONT:
        return f"hội viên {unit.name}"
    return f"người dân {place(unit)}"


def titled(name: str, unit: Unit) -> str:
    """Return an initiative's name followed by its unit."""
    if unit.kind in (UnitKind.AGENCY, UnitKind.FRONT, UnitKind.ARMED_FORCES):
        return f"{name} — {unit.name}"
    return f"{name} {place(unit)}"


# Units whose meeting place is the hamlet's cultural house; the others meet at their office.
CULTURAL_HOUSE_KINDS = (UnitKind.HAMLET, UnitKind.URBAN_HAMLET, UnitKind.STREET_GROUP, UnitKind.RESIDENTIAL_AREA)


def content(demo: Demo, slot: Slot, year: int) -> dict:
    """Registration content for a slot: realistic text from the pools, numbers varied."""
    n, k = demo.rnd.randint(12, 60), demo.rnd.randint(3, 40)
    common = _common(demo, slot, year)
    if slot.kind == InitiativeKind.EXEMPLAR and slot.subject == Subject.INDIVIDUAL:
        return {**common, **_individual(demo, slot, n, k)}
    if slot.kind == InitiativeKind.EXEMPLAR:
        return {**common, **_collective(demo, slot, n, k)}
    return {**common, **_model(demo, slot, n, k)}


def _common(demo: Demo, slot: Slot, year: int) -> dict:
    """The parts every registration has: where, with what, for how long, whom to call."""
    rnd = demo.rnd
    unit = slot.unit
    parent = unit.parent.name if unit.parent and unit.parent.kind != UnitKind.PROVINCE else ""
    area = ", ".join(x for x in (unit.name, parent, "tỉnh Vĩnh Long") if x)
    staff = slot.staff
    common = {
        "area": area,
        "address": f"Nhà văn hóa {place(unit)}" if unit.kind in CULTURAL_HOUSE_KINDS else f"Trụ sở {unit.name}",
        "resources": (
            f"Kinh phí dự kiến {rnd.randint(5, 120)} triệu đồng: ngân sách hỗ trợ {rnd.choice([10, 20, 30])}%, "
            f"còn lại do nhân dân, mạnh thường quân đóng góp; khoảng {rnd.randint(50, 600)} ngày công."
        ),
        "sustainability": rnd.choice(SUSTAINABILITY),
        "advantages": rnd.choice(ADVANTAGES),
        "difficulties": rnd.choice(DIFFICULTIES),
        "contact": f"{staff.get_full_name()}, 0{rnd.randint(900, 989)} {rnd.randint(100, 999)} {rnd.randint(100, 999)}",
    }
    start_month = rnd.randint(2, 4)
    common["starts_on"] = datetime.date(year, start_month, 1)
    common["ends_on"] = datetime.date(year, rnd.choice([10, 11, 12]), 30)
    if slot.extras.get("late"):
        common["starts_on"], common["ends_on"] = datetime.date(year, 12, 1), datetime.date(year, 12, 31)
    return common


def _individual(demo: Demo, slot: Slot, n: int, k: int) -> dict:
    """An exemplary person: named, with the deed the pool gives."""
    code, title, deed, how = slot.extras["base"]
    person = person_name(demo)
    honorific = "Bà" if any(person.endswith(g) for g in GIVEN_FEMALE) else "Ông"
    deed_text = deed.format(k=k)
    return {
        "field": demo.fields[code],
        "name": f"{honorific} {person} — {title}",
        "situation": f"{honorific} {person}, {member_of(slot.unit)}, {deed_text}.",
        "purpose": PURPOSES[code],
        "goals": f"Lan tỏa tấm gương để {n} hộ cùng làm theo.",
        "solutions": how,
        "implementing_forces": f"{honorific} {person} thực hiện; Ban nhân dân, các đoàn thể phát hiện, biểu dương.",
        "target_group": "Người dân trên địa bàn",
        "expected_outputs": f"Bài viết giới thiệu gương điển hình; {k} việc làm cụ thể được ghi nhận.",
    }


def _collective(demo: Demo, slot: Slot, n: int, k: int) -> dict:
    """An exemplary collective, titled with its unit."""
    code, title, situation, how = slot.extras["base"]
    return {
        "field": demo.fields[code],
        "name": titled(title, slot.unit),
        "situation": situation,
        "purpose": PURPOSES[code],
        "goals": f"{n} thành viên tham gia thường xuyên; {k} việc làm cụ thể trong năm.",
        "solutions": how,
        "implementing_forces": "Tập thể đơn vị thực hiện; cấp ủy, chính quyền địa phương hỗ trợ.",
        "target_group": "Hội viên, đoàn viên và người dân trên địa bàn",
        "expected_outputs": f"Báo cáo kết quả; {k} công trình, phần việc cụ thể.",
    }


def _model(demo: Demo, slot: Slot, n: int, k: int) -> dict:
    """A model: new, maintained under its earlier name, or replicating another unit's."""
    unit = slot.unit
    code, base = slot.extras["base"]
    name, situation, goals, solutions, target, forces, outputs = base
    if slot.origin == Origin.MAINTAINED and slot.source is not None:
        title = slot.source.name
    elif slot.origin == Origin.REPLICATED and slot.source is not None:
        title = f"Nhân rộng mô hình “{name}” tại {place(unit)}"
    else:
        title = titled(name, unit)
    return {
        "field": demo.fields[code],
        "name": title,
        "situation": f"{situation} Qua khảo sát đầu năm tại {place(unit)}, {n} hộ có nhu cầu tham gia.",
        "purpose": PURPOSES[code],
        "goals": goals.format(n=n, k=k),
        "solutions": solutions,
        "implementing_forces": forces,
        "target_group": target,
        "expected_outputs": outputs.format(n=n, k=k),
    }


def pick_base(demo: Demo, slot: Slot, used: set[str]) -> None:
    """Choose what the slot is about; an exemplar one time in five, never a name the unit already used."""
    rnd = demo.rnd
    if slot.kind == InitiativeKind.EXEMPLAR:
        # An exemplar repeated under the same title would be the same exemplar again: skip used titles.
        individuals = [e for e in INDIVIDUALS if e[1] not in used]
        collectives = [e for e in COLLECTIVES if e[1] not in used]
        if individuals and (rnd.random() < 0.6 or not collectives):
            slot.subject = Subject.INDIVIDUAL
            slot.extras["base"] = rnd.choice(individuals)
            used.add(slot.extras["base"][1])
            return
        if collectives:
            slot.extras["base"] = rnd.choice(collectives)
            used.add(slot.extras["base"][1])
            return
        slot.kind = InitiativeKind.MODEL
    choices = [(code, base) for code, bases in MODELS.items() for base in bases if base[0] not in used]
    code, base = rnd.choice(choices)
    used.add(base[0])
    slot.extras["base"] = (code, base)


def base_of(source: Initiative):
    """The content pool entry an earlier initiative was made from (so a continuation reads alike)."""
    for code, bases in MODELS.items():
        for base in bases:
            if source.name.startswith(base[0]) or base[0] in source.name:
                return (code, base)
    for entry in COLLECTIVES:
        if source.name.startswith(entry[1]):
            return entry
    for entry in INDIVIDUALS:
        if entry[1] in source.name:
            return entry
    return (source.field.code, MODELS["other"][0])
