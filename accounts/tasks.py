"""Background work of the accounts app (run by the task queue, never in the request)."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task

from prism.mail import send_templated_mail

VERIFICATION_SUBJECT = "[PRism] 이메일 인증 번호 안내"


@task
def send_verification_code_mail(*, email: str, code: str) -> None:
    """Mail a verification code (contract §2.8: subject `[PRism] 이메일 인증 번호 안내`)."""
    send_templated_mail(
        to=email,
        subject=VERIFICATION_SUBJECT,
        template="accounts/email/verification_code",
        context={"code": code, "ttl_minutes": max(1, settings.PRISM_CODE_TTL_SECONDS // 60)},
    )
