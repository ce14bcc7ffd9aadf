"""One access-log line per request, and the JSON shape every log line takes on Lambda.

The line names the route *pattern* Django resolved (`api/v1/projects/<id:project_id>`),
never the raw path or query: those may hold verification or invitation codes. Nothing from
headers or bodies is logged, so tokens, e-mail addresses and review text cannot leak.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

from prism.exception_handler import route_not_found

logger = logging.getLogger("prism.access")

# Methods are client-chosen strings; anything unusual is logged as OTHER.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

# The Lambda request id of the request being served, added to every JSON line it logs.
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)

# Set again after a SnapStart restore (prism/lambda_handler.py): the first request an
# execution environment serves is the cold one, whether it was initialised or restored.
_cold = True


def mark_cold_start() -> None:
    global _cold
    _cold = True


def _take_cold_start() -> bool:
    global _cold
    cold, _cold = _cold, False
    return cold


def route_pattern(request: HttpRequest) -> str:
    """The resolved URL pattern, or a placeholder when no pattern matched (a 404)."""
    match = getattr(request, "resolver_match", None)
    # The URL table ends in a catch-all (`^`) answering the 404 envelope: no route either.
    if match is None or match.route is None or match.func is route_not_found:
        return "(unmatched)"
    return "/" + match.route


def lambda_request_id(request: HttpRequest) -> str | None:
    context = request.META.get("apig_wsgi.context")
    return getattr(context, "aws_request_id", None)


class AccessLogMiddleware:
    """Log method, route pattern, status, duration, Lambda request id and cold start."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cold = _take_cold_start()
        request_id = lambda_request_id(request)
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        method = request.method if request.method in KNOWN_METHODS else "OTHER"
        route = route_pattern(request)
        fields = {
            "type": "access",
            "method": method,
            "route": route,
            "status": response.status_code,
            "durationMs": duration_ms,
            "requestId": request_id,
            "coldStart": cold,
        }
        logger.info(
            "%s %s %s %.1fms",
            method,
            route,
            response.status_code,
            duration_ms,
            extra={"fields": fields},
        )
        return response


class JsonFormatter(logging.Formatter):
    """A JSON object per line (CloudWatch Logs Insights reads its keys as fields).

    Only `extra={"fields": {...}}` is merged in, never other record attributes: Django's own
    loggers attach the request object, whose repr shows the raw path and query.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = current_request_id.get()
        if request_id is not None:
            entry["requestId"] = request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
