"""Reads of recruitment posts: filtered, sorted pages and the detail (T1, T2, T4).

A page costs a fixed number of queries: posts with writer and project joined, one query
each for positions and categories, the bookmark flag as an annotation.
"""

from __future__ import annotations

from django.db.models import BooleanField, Exists, F, OuterRef, Prefetch, QuerySet, Value
from django.utils import timezone

from accounts.models import User, UserInterestJob, UserSkill
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
        posts = posts.recruiting(timezone.now())
    ordered = (
        _with_bookmark_flag(posts, viewer)
        .select_related("writer", "project")
        .prefetch_related(
            Prefetch("positions", queryset=PostPosition.objects.order_by("id")),
            project_selectors.categories_by_id("project__categories"),
        )
        .order_by(*SORTS[sort])
    )
    return page_of(ordered, page_no=page_no, page_size=page_size)


def post_detail(*, post_id: int) -> tuple[Post, Project, dict]:
    """The post with its writer's profile and the project's public detail (T2)."""
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
    project, context = project_selectors.public_project_detail(project_id=post.project_id)
    return post, project, context
