"""What the staff dashboard on the admin index shows: weekly activity, failed tasks, lockouts.

Every figure is aggregated in the database, one query per series whatever the data (weeks
grouped with `TruncWeek`, counted with `Count`), so the page costs the same with ten rows or
ten million, and each query compiles for Oracle as well (the suite's shadow compiler checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import AbuseCounter
from projects.models import Post, Project, RecruitmentStatus
from reviews.models import PrismResult, Submission, SurveyInvitation

WEEKS = 12
FAILED_TASKS_SHOWN = 10

# Chart geometry (px): twelve bars in a small inline SVG.
CHART_WIDTH, CHART_HEIGHT = 240, 64
BAR_GAP = 4
BAR_WIDTH = (CHART_WIDTH - BAR_GAP * (WEEKS - 1)) / WEEKS


@dataclass(frozen=True)
class Bar:
    week: date
    count: int
    x: float
    y: float
    height: float


@dataclass(frozen=True)
class Series:
    title: str
    counts: list[int]
    bars: list[Bar]
    total: int
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    bar_width: float = BAR_WIDTH


@dataclass(frozen=True)
class Dashboard:
    weeks: list[date]
    series: list[Series]
    invitations_sent: int
    surveys_submitted: int
    completion_rate: int | None  # percent of the invitations sent in these weeks
    failed_task_count: int
    failed_tasks: list[DBTaskResult]
    locked_login_counters: int


def week_starts(today: date) -> list[date]:
    """The Mondays of the last twelve weeks, oldest first, this week last."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=back) for back in range(WEEKS - 1, -1, -1)]


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def weekly_counts(
    rows: QuerySet, field: str, weeks: list[date], *, count: str = "pk", distinct: bool = False
) -> list[int]:
    """Rows per week of `field` (in the current time zone), one query."""
    since = _local_midnight(weeks[0])
    grouped = (
        rows.filter(**{f"{field}__gte": since})
        .annotate(week=TruncWeek(field))
        .order_by()  # a model's default ordering would join the GROUP BY
        .values("week")
        .annotate(n=Count(count, distinct=distinct))
    )
    by_week: dict[date, int] = {}
    for row in grouped:
        week = row["week"]
        if isinstance(week, datetime):
            week = timezone.localtime(week).date() if timezone.is_aware(week) else week.date()
        by_week[week] = by_week.get(week, 0) + row["n"]
    return [by_week.get(week, 0) for week in weeks]


def bar_series(title: str, counts: list[int], weeks: list[date]) -> Series:
    """Bar geometry for the template: heights scaled to the busiest week."""
    peak = max(counts) or 1
    bars = []
    for index, (week, count) in enumerate(zip(weeks, counts, strict=True)):
        height = round(CHART_HEIGHT * count / peak, 1) if count else 0.0
        if count and height < 1:
            height = 1.0  # a week with anything at all stays visible
        bars.append(
            Bar(
                week=week,
                count=count,
                x=round(index * (BAR_WIDTH + BAR_GAP), 1),
                y=round(CHART_HEIGHT - height, 1),
                height=height,
            )
        )
    return Series(title=title, counts=counts, bars=bars, total=sum(counts))


def locked_login_counters(now: datetime) -> QuerySet[AbuseCounter]:
    """Login counters at their cap whose window has not ended: (address, IP) pairs locked now.

    Keys are digests, so the kind of a counter shows only in its window: a login window
    lasts exactly PRISM_LOGIN_LOCKOUT_SECONDS. These are counters, not people: one person
    trying from two networks is two.
    """
    return AbuseCounter.objects.filter(
        count__gte=settings.PRISM_LOGIN_MAX_FAILURES,
        expires_at__gt=now,
        expires_at=F("window_start") + timedelta(seconds=settings.PRISM_LOGIN_LOCKOUT_SECONDS),
    )


def _posts_closed(weeks: list[date], now: datetime) -> list[int]:
    """Posts closed by hand (in the week of their last change) or by their deadline passing."""
    by_hand = weekly_counts(
        Post.objects.filter(status=RecruitmentStatus.CLOSED), "updated_at", weeks
    )
    lapsed = weekly_counts(
        Post.objects.filter(
            status=RecruitmentStatus.RECRUITING,
            open_until_recruited=False,
            recruitment_end_at__lt=now,
        ),
        "recruitment_end_at",
        weeks,
    )
    return [a + b for a, b in zip(by_hand, lapsed, strict=True)]


def staff_dashboard(*, now: datetime | None = None) -> Dashboard:
    """Everything the admin index shows, in a fixed number of queries (11)."""
    now = now or timezone.now()
    weeks = week_starts(timezone.localtime(now).date())
    invitations = weekly_counts(SurveyInvitation.objects.all(), "created_at", weeks)
    # A survey is one reviewer's submission, made of one row per teammate reviewed.
    submitted = weekly_counts(
        Submission.objects.all(), "created_at", weeks, count="reviewer", distinct=True
    )
    series = [
        bar_series(
            "Sign-ups", weekly_counts(get_user_model().objects.all(), "created_at", weeks), weeks
        ),
        bar_series(
            "Projects created", weekly_counts(Project.objects.all(), "created_at", weeks), weeks
        ),
        bar_series("Invitations sent", invitations, weeks),
        bar_series("Surveys submitted", submitted, weeks),
        bar_series(
            "PRisms refreshed",
            weekly_counts(PrismResult.objects.all(), "computed_at", weeks),
            weeks,
        ),
        bar_series("Posts opened", weekly_counts(Post.objects.all(), "created_at", weeks), weeks),
        bar_series("Posts closed", _posts_closed(weeks, now), weeks),
    ]
    failed = DBTaskResult.objects.failed()
    sent, done = sum(invitations), sum(submitted)
    return Dashboard(
        weeks=weeks,
        series=series,
        invitations_sent=sent,
        surveys_submitted=done,
        completion_rate=round(100 * done / sent) if sent else None,
        failed_task_count=failed.count(),
        failed_tasks=list(
            failed.order_by("-finished_at").only(
                "id", "task_path", "exception_class_path", "finished_at", "queue_name"
            )[:FAILED_TASKS_SHOWN]
        ),
        locked_login_counters=locked_login_counters(now).count(),
    )
