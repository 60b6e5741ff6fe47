"""What the three import commands share: the options and the printed report."""

from __future__ import annotations

from django.core.management.base import CommandError

from .report import Action, Report


def add_common_arguments(parser) -> None:
    parser.add_argument("file", help="XLSX or CSV")
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    parser.add_argument("--skip-refused", action="store_true", help="import the good rows even if some are refused")
    parser.add_argument("--report", help="write the row-by-row report to this CSV file")
    parser.add_argument("--verbose-rows", action="store_true", help="print every row, not only the refused ones")
    parser.add_argument("--sheet", default="", help="the sheet to read (default: the first with a header)")


def print_report(command, report: Report, options: dict) -> None:
    """Print notes, refused rows (or every row) and the summary; raise CommandError if nothing was imported."""
    for note in report.notes:
        command.stdout.write(note)
    for result in report.rows:
        if options["verbose_rows"] or result.action == Action.REFUSED:
            command.stdout.write(f"{result.row}\t{result.action_label}\t{result.label}\t{result.message}")
    command.stdout.write(report.summary())
    if options.get("report"):
        with open(options["report"], "w", encoding="utf-8-sig", newline="") as out:
            report.write_csv(out)
    if not options["dry_run"] and not report.applied:
        raise CommandError("nothing imported (see the refused rows above)")
    command.stdout.write(command.style.SUCCESS("dry run: nothing written" if options["dry_run"] else "imported"))
