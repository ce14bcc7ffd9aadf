"""Start the task worker within seconds of the commit that enqueued work for it.

The task row in the database is the durable record (django-tasks-db): it is written in the
same transaction as the change that caused it. After that transaction commits, one small
message goes to an SQS queue (`PRISM_WORKER_WAKE_QUEUE_URL`) that is the worker function's
event source; the worker then drains every ready task. The message carries no task data, so
nothing personal leaves the database, and losing one loses nothing: the worker's schedule
drains the queue anyway, a little later. Without the variable nothing here touches AWS.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from typing import Any

from django.conf import settings
from django.db import router, transaction
from django.dispatch import receiver
from django.tasks.signals import task_enqueued

logger = logging.getLogger("prism.tasks")

WAKE_UP_BODY = json.dumps({"wake": "task-enqueued"})


@cache
def sqs_client() -> Any:
    # boto3 and an SQS client cost ~0.9 s on first use (measured here): imported only by
    # processes that wake the worker, once (and in SnapStart's init: prism/lambda_handler.py).
    import boto3
    from botocore.config import Config

    # A slow or unreachable SQS must not hold the request that enqueued the task for long.
    config = Config(
        connect_timeout=2, read_timeout=2, retries={"max_attempts": 2, "mode": "standard"}
    )
    return boto3.client("sqs", config=config)


def wake_worker() -> bool:
    """Ask the worker to run now; False (logged) when SQS could not be reached, in which
    case the task waits, safe in the database, for the worker's scheduled run."""
    try:
        sqs_client().send_message(
            QueueUrl=settings.PRISM_WORKER_WAKE_QUEUE_URL, MessageBody=WAKE_UP_BODY
        )
    except Exception as exc:  # whatever failed, the request that enqueued has succeeded
        logger.warning(
            "Worker wake-up not sent (%s); the scheduled run will take the task",
            type(exc).__name__,
        )
        return False
    return True


@receiver(task_enqueued)
def wake_worker_after_commit(sender: type, task_result: Any, **kwargs: Any) -> None:
    """One wake-up per committed transaction that enqueued durable tasks."""
    if settings.PRISM_TASKS_BACKEND != "database" or not settings.PRISM_WORKER_WAKE_QUEUE_URL:
        return
    from django_tasks_db.models import DBTaskResult

    using = router.db_for_write(DBTaskResult)
    connection = transaction.get_connection(using)
    # Invitations enqueue a mail per person in one transaction: one message wakes for all.
    if connection.in_atomic_block and any(
        func is wake_worker for _, func, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(wake_worker, using=using)
