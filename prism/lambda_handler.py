"""AWS Lambda entry points: `handler` (web), `migrate` (once per deploy), `worker` (tasks).

Django is set up at import time, so Lambda SnapStart snapshots a process that has already
paid for imports, app loading and URL resolution. What only staff pages use (the admin's
registrations, WhiteNoise's file index) waits for first use, unless SnapStart will keep
the snapshot. Events are never logged: they carry tokens and personal data.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import random
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prism.settings")

import django

django.setup()

from prism import simplejwt_signal_shim  # noqa: E402

# simplejwt's settings import django.test.signals: load that file, not all of django.test.
simplejwt_signal_shim.install()

from apig_wsgi import make_lambda_handler  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connections  # noqa: E402
from django.urls import get_resolver  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402
from snapshot_restore_py import register_after_restore, register_before_snapshot  # noqa: E402

from prism import errors  # noqa: E402
from prism.errors import ErrorCode  # noqa: E402
from prism.lambda_events import MalformedEvent, checked_event  # noqa: E402
from prism.responses import error_body  # noqa: E402

logger = logging.getLogger("prism.lambda")

application = get_wsgi_application()
# Load the root URL table now rather than in the first request (each app's own table loads
# with the first request that reaches it, prism/urls.py), and the message storage every
# request's MessageMiddleware would otherwise import on first use.
get_resolver().url_patterns  # noqa: B018
import_string(settings.MESSAGE_STORAGE)

if settings.PRISM_SNAPSTART_INIT:
    # The snapshot is taken after init: whatever is loaded now costs nothing on restore, so
    # load what cold requests would otherwise load lazily (the admin, S3, Oracle driver).
    import importlib

    from django.urls import reverse

    # Discovers the ModelAdmins (prism/admin_site.py) and, reversing, loads every app's URL
    # table with its views.
    reverse("admin:index")
    # simplejwt (and the PyJWT and cryptography it pulls in) waits for the first token
    # on a plain cold start; a snapshot may as well hold it.
    for module in (
        "storages.backends.s3",
        "oracledb",
        "rest_framework_simplejwt.tokens",
        "rest_framework_simplejwt.backends",
    ):
        try:
            importlib.import_module(module)
        except ImportError:  # not installed in this package
            logger.info("SnapStart warm-up: %s not available", module)

if settings.PRISM_SNAPSTART_INIT and settings.PRISM_WORKER_WAKE_QUEUE_URL:
    # The SQS client that wakes the worker, built before the snapshot rather than in the
    # first request that enqueues a task (SnapStart's credentials refresh after restore).
    from prism.task_queue.wakeup import sqs_client

    sqs_client()

_apig_handler = make_lambda_handler(
    application,
    binary_support=True,
    non_binary_content_type_prefixes=("application/json", "text/", "application/javascript"),
)

# What init loaded lives as long as the process: move it out of the garbage collector's
# reach, so collections during requests scan only what requests create (a full pass over
# the init heap landed in the first request and cost it ~5 ms here).
gc.freeze()
# Requests allocate thousands of short-lived containers (model instances, serializer fields,
# dicts): at the default 2,000 a list read ran several young collections, P8 ~17 % of its
# time in a paired run (bench/). Cyclic garbage is still collected, in larger batches: at
# most a few MB of it waits for the next collection.
gc.set_threshold(50_000, 20, 100)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """API Gateway (HTTP API v2 or REST API v1) → Django → API Gateway response.

    Always an HTTP answer: an event that cannot be read as a request gets 400 in the
    error envelope, never an exception (Lambda would report an invocation error).
    """
    try:
        event = checked_event(event)
    except MalformedEvent as exc:
        logger.warning("Refused a malformed event: %s", exc)
        return _error_response(errors.GLOBAL_400_1, f"Malformed request: {exc}")
    try:
        return _apig_handler(event, context)
    except Exception:  # a shape checked_event does not know yet; Django's own errors never get here
        logger.exception("Could not adapt the event to a request")
        return _error_response(errors.GLOBAL_400_1, "Malformed request")


def _error_response(error: ErrorCode, message: str) -> dict[str, Any]:
    return {
        "statusCode": error.http_status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(error_body(error, message), ensure_ascii=False),
        "isBase64Encoded": False,
    }


def migrate(event: dict[str, Any] | None = None, context: Any = None) -> dict[str, Any]:
    """Check the configuration, apply migrations and seed reference data; idempotent.

    `call_command` skips system checks unless asked; a deploy whose configuration is wrong
    must fail here, before it migrates and before traffic reaches it.
    """
    started = time.monotonic()
    call_command("check", verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed", verbosity=0)
    from django.db.migrations.recorder import MigrationRecorder

    applied = MigrationRecorder(connections["default"]).applied_migrations()
    summary = {
        "status": "ok",
        "appliedMigrations": len(applied),
        "seconds": round(time.monotonic() - started, 3),
    }
    logger.info("migrate finished: %s", summary)
    return summary


def migrate_on_deploy(event: dict[str, Any] | None = None, context: Any = None) -> dict[str, Any]:
    """The migrate function's entry point: a CloudFormation custom-resource request (the
    deploy's migration step, answered on its pre-signed URL) or a manual `migrate` invoke."""
    from prism.deploy_migrations import handle_custom_resource, is_custom_resource_request

    if is_custom_resource_request(event):
        return handle_custom_resource(event, context, migrate=lambda: migrate({}, context))
    return migrate(event, context)


