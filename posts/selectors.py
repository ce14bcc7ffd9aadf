"""Reads of recruitment posts: filtered, sorted pages and the detail (T1, T2, T4), as read
models (`posts.read_models`).

A page costs a fixed number of queries: posts with writer and project joined, one query
each for positions and categories, the bookmark flag as an annotation.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import BooleanField, Exists, F, OuterRef, Prefetch, QuerySet, Value
from django.utils import timezone

from accounts.models import User, UserInterestJob, UserSkill
from posts import project_detail
from posts.read_models import (
    PositionDetail,
    PostDetail,
    PostListItem,
    PostWithProject,
    WriterInfo,
    WriterProfile,
)
from prism import errors
from prism.errors import DomainError
from prism.paging import Page, page_of
from projects import selectors as project_selectors
from projects.models import Bookmark, Post, PostPosition, Project, ProjectSkill

SORTS = {
    "recent": [F("created_at").desc(), F("id").desc()],
    "popular": [F("view_count").desc(), F("id").desc()],
    # Soonest deadline first; posts without one (open until filled) last (W-21).
    "expiry": [F("recruitment_end_at").asc(nulls_last=True), F("id").desc()],
}


def _with_bookmark_flag(posts: QuerySet[Post], user: User | None) -> QuerySet[Post]:
    if user is None:
        return posts.annotate(bookmarked=Value(False, output_field=BooleanField()))
    mine = Bookmark.objects.filter(post=OuterRef("pk"), user=user, active=True)
    return posts.annotate(bookmarked=Exists(mine))


def _list_item(post: Post, *, now: datetime) -> PostListItem:
    writer = post.writer
    return PostListItem(
        id=post.pk,
        title=post.title,
        content=post.content,
        categories=tuple(
            category.name
            for category in post.project.sorted_categories  # type: ignore[attr-defined]  # prefetched
        ),
        positions=tuple(position.position for position in post.positions.all()),
        open_until_recruited=post.open_until_recruited,
        recruitment_start_at=post.recruitment_start_at,
        recruitment_end_at=post.recruitment_end_at,
        view_count=post.view_count,
        bookmarked=post.bookmarked,  # type: ignore[attr-defined]  # annotated above
        recruitment_status=post.effective_status(now),
        writer=WriterInfo(user_id=writer.user_id, name=writer.name, email=writer.email),
    )


def post_page(
    *,
    viewer: User | None,
    bookmarked_only: bool = False,
    positions: list[str] | None = None,
    category_ids: list[int] | None = None,
    process_method: str | None = None,
    skills: list[str] | None = None,
    recruiting: bool = False,
    page_no: int = 0,
    page_size: int = 10,
    sort: str = "recent",
) -> Page:
    """A page of `PostListItem`s; `viewer` (None when signed out) decides `bookmarked`."""
    now = timezone.now()
    posts = Post.objects.all()
    if bookmarked_only:
        posts = posts.filter(bookmarks__user=viewer, bookmarks__active=True)
    if positions:
        # No match is an empty page, never "everything" (W-21).
        posts = posts.filter(
            pk__in=PostPosition.objects.filter(position__in=positions).values("post_id")
        )
    if category_ids:
        posts = posts.filter(
            project_id__in=Project.categories.through.objects.filter(
                category_id__in=category_ids
            ).values("project_id")
        )
    if skills:
        posts = posts.filter(
            project_id__in=ProjectSkill.objects.filter(name__in=skills).values("project_id")
        )
    if process_method:
        posts = posts.filter(process_method=process_method)
    if recruiting:
        posts = posts.recruiting(now)
    ordered = (
        _with_bookmark_flag(posts, viewer)
        .select_related("writer", "project")
        .prefetch_related(
            Prefetch("positions", queryset=PostPosition.objects.order_by("id")),
            project_selectors.categories_by_id("project__categories"),
        )
        .order_by(*SORTS[sort])
    )
    page = page_of(ordered, page_no=page_no, page_size=page_size)
    return Page(
        total_count=page.total_count,
        page_no=page.page_no,
        page_size=page.page_size,
        items=[_list_item(post, now=now) for post in page.items],
    )


def post_with_project(*, post_id: int, this_view_counted: bool) -> PostWithProject:
    """The post with its writer's profile beside the project's public detail (T2).

    `this_view_counted`: the caller already added this view to the stored count, in this
    transaction (see `posts.services.view_post`); `views_before` leaves it out.
    """
    post = (
        Post.objects.select_related("writer")
        .prefetch_related(
            Prefetch("positions", queryset=PostPosition.objects.order_by("id")),
            Prefetch("writer__skills", queryset=UserSkill.objects.order_by("position")),
            Prefetch(
                "writer__interest_jobs", queryset=UserInterestJob.objects.order_by("position")
            ),
        )
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        raise DomainError(errors.GLOBAL_404_1)
    writer = post.writer
    detail = PostDetail(
        id=post.pk,
        project_id=post.project_id,
        title=post.title,
        content=post.content,
        recruitment_status=post.effective_status(timezone.now()),
        writer=WriterProfile(
            user_id=writer.user_id,
            name=writer.name,
            email=writer.email,
            interest_jobs=tuple(job.value for job in writer.interest_jobs.all()),
            skills=tuple(skill.value for skill in writer.skills.all()),
            introduction=writer.introduction,
        ),
        views_before=post.view_count - int(this_view_counted),
        created_at=post.created_at,
        recruitment_start_at=post.recruitment_start_at,
        recruitment_end_at=post.recruitment_end_at,
        process_method=post.process_method,
        contact_method=post.contact_method,
        contact_info=post.contact_info,
        apply_method=post.apply_method,
        apply_info=post.apply_info,
        positions=tuple(
            PositionDetail(
                id=position.pk,
                position=position.position,
                count=position.count,
                created_at=position.created_at,
            )
            for position in post.positions.all()
        ),
    )
    project = project_detail.public_project_detail(project_id=post.project_id)
    return PostWithProject(post=detail, project=project)
