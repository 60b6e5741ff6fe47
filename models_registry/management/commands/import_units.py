"""Import the organisation tree from a sheet: code, name, kind, parent code, formed from (predecessors)."""

from django.core.management.base import BaseCommand

from models_registry.imports.commands import add_common_arguments, print_report
from models_registry.imports.units import import_units


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        add_common_arguments(parser)

    def handle(self, *args, **options) -> None:
        report = import_units(
            options["file"],
            dry_run=options["dry_run"],
            skip_refused=options["skip_refused"],
            sheet_name=options["sheet"],
        )
        print_report(self, report, options)
