"""The four people of every permission test, around one project."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from projects.models import Membership, Project
from tests.conftest import bearer_client
from tests.factories import UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory


@dataclass
class Team:
    project: Project
    owner_membership: Membership
    member_membership: Membership
    pending_membership: Membership
    clients: dict[str, APIClient]

    def client(self, person: str) -> APIClient:
        return self.clients[person]


@pytest.fixture
def team(db) -> Team:
    owner = UserFactory(email="owner@example.com", name="오너")
    member = UserFactory(email="member@example.com", name="멤버")
    outsider = UserFactory(email="outsider@example.com", name="외부인")
    project = ProjectFactory(owner=owner, name="프리즘 프로젝트")
    owner_membership = MembershipFactory(
        project=project, email=owner.email, name="오너", user=owner, roles=["PM"]
    )
    member_membership = MembershipFactory(
        project=project, email=member.email, name="멤버", user=member, roles=["Backend"]
    )
    pending = MembershipFactory(
        project=project, email="pending@example.com", name="대기", roles=["Designer", "Frontend"]
    )
    return Team(
        project=project,
        owner_membership=owner_membership,
        member_membership=member_membership,
        pending_membership=pending,
        clients={
            "anonymous": APIClient(),
            "outsider": bearer_client(outsider),
            "member": bearer_client(member),
            "owner": bearer_client(owner),
        },
    )


def project_body(**overrides) -> dict:
    """A create/update body exactly as the web client sends it (contract §7.1)."""
    body = {
        "projectName": "PRism",
        "projectDescription": "동료 평가 서비스",
        "organizationName": "SWYG",
        "startDate": "20240701000000",
        "endDate": "20240831000000",
        "members": [
            {"name": "오너", "email": "owner@example.com", "roles": ["PM"]},
            {"name": "신입", "email": "New@Example.com", "roles": ["Backend", "DevOps"]},
        ],
        "projectUrlLink": "https://prism.example.com",
        "urlVisibility": True,
        "skills": ["Django", "React"],
        "categories": ["교육", "생산성"],
        "memberCount": 2,
    }
    body.update(overrides)
    return body
