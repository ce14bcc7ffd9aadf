"""Claiming queued tasks without `select_for_update().first()`, which Oracle refuses."""

import threading

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from prism.task_queue.runner import _claim_next, lock_next_ready
from tests.conftest import run_in_threads
from tests.oracle_shadow import recording_refusals
from tests.reliability.probe_tasks import always_fails

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def enqueue(count: int, **options) -> list:
    with override_settings(TASKS=DATABASE_QUEUE):
        return [always_fails.using(**options).enqueue().id for _ in range(count)]


@pytest.mark.django_db
def test_claims_follow_the_queue_order_once_each():
    low = enqueue(1, priority=-5)
    high = enqueue(2, priority=5)
    tried: set = set()
    claimed = []
    with recording_refusals() as refusals:
        while (task := _claim_next("worker-a", tried)) is not None:
            tried.add(task.id)
            claimed.append(str(task.id))
    assert refusals == []  # every query of the claim compiles for Oracle
    assert claimed == [*high, *low]
    assert DBTaskResult.objects.filter(status="RUNNING").count() == 3
    assert _claim_next("worker-b", set()) is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_task_another_worker_holds_is_passed_over():
    first, second = enqueue(2)
    holding, release = threading.Event(), threading.Event()

    def other_worker(index: int) -> None:
        with transaction.atomic():
            list(DBTaskResult.objects.select_for_update().filter(pk=first))
            holding.set()
            release.wait(timeout=30)

    holder = threading.Thread(target=run_in_threads, args=(1, other_worker))
    holder.start()
    try:
        assert holding.wait(timeout=30)
        with transaction.atomic():
            task = lock_next_ready(DBTaskResult.objects.ready())
    finally:
        release.set()
        holder.join(timeout=30)
    assert str(task.id) == second


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_never_claim_the_same_task():
    tasks = enqueue(12)

    def worker(index: int) -> list[str]:
        claimed, tried = [], set()
        while True:
            task = _claim_next(f"worker-{index}", tried)
            if task is None:
                if not DBTaskResult.objects.ready().exists():
                    return claimed
                continue  # SQLite busy: try again, as the next run would
            tried.add(task.id)
            claimed.append(str(task.id))

    results = run_in_threads(4, worker)
    claims = [task for result in results for task in result]
    assert sorted(claims) == sorted(tasks)  # each exactly once
    assert all(len(task.worker_ids) == 1 for task in DBTaskResult.objects.all())
