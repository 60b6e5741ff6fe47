"""Import people from a sheet (name, e-mail, phone, units, committee, role); new users are invited by e-mail."""

from django.core.management.base import BaseCommand

from models_registry.imports.commands import add_common_arguments, print_report
from models_registry.imports.people import import_people


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        add_common_arguments(parser)
        parser.add_argument("--base-url", required=True, help="the site's address for the invitation links")

    def handle(self, *args, **options) -> None:
        report = import_people(
            options["file"],
            options["base_url"],
            dry_run=options["dry_run"],
            skip_refused=options["skip_refused"],
            sheet_name=options["sheet"],
        )
        print_report(self, report, options)
