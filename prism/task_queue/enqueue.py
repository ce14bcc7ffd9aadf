"""Enqueue background tasks so that they exist exactly when the change that caused them does."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.tasks import Task
from django.tasks.backends.immediate import ImmediateBackend


def enqueue_in_transaction(task: Task, **kwargs: Any) -> None:
    """Enqueue `task(**kwargs)` as part of the current transaction.

    A durable backend (the database queue) stores the task row in the same transaction as
    the change, so a rollback removes both and a commit keeps both. A backend that runs
    tasks at once (the immediate backend of tests and local runs) would run it before the
    commit — so it is started on commit instead, never for a rolled-back change.
    """
    if isinstance(task.get_backend(), ImmediateBackend):
        transaction.on_commit(partial(task.enqueue, **kwargs))
    else:
        task.enqueue(**kwargs)
