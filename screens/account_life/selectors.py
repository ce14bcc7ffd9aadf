"""What PRism stores about a person across the apps, gathered for them to take away
(DESIGN D17).

A fixed number of queries whatever the amount of data: each kind is one query, with its
lists prefetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from accounts.models import User
from accounts.selectors import Profile, own_profile
from projects.models import Bookmark, Membership, Post, PostPosition, Project
from reviews.models import Answer, PrismResult, Submission
from reviews.selectors import shown_results


@dataclass(frozen=True)
class OwnedProject:
    project_id: int
    project_name: str


@dataclass(frozen=True)
class ExportedMembership:
    project_id: int
    project_name: str
    listed_name: str
    listed_email: str
    roles: tuple[str, ...]
    anony_visibility: bool
    confirmed_at: datetime | None
    review_done: bool
    linked_to_account: bool
    created_at: datetime


@dataclass(frozen=True)
class ExportedResult:
    project_id: int
    project_name: str
    reviewer_count: int
    communication: float
    proactivity: float
    problem_solving: float
    responsibility: float
    cooperation: float
    leadership: float
    reliability: float
    teamwork: float
    keywords: tuple[str, ...]
    evaluation: str | None
    computed_at: datetime


@dataclass(frozen=True)
class ExportedAnswer:
    question_order: int
    question_type: str
    category: str
    score: int | None
    choice: bool | None
    description: str | None
    example: str | None


@dataclass(frozen=True)
class ReviewWritten:
    project_id: int
    project_name: str
    # As the owner listed the teammate: the export never says who reviewed the person.
    reviewee_name: str
    submitted_at: datetime
    answers: tuple[ExportedAnswer, ...]


@dataclass(frozen=True)
class ExportedPostPosition:
    position: str
    count: int


@dataclass(frozen=True)
class ExportedPost:
    post_id: int
    project_id: int
    title: str
    content: str
    status: str
    process_method: str
    contact_method: str
    contact_info: str
    apply_method: str
    apply_info: str
    open_until_recruited: bool
    recruitment_start_at: datetime | None
    recruitment_end_at: datetime | None
    view_count: int
    positions: tuple[ExportedPostPosition, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ExportedBookmark:
    post_id: int
    post_title: str
    active: bool
    created_at: datetime


@dataclass(frozen=True)
class AccountExport:
    """What the export shows, decided here: the person's own data, results only where
    shown anywhere else, never who reviewed them."""

    profile: Profile
    owned_projects: tuple[OwnedProject, ...]
    memberships: tuple[ExportedMembership, ...]
    results: tuple[ExportedResult, ...]
    reviews_written: tuple[ReviewWritten, ...]
    posts: tuple[ExportedPost, ...]
    bookmarks: tuple[ExportedBookmark, ...]


def _membership(membership: Membership) -> ExportedMembership:
    return ExportedMembership(
        project_id=membership.project_id,
        project_name=membership.project.name,
        listed_name=membership.name,
        listed_email=membership.email,
        roles=tuple(role.name for role in membership.roles.all()),
        anony_visibility=membership.anony_visibility,
        confirmed_at=membership.confirmed_at,
        review_done=membership.review_done,
        linked_to_account=membership.user_id is not None,
        created_at=membership.created_at,
    )


def _result(result: PrismResult) -> ExportedResult:
    return ExportedResult(
        project_id=result.project_id,
        project_name=result.project.name,
        reviewer_count=result.reviewer_count,
        communication=result.communication,
        proactivity=result.proactivity,
        problem_solving=result.problem_solving,
        responsibility=result.responsibility,
        cooperation=result.cooperation,
        leadership=result.leadership,
        reliability=result.reliability,
        teamwork=result.teamwork,
        keywords=tuple(result.keywords or ()),
        evaluation=result.evaluation,
        computed_at=result.computed_at,
    )


def _review_written(submission: Submission) -> ReviewWritten:
    return ReviewWritten(
        project_id=submission.project_id,
        project_name=submission.project.name,
        reviewee_name=submission.reviewee.name,
        submitted_at=submission.created_at,
        answers=tuple(
            ExportedAnswer(
                question_order=answer.question_order,
                question_type=answer.question_type,
                category=answer.category,
                score=answer.score,
                choice=answer.choice,
                description=answer.description,
                example=answer.example,
            )
            for answer in submission.answers.all()
        ),
    )


def _post(post: Post) -> ExportedPost:
    return ExportedPost(
        post_id=post.pk,
        project_id=post.project_id,
        title=post.title,
        content=post.content,
        status=post.status,
        process_method=post.process_method,
        contact_method=post.contact_method,
        contact_info=post.contact_info,
        apply_method=post.apply_method,
        apply_info=post.apply_info,
        open_until_recruited=post.open_until_recruited,
        recruitment_start_at=post.recruitment_start_at,
        recruitment_end_at=post.recruitment_end_at,
        view_count=post.view_count,
        positions=tuple(
            ExportedPostPosition(position=item.position, count=item.count)
            for item in post.positions.all()
        ),
        created_at=post.created_at,
        updated_at=post.updated_at,
    )


def account_export(*, user: User) -> AccountExport:
    """Everything about `user`: profile, projects owned, memberships, results about them,
    the reviews they wrote, their posts and bookmarks.

    Never who reviewed them: reviews received appear only as their results, and only results
    shown anywhere else (enough reviewers, DESIGN D15), so an export cannot single out a
    reviewer either.
    """
    memberships = list(
        Membership.objects.of(user)
        .select_related("project")
        .prefetch_related("roles")
        .order_by("project_id", "id")
    )
    membership_ids = [membership.pk for membership in memberships]
    owned_projects = Project.objects.owned_by(user).order_by("id").values_list("pk", "name")
    results = (
        shown_results()
        .filter(membership_id__in=membership_ids)
        .select_related("project")
        .order_by("project_id")
    )
    reviews_written = (
        Submission.objects.filter(reviewer_id__in=membership_ids)
        .select_related("project", "reviewee")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("question_order")))
        .order_by("project_id", "id")
    )
    posts = (
        Post.objects.filter(writer=user)
        .prefetch_related(Prefetch("positions", queryset=PostPosition.objects.order_by("id")))
        .order_by("id")
    )
    bookmarks = (
        Bookmark.objects.filter(user=user)
        .order_by("id")
        .values_list("post_id", "post__title", "active", "created_at")
    )
    return AccountExport(
        profile=own_profile(user),
        owned_projects=tuple(
            OwnedProject(project_id=pk, project_name=name) for pk, name in owned_projects
        ),
        memberships=tuple(_membership(membership) for membership in memberships),
        results=tuple(_result(result) for result in results),
        reviews_written=tuple(_review_written(submission) for submission in reviews_written),
        posts=tuple(_post(post) for post in posts),
        bookmarks=tuple(
            ExportedBookmark(post_id=post_id, post_title=title, active=active, created_at=at)
            for post_id, title, active, at in bookmarks
        ),
    )
