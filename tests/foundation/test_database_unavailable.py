"""A request that finds no database answers 503 Global_503_1 at once (issue 13.5)."""

from __future__ import annotations

import json
import socket

import pytest
from django.db import OperationalError, ProgrammingError, connection

from prism.database_unavailable import is_failed_connect
from prism.settings import database_from_environment
from tests.subprocesses import clean_environment, run_python


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_signed_in_request_to_postgresql_on_a_closed_port_answers_503_quickly():
    env = clean_environment(
        DATABASE_URL=f"postgres://prism:secret@127.0.0.1:{closed_port()}/prism",
        CONN_MAX_AGE="300",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="database-down-" + "k" * 48,
        DJANGO_ALLOWED_HOSTS="localhost",
    )
    done = run_python("-m", "tests.foundation.database_down_probe", env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    answers = json.loads(done.stdout.strip().splitlines()[-1])

    me = answers["me"]
    assert me["status"] == 503
    assert me["body"] == {
        "code": "Global_503_1",
        "message": "The database is unavailable; try again shortly.",
    }
    assert me["retryAfter"] == "5"
    assert me["seconds"] < 3
    assert answers["health"]["status"] == 503
    assert answers["health"]["body"]["code"] == "Global_503_1"
    # No password in the log line the failure writes.
    assert "secret" not in done.stderr


@pytest.mark.django_db
def test_an_error_of_a_query_on_a_live_connection_is_not_a_failed_connect():
    connection.ensure_connection()
    assert not is_failed_connect(OperationalError("database is locked"))
    assert not is_failed_connect(ProgrammingError("no such table"))


def test_the_connect_timeout_reaches_each_driver(monkeypatch):
    monkeypatch.setenv("PRISM_DB_CONNECT_TIMEOUT_SECONDS", "5")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5432/prism")
    assert database_from_environment()["OPTIONS"]["connect_timeout"] == 5

    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setenv("ORACLE_USER", "prism")
    monkeypatch.setenv("ORACLE_DSN", "adb.example:1522/x_tp")
    options = database_from_environment()["OPTIONS"]
    assert options["tcp_connect_timeout"] == 5.0
    assert options["retry_count"] == 0
