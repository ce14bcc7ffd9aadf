"""Shared fixtures: API clients, people, and a fast password hasher."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import pytest
from django.core import mail
from pytest_django.plugin import blocking_manager_key, validate_django_db
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from projects.models import Membership, Project
from tests.factories import UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory

# Every ORM query the suite runs is also compiled for Oracle (tests/oracle_shadow.py).
pytest_plugins = ["tests.oracle_shadow"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    # SQLite's test database is in memory by default, where threads share one cache and
    # lock whole tables; a file in WAL mode is what `make run` really uses, so the
    # concurrency tests meet the same locking as a developer's server.
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test_file = tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(test_file)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Real hashing is deliberately slow; tests check behaviour, not hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def bearer_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return client


@pytest.fixture
def handler_in_test_transaction():
    """Call the Lambda/WSGI handler directly without closing the test's connection.

    Django's test client does the same: the handler closes connections at request
    boundaries, which would end the transaction that isolates the test.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def user_client(user) -> APIClient:
    return bearer_client(user)


CODE_IN_MAIL = re.compile(r"인증 번호: ([A-Z0-9]{6})")


def code_from_mail(message) -> str:
    return CODE_IN_MAIL.search(message.body).group(1)


@pytest.fixture
def request_code(api_client, django_capture_on_commit_callbacks):
    """Ask the API for a verification code and return it as read from the sent mail."""

    def request(email: str, purpose: str = "SIGNUP", client=None) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = (client or api_client).post(
                "/api/v1/auth/code", {"email": email, "authType": purpose}, format="json"
            )
        assert response.status_code == 200, response.content
        return code_from_mail(mail.outbox[-1])

    return request


@pytest.fixture
def verified_code(api_client, request_code):
    """A code that was requested and verified through the API, ready to be consumed."""

    def verify(email: str, purpose: str = "SIGNUP", client=None) -> str:
        # A signed-in `client` binds the verification to its account (LOAD_PROJECT, P11).
        code = request_code(email, purpose, client)
        response = (client or api_client).post(
            "/api/v1/auth/code/verification",
            {"email": email, "authCode": code, "authType": purpose},
            format="json",
        )
        assert response.status_code == 200, response.content
        return code

    return verify


def run_in_threads(count: int, work):
    """Start `count` threads at the same moment; return what each returned or raised."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(count)
    results: list = [None] * count

    def runner(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:  # returned so the test can assert on it
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


# --- The four people of every permission test, around one project ---------------------------


def four_people(*, owner, member, outsider) -> dict[str, APIClient]:
    """A client for each person of the permission matrix, by role name."""
    return {
        "anonymous": APIClient(),
        "outsider": bearer_client(outsider),
        "member": bearer_client(member),
        "owner": bearer_client(owner),
    }


@dataclass
class Team:
    project: Project
    owner_membership: Membership
    member_membership: Membership
    pending_membership: Membership
    clients: dict[str, APIClient]

    def client(self, person: str) -> APIClient:
        return self.clients[person]


@pytest.fixture
def team(db) -> Team:
    owner = UserFactory(email="owner@example.com", name="오너")
    member = UserFactory(email="member@example.com", name="멤버")
    outsider = UserFactory(email="outsider@example.com", name="외부인")
    project = ProjectFactory(owner=owner, name="프리즘 프로젝트")
    owner_membership = MembershipFactory(
        project=project, email=owner.email, name="오너", user=owner, roles=["PM"]
    )
    member_membership = MembershipFactory(
        project=project, email=member.email, name="멤버", user=member, roles=["Backend"]
    )
    pending = MembershipFactory(
        project=project, email="pending@example.com", name="대기", roles=["Designer", "Frontend"]
    )
    return Team(
        project=project,
        owner_membership=owner_membership,
        member_membership=member_membership,
        pending_membership=pending,
        clients=four_people(owner=owner, member=member, outsider=outsider),
    )


def project_body(**overrides) -> dict:
    """A create/update body exactly as the web client sends it (contract §7.1)."""
    body = {
        "projectName": "PRism",
        "projectDescription": "동료 평가 서비스",
        "organizationName": "SWYG",
        "startDate": "20240701000000",
        "endDate": "20240831000000",
        "members": [
            {"name": "오너", "email": "owner@example.com", "roles": ["PM"]},
            {"name": "신입", "email": "New@Example.com", "roles": ["Backend", "DevOps"]},
        ],
        "projectUrlLink": "https://prism.example.com",
        # The client always sends false on create (its form has no such switch); P1 ignores it.
        "urlVisibility": False,
        "skills": ["Django", "React"],
        "categories": ["교육", "생산성"],
        "memberCount": 2,
    }
    body.update(overrides)
    return body


# --- A suite that cannot go hollow: any order, no silent skips ------------------------------


def pytest_addoption(parser):
    parser.addoption(
        "--reverse-order",
        action="store_true",
        default=False,
        help="run the collected tests last to first (the PostgreSQL pass of `make test` does), "
        "so a test that leans on what an earlier one left behind fails",
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # After pytest-django's sort (plain db tests, then transactional ones): reversed, every
    # transactional test's flush comes before the plain tests that read the seeded rows.
    if config.getoption("--reverse-order"):
        items.reverse()


def on_postgresql() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


# scripts/with_postgres.py sets this: in that pass a PostgreSQL-only test never skips.
POSTGRES_RUN = "PRISM_TEST_ON_POSTGRES"


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and not on_postgresql():
        pytest.skip("needs PostgreSQL (runs in the PostgreSQL pass of `make test`)")


# Whether a test's fixtures (the test database among them) were set up: a test skipped in
# setup never reached the database, and nothing must be written on its behalf.
SET_UP = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.when == "setup" and report.passed:
        item.stash[SET_UP] = True
    # A PostgreSQL-only test that skips in the PostgreSQL pass tested nothing: a failure.
    postgres_pass = on_postgresql() or os.environ.get(POSTGRES_RUN) == "1"
    postgres_only = item.get_closest_marker("postgres") is not None
    if report.skipped and postgres_pass and postgres_only and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"PostgreSQL-only test skipped in the PostgreSQL pass: {reason}"
    return report


def runs_transactionally(item) -> bool:
    """Whether pytest-django ran `item` outside a rolled-back transaction (and then flushed)."""
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


def restore_the_migrated_database() -> None:
    """After a flush: put back what the data migrations seed (the eight categories), and
    empty the process's cache, which no flush reaches."""
    import importlib

    from django.apps import apps
    from django.core.cache import cache
    from django.db import connection

    seeding = importlib.import_module("projects.migrations.0002_seed_the_eight_categories")
    with connection.schema_editor() as schema_editor:
        seeding.seed_categories(apps, schema_editor)
    cache.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # The teardown just flushed every table; the next test must find the database as
    # migrations left it, whatever order the tests run in. (After the last test the test
    # database itself is gone.)
    if nextitem is not None and item.stash.get(SET_UP, False) and runs_transactionally(item):
        with item.config.stash[blocking_manager_key].unblock():
            restore_the_migrated_database()
    return result


@pytest.fixture
def fresh_database_url(tmp_path):
    """The DATABASE_URL of an empty database for a child process, on this pass's engine.

    An SQLite file in the SQLite pass; in the PostgreSQL pass a new database on the same
    server (dropped afterwards), so the durable queue is proven on PostgreSQL too.
    """
    if not on_postgresql():
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"prism_child_{uuid.uuid4().hex[:12]}"
    url = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(url._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
