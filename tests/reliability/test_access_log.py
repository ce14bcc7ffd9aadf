"""The access line: one per request, route pattern not raw path, and nothing secret in it."""

import json
import logging
from types import SimpleNamespace

import pytest

from prism import access_log, lambda_handler
from prism.access_log import JsonFormatter
from tests.conftest import bearer_client
from tests.factories import PASSWORD, UserFactory
from tests.foundation.lambda_events import http_api_v2_event
from tests.projects_factories import MembershipFactory, ProjectFactory
from tests.subprocesses import clean_environment, run_python

FIELDS = {"type", "method", "route", "status", "durationMs", "requestId", "coldStart"}


def access_lines(caplog) -> list[dict]:
    """Each access record as the JSON object CloudWatch receives."""
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "prism.access"
    ]


@pytest.mark.django_db
def test_one_line_per_request_with_the_route_pattern(caplog, user):
    caplog.set_level(logging.INFO, logger="prism.access")
    bearer_client(user).get(f"/api/v1/users/{user.pk}/profile")
    bearer_client(user).get("/api/v1/not-a-route")

    found, missing = access_lines(caplog)
    assert set(found) == FIELDS | {"timestamp", "level", "logger", "message"}
    assert found["type"] == "access"
    assert (found["method"], found["route"], found["status"]) == (
        "GET",
        "/api/v1/users/<str:user_id>/profile",
        200,
    )
    assert isinstance(found["durationMs"], float) and found["durationMs"] >= 0
    assert isinstance(found["coldStart"], bool)
    assert found["requestId"] is None  # no Lambda context under the test client
    assert (missing["route"], missing["status"]) == ("(unmatched)", 404)


@pytest.mark.django_db
@pytest.mark.usefixtures("handler_in_test_transaction")
def test_lambda_request_id_and_cold_start_flag(caplog):
    caplog.set_level(logging.INFO, logger="prism.access")
    access_log.mark_cold_start()  # as after a SnapStart restore
    for request_id in ("req-1", "req-2"):
        context = SimpleNamespace(aws_request_id=request_id)
        lambda_handler.handler(http_api_v2_event("GET", "/healthcheck"), context)

    first, second = access_lines(caplog)
    assert (first["requestId"], first["coldStart"]) == ("req-1", True)
    assert (second["requestId"], second["coldStart"]) == ("req-2", False)
    assert first["route"] == "/healthcheck"


def test_unknown_methods_are_not_echoed(rf):
    from django.http import HttpResponse

    request = rf.generic("X-SECRET-ABC123", "/healthcheck")
    with_logs = []
    handler = logging.Handler()
    handler.emit = with_logs.append
    logging.getLogger("prism.access").addHandler(handler)
    try:
        access_log.AccessLogMiddleware(lambda r: HttpResponse(status=405))(request)
    finally:
        logging.getLogger("prism.access").removeHandler(handler)
    assert with_logs[0].fields["method"] == "OTHER"
    assert "ABC123" not in JsonFormatter().format(with_logs[0])


@pytest.mark.django_db
def test_codes_tokens_and_addresses_in_paths_and_queries_never_reach_the_access_line(
    caplog, api_client, request_code
):
    caplog.set_level(logging.DEBUG)
    user = UserFactory(email="access-log@example.com")
    code = request_code("access-log@example.com", "RESET_PASSWORD")
    token = bearer_client(user)._credentials["HTTP_AUTHORIZATION"].split()[1]
    project = ProjectFactory(owner=user)
    MembershipFactory(project=project, email="reviewer-in-log@example.com")
    invitation = "INVITE9CODE"
    caplog.clear()

    api_client.post(f"/api/v1/peer-reviews/projects/{project.pk}?code={invitation}", {})
    api_client.post(
        f"/api/v1/auth/code/verification?authCode={code}",
        {"email": user.email, "authCode": code, "authType": "RESET_PASSWORD"},
        format="json",
    )
    api_client.get(f"/api/v1/{code}/{invitation}?email=reviewer-in-log@example.com")
    api_client.get(f"/api/v1/users/me?access={token}", HTTP_AUTHORIZATION=f"Bearer {token}")
    api_client.post("/api/v1/auth/login", {"email": user.email, "password": PASSWORD})

    lines = access_lines(caplog)
    assert [line["route"] for line in lines] == [
        "/api/v1/peer-reviews/projects/<id:project_id>",
        "/api/v1/auth/code/verification",
        "(unmatched)",
        "/api/v1/users/me",
        "/api/v1/auth/login",
    ]
    written = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    for secret in (code, invitation, token, PASSWORD, user.email, "reviewer-in-log"):
        assert secret not in written, secret


def test_json_formatter_keeps_only_declared_fields():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Boom", None, None)
    record.request = "<WSGIRequest: GET '/api/v1/x?code=LEAKED'>"
    record.fields = {"route": "/api/v1/x"}
    line = json.loads(JsonFormatter().format(record))
    assert line["route"] == "/api/v1/x" and line["level"] == "ERROR"
    assert "LEAKED" not in json.dumps(line)


def test_lambda_json_log_format_makes_every_line_json(tmp_path):
    """With Lambda's LoggingConfig LogFormat JSON, the app's own lines are JSON objects."""
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from django.test import Client\n"
        "Client().get('/healthcheck?code=ZZ9ZZ9')\n"
    )
    env = clean_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'log.sqlite3'}", AWS_LAMBDA_LOG_FORMAT="JSON"
    )
    done = run_python("-c", code, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.strip()]
    access = [line for line in lines if line.get("type") == "access"]
    assert len(access) == 1
    assert (access[0]["route"], access[0]["status"], access[0]["coldStart"]) == (
        "/healthcheck",
        200,
        True,
    )
    assert "ZZ9ZZ9" not in done.stderr
