"""Draining the durable task queue (django-tasks-db) in bounded runs.

Used by the Lambda `worker` entry point and the `run_tasks` management command.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Worker


def run_queued_tasks(*, should_continue: Callable[[], bool] = lambda: True) -> dict[str, int]:
    """Run ready tasks one at a time while `should_continue()` holds and tasks remain."""
    if settings.PRISM_TASKS_BACKEND != "database":
        return {"ran": 0}
    worker_id = f"lambda-{uuid.uuid4().hex[:12]}"
    ran = 0
    while should_continue():
        # One task per Worker run: the time budget is checked between tasks.
        one_task = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=1,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        one_task.run()
        if one_task._run_tasks == 0:
            break
        ran += 1
    return {"ran": ran}
