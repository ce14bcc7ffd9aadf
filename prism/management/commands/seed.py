from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from accounts.seeding import DEMO_PEOPLE, seed_demo_accounts
from projects.seeding import seed_demo_projects


class Command(BaseCommand):
    help = (
        "Seed reference data (idempotent; the categories come with the migrations). "
        "With --demo also demo people and a demo project for local runs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--demo", action="store_true", help="Also create demo data.")

    def handle(self, *args, demo: bool = False, **options) -> None:
        created_people, created_projects = [], []
        if demo:
            with transaction.atomic():
                created_people = seed_demo_accounts()
                people = [User.objects.get(email=email) for email, _ in DEMO_PEOPLE]
                created_projects = seed_demo_projects(owner=people[0], teammates=people[1:])
        if options["verbosity"]:
            self.stdout.write(
                f"Seeded: {len(created_people)} demo account(s), "
                f"{len(created_projects)} demo project(s)."
            )
