"""Deploy checks, security headers, no debug pages, body size limits, nothing secret logged."""

import logging

import pytest

from tests.conftest import bearer_client
from tests.envelopes import error, ok
from tests.factories import PASSWORD, UserFactory
from tests.subprocesses import clean_environment, run_python

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


@pytest.mark.django_db
def test_secrets_and_review_text_never_reach_the_logs(
    caplog, api_client, request_code, django_capture_on_commit_callbacks
):
    """Tokens, passwords, verification and invitation codes, and reviewers' words."""
    caplog.set_level(logging.DEBUG)
    user = UserFactory(email="log@example.com")
    code = request_code("log@example.com", "RESET_PASSWORD")
    login = ok(
        api_client.post(
            "/api/v1/auth/login", {"email": user.email, "password": PASSWORD}, format="json"
        )
    )
    api_client.post(
        "/api/v1/auth/login", {"email": user.email, "password": "wrongpass9!"}, format="json"
    )
    api_client.post(
        "/api/v1/auth/refresh-token", {"refreshToken": login["refreshToken"]}, format="json"
    )
    bearer_client(user).get("/api/v1/users/me")
    api_client.get("/api/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {login['accessToken']}x")

    from reviews.models import SurveyInvitation
    from reviews.services import send_invitations
    from tests.projects_factories import MembershipFactory, ProjectFactory
    from tests.survey_payloads import survey_body

    project = ProjectFactory(owner=user)
    reviewer = MembershipFactory(project=project, email="rev@example.com")
    MembershipFactory(project=project, email="other@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(user=user, project_id=project.pk)
    invitation = SurveyInvitation.objects.get(membership=reviewer).code
    secret_words = "아무도 모르는 비밀스러운 칭찬 문장"
    body = survey_body(
        "rev@example.com", {"other@example.com": {"strength": ("비밀강점", secret_words)}}
    )
    api_client.post(
        f"/api/v1/peer-reviews/projects/{project.pk}?code={invitation}", body, format="json"
    )
    api_client.post(
        f"/api/v1/peer-reviews/projects/{project.pk}?code={invitation}", body, format="json"
    )

    # Test tooling's own chatter (factory_boy's DEBUG, the test SMTP server) is not the app's.
    logged = "\n".join(
        f"{record.getMessage()} {record.exc_text or ''}"
        for record in caplog.records
        if not record.name.startswith(("mail.log", "factory"))
    )
    for secret in (
        PASSWORD,
        "wrongpass9!",
        code,
        invitation,
        login["accessToken"],
        login["refreshToken"],
        secret_words,
        "비밀강점",
    ):
        assert secret not in logged, secret
