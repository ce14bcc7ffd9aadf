"""One exception handler: every failure leaves as `{code, message}` (DESIGN D2).

DRF calls `api_exception_handler` for exceptions raised in API views; the Django-level
handlers below cover what never reaches DRF (unknown routes, errors in middleware).
Internals (tracebacks, SQL, exception text) never reach the client.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions as drf
from rest_framework.response import Response

from prism import errors
from prism.database_unavailable import database_unavailable_response, is_failed_connect
from prism.errors import DomainError, ErrorCode
from prism.responses import error_body, error_json

logger = logging.getLogger("prism.errors")

_DRF_ERRORS: list[tuple[type[Exception], ErrorCode]] = [
    (drf.ParseError, errors.GLOBAL_400_1),
    (drf.ValidationError, errors.GLOBAL_400_1),
    (drf.NotFound, errors.GLOBAL_404_1),
    (Http404, errors.GLOBAL_404_1),
    (drf.MethodNotAllowed, errors.GLOBAL_405_1),
    (drf.NotAcceptable, errors.GLOBAL_406_1),
    (drf.UnsupportedMediaType, errors.GLOBAL_415_1),
    (drf.Throttled, errors.GLOBAL_429_1),
    (drf.PermissionDenied, errors.GLOBAL_403_1),
    (DjangoPermissionDenied, errors.GLOBAL_403_1),
    (RequestDataTooBig, errors.GLOBAL_413_1),
]


def readable_validation_message(detail: Any, prefix: str = "") -> str:
    """Flatten DRF's nested error detail into `field: message; other.0.x: message`."""
    if isinstance(detail, dict):
        parts = [
            readable_validation_message(
                value, f"{prefix}{key}." if key != "non_field_errors" else prefix
            )
            for key, value in detail.items()
        ]
        return "; ".join(part for part in parts if part)
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            label = prefix.rstrip(".")
            text = " ".join(str(item) for item in detail)
            return f"{label}: {text}" if label else text
        parts = [
            readable_validation_message(item, f"{prefix}{index}.")
            for index, item in enumerate(detail)
        ]
        return "; ".join(part for part in parts if part)
    label = prefix.rstrip(".")
    return f"{label}: {detail}" if label else str(detail)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's EXCEPTION_HANDLER: map every exception to the error envelope."""
    if isinstance(exc, DomainError):
        return Response(error_body(exc.error, exc.message), status=exc.error.http_status)

    if isinstance(exc, (drf.NotAuthenticated, drf.AuthenticationFailed)):
        # The authentication class remembered why the token was refused (contract §3.2).
        request = context.get("request")
        error = getattr(request, "prism_auth_failure", None) or errors.AUTH_FAILED
        response = Response(error_body(error), status=error.http_status)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    for exc_type, error in _DRF_ERRORS:
        if isinstance(exc, exc_type):
            message = None
            if isinstance(exc, drf.ValidationError):
                message = readable_validation_message(exc.detail) or error.message
            elif isinstance(exc, drf.ParseError):
                message = f"Malformed request body: {exc.detail}"
            elif isinstance(exc, drf.MethodNotAllowed):
                message = str(exc.detail)
            response = Response(error_body(error, message), status=error.http_status)
            if isinstance(exc, drf.Throttled) and exc.wait is not None:
                response["Retry-After"] = str(int(exc.wait) + 1)
            return response

    if isinstance(exc, SuspiciousOperation):
        return Response(error_body(errors.GLOBAL_400_1, "Bad request"), status=400)

    if is_failed_connect(exc):  # no session to be had: a retryable 503, not a 500 (issue 13.5)
        logger.warning(
            "Database unreachable: %s", str(exc).splitlines()[0][:200] if str(exc) else ""
        )
        return database_unavailable_response()

    view = context.get("view")
    logger.exception("Unhandled error in %s", type(view).__name__ if view else "view")
    return Response(error_body(errors.GLOBAL_500_1), status=500)


# --- Django-level handlers (urls.handler400/403/404/500) -----------------------------------------


@csrf_exempt  # an unknown route is a 404 whatever the method, never a CSRF refusal
def route_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return error_json(errors.GLOBAL_404_1)


def csrf_failure(request: HttpRequest, reason: str = "") -> JsonResponse:
    """CSRF_FAILURE_VIEW: only the admin's session forms are CSRF-protected."""
    return error_json(errors.GLOBAL_403_1, "CSRF verification failed")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    if isinstance(exception, RequestDataTooBig):
        return error_json(errors.GLOBAL_413_1)
    return error_json(errors.GLOBAL_400_1, "Bad request")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return error_json(errors.GLOBAL_403_1)


def server_error(request: HttpRequest) -> JsonResponse:
    return error_json(errors.GLOBAL_500_1)
