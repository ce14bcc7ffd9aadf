"""Nothing is lost: queued mails survive an SMTP outage; failing tasks end up visible.

On the pass's engine: an SQLite file, or a fresh PostgreSQL database in the PostgreSQL pass.
"""

import json

from tests.servers import free_port
from tests.subprocesses import clean_environment, run_python


def test_mail_queued_during_an_smtp_outage_is_delivered_later(fresh_database_url):
    env = clean_environment(
        DATABASE_URL=fresh_database_url,
        PRISM_TASKS_BACKEND="database",
        PRISM_TASK_MAX_ATTEMPTS="3",
        PRISM_TASK_RETRY_SECONDS="0",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(free_port()),
        EMAIL_TIMEOUT="3",
    )
    done = run_python("-m", "tests.reliability.durability_scenario", env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert (report["request"], report["queued"]) == (200, 1)
    assert report["smtp_down"] == {"ran": 1, "retried": 1, "failed": 0}
    assert report["smtp_up"] == {"ran": 1, "retried": 0, "failed": 0}
    assert report["delivered"] == 1
    # Three attempts in all, then recorded as failed; the extra run finds nothing to do.
    assert [run["ran"] for run in report["failing_runs"]] == [1, 1, 1, 0]
    assert report["failing_runs"][2]["failed"] == 1
    assert (report["final_status"], report["attempts"]) == ("FAILED", 3)
    assert report["admin_status"] == 200 and report["admin_lists_it"]
