"""Demo recruitment posts for local runs (`make run`); never used in production.

Everything is made by the posts' own services, as the web client would make it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from posts import services as post_services
from posts.read_models import WrittenPost
from posts.services import PostInput
from projects.models import Post, RecruitmentStatus
from projects.seeding import DEMO, DEMO_PROJECT, JOON, MINA, SEOYEON, YUNA, demo_project


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


def seed_demo_posts(*, people: dict[str, User]) -> list[WrittenPost]:
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
            post = post_services.update_post(user=writer, post_id=post.id, data=closed)
        for _ in range(demo.views):
            post_services.view_post(post_id=post.id)
        for email in demo.bookmarked_by:
            post_services.toggle_bookmark(user=people[email], post_id=post.id)
        created.append(post)
    return created
