from django.conf import settings
from django.core.management.base import BaseCommand

from prism.task_queue.runner import purge_finished_tasks


class Command(BaseCommand):
    help = (
        "Delete queued tasks that finished more than PRISM_TASK_RETENTION_DAYS ago "
        "(the worker does this after every run)."
    )

    def handle(self, *args, **options) -> None:
        deleted = purge_finished_tasks()
        self.stdout.write(
            f"Deleted {deleted} finished task(s) older than "
            f"{settings.PRISM_TASK_RETENTION_DAYS} day(s)."
        )
