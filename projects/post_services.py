"""Team-recruitment post use cases: create, edit, close, delete, view and bookmark (T2–T5).

Fixes of the earlier server (W-09, W-21–W-23): a post must name a project its writer owns
or belongs to; views count once per successful view with an atomic update; bookmarks are
unique per (user, post) and say their new state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from accounts.models import User
from prism import errors
from prism.errors import DomainError
from projects import post_selectors
from projects.models import Bookmark, Membership, Post, PostPosition, Project


@dataclass(frozen=True)
class PostInput:
    project_id: int
    title: str
    content: str
    process_method: str
    contact_method: str
    contact_info: str
    apply_method: str
    apply_info: str
    open_until_recruited: bool
    recruitment_start_at: datetime | None
    recruitment_end_at: datetime | None
    positions: list[tuple[str, int]]
    status: str | None = None


def _check_project(*, user: User, project_id: int) -> Project:
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        raise DomainError(errors.PROJECT_NOT_FOUND)
    if (
        project.owner_id != user.pk
        and not Membership.objects.of(user).filter(project=project).exists()
    ):
        raise DomainError(errors.PROJECT_FORBIDDEN)
    return project


def _apply(post: Post, data: PostInput) -> None:
    post.title = data.title
    post.content = data.content
    post.process_method = data.process_method
    post.contact_method = data.contact_method
    post.contact_info = data.contact_info
    post.apply_method = data.apply_method
    post.apply_info = data.apply_info
    post.open_until_recruited = data.open_until_recruited
    post.recruitment_start_at = data.recruitment_start_at
    post.recruitment_end_at = data.recruitment_end_at
    if data.status is not None:
        post.status = data.status


def _replace_positions(post: Post, positions: list[tuple[str, int]]) -> None:
    post.positions.all().delete()
    PostPosition.objects.bulk_create(
        [PostPosition(post=post, position=position, count=count) for position, count in positions]
    )


def create_post(*, writer: User, data: PostInput) -> Post:
    """Publish a recruitment post for a project the writer owns or belongs to (T3)."""
    with transaction.atomic():
        project = _check_project(user=writer, project_id=data.project_id)
        post = Post(writer=writer, project=project)
        _apply(post, data)
        post.save()
        _replace_positions(post, data.positions)
    return post


def _writers_post(*, user: User, post_id: int) -> Post:
    try:
        post = Post.objects.select_for_update().get(pk=post_id)
    except Post.DoesNotExist:
        raise DomainError(errors.GLOBAL_404_1) from None
    if post.writer_id != user.pk:
        raise DomainError(errors.GLOBAL_403_1, "Only the writer may change this post.")
    return post


def update_post(*, user: User, post_id: int, data: PostInput) -> Post:
    """Edit a post (and close or reopen it with `status`); writer only."""
    with transaction.atomic():
        post = _writers_post(user=user, post_id=post_id)
        if data.project_id != post.project_id:
            post.project = _check_project(user=user, project_id=data.project_id)
        _apply(post, data)
        post.save()
        _replace_positions(post, data.positions)
    return post


def delete_post(*, user: User, post_id: int) -> None:
    with transaction.atomic():
        _writers_post(user=user, post_id=post_id).delete()


def view_post(*, post_id: int) -> tuple[Post, Project, dict, int]:
    """A post's detail, counting this view (T2): the post, its project and project context
    (see `post_selectors.post_detail`), and the view count before this view.

    One transaction: the UPDATE holds the row lock until commit, so the value read back
    minus one is exactly this view's "before" even under concurrency.
    """
    with transaction.atomic():
        post, project, project_context = post_selectors.post_detail(post_id=post_id)
        Post.objects.filter(pk=post_id).update(view_count=F("view_count") + 1)
        views_before = Post.objects.values_list("view_count", flat=True).get(pk=post_id) - 1
    return post, project, project_context, views_before


def toggle_bookmark(*, user: User, post_id: int) -> bool:
    """Bookmark a post, or flip an existing bookmark (T5); returns the new state."""
    with transaction.atomic():
        if not Post.objects.filter(pk=post_id).exists():
            raise DomainError(errors.GLOBAL_404_1)
        try:
            bookmark = Bookmark.objects.select_for_update().get(user=user, post_id=post_id)
        except Bookmark.DoesNotExist:
            bookmark = None
        if bookmark is None:
            try:
                with transaction.atomic():
                    Bookmark.objects.create(user=user, post_id=post_id, active=True)
                return True
            except IntegrityError:  # a parallel toggle created it first
                bookmark = Bookmark.objects.select_for_update().get(user=user, post_id=post_id)
        bookmark.active = not bookmark.active
        bookmark.save(update_fields=["active"])
        return bookmark.active
