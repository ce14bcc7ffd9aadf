"""One measurement in a fresh process, printed as JSON (run by bench/run.py).

    probe.py cold  prism|floor [TOKEN]    import the handler, answer one v2 event (PRism: the
                                          healthcheck, or GET /api/v1/users/me with TOKEN)
    probe.py token                        an access token for the seeded owner
    probe.py warm  prism|floor N          latency of every endpoint over N requests (each read
                                          alternating with its limit, bench/limit.py)
    probe.py queries                      queries per request for every endpoint
    probe.py attribute                    what PRism's dependencies add to the floor's import

The process reports its own split (import, first request) and peak RSS; the parent
times the whole process from spawn.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time

STARTED = time.perf_counter()

import re  # noqa: E402

TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b", re.I)


def v2_event(
    method: str, path: str, *, query: str = "", token: str | None = None, body: bytes | None = None
):
    headers = {
        "host": "localhost",
        "x-forwarded-proto": "https",
        "content-type": "application/json",
    }
    if token:
        headers["authorization"] = f"Bearer {token}"
    event = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": {
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "198.51.100.1",
                "userAgent": "bench",
            },
            "stage": "$default",
        },
        "isBase64Encoded": False,
    }
    if body is not None:
        event["body"] = body.decode()
    return event


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_handler(app: str, token: str | None = None):
    if app == "floor":
        import floor_app

        return floor_app.handler, v2_event("GET", "/ping")
    from prism.lambda_handler import handler

    if token:
        return handler, v2_event("GET", "/api/v1/users/me", token=token)
    return handler, v2_event("GET", "/healthcheck")


def cold(app: str, token: str | None = None) -> dict:
    handler, event = load_handler(app, token)
    imported = time.perf_counter()
    result = handler(event, None)
    answered = time.perf_counter()
    if result["statusCode"] != 200:
        raise SystemExit(f"first request failed: {result}")
    if token and "rest_framework_simplejwt.tokens" not in sys.modules:
        raise SystemExit("a signed-in request that read no token")
    return {
        "import_s": imported - STARTED,
        "first_request_s": answered - imported,
        "peak_rss_mb": peak_rss_mb(),
    }


def timed(handler, event, repeat: int) -> dict:
    samples = []
    status = None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = handler(event, None)
        samples.append((time.perf_counter() - begin) * 1000)
        status = result["statusCode"]
    samples.sort()
    return {
        "status": status,
        "p50_ms": statistics.median(samples),
        "p95_ms": samples[min(len(samples) - 1, int(len(samples) * 0.95))],
    }


def warm(app: str, repeat: int) -> dict:
    handler, event = load_handler(app)
    handler(event, None)
    if app == "floor":
        return {"ping": timed(handler, event, repeat)}
    from bench.limit import BUILDERS, Limit, capture
    from bench.scenarios import endpoints

    report = {}
    for name, make_event, is_read in endpoints():
        # Writes get fresh inputs each time (a survey reviewer, a project name).
        limit = None
        if is_read:
            handler(make_event(0), None)  # first use of this view's code paths, not timed
            statements, answer = capture(handler, make_event(0))
            if answer["statusCode"] == 200:
                limit = Limit(statements, answer["body"], BUILDERS.get(name.split()[0]))
        samples, limit_samples = [], []
        status = None
        for index in range(repeat if is_read else max(5, repeat // 10)):
            current = make_event(index)
            begin = time.perf_counter()
            result = handler(current, None)
            samples.append((time.perf_counter() - begin) * 1000)
            status = result["statusCode"]
            if status != 200:
                break
            if limit is not None:  # alternating, so both see the same machine
                begin = time.perf_counter()
                limit.run()
                limit_samples.append((time.perf_counter() - begin) * 1000)
        if status != 200:  # reported as failed, not timed: an error answer is not the work
            report[name] = {"read": is_read, "status": status, "error": result["body"][:300]}
            continue
        report[name] = {"read": is_read, "status": status, **percentiles(samples)}
        if limit is not None:
            report[name]["limit"] = {
                **percentiles(limit_samples),
                "body": limit.body,
                "byte_identical": limit.identical,
                "statements": len(limit.statements),
                "note": limit.note,
            }
    return report


def percentiles(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {
        "p50_ms": statistics.median(samples),
        "p95_ms": samples[min(len(samples) - 1, int(len(samples) * 0.95))],
    }


def queries() -> dict:
    handler, _ = load_handler("prism")  # sets Django up before the imports below

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from bench.scenarios import endpoints

    report = {}
    for name, make_event, is_read in endpoints():
        handler(make_event(10_000), None)  # warm caches (e.g. the first user lookup)
        event = make_event(10_001)
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            result = handler(event, None)
        if result["statusCode"] != 200:
            report[name] = {"read": is_read, "queries": None, "status": result["statusCode"]}
            continue
        # Transaction control (BEGIN, COMMIT, savepoints) is not work the request asked for.
        work = [q for q in captured.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])]
        report[name] = {"read": is_read, "queries": len(work), "statements": len(captured)}
    return report


def owner_token() -> dict:
    load_handler("prism")  # sets Django up
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import User
    from bench.seed import OWNER_EMAIL

    return {"token": str(AccessToken.for_user(User.objects.get(email=OWNER_EMAIL)))}


# What PRism imports beyond the floor, in the order a cold start meets it. Each step is timed
# after the previous ones, so a module two steps share is counted once, in the first.
ATTRIBUTION_STEPS = [
    ("floor: Django + DRF + apig-wsgi set-up", ["floor_app"]),
    ("database backend (SQLite)", ["django.db.backends.sqlite3.base"]),
    (
        "admin, sessions, messages, auth middleware",
        [
            "django.contrib.admin",
            "django.contrib.sessions.middleware",
            "django.contrib.messages.middleware",
            "django.contrib.auth.middleware",
        ],
    ),
    # With PRism's stand-in for django-stubs-ext (prism/typing_patch_shim.py), as PRism runs it.
    (
        "task queue: django-tasks-db (typing patch stand-in)",
        ["prism.typing_patch_shim", "django_tasks_db"],
    ),
    (
        "CORS, static files, database URLs",
        ["corsheaders.middleware", "whitenoise", "dj_database_url"],
    ),
]


def attribute() -> dict:
    """Import time of each step of ATTRIBUTION_STEPS, in a floor process with PRism's packages."""
    import importlib

    report = {}
    for label, modules in ATTRIBUTION_STEPS:
        began = time.perf_counter()
        for module in modules:
            loaded = importlib.import_module(module)
            if module == "prism.typing_patch_shim":
                loaded.install()
        report[label] = time.perf_counter() - began
    return report


def main() -> None:
    mode, *args = sys.argv[1:]
    if mode == "cold":
        result = cold(args[0], args[1] if len(args) > 1 else None)
    elif mode == "token":
        result = owner_token()
    elif mode == "warm":
        result = warm(args[0], int(args[1]))
    elif mode == "queries":
        result = queries()
    elif mode == "attribute":
        result = attribute()
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
