"""Background work of the reviews app: invitation mails and summaries."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task

from prism.mail import send_templated_mail

INVITATION_SUBJECT = "[PRism] 동료 평가 요청"


@task
def send_invitation_mail(*, email: str, code: str, project_name: str, owner_name: str) -> None:
    """Mail one member their own survey link (D13): `{frontend}/survey?code={code}`."""
    send_templated_mail(
        to=email,
        subject=INVITATION_SUBJECT,
        template="reviews/email/invitation",
        context={
            "project_name": project_name,
            "owner_name": owner_name,
            "survey_url": f"{settings.PRISM_FRONTEND_ORIGIN}/survey?code={code}",
            "frontend_origin": settings.PRISM_FRONTEND_ORIGIN,
        },
    )


@task
def summarize_project_task(*, project_id: int) -> int:
    """Keywords and evaluations for a project's results (after a recomputation)."""
    from reviews.services import summarize_project

    return summarize_project(project_id=project_id)
