"""Migrations as a step of `sam deploy`: the CloudFormation custom resource's handler.

template.yaml declares a `Custom::DatabaseMigrations` resource whose properties change with
every code version, backed by the migrate function. CloudFormation sends it Create/Update
before the web function's new code is published; this handler migrates and answers on the
request's pre-signed URL: SUCCESS lets the deploy go on, FAILED makes CloudFormation roll
the stack back. The answer is always sent: a request left unanswered would hold the stack
for an hour. So it is sent on errors of any kind, and as FAILED shortly before the
invocation would time out.

Delete does nothing (a schema is never dropped by removing a resource), nor does the Update
CloudFormation sends while rolling back: migrations are forward-only, and the previous code
must run on the migrated schema (add columns and tables first, drop them a release later).
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any, TypeGuard

from django.conf import settings

logger = logging.getLogger("prism.deploy")

# CloudFormation accepts a whole response of at most 4 KB; the reason is kept well under.
REASON_MAX_CHARS = 400
# Answer FAILED this long before the invocation would be cut off.
TIMEOUT_MARGIN_MS = 10_000
RESPONSE_ATTEMPTS = 3


def is_custom_resource_request(event: object) -> TypeGuard[Mapping[str, Any]]:
    return isinstance(event, Mapping) and "RequestType" in event and "ResponseURL" in event


def stack_is_rolling_back(stack_id: str) -> bool:
    """True while the stack is rolling back; False when unknown (then migrate as usual)."""
    try:
        import boto3

        stacks = boto3.client("cloudformation").describe_stacks(StackName=stack_id)["Stacks"]
        status: str = stacks[0]["StackStatus"]
        return status.endswith("ROLLBACK_IN_PROGRESS")
    except Exception as exc:  # the check is a courtesy: without it, migrate is still safe
        logger.warning("Stack status unavailable (%s)", type(exc).__name__)
        return False


def _secrets() -> list[str]:
    database = settings.DATABASES.get("default", {})
    mailer = settings.MAILERS.get("default", {}).get("OPTIONS", {})
    values = [database.get("PASSWORD"), settings.SECRET_KEY]
    values.append(mailer.get("password"))
    return [value for value in values if isinstance(value, str) and len(value) >= 4]


def failure_reason(exc: BaseException) -> str:
    """The exception's class and first line, short, with configured secrets masked."""
    lines = str(exc).strip().splitlines()
    reason = f"Migration failed: {type(exc).__name__}: {lines[0] if lines else ''}".strip()
    for secret in _secrets():
        reason = reason.replace(secret, "***")
    if len(reason) > REASON_MAX_CHARS:
        reason = reason[: REASON_MAX_CHARS - 1] + "…"
    return reason + " (see the migrate function's log group)"


class _Responder:
    """Sends the one answer CloudFormation waits for; later attempts are ignored."""

    def __init__(self, event: Mapping[str, Any]) -> None:
        self.event = event
        self._lock = threading.Lock()
        self.sent: str | None = None

    def send(self, status: str, reason: str, data: dict | None = None) -> bool:
        with self._lock:
            if self.sent is not None:
                return False
            self.sent = status
        event = self.event
        body = json.dumps(
            {
                "Status": status,
                "Reason": reason,
                "PhysicalResourceId": event.get("PhysicalResourceId")
                or f"{event.get('LogicalResourceId', 'DatabaseMigrations')}-prism",
                "StackId": event.get("StackId", ""),
                "RequestId": event.get("RequestId", ""),
                "LogicalResourceId": event.get("LogicalResourceId", ""),
                "Data": data or {},
            }
        ).encode()
        url = event["ResponseURL"]
        if not url.startswith(("https://", "http://")):
            raise ValueError("ResponseURL is not an HTTP(S) URL")
        # The pre-signed URL is signed without a content type: none may be sent.
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            url,
            data=body,
            method="PUT",
            headers={"Content-Type": "", "Content-Length": str(len(body))},
        )
        for attempt in range(1, RESPONSE_ATTEMPTS + 1):
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    response.read()
                logger.info("Answered CloudFormation: %s", status)
                return True
            except Exception as exc:  # retried: an unanswered request blocks the stack
                logger.warning(
                    "CloudFormation answer failed (%s), attempt %d", type(exc).__name__, attempt
                )
        return False


def handle_custom_resource(
    event: Mapping[str, Any],
    context: Any,
    *,
    migrate: Callable[[], dict],
    is_rolling_back: Callable[[str], bool] = stack_is_rolling_back,
) -> dict[str, Any]:
    """Migrate on Create/Update, nothing on Delete or during a rollback; always answer."""
    responder = _Responder(event)
    timer = None
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if callable(remaining):
        seconds = max((remaining() - TIMEOUT_MARGIN_MS) / 1000, 1)
        timer = threading.Timer(
            seconds, responder.send, ("FAILED", "Migration timed out before it finished")
        )
        timer.daemon = True
        timer.start()
    try:
        request_type = event.get("RequestType")
        if request_type == "Delete":
            responder.send("SUCCESS", "Nothing to do on delete: the schema is kept")
        elif request_type == "Update" and is_rolling_back(str(event.get("StackId", ""))):
            responder.send("SUCCESS", "Stack rolling back: migrations are forward-only")
        elif request_type in ("Create", "Update"):
            summary = migrate()
            data = {"appliedMigrations": summary.get("appliedMigrations", 0)}
            responder.send("SUCCESS", "Migrations applied", data)
        else:
            responder.send("FAILED", "Unknown request type")
    except BaseException as exc:  # SystemExit too: CloudFormation must hear back
        logger.exception("Deploy migration failed")
        responder.send("FAILED", failure_reason(exc))
        if not isinstance(exc, Exception):
            raise
    finally:
        if timer is not None:
            timer.cancel()
    return {"status": responder.sent}
