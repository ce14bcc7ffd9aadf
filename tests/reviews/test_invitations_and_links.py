"""R1 (sending survey links) and R2 (opening one)."""

import email
import email.policy
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from reviews.models import SurveyInvitation
from tests.envelopes import error
from tests.servers import smtp_server

pytestmark = pytest.mark.django_db
LINK = re.compile(r"/survey\?code=([A-Z0-9]{10})")


def send(client, project_id, capture):
    with capture(execute=True):
        return client.post(f"/api/v1/peer-reviews/link?projectId={project_id}", {}, format="json")


def test_each_member_gets_their_own_code(survey_team, django_capture_on_commit_callbacks, settings):
    mail.outbox.clear()
    settings.PRISM_FRONTEND_ORIGIN = "https://prism.example.com"
    response = send(
        survey_team.client("owner"), survey_team.project.pk, django_capture_on_commit_callbacks
    )
    assert response.json() == {"success": True, "status": 200, "data": None}
    assert len(mail.outbox) == 4
    by_recipient = {m.to[0]: m for m in mail.outbox}
    for membership in [survey_team.owner, *survey_team.members]:
        message = by_recipient[membership.email]
        assert message.subject == "[PRism] 동료 평가 요청"
        code = LINK.search(message.body).group(1)
        assert code == survey_team.code_of(membership)
        assert f"https://prism.example.com/survey?code={code}" in message.alternatives[0].content
        assert "오너님이 보내신 평가 프로젝트 프로젝트" in message.body
    assert len({LINK.search(m.body).group(1) for m in mail.outbox}) == 4


def test_resending_reuses_live_codes_and_skips_finished_members(
    survey_team, django_capture_on_commit_callbacks
):
    before = {m.pk: survey_team.code_of(m) for m in survey_team.members}
    done = survey_team.members[0]
    done.review_done = True
    done.save()
    mail.outbox.clear()
    send(survey_team.client("owner"), survey_team.project.pk, django_capture_on_commit_callbacks)
    assert done.email not in {m.to[0] for m in mail.outbox}
    assert {m.pk: survey_team.code_of(m) for m in survey_team.members} == before


def test_expired_codes_are_replaced(survey_team, django_capture_on_commit_callbacks):
    member = survey_team.members[1]
    old = survey_team.code_of(member)
    SurveyInvitation.objects.filter(membership=member).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    send(survey_team.client("owner"), survey_team.project.pk, django_capture_on_commit_callbacks)
    assert survey_team.code_of(member) != old


@pytest.mark.parametrize(
    ("person", "status", "code"),
    [
        ("anonymous", 401, "AuthCode_401_4"),
        ("outsider", 400, "Project_400_1"),
        ("member", 400, "Project_400_1"),
    ],
)
def test_only_the_owner_sends_links(
    survey_team, django_capture_on_commit_callbacks, person, status, code
):
    error(
        send(
            survey_team.client(person), survey_team.project.pk, django_capture_on_commit_callbacks
        ),
        status,
        code,
    )


def test_send_links_errors(survey_team, django_capture_on_commit_callbacks):
    owner = survey_team.client("owner")
    error(send(owner, 999999, django_capture_on_commit_callbacks), 400, "Project_400_1")
    error(owner.post("/api/v1/peer-reviews/link", {}, format="json"), 400, "Global_400_1")


def test_invitations_through_a_real_smtp_server(
    survey_team, django_capture_on_commit_callbacks, settings
):
    with smtp_server() as (port, received):
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        send(
            survey_team.client("owner"), survey_team.project.pk, django_capture_on_commit_callbacks
        )
    codes = {}
    for raw in received:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert message["Subject"] == "[PRism] 동료 평가 요청"
        text = message.get_body(preferencelist=("plain",)).get_content()
        codes[message["To"]] = LINK.search(text).group(1)
    assert len(codes) == 4 and len(set(codes.values())) == 4
    for membership in [survey_team.owner, *survey_team.members]:
        assert codes[membership.email] == survey_team.code_of(membership)


# --- R2 ------------------------------------------------------------------------------------------


def test_opening_a_link_lists_the_other_members_for_anyone(survey_team):
    reviewer = survey_team.members[1]
    code = survey_team.code_of(reviewer)
    for person in ("anonymous", "outsider", "member", "owner"):
        response = survey_team.client(person).get(
            "/api/v1/peer-reviews/link", {"code": code.lower()}
        )
        assert response.status_code == 200
        data = response.json()["data"]
        assert data["projectId"] == survey_team.project.pk
        assert data["reviewerEmail"] == "b@example.com"
        assert data["revieweeInfoList"] == [
            {"revieweeEmail": "owner@example.com", "revieweeName": "오너"},
            {"revieweeEmail": "a@example.com", "revieweeName": "에이"},
            {"revieweeEmail": "c@example.com", "revieweeName": "씨"},
        ]


def test_link_errors(survey_team):
    client = survey_team.client("anonymous")
    error(
        client.get("/api/v1/peer-reviews/link", {"code": "NOPE000000"}), 404, "PeerReviewCode_404_1"
    )
    error(client.get("/api/v1/peer-reviews/link"), 400, "Global_400_1")
    member = survey_team.members[0]
    SurveyInvitation.objects.filter(membership=member).update(expires_at=timezone.now())
    error(
        client.get("/api/v1/peer-reviews/link", {"code": survey_team.code_of(member)}),
        404,
        "PeerReviewCode_404_1",
    )
    done = survey_team.members[1]
    done.review_done = True
    done.save()
    error(
        client.get("/api/v1/peer-reviews/link", {"code": survey_team.code_of(done)}),
        400,
        "PeerReviewCode_400_1",
    )


def test_link_with_nobody_to_review(db, django_capture_on_commit_callbacks):
    from reviews.services import send_invitations
    from tests.projects_factories import MembershipFactory, ProjectFactory

    project = ProjectFactory()
    alone = MembershipFactory(project=project, email=project.owner.email, user=project.owner)
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(user=project.owner, project_id=project.pk)
    code = SurveyInvitation.objects.get(membership=alone).code
    from rest_framework.test import APIClient

    error(APIClient().get("/api/v1/peer-reviews/link", {"code": code}), 400, "PeerReviewCode_400_2")
