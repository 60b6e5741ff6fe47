"""Import past initiatives from a province's sheet: historical records, read-only, in summarized years.

Without --columns the mapping remembered for the sheet's header layout is used, else one guessed
from the titles; --show-columns prints the header and that mapping, to copy and correct.
"""

from django.core.management.base import BaseCommand, CommandError

from models_registry.imports.commands import add_common_arguments, print_report
from models_registry.imports.history import import_history
from models_registry.imports.history_columns import KNOWN, TARGET_NAMES, suggest
from models_registry.imports.reading import SheetError, read_headers


def parse_columns(text: str) -> dict[int, str]:
    """Read "1=year,2=unit,3=name" (column positions from 0) into a mapping."""
    columns = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        position, _sep, target = part.partition("=")
        if not position.isdigit() or target not in TARGET_NAMES:
            raise CommandError(f"bad column {part!r}; fields: {', '.join(TARGET_NAMES)}")
        columns[int(position)] = target
    return columns


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        add_common_arguments(parser)
        parser.add_argument("--columns", help='e.g. "1=year,2=unit,3=name,6=recognized" (positions from 0)')
        parser.add_argument("--show-columns", action="store_true", help="print the header and the mapping, then stop")

    def handle(self, *args, **options) -> None:
        try:
            headers = read_headers(options["file"], KNOWN, options["sheet"]).headers
        except SheetError as error:
            raise CommandError(str(error)) from error
        columns = parse_columns(options["columns"]) if options["columns"] else suggest(headers)
        if options["show_columns"]:
            for position, title in enumerate(headers):
                self.stdout.write(f"{position}\t{title}\t{columns.get(position, '')}")
            return
        report = import_history(
            options["file"],
            columns,
            dry_run=options["dry_run"],
            skip_refused=options["skip_refused"],
            sheet_name=options["sheet"],
        )
        print_report(self, report, options)
