"""Deploy checks, security headers, no debug pages, body size limits, nothing secret logged."""

import base64
import json
import logging
import re

import pytest
from django.core import mail

from prism import lambda_handler
from prism.task_queue.runner import run_queued_tasks
from tests.conftest import code_from_mail
from tests.envelopes import error
from tests.factories import PASSWORD, UserFactory
from tests.foundation.lambda_events import http_api_v2_event
from tests.projects_factories import MembershipFactory, ProjectFactory
from tests.subprocesses import clean_environment, run_python
from tests.survey_payloads import survey_body

PRODUCTION_LIKE = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x9Tq2" * 12,
    "DJANGO_ALLOWED_HOSTS": "api.prism.example.com",
    "ORACLE_USER": "prism",
    "ORACLE_PASSWORD": "from-secrets-manager",
    "ORACLE_DSN": "adb.example.com:1522/prism_tp",
    "CONN_MAX_AGE": "300",
    "PRISM_TASKS_BACKEND": "database",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "email-smtp.ap-northeast-2.amazonaws.com",
    "EMAIL_PORT": "587",
    "EMAIL_USE_TLS": "true",
    "AWS_STORAGE_BUCKET_NAME": "prism-media",
    "AWS_S3_REGION_NAME": "ap-northeast-2",
    "PRISM_FRONTEND_ORIGIN": "https://prism.example.com",
}


def test_check_deploy_has_no_warnings_with_production_values():
    done = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=clean_environment(**PRODUCTION_LIKE),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_debug_pages_are_never_served_when_debug_is_off():
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='api.prism.example.com')\n"
        "r = c.get('/nope/../definitely-missing')\n"
        "leak = b'Traceback' in r.content or b'URLconf' in r.content\n"
        "print(r.status_code, r['Content-Type'], leak)\n"
    )
    done = run_python("-c", code, env=clean_environment(**PRODUCTION_LIKE), timeout=60)
    assert done.stdout.strip() == "404 application/json False", done.stderr


