"""Recompute the initiative counts (`InitiativeCount`) from the initiatives themselves."""

from django.core.management.base import BaseCommand

from models_registry.counts import rebuild


class Command(BaseCommand):
    help = "Recompute the initiative counts of every campaign (or of --campaign ID) from a GROUP BY."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, action="append", help="only this campaign (repeatable)")

    def handle(self, *args, campaign=None, **options):
        rows = rebuild(campaign, stdout=self.stdout if options["verbosity"] > 1 else None)
        self.stdout.write(f"{rows} count rows written")
