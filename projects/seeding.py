"""A demo project for local runs (`make run`); never used in production."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from accounts.models import User
from projects.models import Project
from projects.services import MemberInput, ProjectInput, create_project

DEMO_PROJECT = "PRism 데모 프로젝트"


def seed_demo_projects(*, owner: User, teammates: list[User]) -> list[Project]:
    """Create the demo project once; return what was created."""
    if Project.objects.filter(name=DEMO_PROJECT, owner=owner).exists():
        return []
    zone = timezone.get_default_timezone()
    members = [MemberInput(name=owner.name, email=owner.email, roles=["PM"])]
    members += [MemberInput(name=p.name, email=p.email, roles=["Backend"]) for p in teammates]
    members.append(MemberInput(name="게스트", email="guest@prism.local", roles=["Designer"]))
    data = ProjectInput(
        name=DEMO_PROJECT,
        description="동료 평가로 나의 역량 프리즘을 만들어 보는 데모입니다.",
        organization="PRism",
        start_date=datetime(2024, 7, 1, tzinfo=zone),
        end_date=datetime(2024, 8, 31, tzinfo=zone),
        categories=["교육", "생산성"],
        skills=["Django", "React"],
        members=members,
        url_link="https://prism.example.com",
        url_visibility=True,
    )
    return [create_project(owner=owner, data=data).project]
