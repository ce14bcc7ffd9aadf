import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts.seeding import (
    DEMO_STAFF_EMAIL,
    StaffAccountRefused,
    demo_accounts,
    seed_demo_accounts,
    seed_demo_staff_account,
)
from posts.seeding import seed_demo_posts
from projects.seeding import seed_demo_projects
from reviews.seeding import seed_demo_reviews

# The demo's deferred work runs in this process: summaries are ready when the command ends,
# and the invitation mails to the demo's made-up addresses stay off the console.
DEMO_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DEMO_MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@contextmanager
def _quiet_task_states():
    """The demo runs dozens of tasks; their state lines would bury `make run`'s output."""
    task_logger = logging.getLogger("django.tasks")
    level = task_logger.level
    task_logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        task_logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Seed reference data (idempotent; the categories come with the migrations). "
        "With --demo also demo people, projects with answered surveys and computed PRisms, "
        "recruitment posts and (with DEBUG on) a staff account, for local runs."
    )

    # `make run` seeds right after `migrate`, which has run the checks.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--demo", action="store_true", help="Also create demo data.")

    def handle(self, *args, demo: bool = False, **options) -> None:
        if not demo:
            return
        with (
            override_settings(TASKS=DEMO_TASKS, MAILERS=DEMO_MAILERS),
            _quiet_task_states(),
            transaction.atomic(),
        ):
            people_created = seed_demo_accounts()
            people = demo_accounts()
            projects = seed_demo_projects(people=people)
            surveys = seed_demo_reviews(projects=projects)
            posts = seed_demo_posts(people=people)
            try:
                staff = seed_demo_staff_account()
            except StaffAccountRefused as refusal:
                staff = None
                self.stderr.write(str(refusal))
        if options["verbosity"]:
            self.stdout.write(
                f"Seeded: {len(people_created)} demo account(s), {len(projects)} demo "
                f"project(s) with {surveys} answered survey(s), {len(posts)} post(s)"
                + (f", staff account {DEMO_STAFF_EMAIL}" if staff else "")
                + "."
            )
