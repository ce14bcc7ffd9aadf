"""Demo projects for local runs (`make run`); never used in production.

Everything is made by the projects app's own services, as the web client would make it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from accounts.models import User
from projects.models import Project
from projects.services import MemberInput, ProjectInput, create_project, set_visibility

DEMO_PROJECT = "PRism 데모 프로젝트"


@dataclass(frozen=True)
class DemoMember:
    name: str
    email: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class DemoProject:
    name: str
    owner_email: str
    description: str
    organization: str
    start: tuple[int, int, int]
    end: tuple[int, int, int]
    categories: tuple[str, ...]
    skills: tuple[str, ...]
    members: tuple[DemoMember, ...]
    # Members who hide themselves in this project (anonyVisibility=false).
    hidden: tuple[str, ...] = ()


DEMO = DemoMember("Demo", "demo@prism.local", ("PM",))
MINA = DemoMember("Mina", "mina@prism.local", ("Backend",))
JOON = DemoMember("Joon", "joon@prism.local", ("Frontend",))
SEOYEON = DemoMember("서연", "seoyeon@prism.local", ("Designer",))
HYUNWOO = DemoMember("현우", "hyunwoo@prism.local", ("Designer",))
YUNA = DemoMember("유나", "yuna@prism.local", ("Backend", "DevOps"))
# No account has this address: Mina can claim the membership with "지난 프로젝트 불러오기"
# (a LOAD_PROJECT code mailed to it, which the console shows locally).
MINA_AT_SCHOOL = DemoMember("Mina", "mina.univ@prism.local", ("Data",))

DEMO_PROJECTS: tuple[DemoProject, ...] = (
    DemoProject(
        name=DEMO_PROJECT,
        owner_email=DEMO.email,
        description="동료 평가로 나의 역량 프리즘을 만들어 보는 데모입니다.",
        organization="PRism",
        start=(2024, 7, 1),
        end=(2024, 8, 31),
        categories=("교육", "생산성"),
        skills=("Django", "React", "AWS Lambda"),
        members=(DEMO, MINA, JOON, SEOYEON),
    ),
    DemoProject(
        name="동네 책방 지도",
        owner_email=MINA.email,
        description="동네 독립 서점을 지도에서 찾고 북토크 일정을 모아 보는 서비스",
        organization="SWYG 5기",
        start=(2024, 3, 4),
        end=(2024, 5, 31),
        categories=("엔터테인먼트", "기타"),
        skills=("Kotlin", "Spring Boot", "Figma"),
        members=(
            DemoMember("Mina", MINA.email, ("PM", "Backend")),
            DemoMember("Demo", DEMO.email, ("Backend",)),
            HYUNWOO,
            JOON,
        ),
        hidden=(JOON.email,),
    ),
    DemoProject(
        name="캡스톤 스터디 매칭",
        owner_email=JOON.email,
        description="관심 과목과 시간표로 스터디원을 추천하는 캡스톤 프로젝트",
        organization="한국대학교 컴퓨터공학과",
        start=(2023, 9, 1),
        end=(2023, 12, 15),
        categories=("교육",),
        skills=("Python", "FastAPI", "PostgreSQL"),
        members=(
            DemoMember("Joon", JOON.email, ("PM", "Frontend")),
            YUNA,
            DemoMember("Demo", DEMO.email, ("Frontend",)),
            MINA_AT_SCHOOL,
        ),
    ),
    DemoProject(
        name="가계부 챗봇",
        owner_email=SEOYEON.email,
        description="대화로 지출을 기록하고 월말에 소비 습관을 돌아보는 챗봇",
        organization="사이드 프로젝트",
        start=(2025, 1, 6),
        end=(2025, 3, 28),
        categories=("금융", "생산성"),
        skills=("TypeScript", "Next.js", "OpenAI API"),
        members=(
            DemoMember("서연", SEOYEON.email, ("PM", "Designer")),
            DemoMember("Mina", MINA.email, ("Backend",)),
            YUNA,
        ),
    ),
)


def _date(ymd: tuple[int, int, int]) -> datetime:
    return datetime(*ymd, tzinfo=timezone.get_default_timezone())


def seed_demo_projects(*, people: dict[str, User]) -> list[Project]:
    """Create the demo projects that do not exist yet (by name and owner); return them.

    Members hide themselves through the same service the web client calls.
    """
    created = []
    for demo in DEMO_PROJECTS:
        owner = people[demo.owner_email]
        if Project.objects.filter(name=demo.name, owner=owner).exists():
            continue
        data = ProjectInput(
            name=demo.name,
            description=demo.description,
            organization=demo.organization,
            start_date=_date(demo.start),
            end_date=_date(demo.end),
            categories=list(demo.categories),
            skills=list(demo.skills),
            members=[
                MemberInput(name=m.name, email=m.email, roles=list(m.roles)) for m in demo.members
            ],
            url_link="https://github.com/prism-demo",
            url_visibility=True,
        )
        project = create_project(owner=owner, data=data).project
        for email in demo.hidden:
            set_visibility(user=people[email], project_id=project.pk, visible=False)
        created.append(project)
    return created


def demo_project(name: str) -> Project:
    demo = next(d for d in DEMO_PROJECTS if d.name == name)
    return Project.objects.get(name=name, owner__email=demo.owner_email)
