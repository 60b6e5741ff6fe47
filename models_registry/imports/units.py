"""The organisation tree from a sheet: code, name, kind, parent code, and the units it was formed from.

Re-importing updates by code and never duplicates; a unit given another parent moves with its
subtree (Unit.save rewrites the paths below it, in the import's one transaction).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Unit, UnitKind

from .columns import Columns
from .report import Action, Report, run_atomically
from .values import clean, key

# A code two units share in the system: neither can be the row's unit or its parent until one is changed.
DUPLICATE_CODE = gettext_lazy("Có nhiều đơn vị cùng mã %(code)s: hãy sửa mã trong hệ thống trước.")

COLUMNS = Columns(
    aliases={
        "code": frozenset({"ma", "ma don vi", "ma dvhc", "ma so", "code"}),
        "name": frozenset({"ten", "ten don vi", "don vi", "name"}),
        "kind": frozenset({"loai", "loai don vi", "cap", "kind"}),
        "parent": frozenset(
            {"ma cap tren", "ma don vi cap tren", "cap tren", "don vi cap tren", "parent", "parent code"}
        ),
        "predecessors": frozenset(
            {"hinh thanh tu", "hinh thanh tu cac don vi", "ma don vi cu", "don vi truoc sap nhap", "predecessors"}
        ),
    },
    titles={
        "code": "Mã",
        "name": "Tên đơn vị",
        "kind": "Loại đơn vị",
        "parent": "Mã cấp trên",
        "predecessors": "Hình thành từ",
    },
    required=("code", "name", "kind"),
)
_SPLIT = re.compile(r"[,;\n]+")


def kind_of(value: object) -> str | None:
    """Return the UnitKind for a cell: its Vietnamese label or its value, accent-insensitive."""
    text = key(value)
    aliases = {"huyen": UnitKind.DISTRICT, "to": UnitKind.STREET_GROUP, "thi tran": UnitKind.COMMUNE}
    for choice in UnitKind:
        if text in (key(choice.label), choice.value):
            return choice.value
    return aliases.get(text)


def split_codes(value: object) -> list[str]:
    return [c for c in (clean(part) for part in _SPLIT.split(clean(value))) if c]


def import_units(path: str | Path, dry_run: bool = False, skip_refused: bool = False, sheet_name: str = "") -> Report:
    """Read the units sheet (the named one, else the first with a header) and create or update the units;
    return the row-by-row report."""

    def work(report: Report) -> None:
        rows = {}
        for number, cells in COLUMNS.rows(path, sheet_name, report):
            code, name, kind = clean(cells.get("code")), clean(cells.get("name")), kind_of(cells.get("kind"))
            if not code:
                report.refuse(number, _("Thiếu mã đơn vị."), name)
            elif not name:
                report.refuse(number, _("Thiếu tên đơn vị."), code)
            elif kind is None:
                report.refuse(number, _("Không rõ loại đơn vị “%(kind)s”.") % {"kind": clean(cells.get("kind"))}, name)
            elif code in rows:
                report.refuse(
                    number,
                    _("Mã %(code)s trùng với dòng %(row)s.") % {"code": code, "row": rows[code]["row"]},
                    name,
                )
            else:
                rows[code] = {
                    "row": number,
                    "name": name,
                    "kind": kind,
                    "parent": clean(cells.get("parent")),
                    "predecessors": split_codes(cells.get("predecessors")),
                }
        _apply(rows, report)

    return run_atomically(work, dry_run, skip_refused)


def _apply(rows: dict[str, dict], report: Report) -> None:
    existing: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(code__in=[*rows, *(r["parent"] for r in rows.values())]).exclude(code=""):
        existing.setdefault(unit.code, []).append(unit)
    done: dict[str, Unit] = {}
    pending = dict(rows)
    # Parents first, whatever the order of the rows: each pass places the rows whose parent is known.
    while pending:
        placed = False
        for code, row in list(pending.items()):
            parent_code = row["parent"]
            if parent_code and parent_code in pending and parent_code != code:
                continue
            del pending[code]
            placed = True
            _place(code, row, existing, done, report)
        if not placed:
            for code, row in pending.items():
                report.refuse(row["row"], _("Mã cấp trên tạo thành vòng lặp (%(code)s).") % {"code": code}, row["name"])
            break
    _link_predecessors(rows, existing, done, report)
    report.rows.sort(key=lambda r: r.row)


def _one(code: str, existing: dict[str, list[Unit]], done: dict[str, Unit]) -> Unit | None | str:
    if code in done:
        return done[code]
    found = existing.get(code, [])
    if len(found) > 1:
        return "many"
    return found[0] if found else None


def _place(code: str, row: dict, existing: dict, done: dict, report: Report) -> None:
    parent = None
    if row["parent"]:
        parent = _one(row["parent"], existing, done)
        if parent is None or parent == "many":
            message = _("Không có đơn vị cấp trên mã %(code)s.") if parent is None else DUPLICATE_CODE
            report.refuse(row["row"], message % {"code": row["parent"]}, row["name"])
            return
    unit = _one(code, existing, {})
    if unit == "many":
        report.refuse(
            row["row"],
            DUPLICATE_CODE % {"code": code},
            row["name"],
        )
        return
    action = Action.CREATED
    if unit is not None:
        if unit.name == row["name"] and unit.kind == row["kind"] and unit.parent_id == (parent.pk if parent else None):
            done[code] = unit
            report.add(row["row"], Action.UNCHANGED, label=row["name"])
            return
        action = Action.UPDATED
    else:
        unit = Unit(code=code)
    unit.name, unit.kind, unit.parent = row["name"], row["kind"], parent
    try:
        unit.save()
    except ValidationError:
        report.refuse(row["row"], _("Không thể đặt đơn vị dưới chính nó hoặc đơn vị cấp dưới của nó."), row["name"])
        return
    done[code] = unit
    report.add(row["row"], action, label=row["name"])


def _link_predecessors(rows: dict, existing: dict, done: dict, report: Report) -> None:
    by_row = {r.row: r for r in report.rows}
    for code, row in rows.items():
        if code not in done or not row["predecessors"]:
            continue
        unit = done[code]
        earlier = []
        for other in row["predecessors"]:
            found = _one(other, existing, done)
            if found is None or found == "many":
                if found is None and other not in done:
                    found = Unit.objects.filter(code=other).first()
                if found is None or found == "many":
                    result = by_row[row["row"]]
                    result.action = Action.REFUSED
                    result.message = _("Không có đơn vị mã %(code)s (cột “hình thành từ”).") % {"code": other}
                    break
            earlier.append(found)
        else:
            current = set(unit.predecessors.values_list("pk", flat=True))
            wanted = {u.pk for u in earlier} - {unit.pk}
            if wanted - current:
                unit.predecessors.add(*(wanted - current))
                result = by_row[row["row"]]
                if result.action == Action.UNCHANGED:
                    result.action = Action.UPDATED
