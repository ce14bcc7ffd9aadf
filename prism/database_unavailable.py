"""503 `Global_503_1` in the envelope when a request cannot reach the database (issue 13.5).

A free Autonomous Database accepts only a few sessions, and a database that is down or full
refuses new ones: the request that meets it answers at once (the connect timeout bounds the
wait, DATABASES OPTIONS) with a retryable 503 rather than a 500 or a request that hangs
until API Gateway gives up. DRF's exception handler (prism/exception_handler.py) maps it; the
healthcheck answers the same. Only a failed *connect* is mapped: an OperationalError from a
query on a live connection is a server error like any other.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.http import HttpResponse

from prism import errors
from prism.responses import error_json

# Seconds a client should wait before trying again (a Lambda environment frees its session
# when it is reclaimed; the database restarts within minutes).
RETRY_AFTER_SECONDS = 5


def is_failed_connect(exc: BaseException) -> bool:
    """An OperationalError raised while PRism's database had no open connection: the connect
    itself failed (a query's error leaves the connection open)."""
    return isinstance(exc, OperationalError) and connections[DEFAULT_DB_ALIAS].connection is None


def database_unavailable_response() -> HttpResponse:
    response = error_json(errors.GLOBAL_503_1, "The database is unavailable; try again shortly.")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