@pytest.mark.django_db
def test_security_headers_on_api_responses(api_client):
    response = api_client.get("/healthcheck")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    api = api_client.get("/api/v1/search/projects")
    assert api["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_oversized_bodies_get_413_in_the_envelope(api_client, settings):
    settings.PRISM_MAX_REQUEST_BYTES = 1024
    response = api_client.post("/api/v1/auth/login", "x" * 2048, content_type="application/json")
    error(response, 413, "Global_413_1")
    small = api_client.post(
        "/api/v1/auth/login", {"email": "a@b.co", "password": "x"}, format="json"
    )
    assert small.status_code == 400


# --- Nothing secret in the logs, through the paths production runs --------------------------

SURVEY_CODE = re.compile(r"/survey\?code=([A-Z0-9]{10})")
CODE_MAIL_TO = "newcomer@example.com"
SECRET_WORDS = "아무도 모르는 비밀스러운 칭찬 문장"
SECRET_KEYWORD = "비밀강점"


def through_lambda(method: str, path: str, *, query=(), body=None, token=None) -> dict:
    """One request as API Gateway (HTTP API v2) hands it to the web entry point."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    event = http_api_v2_event(
        method,
        path,
        query=list(query),
        headers=headers,
        body=json.dumps(body).encode() if body is not None else None,
    )
    result = lambda_handler.handler(event, None)
    raw = result["body"]
    if result.get("isBase64Encoded"):
        raw = base64.b64decode(raw).decode()
    return {"status": result["statusCode"], **json.loads(raw)}


def walk_the_real_paths() -> dict[str, list[str]]:
    """Sign-in, refresh, codes, invitations and a survey through the Lambda handler, with
    mails sent by the queue worker; returns every secret that went through, by kind."""
    owner = UserFactory(email="log@example.com")
    project = ProjectFactory(owner=owner)
    MembershipFactory(project=project, email=owner.email, user=owner)
    MembershipFactory(project=project, email="rev@example.com")
    MembershipFactory(project=project, email="other@example.com")

    code_request = {"email": CODE_MAIL_TO, "authType": "SIGNUP"}
    assert through_lambda("POST", "/api/v1/auth/code", body=code_request)["status"] == 200
    login = through_lambda(
        "POST", "/api/v1/auth/login", body={"email": owner.email, "password": PASSWORD}
    )["data"]
    wrong = {"email": owner.email, "password": "wrongpass9!"}
    assert through_lambda("POST", "/api/v1/auth/login", body=wrong)["status"] == 400
    refresh = {"refreshToken": login["refreshToken"]}
    assert through_lambda("POST", "/api/v1/auth/refresh-token", body=refresh)["status"] == 200
    me = through_lambda("GET", "/api/v1/users/me", token=login["accessToken"])
    assert me["status"] == 200
    forged = through_lambda("GET", "/api/v1/users/me", token=f"{login['accessToken']}x")
    assert forged["status"] == 401
    sent = through_lambda(
        "POST",
        "/api/v1/peer-reviews/link",
        query=[("projectId", str(project.pk))],
        body={},
        token=login["accessToken"],
    )
    assert sent["status"] == 200, sent

    # The worker sends the queued mails: one code, an invitation for each of the three members.
    assert run_queued_tasks() == {"ran": 4, "retried": 0, "failed": 0}
    [code_mail] = [m for m in mail.outbox if m.to == [CODE_MAIL_TO]]
    code = code_from_mail(code_mail)
    invitations = {
        m.to[0]: SURVEY_CODE.search(m.body).group(1) for m in mail.outbox if m is not code_mail
    }
    invitation = invitations["rev@example.com"]

    verify = {**code_request, "authCode": code}
    assert through_lambda("POST", "/api/v1/auth/code/verification", body=verify)["status"] == 200
    link = through_lambda("GET", "/api/v1/peer-reviews/link", query=[("code", invitation)])
    assert link["status"] == 200, link
    wrong_link = through_lambda("GET", "/api/v1/peer-reviews/link", query=[("code", "Z" * 10)])
    assert wrong_link["status"] == 404
    survey = survey_body(
        "rev@example.com", {"other@example.com": {"strength": (SECRET_KEYWORD, SECRET_WORDS)}}
    )
    for expected in (200, 400):  # the second submission is refused
        submitted = through_lambda(
            "POST",
            f"/api/v1/peer-reviews/projects/{project.pk}",
            query=[("code", invitation)],
            body=survey,
        )
        assert submitted["status"] == expected, submitted
    return {
        "password": [PASSWORD, "wrongpass9!"],
        "verification code": [code],
        "invitation code": list(invitations.values()),
        "access token": [login["accessToken"]],
        "refresh token": [login["refreshToken"]],
        "review text": [SECRET_WORDS, SECRET_KEYWORD],
    }


LOG_LINE = logging.Formatter("%(levelname)s %(name)s %(message)s")


def secrets_in_logs(records, secrets: dict[str, list[str]]) -> dict[str, list[str]]:
    """The secrets, by kind, that appear in what the application logged (messages and
    tracebacks)."""
    # Test tooling's own chatter (factory_boy's DEBUG, the test SMTP server) is not the app's.
    logged = "\n".join(
        LOG_LINE.format(record)
        for record in records
        if not record.name.startswith(("mail.log", "factory"))
    )
    found = {
        kind: [value for value in values if value in logged] for kind, values in secrets.items()
    }
    return {kind: values for kind, values in found.items() if values}


@pytest.fixture
def production_paths(settings, caplog):
    """The durable queue and every log record down to DEBUG, as production would have them."""
    settings.PRISM_TASKS_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.mark.django_db(transaction=True)
def test_secrets_and_review_text_never_reach_the_logs(production_paths):
    """Tokens, passwords, verification and invitation codes, and reviewers' words."""
    secrets = walk_the_real_paths()
    assert sum(len(values) for values in secrets.values()) == 10
    assert secrets_in_logs(production_paths.records, secrets) == {}


def leak_the_whole_event(monkeypatch):
    # What DESIGN §3 forbids: the event carries the Authorization header and the query string.
    real = lambda_handler._apig_handler

    def logging_handler(event, context):
        logging.getLogger("prism.lambda").info("event: %s", event)
        return real(event, context)

    monkeypatch.setattr(lambda_handler, "_apig_handler", logging_handler)


def leak_the_survey_link(monkeypatch):
    # A plausible debugging line in the invitation task: the link holds the member's code.
    from reviews import tasks

    real = tasks.send_templated_mail

    def logging_send(**kwargs):
        logging.getLogger("prism.tasks").info("invitation link %s", kwargs["context"]["survey_url"])
        return real(**kwargs)

    monkeypatch.setattr(tasks, "send_templated_mail", logging_send)


@pytest.mark.parametrize(
    ("leak", "leaked_kinds"),
    [
        (leak_the_whole_event, {"access token", "invitation code"}),
        (leak_the_survey_link, {"invitation code"}),
    ],
)
@pytest.mark.django_db(transaction=True)
def test_the_log_check_catches_a_deliberate_leak(production_paths, monkeypatch, leak, leaked_kinds):
    leak(monkeypatch)
    found = secrets_in_logs(production_paths.records, walk_the_real_paths())
    assert set(found) == leaked_kinds
