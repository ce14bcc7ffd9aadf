"""Reads of review data, including those the projects app shows."""

from __future__ import annotations

from django.conf import settings

from reviews.models import PrismResult


def shown_results():
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
