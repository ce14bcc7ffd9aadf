"""The staff dashboard on the admin index (issue 18): who sees it, what it counts, its cost."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import limits
from accounts.models import AbuseCounter, User
from prism.dashboard import CHART_HEIGHT, WEEKS, bar_series, staff_dashboard, week_starts
from projects.models import Post, Project
from reviews.models import PrismResult, Submission, SurveyInvitation
from tests.factories import UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory
from tests.reviews_factories import PrismResultFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

DASHBOARD_QUERIES = 11
# A Wednesday noon in Seoul (the project's TIME_ZONE): this week began Monday 2026-11-30.
NOW = timezone.make_aware(datetime(2026, 12, 2, 12, 0))


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def session_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_only_staff_see_the_dashboard(team):
    people = {
        "anonymous": None,
        "outsider": User.objects.get(email="outsider@example.com"),
        "member": team.member_membership.user,
        "owner": team.owner_membership.user,
    }
    for person, user in people.items():
        response = session_client(user).get("/admin/")
        assert response.status_code == 302, person
        assert response["Location"].startswith("/admin/login/"), person
        assert b"prism-dashboard" not in response.content
    staff = UserFactory(is_staff=True)
    page = session_client(staff).get("/admin/")
    assert page.status_code == 200
    html = page.content.decode()
    dashboard = html.split('<section id="prism-dashboard"')[1].split("</section>")[0]
    assert "<script" not in dashboard and "http" not in dashboard.replace("http://www.w3.org", "")
    assert dashboard.count("<svg") == 7 and dashboard.count("<rect") == 7 * WEEKS
    assert "Surveys submitted" in dashboard and "Posts closed" in dashboard
    assert "Site administration" in html  # the admin's own index follows


def test_week_starts_are_the_last_twelve_mondays():
    weeks = week_starts(NOW.date())
    assert len(weeks) == WEEKS
    assert weeks[-1].isoformat() == "2026-11-30" and weeks[0].isoformat() == "2026-09-14"
    assert all(week.weekday() == 0 for week in weeks)


def test_bars_scale_to_the_busiest_week():
    weeks = week_starts(NOW.date())
    series = bar_series("x", [0] * 10 + [1, 200], weeks)
    peak, small, empty = series.bars[-1], series.bars[-2], series.bars[0]
    assert (peak.height, peak.y) == (CHART_HEIGHT, 0)
    assert small.height == 1.0  # visible, however small
    assert (empty.height, empty.y) == (0, CHART_HEIGHT)
    assert series.total == 201


def _at(queryset, field, when):
    queryset.update(**{field: when})


def test_weekly_counts_land_in_their_local_weeks(team):
    # Monday 00:30 in Seoul is still Sunday in UTC: it belongs to the new week.
    early_monday = local(2026, 11, 30, 0, 30)
    late_sunday = local(2026, 11, 29, 23, 30)
    too_old = local(2026, 9, 13, 23, 59)
    User.objects.all().update(created_at=too_old)
    for when in (early_monday, late_sunday, late_sunday):
        _at(User.objects.filter(pk=UserFactory().pk), "created_at", when)
    Project.objects.all().update(created_at=local(2026, 10, 1, 9))
    project = team.project
    members = [team.owner_membership, team.member_membership, team.pending_membership]
    for membership in members:
        SurveyInvitation.objects.create(
            membership=membership, code=f"C{membership.pk:09d}", expires_at=NOW
        )
    SurveyInvitation.objects.update(created_at=local(2026, 11, 24, 10))
    # One survey (two teammates reviewed) from the member, and one from the owner.
    for reviewer, reviewee in [
        (members[1], members[0]),
        (members[1], members[2]),
        (members[0], members[1]),
    ]:
        SubmissionFactory(project=project, reviewer=reviewer, reviewee=reviewee)
    Submission.objects.update(created_at=local(2026, 12, 1, 10))
    PrismResultFactory(membership=members[1], computed_at=local(2026, 12, 1, 11))
    post = Post.objects.create(
        project=project,
        writer=members[1].user,
        title="t",
        content="c",
        process_method="online",
        contact_method="email",
        contact_info="a@b.co",
        apply_method="email",
        apply_info="a@b.co",
    )
    Post.objects.filter(pk=post.pk).update(
        created_at=local(2026, 11, 20, 9), updated_at=local(2026, 12, 2, 9), status="CLOSED"
    )
    # Two more posts whose deadline passed last week, one of them open until filled (still open),
    # and one whose deadline is later today.
    for end, until_filled in [
        (local(2026, 11, 25, 18), False),
        (local(2026, 11, 25, 18), True),
        (local(2026, 12, 2, 18), False),
    ]:
        Post.objects.create(
            project=project,
            writer=members[1].user,
            title="t",
            content="c",
            process_method="online",
            contact_method="email",
            contact_info="a@b.co",
            apply_method="email",
            apply_info="a@b.co",
            recruitment_end_at=end,
            open_until_recruited=until_filled,
        )
    Post.objects.exclude(pk=post.pk).update(created_at=local(2026, 11, 20, 9))

    dashboard = staff_dashboard(now=NOW)
    counts = {series.title: series.counts for series in dashboard.series}
    assert counts["Sign-ups"][-2:] == [2, 1] and sum(counts["Sign-ups"]) == 3
    assert counts["Projects created"][2] == 1 and sum(counts["Projects created"]) == 1
    assert counts["Invitations sent"][-2:] == [3, 0]
    assert counts["Surveys submitted"][-1] == 2 and sum(counts["Surveys submitted"]) == 2
    assert counts["PRisms refreshed"][-1] == 1
    assert counts["Posts opened"][-3] == 4
    assert counts["Posts closed"][-2:] == [1, 1] and sum(counts["Posts closed"]) == 2
    assert (dashboard.invitations_sent, dashboard.surveys_submitted) == (3, 2)
    assert dashboard.completion_rate == 67
    assert PrismResult.objects.count() == 1


def _failed_task(path: str, finished_at: datetime) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={"args": [], "kwargs": {}},
        task_path=path,
        backend_name="default",
        queue_name="default",
        run_after=finished_at,
        finished_at=finished_at,
        exception_class_path="builtins.ValueError",
        traceback="Traceback ...",
    )


def test_failed_tasks_and_lockouts_now(team, settings):
    settings.PRISM_LOGIN_MAX_FAILURES = 3
    for minute in range(12):
        _failed_task(f"reviews.tasks.task_{minute}", timezone.now() - timedelta(minutes=minute))
    # One pair at its cap, one below it, and an hourly IP counter at a bigger count.
    for _ in range(3):
        limits.consume_login_attempt(email="a@example.com", ip="10.0.0.1")
    limits.consume_login_attempt(email="a@example.com", ip="10.0.0.2")
    for _ in range(5):
        limits.consume_verify_attempt(ip="10.0.0.1")
    # A lockout whose window ended no longer counts.
    for _ in range(3):
        limits.consume_login_attempt(email="b@example.com", ip="10.0.0.3")
    ended = AbuseCounter.objects.order_by("-pk")[0]
    AbuseCounter.objects.filter(pk=ended.pk).update(
        window_start=ended.window_start - timedelta(hours=1),
        expires_at=ended.expires_at - timedelta(hours=1),
    )

    dashboard = staff_dashboard()
    assert dashboard.failed_task_count == 12
    assert [t.task_path for t in dashboard.failed_tasks] == [
        f"reviews.tasks.task_{minute}" for minute in range(10)
    ]
    assert dashboard.locked_login_counters == 1

    page = session_client(UserFactory(is_staff=True)).get("/admin/").content.decode()
    assert '<strong id="prism-failed-tasks">12</strong>' in page
    assert '<strong id="prism-locked-logins">1</strong>' in page
    assert "reviews.tasks.task_0" in page and "reviews.tasks.task_11" not in page


def _lots_of_activity(team):
    for _ in range(5):
        membership = MembershipFactory(project=ProjectFactory(), user=UserFactory())
        PrismResultFactory(membership=membership)
        _failed_task("reviews.tasks.x", timezone.now())
        limits.consume_login_attempt(email=membership.email, ip="10.0.0.9")


def test_a_constant_number_of_queries(team, django_assert_num_queries):
    with django_assert_num_queries(DASHBOARD_QUERIES):
        staff_dashboard()
    _lots_of_activity(team)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        staff_dashboard()


def test_the_admin_index_costs_the_same_with_more_data(team):
    client = session_client(UserFactory(is_staff=True, is_superuser=True))
    client.get("/admin/")  # discovery and the session's first read happen once
    with CaptureQueriesContext(connection) as before:
        assert client.get("/admin/").status_code == 200
    _lots_of_activity(team)
    with CaptureQueriesContext(connection) as after:
        assert client.get("/admin/").status_code == 200
    assert len(after) == len(before)
    print(f"admin index with the dashboard: {len(after)} queries")
