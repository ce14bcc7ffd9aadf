"""A project ready for peer review, and the survey body exactly as the web client sends it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from projects.models import Membership, Project
from reviews.models import SurveyInvitation
from reviews.services import send_invitations
from tests.conftest import bearer_client
from tests.factories import UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory

QUESTIONS = [
    (1, "singleChoice", "communication"),
    (2, "singleChoice", "communication"),
    (3, "singleChoice", "communication"),
    (4, "singleChoice", "initiative"),
    (5, "singleChoice", "initiative"),
    (6, "singleChoice", "problemSolving"),
    (7, "multipleChoiceMember", "problemSolving"),
    (8, "singleChoice", "responsibility"),
    (9, "singleChoice", "responsibility"),
    (10, "singleChoice", "responsibility"),
    (11, "singleChoice", "teamwork"),
    (12, "singleChoice", "teamwork"),
    (13, "shortAnswer", "strength"),
    (14, "shortAnswer", "improvementPoint"),
]
DEFAULT_SCORES = [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]


def survey_body(reviewer_email: str, answers: dict[str, dict]) -> dict:
    """The client's body: 14 items, numbers as strings (contract §7.1, §9).

    `answers` maps each reviewee e-mail to {"scores": 12 ints for Q1–6 and Q8–12,
    "choice": bool for Q7, "strength": (description, example), "improvement": (...)}.
    """
    responses = []
    for order, kind, category in QUESTIONS:
        details = []
        for email, given in answers.items():
            if kind == "singleChoice":
                scores = given.get("scores", DEFAULT_SCORES)
                index = order - 1 if order < 7 else order - 2
                response = {"score": str(scores[index])}
            elif kind == "multipleChoiceMember":
                response = {"choice": given.get("choice", False)}
            else:
                key = "strength" if category == "strength" else "improvement"
                description, example = given.get(
                    key, ("꼼꼼함", "코드 리뷰를 꼼꼼하게 해 주었습니다.")
                )
                response = {"description": description, "example": example}
            details.append({"revieweeEmail": email, "response": response})
        responses.append(
            {
                "questionOrder": str(order),
                "questionType": kind,
                "questionCategory": category,
                "responseDetails": details,
            }
        )
    return {"reviewerEmail": reviewer_email, "responses": responses}


@dataclass
class SurveyTeam:
    project: Project
    owner: Membership
    members: list[Membership]
    clients: dict[str, APIClient]

    def client(self, person: str) -> APIClient:
        return self.clients[person]

    def code_of(self, membership: Membership) -> str:
        return SurveyInvitation.objects.get(membership=membership).code

    def submit(self, reviewer: Membership, answers: dict[str, dict] | None = None, code=None):
        teammates = [m for m in [self.owner, *self.members] if m.pk != reviewer.pk]
        body = survey_body(reviewer.email, answers or {m.email: {} for m in teammates})
        code = self.code_of(reviewer) if code is None else code
        url = f"/api/v1/peer-reviews/projects/{self.project.pk}"
        if code:
            url += f"?code={code}"
        return APIClient().post(url, body, format="json")


@pytest.fixture
def survey_team(db, django_capture_on_commit_callbacks) -> SurveyTeam:
    owner_user = UserFactory(email="owner@example.com", name="오너")
    member_user = UserFactory(email="a@example.com", name="에이")
    outsider = UserFactory(email="outsider@example.com")
    project = ProjectFactory(owner=owner_user, name="평가 프로젝트")
    owner = MembershipFactory(project=project, email=owner_user.email, name="오너", user=owner_user)
    members = [
        MembershipFactory(project=project, email="a@example.com", name="에이", user=member_user),
        MembershipFactory(project=project, email="b@example.com", name="비"),
        MembershipFactory(project=project, email="c@example.com", name="씨"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(user=owner_user, project_id=project.pk)
    return SurveyTeam(
        project=project,
        owner=owner,
        members=members,
        clients={
            "anonymous": APIClient(),
            "outsider": bearer_client(outsider),
            "member": bearer_client(member_user),
            "owner": bearer_client(owner_user),
        },
    )
