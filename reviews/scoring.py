"""PRism arithmetic (domain.md §2.6.4, §2.7.1, contract §9), free of the database.

Per reviewer: each scored category is the mean of that reviewer's single-choice scores
about the reviewee in it (member-choice answers are kept but not scored, so with the
standard questionnaire problemSolving = Q6). Per project: each axis is the mean over the
reviewers, each counted once; the radial scores are fixed weightings of the axes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Axes:
    communication: float
    proactivity: float
    problem_solving: float
    responsibility: float
    cooperation: float

    @property
    def leadership(self) -> float:
        return 0.4 * self.responsibility + 0.3 * self.problem_solving + 0.3 * self.communication

    @property
    def reliability(self) -> float:
        return 0.5 * self.responsibility + 0.3 * self.cooperation + 0.2 * self.communication

    @property
    def teamwork(self) -> float:
        return (
            0.3 * self.communication
            + 0.1 * self.proactivity
            + 0.2 * self.problem_solving
            + 0.3 * self.cooperation
            + 0.1 * self.responsibility
        )


AXIS_NAMES = ("communication", "proactivity", "problem_solving", "responsibility", "cooperation")


def category_means(scores_by_category: Mapping[str, list[int]]) -> dict[str, float]:
    """Mean single-choice score per category; 0 for a category without scores."""
    return {
        category: (sum(scores) / len(scores) if scores else 0.0)
        for category, scores in scores_by_category.items()
    }


def settled(mean: float) -> float:
    """A mean as results store it. The database's AVG adds in no fixed order, so the same
    answers' mean varies in its last bits between runs (3.9999999999999996 or 4.0): kept to
    9 decimals, as `truncate_one_decimal` reads them, a recompute stores the same values."""
    return round(mean, 9)


def mean_axes(per_reviewer: Iterable[Axes]) -> Axes:
    rows = list(per_reviewer)
    if not rows:
        raise ValueError("no reviews to average")
    return Axes(
        **{name: sum(getattr(row, name) for row in rows) / len(rows) for name in AXIS_NAMES}
    )


def truncate_one_decimal(value: float | None) -> float:
    """Floor to one decimal as the contract shows scores: 4.15 → 4.1, 3.85 → 3.8.

    Rounded to 9 places first so that float noise (3.4999999996) cannot lose a tenth.
    """
    if value is None:
        return 0.0
    return math.floor(round(value * 10, 9)) / 10
