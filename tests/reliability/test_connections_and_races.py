"""PostgreSQL with real connections: dropped connections between Lambda invocations, and
races the rules must settle (concurrent sign-ups for one address)."""

import json

import psycopg
import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import User
from prism import lambda_handler
from tests.conftest import run_in_threads
from tests.foundation.lambda_events import http_api_v2_event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def persistent_connections():
    """What production runs with: kept connections, checked before reuse."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update({"CONN_MAX_AGE": 300, "CONN_HEALTH_CHECKS": True})
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


def kill_backend(pid: int) -> None:
    params = connection.get_connection_params()
    with psycopg.connect(
        **{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=True
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_connection_dropped_between_invocations_does_not_fail_the_next_request(
    persistent_connections,
):
    event = http_api_v2_event("GET", "/api/v1/search/projects")
    first = lambda_handler.handler(event, None)
    assert first["statusCode"] == 200
    assert connection.connection is not None, "the connection should be kept between requests"
    kill_backend(connection.connection.info.backend_pid)
    second = lambda_handler.handler(event, None)
    assert second["statusCode"] == 200, second["body"]
    assert json.loads(second["body"])["success"] is True


def test_concurrent_sign_ups_for_one_address_create_one_account(verified_code):
    code = verified_code("race@example.com")
    body = {
        "username": "경주",
        "email": "race@example.com",
        "authCode": code,
        "password": "secret123!",
    }

    def sign_up(_index):
        response = APIClient().post("/api/v1/auth/signup", body, format="json")
        return response.status_code, response.json().get("code") or response.json().get("status")

    results = run_in_threads(8, sign_up)
    assert results.count((200, 201)) == 1, results
    refusals = {r for r in results if r != (200, 201)}
    assert refusals <= {(400, "AuthCode_400_4"), (400, "AuthCode_400_3")}, results
    assert User.objects.filter(email="race@example.com").count() == 1
