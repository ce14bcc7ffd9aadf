from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.seeding import seed_demo_accounts


class Command(BaseCommand):
    help = "Seed reference data (idempotent); with --demo also demo people and projects."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--demo", action="store_true", help="Also create demo data.")

    def handle(self, *args, demo: bool = False, **options) -> None:
        with transaction.atomic():
            created = seed_demo_accounts() if demo else []
        if options["verbosity"]:
            self.stdout.write(f"Seeded reference data; demo accounts created: {len(created)}.")
