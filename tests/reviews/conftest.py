"""A project ready for peer review, and the survey body exactly as the web client sends it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from projects.models import Membership, Project
from reviews.models import SurveyInvitation
from reviews.services import send_invitations
from tests.conftest import four_people
from tests.factories import UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory
from tests.survey_payloads import survey_body


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
        clients=four_people(owner=owner_user, member=member_user, outsider=outsider),
    )
