"""Demo projects and recruitment posts for local runs (`make run`); never used in production.

Everything is made by the projects app's own services, as the web client would make it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import User
from posts import services as post_services
from posts.services import PostInput
from projects.models import Post, Project, RecruitmentStatus
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


# --- Recruitment posts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPost:
    title: str
    writer_email: str
    project_name: str
    content: str
    positions: tuple[tuple[str, int], ...]
    # Recruitment window relative to the day of seeding, in days.
    starts: int
    ends: int
    closed_by_hand: bool = False
    bookmarked_by: tuple[str, ...] = ()
    views: int = 0


DEMO_POSTS: tuple[DemoPost, ...] = (
    DemoPost(
        title="PRism 2기 프론트엔드·디자이너 모집",
        writer_email=DEMO.email,
        project_name=DEMO_PROJECT,
        content="<p>PRism을 함께 키울 프론트엔드 개발자와 디자이너를 찾습니다.</p>",
        positions=(("frontend", 2), ("designer", 1)),
        starts=-7,
        ends=21,
        bookmarked_by=(MINA.email, JOON.email, YUNA.email),
        views=12,
    ),
    DemoPost(
        title="동네 책방 지도 백엔드 개발자 구해요",
        writer_email=MINA.email,
        project_name="동네 책방 지도",
        content="<p>Spring Boot로 API를 함께 만들 백엔드 개발자 한 분을 모집했습니다.</p>",
        positions=(("backend", 1),),
        starts=-40,
        ends=-10,  # closed by its date
        bookmarked_by=(DEMO.email,),
        views=5,
    ),
    DemoPost(
        title="가계부 챗봇 QA·마케터 모집 (마감)",
        writer_email=SEOYEON.email,
        project_name="가계부 챗봇",
        content="<p>베타 테스트를 도와줄 QA와 마케터를 모집합니다. 인원이 차서 마감했어요.</p>",
        positions=(("qa", 1), ("marketer", 1)),
        starts=-14,
        ends=30,
        closed_by_hand=True,
        bookmarked_by=(JOON.email,),
        views=3,
    ),
)


def seed_demo_posts(*, people: dict[str, User]) -> list[Post]:
    """Create the demo posts that do not exist yet (by title and writer), then close, view
    and bookmark them through the services the API calls; return the ones created."""
    created = []
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    for demo in DEMO_POSTS:
        writer = people[demo.writer_email]
        if Post.objects.filter(title=demo.title, writer=writer).exists():
            continue
        data = PostInput(
            project_id=demo_project(demo.project_name).pk,
            title=demo.title,
            content=demo.content,
            process_method="onlineAndOffline",
            contact_method="email",
            contact_info=demo.writer_email,
            apply_method="googleForm",
            apply_info="https://forms.gle/prism-demo",
            open_until_recruited=False,
            recruitment_start_at=today + timedelta(days=demo.starts),
            recruitment_end_at=today + timedelta(days=demo.ends),
            positions=list(demo.positions),
        )
        post = post_services.create_post(writer=writer, data=data)
        if demo.closed_by_hand:
            closed = PostInput(**{**data.__dict__, "status": RecruitmentStatus.CLOSED})
            post = post_services.update_post(user=writer, post_id=post.pk, data=closed)
        for _ in range(demo.views):
            post_services.view_post(post_id=post.pk)
        for email in demo.bookmarked_by:
            post_services.toggle_bookmark(user=people[email], post_id=post.pk)
        created.append(post)
    return created
