"""The suite cannot go hollow: it passes in any order, and the PostgreSQL pass never skips
a PostgreSQL-only test. Each guard is checked by running pytest in a child process."""

import pytest

from projects.models import Category
from tests.subprocesses import clean_environment, run_python

THIS_FILE = "tests/foundation/test_suite_guards.py"


@pytest.mark.django_db(transaction=True)
def test_a_flushing_test_starts_with_the_seeded_categories():
    assert Category.objects.count() == 8


@pytest.mark.django_db
def test_a_plain_test_starts_with_the_seeded_categories():
    assert sorted(Category.objects.values_list("pk", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8]


@pytest.mark.postgres
def test_a_postgresql_only_probe():
    pass


def pytest_in_child(*args: str, **env: str):
    return run_python(
        "-m", "pytest", "-p", "no:randomly", "-rA", *args, env=clean_environment(**env)
    )


def test_reversed_the_flushing_test_runs_first_and_the_plain_one_still_finds_the_categories():
    done = pytest_in_child(
        "--reverse-order",
        f"{THIS_FILE}::test_a_plain_test_starts_with_the_seeded_categories",
        f"{THIS_FILE}::test_a_flushing_test_starts_with_the_seeded_categories",
    )
    assert done.returncode == 0, done.stdout[-3000:]
    order = [line for line in done.stdout.splitlines() if line.startswith("PASSED")]
    assert [line.split("::")[1] for line in order] == [
        "test_a_flushing_test_starts_with_the_seeded_categories",
        "test_a_plain_test_starts_with_the_seeded_categories",
    ]


def test_in_the_postgresql_pass_a_skipped_postgresql_only_test_fails():
    probe = f"{THIS_FILE}::test_a_postgresql_only_probe"
    # Outside that pass, on SQLite, it is skipped as before.
    elsewhere = pytest_in_child(probe)
    assert elsewhere.returncode == 0, elsewhere.stdout[-3000:]
    assert "SKIPPED" in elsewhere.stdout
    # The PostgreSQL pass (scripts/with_postgres.py sets the flag) whose database is not
    # PostgreSQL: the test would skip, so it fails instead.
    hollow = pytest_in_child(probe, PRISM_TEST_ON_POSTGRES="1")
    assert hollow.returncode == 1, hollow.stdout[-3000:]
    assert "PostgreSQL-only test skipped in the PostgreSQL pass" in hollow.stdout
