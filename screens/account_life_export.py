"""What PRism stores about a person across the apps, gathered for them to take away
(DESIGN D17).

A fixed number of queries whatever the amount of data: each kind is one query, with its
lists prefetched.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from accounts.models import User
from accounts.selectors import Profile, own_profile
from projects.models import Bookmark, Membership, Post, PostPosition, Project
from reviews.models import Answer, PrismResult, Submission
from reviews.selectors import shown_results


@dataclass(frozen=True)
class AccountExport:
    profile: Profile
    owned_projects: list[Project]
    memberships: list[Membership]
    results: list[PrismResult]
    answers_written: list[Submission]
    posts: list[Post]
    bookmarks: list[Bookmark]


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
    owned_projects = list(Project.objects.owned_by(user).order_by("id"))
    membership_ids = [membership.pk for membership in memberships]
    results = list(
        shown_results()
        .filter(membership_id__in=membership_ids)
        .select_related("project")
        .order_by("project_id")
    )
    answers_written = list(
        Submission.objects.filter(reviewer_id__in=membership_ids)
        .select_related("project", "reviewee")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("question_order")))
        .order_by("project_id", "id")
    )
    posts = list(
        Post.objects.filter(writer=user)
        .prefetch_related(Prefetch("positions", queryset=PostPosition.objects.order_by("id")))
        .order_by("id")
    )
    bookmarks = list(Bookmark.objects.filter(user=user).select_related("post").order_by("id"))
    return AccountExport(
        profile=own_profile(user),
        owned_projects=owned_projects,
        memberships=memberships,
        results=results,
        answers_written=answers_written,
        posts=posts,
        bookmarks=bookmarks,
    )
