"""Lockout and throttles hold in the database and key on API Gateway's source IP."""

import json

import pytest

from prism import lambda_handler
from tests.factories import PASSWORD, UserFactory
from tests.foundation.lambda_events import http_api_v2_event, rest_api_v1_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("handler_in_test_transaction")]


def call(method, path, body, *, source_ip, forwarded_for=None, make_event=http_api_v2_event):
    headers = {"Content-Type": "application/json"}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    event = make_event(
        method, path, headers=headers, body=json.dumps(body).encode(), source_ip=source_ip
    )
    result = lambda_handler.handler(event, None)
    return result["statusCode"], json.loads(result["body"])


def login(password, *, source_ip="198.51.100.1", forwarded_for=None, make_event=http_api_v2_event):
    return call(
        "POST",
        "/api/v1/auth/login",
        {"email": "lock@example.com", "password": password},
        source_ip=source_ip,
        forwarded_for=forwarded_for,
        make_event=make_event,
    )


@pytest.mark.parametrize("make_event", [http_api_v2_event, rest_api_v1_event])
def test_login_locks_after_repeated_failures_per_email_and_ip(settings, make_event):
    UserFactory(email="lock@example.com")
    for attempt in range(settings.PRISM_LOGIN_MAX_FAILURES):
        # A new forged X-Forwarded-For each time must not start a new count.
        status, body = login(
            "wrongpass1!", forwarded_for=f"10.9.9.{attempt}", make_event=make_event
        )
        assert (status, body["code"]) == (400, "AuthCode_401_1")
    status, body = login(PASSWORD, forwarded_for="10.8.8.8", make_event=make_event)
    assert (status, body["code"]) == (429, "Global_429_1")
    # Another client address is not locked out by someone else's failures.
    status, body = login(PASSWORD, source_ip="203.0.113.50", make_event=make_event)
    assert status == 200 and body["success"] is True


def test_successful_login_resets_the_failure_count(settings):
    UserFactory(email="lock@example.com")
    for _ in range(settings.PRISM_LOGIN_MAX_FAILURES - 1):
        login("wrongpass1!")
    assert login(PASSWORD)[0] == 200
    for _ in range(settings.PRISM_LOGIN_MAX_FAILURES - 1):
        login("wrongpass1!")
    assert login(PASSWORD)[0] == 200


def send_code(email, *, source_ip, forwarded_for=None):
    return call(
        "POST",
        "/api/v1/auth/code",
        {"email": email, "authType": "LOAD_PROJECT"},
        source_ip=source_ip,
        forwarded_for=forwarded_for,
    )


def test_code_sends_are_throttled_per_address(settings):
    assert send_code("bomb@example.com", source_ip="198.51.100.2")[0] == 200
    status, body = send_code("bomb@example.com", source_ip="198.51.100.3")
    assert (status, body["code"]) == (429, "Global_429_1")
    settings.PRISM_CODE_RESEND_SECONDS = 0
    for _ in range(settings.PRISM_CODE_SENDS_PER_ADDRESS_PER_HOUR - 1):
        assert send_code("bomb@example.com", source_ip="198.51.100.4")[0] == 200
    assert send_code("bomb@example.com", source_ip="198.51.100.5")[0] == 429


def test_code_sends_are_throttled_per_ip_whatever_x_forwarded_for_says(settings):
    settings.PRISM_CODE_SENDS_PER_IP_PER_HOUR = 3
    for index in range(3):
        status, _ = send_code(
            f"v{index}@example.com", source_ip="198.51.100.9", forwarded_for=f"1.2.3.{index}"
        )
        assert status == 200
    status, body = send_code("v9@example.com", source_ip="198.51.100.9", forwarded_for="9.9.9.9")
    assert (status, body["code"]) == (429, "Global_429_1")


def test_verification_attempts_are_throttled_per_ip(settings):
    settings.PRISM_VERIFY_ATTEMPTS_PER_IP_PER_HOUR = 2
    body = {"email": "x@example.com", "authCode": "AAAAAA", "authType": "SIGNUP"}
    for _ in range(2):
        assert (
            call("POST", "/api/v1/auth/code/verification", body, source_ip="198.51.100.7")[0] == 400
        )
    status, response = call(
        "POST", "/api/v1/auth/code/verification", body, source_ip="198.51.100.7"
    )
    assert (status, response["code"]) == (429, "Global_429_1")
