"""With the durable queue, no code or token is ever stored in clear, and finished tasks go."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from prism.task_queue import sealing as task_secrets
from prism.task_queue.runner import purge_finished_tasks, run_queued_tasks
from tests.conftest import bearer_client, code_from_mail
from tests.envelopes import ok
from tests.factories import PASSWORD, UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory

SURVEY_CODE = re.compile(r"/survey\?code=([A-Z0-9]{10})")


@pytest.fixture
def database_queue(settings):
    settings.PRISM_TASKS_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queue_table_text() -> str:
    # Every column of every row, as the database holds it.
    return "\n".join(repr(row) for row in DBTaskResult.objects.values())


@pytest.mark.django_db(transaction=True)
def test_the_queue_table_never_holds_a_code_or_a_token(database_queue, api_client):
    owner = UserFactory(email="owner@example.com")
    project = ProjectFactory(owner=owner)
    MembershipFactory(project=project, email=owner.email, user=owner)
    MembershipFactory(project=project, email="teammate@example.com")

    ok(api_client.post("/api/v1/auth/code", {"email": "new@example.com", "authType": "SIGNUP"}))
    ok(bearer_client(owner).post(f"/api/v1/peer-reviews/link?projectId={project.pk}", {}))
    tokens = ok(api_client.post("/api/v1/auth/login", {"email": owner.email, "password": PASSWORD}))
    assert DBTaskResult.objects.count() == 3  # one code mail, two invitations
    queued = queue_table_text()

    assert run_queued_tasks() == {"ran": 3, "retried": 0, "failed": 0}
    [code_mail] = [m for m in mail.outbox if m.to == ["new@example.com"]]
    code = code_from_mail(code_mail)
    survey_codes = [SURVEY_CODE.search(m.body).group(1) for m in mail.outbox if m != code_mail]
    assert len(survey_codes) == 2

    secrets = [code, *survey_codes, tokens["accessToken"], tokens["refreshToken"]]
    for text in (queued, queue_table_text()):
        for secret in secrets:
            assert secret not in text
        assert "new@example.com" not in text and "teammate@example.com" not in text
    # The code did travel, sealed: the worker opened it with a key the database never held.
    [sealed] = [
        row.args_kwargs["kwargs"]["sealed_code"]
        for row in DBTaskResult.objects.all()
        if "sealed_code" in row.args_kwargs["kwargs"]
    ]
    assert task_secrets.unseal(sealed) == code


@pytest.mark.django_db(transaction=True)
def test_a_code_superseded_before_the_worker_runs_is_not_mailed(
    database_queue, api_client, settings
):
    settings.PRISM_CODE_RESEND_SECONDS = 0
    for _ in range(2):
        ok(api_client.post("/api/v1/auth/code", {"email": "a@example.com", "authType": "SIGNUP"}))
    mail.outbox.clear()
    run_queued_tasks()
    # Only the live (second) code leaves; the first stopped working when the second was asked.
    assert len(mail.outbox) == 1
    code = code_from_mail(mail.outbox[0])
    ok(
        api_client.post(
            "/api/v1/auth/code/verification",
            {"email": "a@example.com", "authType": "SIGNUP", "authCode": code},
        )
    )


def test_sealed_text_is_authenticated_and_bound_to_the_secret_key(settings):
    from cryptography.fernet import InvalidToken

    sealed = task_secrets.seal("WRN2O6")
    assert "WRN2O6" not in sealed and task_secrets.unseal(sealed) == "WRN2O6"
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with pytest.raises(InvalidToken):
        task_secrets.unseal(tampered)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "another-secret-key-" * 3
    with pytest.raises(InvalidToken):
        task_secrets.unseal(sealed)
    settings.SECRET_KEY_FALLBACKS = [old_key]  # a rotation keeps what was sealed before it
    assert task_secrets.unseal(sealed) == "WRN2O6"


@pytest.mark.django_db(transaction=True)
def test_finished_tasks_are_purged_after_the_retention_period(database_queue, settings):
    from tests.foundation.probe_tasks import write_marker

    settings.PRISM_TASK_RETENTION_DAYS = 7
    for index in range(4):
        write_marker.enqueue(text=str(index))
    rows = list(DBTaskResult.objects.order_by("enqueued_at"))
    now = timezone.now()
    ages = {
        rows[0].pk: (TaskResultStatus.SUCCESSFUL, 8),
        rows[1].pk: (TaskResultStatus.FAILED, 8),
        rows[2].pk: (TaskResultStatus.SUCCESSFUL, 6),  # still readable in the admin
    }
    for pk, (status, days) in ages.items():
        DBTaskResult.objects.filter(pk=pk).update(
            status=status, finished_at=now - timedelta(days=days)
        )
    assert purge_finished_tasks() == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {rows[2].pk, rows[3].pk}

    DBTaskResult.objects.filter(pk=rows[2].pk).update(finished_at=now - timedelta(days=9))
    out = io.StringIO()
    call_command("purge_tasks", stdout=out)
    assert "Deleted 1 finished task(s) older than 7 day(s)." in out.getvalue()
    # A task still waiting to run is never purged, however old.
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [rows[3].pk]
