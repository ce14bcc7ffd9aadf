"""Verification-code rules in the services (DESIGN D10, W-07)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts import services
from accounts.models import AuthPurpose, VerificationCode
from prism.errors import DomainError
from tests.conftest import code_from_mail

pytestmark = pytest.mark.django_db
EMAIL = "code@example.com"


def send(django_capture_on_commit_callbacks, purpose=AuthPurpose.SIGNUP, ip="10.0.0.1"):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_verification_code(email=EMAIL, purpose=purpose, client_ip=ip)
    return code_from_mail(mail.outbox[-1])


def verify(code, purpose=AuthPurpose.SIGNUP):
    services.verify_code(email=EMAIL, purpose=purpose, code=code, client_ip="10.0.0.1")


def refusal(call) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.error.code


def test_a_new_code_supersedes_the_previous_one(django_capture_on_commit_callbacks, settings):
    settings.PRISM_CODE_RESEND_SECONDS = 0
    first = send(django_capture_on_commit_callbacks)
    second = send(django_capture_on_commit_callbacks)
    if first != second:
        assert refusal(lambda: verify(first)) == "AuthCode_400_2"
    verify(second)


def test_expired_code_is_refused(django_capture_on_commit_callbacks):
    code = send(django_capture_on_commit_callbacks)
    VerificationCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert refusal(lambda: verify(code)) == "AuthCode_400_2"


def test_five_wrong_tries_burn_the_code(django_capture_on_commit_callbacks, settings):
    code = send(django_capture_on_commit_callbacks)
    wrong = "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY"
    for _ in range(settings.PRISM_CODE_MAX_ATTEMPTS):
        assert refusal(lambda: verify(wrong)) == "AuthCode_400_1"
    assert VerificationCode.objects.get().failed_attempts == 5
    assert refusal(lambda: verify(code)) == "AuthCode_400_2"


def test_codes_are_bound_to_their_purpose(django_capture_on_commit_callbacks):
    code = send(django_capture_on_commit_callbacks, purpose=AuthPurpose.LOAD_PROJECT)
    assert refusal(lambda: verify(code, AuthPurpose.SIGNUP)) == "AuthCode_400_1"
    verify(code, AuthPurpose.LOAD_PROJECT)


def test_verified_code_is_consumed_once_and_only_while_fresh(
    django_capture_on_commit_callbacks, settings
):
    code = send(django_capture_on_commit_callbacks)
    verify(code)
    services.consume_verified_code(email=EMAIL, purpose=AuthPurpose.SIGNUP, code=code)

    def consume(code):
        return lambda: services.consume_verified_code(
            email=EMAIL, purpose=AuthPurpose.SIGNUP, code=code
        )

    assert refusal(consume(code)) == "AuthCode_400_3"

    settings.PRISM_CODE_RESEND_SECONDS = 0
    stale = send(django_capture_on_commit_callbacks)
    verify(stale)
    VerificationCode.objects.filter(consumed_at__isnull=True).update(
        verified_at=timezone.now() - timedelta(seconds=settings.PRISM_VERIFIED_CODE_TTL_SECONDS + 1)
    )
    assert refusal(consume(stale)) == "AuthCode_400_3"


def test_codes_come_from_the_36_character_alphabet():
    codes = {services._new_code() for _ in range(200)}
    assert len(codes) > 190
    assert all(len(c) == 6 and set(c) <= set(services.CODE_ALPHABET) for c in codes)
