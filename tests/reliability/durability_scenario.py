"""Run in its own process with the durable (database) task queue; prints a JSON report.

1. A verification mail is enqueued while the SMTP server is down: the run fails and is
   rescheduled. 2. The server comes back: the next run delivers it. 3. A task that always
   raises is retried up to the limit, then recorded as failed and shown in the admin.
"""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prism.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from accounts.models import User  # noqa: E402
from prism.task_queue.runner import run_queued_tasks  # noqa: E402
from tests.reliability.probe_tasks import always_fails  # noqa: E402
from tests.servers import smtp_server  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    report = {}
    response = Client().post(
        "/api/v1/auth/code",
        {"email": "durable@example.com", "authType": "SIGNUP"},
        content_type="application/json",
    )
    report["request"] = response.status_code
    report["queued"] = DBTaskResult.objects.count()
    report["smtp_down"] = run_queued_tasks()
    port = int(os.environ["EMAIL_PORT"])
    with smtp_server(port=port) as (_, received):
        report["smtp_up"] = run_queued_tasks()
        report["delivered"] = len(received)
        report["subject_seen"] = any(
            "인증" in m.decode("utf-8", "replace") or b"=?utf-8?" in m for m in received
        )

    always_fails.enqueue()
    runs = [run_queued_tasks() for _ in range(int(os.environ["PRISM_TASK_MAX_ATTEMPTS"]) + 1)]
    report["failing_runs"] = runs
    failed = DBTaskResult.objects.filter(task_path__endswith="always_fails").get()
    report["final_status"] = failed.status
    report["attempts"] = len(failed.worker_ids)

    admin = User.objects.create_superuser("ops@example.com", "secret123!")
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/django_tasks_database/dbtaskresult/", {"status__exact": "FAILED"})
    report["admin_status"] = page.status_code
    report["admin_lists_it"] = "always_fails" in page.content.decode()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
