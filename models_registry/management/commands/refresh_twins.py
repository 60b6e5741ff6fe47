"""Check and store the re-reporting guard's verdict (guard.check_and_store) of the registrations never checked.

An older database after its migration, imported or generated rows: pages check such a row the first
time they show it; this command checks them all beforehand, a batch of one unit's rows at a time (the
unit's history is read once per batch).
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from models_registry import guard
from models_registry.models import Initiative, State


class Command(BaseCommand):
    help = "Check the re-reporting guard's closest recognized twin of every registration not checked yet."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, action="append", help="only this campaign (repeatable)")
        parser.add_argument(
            "--all", dest="recheck", action="store_true", help="check again the registrations already checked"
        )
        parser.add_argument("--batch", type=int, default=500, help="rows checked per query (default 500)")

    def handle(self, *args, campaign=None, recheck=False, batch=500, **options):
        # Drafts are checked when they are submitted; nobody but their unit sees them before.
        rows = Initiative.objects.exclude(state=State.DRAFT)
        if campaign:
            rows = rows.filter(campaign_id__in=campaign)
        if not recheck:
            rows = rows.filter(twin_checked_at__isnull=True)
        rows = rows.select_related("campaign").only(*guard.REGISTRATION_COLUMNS).order_by("unit_id", "id")
        done = 0
        after = (0, 0)
        while True:
            # Keyset pages in (unit, id) order: a batch holds few units, whose histories it reads once.
            unit_id, pk = after
            chunk = list(rows.filter(Q(unit_id__gt=unit_id) | Q(unit_id=unit_id, pk__gt=pk))[:batch])
            if not chunk:
                break
            with transaction.atomic():
                guard.check_and_store(chunk)
            done += len(chunk)
            after = (chunk[-1].unit_id, chunk[-1].pk)
            if options["verbosity"] > 1:
                self.stdout.write(f"{done} checked")
        self.stdout.write(f"{done} registrations checked")
