from django.core.management.base import BaseCommand

from prism.task_queue.runner import run_queued_tasks


class Command(BaseCommand):
    help = "Run every queued background task once (what the worker Lambda does on schedule)."

    def handle(self, *args, **options) -> None:
        summary = run_queued_tasks()
        self.stdout.write(
            f"Ran {summary['ran']} task(s): {summary['retried']} to retry, "
            f"{summary['failed']} failed for good."
        )
