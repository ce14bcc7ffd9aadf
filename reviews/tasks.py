"""Background work of the reviews app: invitation mails and summaries."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.tasks import task

from prism.mail import send_templated_mail

if TYPE_CHECKING:
    from projects.models import Project

logger = logging.getLogger("prism.tasks")

INVITATION_SUBJECT = "[PRism] 동료 평가 요청"


@task
def send_invitation_mail(*, invitation_id: int) -> None:
    """Mail one member their own survey link (D13): `{frontend}/survey?code={code}`.

    The queue holds only the invitation's id: the code, the address and the names are read
    when the mail is sent, so the queue table never carries a code. A member who has since
    left the project, or already answered, gets no mail.
    """
    from reviews.models import SurveyInvitation

    invitation = (
        SurveyInvitation.objects.select_related("membership__project__owner")
        .filter(pk=invitation_id, membership__review_done=False)
        .first()
    )
    if invitation is None:
        logger.info("Invitation %s no longer pending; its mail is skipped", invitation_id)
        return
    membership = invitation.membership
    project = membership.project
    send_templated_mail(
        to=membership.email,
        subject=INVITATION_SUBJECT,
        template="reviews/email/invitation",
        context={
            "project_name": project.name,
            "owner_name": _owner_name(project),
            "survey_url": f"{settings.PRISM_FRONTEND_ORIGIN}/survey?code={invitation.code}",
            "frontend_origin": settings.PRISM_FRONTEND_ORIGIN,
        },
    )


def _owner_name(project: Project) -> str:
    # The name the owner gave themself in the team list, else their account name. A mail
    # queued before its owner left PRism with nobody to take over names the service.
    owner = project.owner
    if owner is None:
        return "PRism"
    listed = project.memberships.filter(user_id=owner.pk).values_list("name", flat=True)
    return next(iter(listed), None) or owner.name


@task
def summarize_project_task(*, project_id: int) -> int:
    """Keywords and evaluations for a project's results (after a recomputation)."""
    from reviews.services import summarize_project

    return summarize_project(project_id=project_id)
