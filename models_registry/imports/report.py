"""What an import did (or, in a dry run, would do), row by row, and the all-or-nothing rule."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


class Action(models.TextChoices):
    CREATED = "created", gettext_lazy("Tạo mới")
    UPDATED = "updated", gettext_lazy("Cập nhật")
    LINKED = "linked", gettext_lazy("Tạo mới, nối với mô hình năm trước")
    UNCHANGED = "unchanged", gettext_lazy("Không thay đổi")
    REFUSED = "refused", gettext_lazy("Từ chối")


@dataclass(slots=True)
class RowResult:
    row: int
    action: str
    message: str = ""
    label: str = ""

    @property
    def action_label(self) -> str:
        return str(Action(self.action).label)


@dataclass
class Report:
    """The rows' results, notes about the file, and whether the database was changed."""

    rows: list[RowResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False

    def add(self, row: int, action: str, message: str = "", label: str = "") -> None:
        self.rows.append(RowResult(row, action, message, label))

    def refuse(self, row: int, message: str, label: str = "") -> None:
        self.rows.append(RowResult(row, Action.REFUSED, message, label))

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(r.action for r in self.rows)
        return {action: counted.get(action, 0) for action in Action.values}

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.rows if r.action == Action.REFUSED]

    def summary(self) -> str:
        """Return one line: how many rows of each action."""
        return "; ".join(f"{Action(a).label}: {n}" for a, n in self.counts.items() if n)

    def write_csv(self, out) -> None:
        """Write the report as CSV (UTF-8 with BOM, for Excel) to a text stream."""
        writer = csv.writer(out)
        writer.writerow([_("Dòng"), _("Kết quả"), _("Nội dung"), _("Lý do")])
        for note in self.notes:
            writer.writerow(["", "", note, ""])
        for r in self.rows:
            # Row 0 is the file itself (it could not be read as a sheet): no row to point to.
            writer.writerow([r.row or "", r.action_label, r.label, r.message])


class _Rollback(Exception):
    pass


def run_atomically(work: Callable[[Report], None], dry_run: bool, skip_refused: bool = False) -> Report:
    """Run an import in one transaction; keep it only when it is not a dry run and no row was refused.

    A refused row stops the whole file unless `skip_refused` (the others are then imported):
    never a half import nobody asked for. Any error rolls everything back.
    """
    from .reading import SheetError

    report = Report()
    try:
        with transaction.atomic():
            try:
                work(report)
            except SheetError as error:
                report.refuse(0, str(error))
                raise _Rollback from error
            if dry_run or (report.refused and not skip_refused):
                raise _Rollback
    except _Rollback:
        report.applied = False
        if not dry_run and report.refused and report.refused[0].row:
            report.notes.append(
                ngettext(
                    "Không nhập gì vì có %(n)s dòng bị từ chối. Hãy sửa tệp, hoặc chọn bỏ qua các dòng bị từ chối.",
                    "Không nhập gì vì có %(n)s dòng bị từ chối. Hãy sửa tệp, hoặc chọn bỏ qua các dòng bị từ chối.",
                    len(report.refused),
                )
                % {"n": len(report.refused)}
            )
        return report
    report.applied = True
    return report
