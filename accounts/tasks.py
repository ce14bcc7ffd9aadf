"""Background work of the accounts app (run by the task queue, never in the request)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from prism.mail import send_templated_mail
from prism.task_queue.sealing import unseal

VERIFICATION_SUBJECT = "[PRism] 이메일 인증 번호 안내"

logger = logging.getLogger("prism.tasks")


@task
def send_verification_code_mail(*, code_id: int, sealed_code: str) -> None:
    """Mail a verification code (contract §2.8: subject `[PRism] 이메일 인증 번호 안내`).

    The queue holds only the code's row id and the code sealed (`prism.task_queue.sealing`); the
    address is read from the row. A code that stopped working before the worker got to it
    (superseded by a newer one, verified, expired) is not mailed.
    """
    from accounts.models import VerificationCode

    record = VerificationCode.objects.filter(pk=code_id).first()
    if record is None or record.verified_at is not None or record.expires_at <= timezone.now():
        logger.info("Verification code %s no longer usable; its mail is skipped", code_id)
        return
    send_templated_mail(
        to=record.email,
        subject=VERIFICATION_SUBJECT,
        template="accounts/email/verification_code",
        context={
            "code": unseal(sealed_code),
            "ttl_minutes": max(1, settings.PRISM_CODE_TTL_SECONDS // 60),
        },
    )


EMAIL_CHANGED_SUBJECT = "[PRism] 로그인 이메일 변경 안내"


@task
def send_email_changed_notice(*, user_id: str, sealed_old_email: str) -> None:
    """Tell the old address that the account moved away from it (DESIGN D17).

    The old address travels sealed (it is no longer in any row). An account deleted before
    the worker got to it gets no notice.
    """
    from accounts.models import User

    if not User.objects.filter(pk=user_id).exists():
        logger.info("Account %s no longer exists; its address-change notice is skipped", user_id)
        return
    send_templated_mail(
        to=unseal(sealed_old_email),
        subject=EMAIL_CHANGED_SUBJECT,
        template="accounts/email/email_changed",
        context={},
    )
