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
from django.utils import timezone

from accounts.models import User
from posts import selectors
from posts.read_models import PostWithProject, RecruitPosition, WrittenPost
from prism import errors
from prism.errors import DomainError, ErrorCode
from projects.models import Bookmark, Post, PostPosition
from projects.selectors import project_for_member

# The contract's 403 for someone other than the writer (PUT and DELETE of a post).
NOT_THE_WRITER = ErrorCode(
    errors.GLOBAL_403_1.code,
    errors.GLOBAL_403_1.http_status,
    "Only the writer may change this post.",
)


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


def _writers_post(*, user: User, post_id: int) -> Post:
    """The post, locked for the change, if `user` wrote it: Global_404_1 when there is no
    such post, NOT_THE_WRITER when someone else wrote it (a second query, on refusal only)."""
    try:
        return Post.objects.select_for_update().written_by(user).get(pk=post_id)
    except Post.DoesNotExist:
        # Unlocked: Oracle refuses FOR UPDATE with a row limit, which exists() adds.
        exists = Post.objects.filter(pk=post_id).exists()
        raise DomainError(NOT_THE_WRITER if exists else errors.GLOBAL_404_1) from None


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


def _written(post: Post, data: PostInput, *, writer: User) -> WrittenPost:
    # The positions are the ones just written, in their order (the rows' id order).
    return WrittenPost(
        id=post.pk,
        writer_user_id=writer.user_id,
        project_id=post.project_id,
        title=post.title,
        content=post.content,
        view_count=post.view_count,
        contact_method=post.contact_method,
        contact_info=post.contact_info,
        apply_method=post.apply_method,
        apply_info=post.apply_info,
        process_method=post.process_method,
        open_until_recruited=post.open_until_recruited,
        recruitment_start_at=post.recruitment_start_at,
        recruitment_end_at=post.recruitment_end_at,
        created_at=post.created_at,
        recruitment_status=post.effective_status(timezone.now()),
        positions=tuple(RecruitPosition(position=p, count=c) for p, c in data.positions),
    )


def create_post(*, writer: User, data: PostInput) -> WrittenPost:
    """Publish a recruitment post for a project the writer owns or belongs to (T3)."""
    with transaction.atomic():
        project = project_for_member(project_id=data.project_id, user=writer)
        post = Post(writer=writer, project=project)
        _apply(post, data)
        post.save()
        _replace_positions(post, data.positions)
    return _written(post, data, writer=writer)


def update_post(*, user: User, post_id: int, data: PostInput) -> WrittenPost:
    """Edit a post (and close or reopen it with `status`); writer only."""
    with transaction.atomic():
        post = _writers_post(user=user, post_id=post_id)
        if data.project_id != post.project_id:
            post.project = project_for_member(project_id=data.project_id, user=user)
        _apply(post, data)
        post.save()
        _replace_positions(post, data.positions)
    return _written(post, data, writer=user)


def delete_post(*, user: User, post_id: int) -> None:
    """Delete a post with its positions and bookmarks; writer only."""
    with transaction.atomic():
        _writers_post(user=user, post_id=post_id).delete()


def view_post(*, post_id: int) -> PostWithProject:
    """A post's detail beside its project's (T2), counting this view; its `views_before`
    is the count before this view.

    One transaction, the count first: the UPDATE holds the row lock until commit, so the
    count read back in the detail minus one is exactly this view's "before" even under
    concurrency; a failed read rolls the count back.
    """
    with transaction.atomic():
        if not Post.objects.filter(pk=post_id).update(view_count=F("view_count") + 1):
            raise DomainError(errors.GLOBAL_404_1)
        return selectors.post_with_project(post_id=post_id, this_view_counted=True)


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
