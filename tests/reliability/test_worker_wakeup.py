"""The worker starts within seconds of a commit that enqueued work; nothing is lost if not."""

import json

import pytest
from django.db import transaction

from prism.task_queue import wakeup as worker_wakeup
from tests.reliability.probe_tasks import always_fails
from tests.subprocesses import clean_environment, run_python

FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "ap-northeast-2",
}


def test_enqueue_wakes_the_worker_through_sqs_and_failures_lose_nothing(tmp_path):
    env = clean_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'wake.sqlite3'}",
        PRISM_TASKS_BACKEND="database",
        PRISM_TASK_MAX_ATTEMPTS="2",
        PRISM_TASK_RETRY_SECONDS="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        **FAKE_AWS,
    )
    done = run_python("-m", "tests.reliability.wakeup_scenario", env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])

    assert (report["request"], report["messages"]) == (200, 1)
    assert json.loads(report["body"]) == {"wake": "task-enqueued"}  # no address, no code
    assert report["worker"] == {"ran": 1, "retried": 0, "failed": 0, "purged": 0}
    assert report["mailed"] == [["fast@example.com"]]

    assert (report["request_without_sqs"], report["waiting"]) == (200, 1)
    assert "Worker wake-up not sent (QueueDoesNotExist)" in done.stderr
    assert report["scheduled_run"] == {"ran": 1, "retried": 0, "failed": 0, "purged": 0}
    assert report["mailed_later"] == [["later@example.com"]]

    assert report["messages_for_two_tasks"] == 1  # one wake-up per transaction
    assert report["failing_runs"] == [
        {"ran": 2, "retried": 2, "failed": 0, "purged": 0},
        {"ran": 2, "retried": 0, "failed": 2, "purged": 0},
    ]
    assert report["failed"] == 2
    assert report["worker_failure"] == "raised"


def test_without_a_queue_url_nothing_imports_the_aws_sdk(tmp_path):
    code = (
        "import sys, django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from django.test import Client\n"
        "r = Client().post('/api/v1/auth/code', {'email': 'x@example.com', 'authType': 'SIGNUP'},"
        " content_type='application/json')\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "print(r.status_code, DBTaskResult.objects.count(), 'boto3' in sys.modules)\n"
    )
    env = clean_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'quiet.sqlite3'}", PRISM_TASKS_BACKEND="database"
    )
    done = run_python("-c", code, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["200", "1", "False"]


@pytest.mark.django_db
def test_one_wake_up_per_transaction_and_none_for_a_rollback(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PRISM_TASKS_BACKEND = "database"
    settings.PRISM_WORKER_WAKE_QUEUE_URL = "https://sqs.example/123/prism-wake"

    def wake_ups(callbacks) -> int:
        return sum(1 for callback in callbacks if callback is worker_wakeup.wake_worker)

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for _ in range(3):
            always_fails.enqueue()
    assert wake_ups(callbacks) == 1

    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                always_fails.enqueue()
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert wake_ups(callbacks) == 0

    settings.PRISM_WORKER_WAKE_QUEUE_URL = ""
    with django_capture_on_commit_callbacks() as callbacks:
        always_fails.enqueue()
    assert wake_ups(callbacks) == 0
