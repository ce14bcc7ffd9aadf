"""Run in its own process with the database task queue and SQS mocked by moto; prints JSON.

1. A code request commits one task and one wake-up message (no address or code in it); the
   worker, invoked with that message as an SQS event, sends the mail. 2. SQS is gone: the
   request still succeeds, the task waits in the database, the scheduled run sends it.
3. A task that keeps failing is retried, then marked failed. 4. If the worker itself fails,
   the error propagates, so SQS delivers the message again (then to the dead-letter queue).
"""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prism.settings")
django.setup()

import boto3  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402
from moto import mock_aws  # noqa: E402

from prism import lambda_handler  # noqa: E402
from tests.reliability.probe_tasks import always_fails  # noqa: E402


def sqs_event(messages: list[dict]) -> dict:
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:ap-northeast-2:123456789012:prism-wake",
            }
            for m in messages
        ]
    }


def receive(sqs, url: str) -> list[dict]:
    return sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])


def request_code(email: str) -> int:
    return (
        Client()
        .post(
            "/api/v1/auth/code",
            {"email": email, "authType": "SIGNUP"},
            content_type="application/json",
        )
        .status_code
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    report: dict = {}
    with mock_aws():
        sqs = boto3.client("sqs")
        url = sqs.create_queue(QueueName="prism-wake")["QueueUrl"]
        with override_settings(PRISM_WORKER_WAKE_QUEUE_URL=url):
            # 1. Enqueue → one message → the SQS-triggered worker sends the mail.
            report["request"] = request_code("fast@example.com")
            messages = receive(sqs, url)
            report["messages"] = len(messages)
            report["body"] = messages[0]["Body"]
            report["worker"] = lambda_handler.worker(sqs_event(messages), None)
            report["mailed"] = [m.to for m in getattr(mail, "outbox", [])]

            # 2. SQS fails: the request is unaffected; the schedule's run takes the task.
            sqs.delete_queue(QueueUrl=url)
            report["request_without_sqs"] = request_code("later@example.com")
            report["waiting"] = DBTaskResult.objects.filter(status="READY").count()
            report["scheduled_run"] = lambda_handler.worker({}, None)
            report["mailed_later"] = [m.to for m in mail.outbox[1:]]

            # 3. A failing task: retried on each run, then recorded as failed.
            url = sqs.create_queue(QueueName="prism-wake")["QueueUrl"]
        with override_settings(PRISM_WORKER_WAKE_QUEUE_URL=url):
            with transaction.atomic():
                always_fails.enqueue()
                always_fails.enqueue()
            messages = receive(sqs, url)
            report["messages_for_two_tasks"] = len(messages)
            attempts = int(os.environ["PRISM_TASK_MAX_ATTEMPTS"])
            report["failing_runs"] = [
                lambda_handler.worker(sqs_event(messages), None) for _ in range(attempts)
            ]
            report["failed"] = DBTaskResult.objects.filter(status="FAILED").count()

            # 4. The worker cannot run at all (here: the database is unreachable).
            from prism.task_queue import runner as task_queue

            def database_down(**kwargs):
                raise ConnectionError("database unreachable")

            task_queue.run_queued_tasks = database_down
            try:
                lambda_handler.worker(sqs_event(messages), None)
                report["worker_failure"] = "swallowed"
            except ConnectionError:
                report["worker_failure"] = "raised"
    print(json.dumps(report))


if __name__ == "__main__":
    main()