# Leave this much of the invocation for the last task to finish and report.
WORKER_SAFETY_MARGIN_MS = int(os.environ.get("PRISM_WORKER_SAFETY_MARGIN_MS", "20000"))


# Operator commands the worker runs on request, e.g. `{"command": "recompute_prism",
# "args": ["--project", "3"]}` through `sam remote invoke WorkerFunction`.
# (Finished tasks are purged after every run, so `purge_tasks` is not needed here.)
WORKER_COMMANDS = {"recompute_prism", "purge_credentials"}


def worker(event: dict[str, Any] | None = None, context: Any = None) -> dict[str, Any]:
    """Run an operator command if the event names one; then queued tasks until the queue is
    empty or the invocation's time runs out."""
    from io import StringIO

    from prism.task_queue.runner import purge_finished_tasks, run_queued_tasks

    command_output = None
    command = (event or {}).get("command")
    if command is not None:
        if command not in WORKER_COMMANDS:
            return {"error": f"unknown command {command!r}", "allowed": sorted(WORKER_COMMANDS)}
        out = StringIO()
        call_command(command, *[str(arg) for arg in (event or {}).get("args", [])], stdout=out)
        command_output = out.getvalue().strip()

    def time_left_ms() -> float:
        if context is not None and hasattr(context, "get_remaining_time_in_millis"):
            remaining: float = context.get_remaining_time_in_millis()
            return remaining
        return float("inf")

    summary: dict[str, Any] = run_queued_tasks(
        should_continue=lambda: time_left_ms() > WORKER_SAFETY_MARGIN_MS
    )
    if settings.PRISM_TASKS_BACKEND == "database":
        summary["purged"] = purge_finished_tasks()
    if command_output is not None:
        summary["command"] = command_output
    logger.info("worker finished: %s", summary)
    return summary


@register_before_snapshot
def _close_connections_before_snapshot() -> None:
    # A socket captured in the snapshot would be shared by every restored copy.
    connections.close_all()


@register_after_restore
def _reseed_after_restore() -> None:
    # Restored copies would otherwise share the snapshot's random state.
    random.seed(os.urandom(32))


@register_after_restore
def _mark_cold_start_after_restore() -> None:
    # The snapshot's process served no request, but its first one after a restore is cold.
    from prism.access_log import mark_cold_start

    mark_cold_start()
