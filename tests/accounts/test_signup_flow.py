"""The whole sign-up flow with mail delivered to a real SMTP server, and membership linking."""

import email
import email.policy
import logging

import pytest

from accounts.models import User
from projects.models import Membership
from tests.factories import PASSWORD
from tests.projects_factories import MembershipFactory
from tests.servers import smtp_server

pytestmark = pytest.mark.django_db


def code_from_smtp(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "[PRism] 이메일 인증 번호 안내"
    text = message.get_body(preferencelist=("plain",)).get_content()
    return text.split("인증 번호: ")[1][:6]


def test_sign_up_end_to_end_through_smtp(
    settings, api_client, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    with smtp_server() as (port, received):
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.post(
                "/api/v1/auth/code",
                {"email": "smtp@example.com", "authType": "SIGNUP"},
                format="json",
            )
        assert response.json() == {"success": True, "status": 200, "data": None}
        assert len(received) == 1
        code = code_from_smtp(received[0])

    assert api_client.post(
        "/api/v1/auth/code/verification",
        {"email": "smtp@example.com", "authCode": code, "authType": "SIGNUP"},
        format="json",
    ).json()["success"]
    signup = api_client.post(
        "/api/v1/auth/signup",
        {"username": "메일", "email": "smtp@example.com", "authCode": code, "password": PASSWORD},
        format="json",
    ).json()
    assert signup["status"] == 201
    login = api_client.post(
        "/api/v1/auth/login", {"email": "smtp@example.com", "password": PASSWORD}, format="json"
    ).json()
    assert set(login["data"]) == {"accessToken", "refreshToken"}

    # Secrets never reach the logs (the code, the password, the tokens). The test SMTP
    # server's own transcript (logger "mail.log") is the receiving side, not ours.
    logged = "\n".join(
        record.getMessage() for record in caplog.records if not record.name.startswith("mail.log")
    )
    for secret in (code, PASSWORD, login["data"]["accessToken"], login["data"]["refreshToken"]):
        assert secret not in logged


def test_sign_up_claims_memberships_listed_under_the_address(api_client, verified_code):
    waiting = MembershipFactory(email="late@example.com")
    other = MembershipFactory(email="someone@example.com")
    code = verified_code("late@example.com")
    api_client.post(
        "/api/v1/auth/signup",
        {"username": "늦게", "email": "late@example.com", "authCode": code, "password": PASSWORD},
        format="json",
    )
    user = User.objects.get(email="late@example.com")
    assert Membership.objects.get(pk=waiting.pk).user == user
    assert Membership.objects.get(pk=other.pk).user is None


def test_mail_failure_does_not_fail_the_request(
    settings, api_client, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/auth/code", {"email": "down@example.com", "authType": "SIGNUP"}, format="json"
        )
    assert response.status_code == 200
