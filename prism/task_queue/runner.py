"""Draining the durable task queue (django-tasks-db) in bounded runs, with retries.

Used by the Lambda `worker` entry point and the `run_tasks` management command. A task
that raises is tried again later (after `PRISM_TASK_RETRY_SECONDS`, doubling each time) up
to `PRISM_TASK_MAX_ATTEMPTS` attempts; then it stays FAILED, with its traceback, in the
admin's task list. So a mail enqueued while the SMTP server is down goes out on a later run.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, close_old_connections
from django.db.models import QuerySet
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger("prism.tasks")


# How many ready task ids one unlocked read offers for locking.
CLAIM_CANDIDATES = 10


def lock_next_ready(ready: QuerySet[DBTaskResult]) -> DBTaskResult | None:
    """The first task of `ready` that no other worker holds, locked; call in a transaction.

    The library's `get_locked()` is `select_for_update(skip_locked=True).first()`, which
    Oracle refuses (no FOR UPDATE with FETCH FIRST): with it no task would ever run there.
    Instead the candidates come, in queue order, from an unlocked read, and each is locked
    by primary key with SKIP LOCKED, unsliced, re-checking that it is still ready (another
    worker may have claimed it since). Exactly one row is locked.
    """
    passed_over: list = []
    while True:
        candidates = list(
            ready.exclude(id__in=passed_over).values_list("id", flat=True)[:CLAIM_CANDIDATES]
        )
        if not candidates:
            return None
        for task_id in candidates:
            locked = list(ready.filter(pk=task_id).select_for_update(skip_locked=True))
            if locked:
                return locked[0]
            passed_over.append(task_id)


def _claim_next(worker_id: str, tried: set) -> DBTaskResult | None:
    # At most one attempt per task per run, whatever its retry delay.
    ready = DBTaskResult.objects.ready().filter(backend_name="default").exclude(id__in=tried)
    try:
        with exclusive_transaction(ready.db):
            task = lock_next_ready(ready)
            if task is not None:
                task.claim(worker_id)
            return task
    except OperationalError as exc:
        if is_locked_database_exception(exc):  # SQLite busy: try again on the next run
            return None
        raise


def _retry_or_give_up(task: DBTaskResult) -> bool:
    """Schedule a failed task again if it has attempts left; True if it was rescheduled."""
    attempts = len(task.worker_ids)
    if attempts >= settings.PRISM_TASK_MAX_ATTEMPTS:
        # The path and exception class only: arguments may hold addresses or codes.
        logger.error(
            "Task %s failed for good after %d attempt(s): %s",
            task.task_path,
            attempts,
            task.exception_class_path,
        )
        return False
    delay = settings.PRISM_TASK_RETRY_SECONDS * 2 ** (attempts - 1)
    task.status = TaskResultStatus.READY
    task.run_after = timezone.now() + timedelta(seconds=delay)
    task.finished_at = None
    task.save(update_fields=["status", "run_after", "finished_at"])
    logger.warning(
        "Task %s failed (%s); attempt %d of %d in %ss",
        task.task_path,
        task.exception_class_path,
        attempts + 1,
        settings.PRISM_TASK_MAX_ATTEMPTS,
        delay,
    )
    return True


def run_queued_tasks(*, should_continue: Callable[[], bool] = lambda: True) -> dict[str, int]:
    """Run ready tasks one at a time while `should_continue()` holds and tasks remain."""
    summary = {"ran": 0, "retried": 0, "failed": 0}
    if settings.PRISM_TASKS_BACKEND != "database":
        return summary
    worker_id = f"worker-{uuid.uuid4().hex[:12]}"
    runner = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    tried: set = set()
    while should_continue():
        close_old_connections()
        task = _claim_next(worker_id, tried)
        if task is None:
            break
        tried.add(task.id)
        runner.run_task(task)
        summary["ran"] += 1
        task.refresh_from_db(fields=["status", "worker_ids", "exception_class_path"])
        if task.status == TaskResultStatus.FAILED:
            summary["retried" if _retry_or_give_up(task) else "failed"] += 1
    return summary


def purge_finished_tasks() -> int:
    """Delete tasks that finished (succeeded or failed for good) more than
    `PRISM_TASK_RETENTION_DAYS` ago; returns how many rows went.

    Finished rows are kept a while so that failures can be read in the admin, then deleted:
    the queue is not an archive, and its arguments name people (ids, sealed codes).
    """
    cutoff = timezone.now() - timedelta(days=settings.PRISM_TASK_RETENTION_DAYS)
    deleted, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=cutoff,
    ).delete()
    return deleted
