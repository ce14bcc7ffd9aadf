"""Request-level guards that must hold before any view runs."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from prism import errors
from prism.responses import error_json


class RequestSizeLimitMiddleware:
    """Refuse bodies over PRISM_MAX_REQUEST_BYTES with 413 in the error envelope.

    DRF's JSON parser reads the raw stream, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not
    protect it; the declared length is checked here instead (API Gateway always sends one).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_json(errors.GLOBAL_400_1, "Content-Length: not a number")
        if length > settings.PRISM_MAX_REQUEST_BYTES:
            return error_json(errors.GLOBAL_413_1)
        return self.get_response(request)


class NoStoreApiResponsesMiddleware:
    """API answers carry tokens and personal data: no shared or browser cache may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/") and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


class StaticFilesOnDemandMiddleware:
    """WhiteNoise, started by the first request for a static file.

    WhiteNoise indexes every file under STATIC_ROOT when it starts (~12 ms for the admin's
    assets). Only staff pages use them, so API cold starts should not pay for the index
    (unless a SnapStart snapshot will hold it).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = urlparse(settings.STATIC_URL).path
        self._whitenoise: Callable[[HttpRequest], HttpResponse] | None = None
        if settings.PRISM_SNAPSTART_INIT:
            self._start_whitenoise()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(self.prefix):
            return self.get_response(request)
        return (self._whitenoise or self._start_whitenoise())(request)

    def _start_whitenoise(self) -> Callable[[HttpRequest], HttpResponse]:
        from whitenoise.middleware import WhiteNoiseMiddleware

        self._whitenoise = WhiteNoiseMiddleware(self.get_response)
        return self._whitenoise
