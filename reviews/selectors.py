"""Reads of review data: survey links, PRism results, and what the project views show."""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from prism import errors
from prism.errors import DomainError
from projects.models import Membership
from reviews import scoring
from reviews.models import PrismResult, SurveyInvitation


def shown_results() -> QuerySet[PrismResult]:
    """Results with enough reviewers to be shown without exposing anyone (DESIGN D15)."""
    return PrismResult.objects.filter(reviewer_count__gte=settings.PRISM_MIN_REVIEWERS)


def evaluations_by_membership(membership_ids: list[int]) -> dict[int, str]:
    """Membership id → its written evaluation, for results that may be shown."""
    rows = (
        shown_results()
        .filter(membership_id__in=membership_ids, evaluation__isnull=False)
        .values_list("membership_id", "evaluation")
    )
    return dict(rows)


def invitation_for_code(code: str) -> SurveyInvitation:
    """The live invitation with this code (any case), or PeerReviewCode_404_1."""
    invitation = (
        SurveyInvitation.objects.select_related("membership__project")
        .filter(code=code.strip().upper(), expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None:
        raise DomainError(errors.REVIEW_LINK_NOT_FOUND)
    return invitation


# --- R2 ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reviewee:
    """A teammate the survey asks about, as the owner listed them."""

    email: str
    name: str


@dataclass(frozen=True)
class SurveyLink:
    """R2: who the code's holder is and whom they review (everyone else on the team)."""

    project_id: int
    reviewer_email: str
    reviewees: tuple[Reviewee, ...]


def survey_link(*, code: str) -> SurveyLink:
    """Who a survey code lets its holder review (R2)."""
    reviewer = invitation_for_code(code).membership
    if reviewer.review_done:
        raise DomainError(errors.REVIEW_ALREADY_DONE)
    reviewees = tuple(
        Reviewee(email=email, name=name)
        for email, name in Membership.objects.filter(project_id=reviewer.project_id)
        .exclude(pk=reviewer.pk)
        .order_by("id")
        .values_list("email", "name")
    )
    if not reviewees:
        raise DomainError(errors.REVIEW_NOBODY_TO_REVIEW)
    return SurveyLink(
        project_id=reviewer.project_id, reviewer_email=reviewer.email, reviewees=reviewees
    )


# --- M1/M2 ---------------------------------------------------------------------------------------

AXIS_LABELS = {
    "communication": "의사소통능력",
    "proactivity": "적극성",
    "problem_solving": "문제해결능력",
    "responsibility": "책임감",
    "cooperation": "협동심",
}


@dataclass(frozen=True)
class Prism:
    """What M1/M2 show: the five axes, the radial scores, keywords and an evaluation."""

    axes: scoring.Axes
    leadership: float
    reliability: float
    teamwork: float
    keywords: tuple[str, ...]
    evaluation: str


def _from_result(result: PrismResult) -> Prism:
    return Prism(
        axes=scoring.Axes(**{name: getattr(result, name) for name in scoring.AXIS_NAMES}),
        leadership=result.leadership,
        reliability=result.reliability,
        teamwork=result.teamwork,
        keywords=tuple(result.keywords or ()),
        evaluation=result.evaluation or "",
    )


def _total(results: list[PrismResult]) -> Prism:
    """DESIGN D12: each project counted once; keywords most frequent across projects;
    the evaluation of the most recent project that has one."""
    axes = scoring.mean_axes(_from_result(r).axes for r in results)
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    for result in results:
        for keyword in result.keywords or []:
            counts[keyword] += 1
            order.setdefault(keyword, len(order))
    keywords = tuple(sorted(counts, key=lambda k: (-counts[k], order[k]))[:5])
    latest = max(
        (r for r in results if r.evaluation),
        key=lambda r: (r.project.end_date, r.computed_at),
        default=None,
    )
    count = len(results)
    return Prism(
        axes=axes,
        leadership=sum(r.leadership for r in results) / count,
        reliability=sum(r.reliability for r in results) / count,
        teamwork=sum(r.teamwork for r in results) / count,
        keywords=keywords,
        evaluation=latest.evaluation if latest else "",
    )


def _results_query(user_id: uuid.UUID, viewer: User | None) -> QuerySet[PrismResult]:
    results = (
        shown_results()
        .filter(membership__user_id=user_id)
        .select_related("project", "membership")
        # A fixed order: keyword ties in a total are broken the same way on every database
        # and for the card as for the JSON endpoint.
        .order_by("pk")
    )
    if viewer is None or viewer.pk != user_id:
        # Others see only memberships the person confirmed (D16) and did not hide (W-06);
        # the person sees all of their own.
        results = results.filter(
            membership__in=Membership.objects.counted_publicly().filter(user_id=user_id)
        )
    return results


def _results_of(
    user_id: str, viewer: User | None, *, project_id: int | None = None
) -> list[PrismResult]:
    try:
        parsed = uuid.UUID(user_id)
    except ValueError:
        return []
    results = _results_query(parsed, viewer)
    if project_id is not None:
        results = results.filter(project_id=project_id)
    return list(results)


def prism_of(
    *,
    user_id: str,
    prism_type: str,
    project_id: int | None = None,
    viewer: User | None = None,
) -> Prism:
    """A person's PRism: `total` over their projects, or `each` for one project (M1, M2).

    PeerReviewCode_404_2 when nothing may be shown (no results, too few reviewers, hidden).
    `each` without a project means the person's most recent project.
    """
    results = _results_of(user_id, viewer, project_id=project_id)
    if not results:
        raise DomainError(errors.REVIEW_NO_DATA)
    if prism_type == "total":
        return _total(results)
    latest = max(results, key=lambda r: (r.project.end_date, r.project_id))
    return _from_result(latest)


# --- The shareable card ------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicPrism:
    """What anyone may see of a person's PRism, with a version for HTTP caches."""

    name: str
    prism: Prism
    # Changes whenever a shown result is recomputed or summarized, or the set of shown
    # results or the person's name changes.
    version: str


def public_prism(*, user_id: str, project_id: int | None = None) -> PublicPrism | None:
    """The person's PRism as the public result endpoints show it (viewer: nobody), in one
    query: `total` over their projects, or the one project's. None when nothing may be shown.
    """
    try:
        parsed = uuid.UUID(user_id)
    except ValueError:
        return None
    query = _results_query(parsed, viewer=None).select_related("membership__user")
    if project_id is not None:
        query = query.filter(project_id=project_id)
    results = list(query)
    if not results:
        return None
    name = results[0].membership.user.name
    stamps = [
        (r.pk, r.computed_at.isoformat(), r.summarized_at.isoformat() if r.summarized_at else "")
        for r in results
    ]
    version = hashlib.sha256(repr((name, stamps)).encode()).hexdigest()[:32]
    prism = _total(results) if project_id is None else _from_result(results[0])
    return PublicPrism(name=name, prism=prism, version=version)


# --- Facts the project views show ----------------------------------------------------------------


def project_review_facts(
    project_id: int, *, public: bool
) -> tuple[str | None, dict[int, list[str]]]:
    """The project's most common trait (its highest mean axis) and each member's keywords.

    Hidden members' results never count. In `public` views only the results of memberships
    their person confirmed count (D16): an owner's unconfirmed listing carries none.
    """
    members = Membership.objects.filter(project_id=project_id)
    members = members.counted_publicly() if public else members.filter(anony_visibility=True)
    results = list(shown_results().filter(project_id=project_id, membership__in=members))
    if not results:
        return None, {}
    means = {name: sum(getattr(r, name) for r in results) / len(results) for name in AXIS_LABELS}
    # max() keeps the first of equal means, i.e. the axes' display order breaks ties.
    trait = AXIS_LABELS[max(AXIS_LABELS, key=means.__getitem__)]
    return trait, {r.membership_id: list(r.keywords or []) for r in results}
