"""`manage.py seed_bench`: fill an empty database with the benchmark's province (see `bench/generator.py`).

It writes rows in bulk, bypassing the lifecycle entry point; never run it against real data.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from bench.generator import Generator
from bench.world import SeedRefused


class Command(BaseCommand):
    help = "Seed a province-sized benchmark data set (bulk, bypassing the lifecycle entry point)."

    def add_arguments(self, parser):
        parser.add_argument("--initiatives", type=int, default=100_000)
        parser.add_argument("--communes", type=int, default=124, help="communes and wards (default 124)")
        parser.add_argument("--agencies", type=int, default=40)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--force", action="store_true", help="add to a database that already has initiatives")

    def handle(self, *args, **opts):
        generator = Generator(self.stdout, seed=opts["seed"])
        try:
            generator.run(opts["initiatives"], opts["communes"], opts["agencies"], force=opts["force"])
        except SeedRefused as refusal:
            raise CommandError(str(refusal)) from None
