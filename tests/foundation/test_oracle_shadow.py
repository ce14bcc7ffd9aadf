"""The Oracle shadow compiler (tests/oracle_shadow.py) refuses what Oracle would refuse."""

import pytest
from django.db import NotSupportedError, transaction
from django.db.models import Count, Exists, OuterRef
from django.db.models.sql import InsertQuery
from django_tasks_db.models import DBTaskResult

from accounts.models import User, UserSkill
from projects.models import Project
from tests.factories import UserFactory
from tests.oracle_shadow import _fail_if_refused, _record, oracle_problems, recording_refusals
from tests.projects_factories import ProjectFactory
from tests.subprocesses import clean_environment, run_python

LIMIT_WITH_LOCK = "LIMIT/OFFSET is not supported with select_for_update"


def locking_refusals(read) -> list[str]:
    """Refusals of the locking `read`: PostgreSQL, made to behave like Oracle, refuses a
    sliced lock itself; on SQLite (which ignores FOR UPDATE) only the shadow can."""
    with recording_refusals() as refusals, transaction.atomic():
        try:
            read()
        except NotSupportedError as refused:
            refusals.append(f"{refused} (the test database)")
    return refusals


@pytest.mark.django_db
def test_a_sliced_locking_read_is_refused_and_an_unsliced_one_is_not():
    refusals = locking_refusals(
        lambda: User.objects.select_for_update().filter(email="nobody@example.com").first()
    )
    assert len(refusals) == 1
    assert LIMIT_WITH_LOCK in refusals[0]

    with recording_refusals() as refusals, transaction.atomic():
        User.objects.filter(email="nobody@example.com").first()
        list(User.objects.select_for_update().filter(email="nobody@example.com"))
        with pytest.raises(User.DoesNotExist):
            User.objects.select_for_update().get(email="nobody@example.com")
    assert refusals == []


@pytest.mark.django_db
def test_the_task_librarys_claim_is_refused():
    refusals = locking_refusals(lambda: DBTaskResult.objects.ready().get_locked())
    assert len(refusals) == 1 and LIMIT_WITH_LOCK in refusals[0]


@pytest.mark.django_db
def test_lobs_in_distinct_order_by_and_group_by_are_refused():
    with recording_refusals() as refusals:
        list(DBTaskResult.objects.order_by("traceback"))
        list(DBTaskResult.objects.values("traceback").distinct())
        list(DBTaskResult.objects.values("traceback").annotate(n=Count("id")))
        list(DBTaskResult.objects.values("status").distinct().order_by("status"))
    assert "at tests/foundation/test_oracle_shadow.py:" in refusals[0]  # where it ran
    assert [r.rsplit(" (", 1)[0] for r in refusals] == [
        "ORDER BY over the LOB django_tasks_database.DBTaskResult.traceback",
        "DISTINCT over the LOB django_tasks_database.DBTaskResult.traceback",
        "GROUP BY over the LOB django_tasks_database.DBTaskResult.traceback",
    ]


@pytest.mark.django_db
def test_filters_that_change_meaning_when_empty_string_is_null_are_refused():
    with recording_refusals() as refusals:
        list(User.objects.filter(email__in=["", "a@example.com"]))
        list(User.objects.filter(email__gt=""))
        list(Project.objects.filter(description=""))
        list(
            Project.objects.filter(Exists(User.objects.filter(email__gt="", pk=OuterRef("owner"))))
        )
        # Not nullable: Django's Oracle backend turns `= ''` into IS NULL, same rows.
        list(User.objects.filter(email=""))
        list(Project.objects.filter(description__isnull=True))
    assert [r.rsplit(" (", 1)[0] for r in refusals] == [
        "accounts.User.email IN (...'') never matches on Oracle",
        "accounts.User.email gt '' compares with NULL on Oracle",
        "projects.Project.description = '' on a nullable column also matches NULL on Oracle",
        "accounts.User.email gt '' compares with NULL on Oracle",
    ]


@pytest.mark.django_db
def test_inserts_that_oracle_cannot_run_are_refused():
    user = UserFactory()
    with recording_refusals() as refusals:
        # The test database behaves like Oracle: bulk_create reads no keys back...
        skills = UserSkill.objects.bulk_create(
            [
                UserSkill(user=user, position=0, value="Django"),
                UserSkill(user=user, position=1, value="Go"),
            ]
        )
        # ...and has no ON CONFLICT.
        with pytest.raises(NotSupportedError):
            UserSkill.objects.bulk_create(
                [UserSkill(user=user, position=0, value="Go")], ignore_conflicts=True
            )
    assert [skill.pk for skill in skills] == [None, None]
    assert refusals == []
    # A multi-row INSERT that asks for its keys back, as Django would on PostgreSQL.
    query = InsertQuery(Project)
    fields = [f for f in Project._meta.concrete_fields if not f.primary_key]
    query.insert_values(fields, [ProjectFactory.build(owner=user) for _ in range(2)])
    compiler = query.get_compiler(using="default")
    assert oracle_problems(compiler, Project._meta.db_returning_fields) == [
        "a multi-row INSERT cannot return its primary keys on Oracle"
    ]


def test_a_refusal_fails_the_phase_it_ran_in():
    _record(["NotSupportedError: probe"], where="probe")
    with pytest.raises(pytest.fail.Exception, match="refused 1 query run during the test"):
        _fail_if_refused("the test")
    _fail_if_refused("the test")  # reported once, then cleared


def test_a_test_that_locks_with_first_fails_the_suite():
    child = run_python(
        "-m",
        "pytest",
        "-p",
        "no:randomly",
        "tests/foundation/oracle_shadow_probe.py",
        env=clean_environment(),
    )
    assert child.returncode == 1, child.stdout[-3000:]
    assert "Oracle's compiler refused 1 query run during the test" in child.stdout
    assert LIMIT_WITH_LOCK in child.stdout
    assert "oracle_shadow_probe.py:13" in child.stdout
