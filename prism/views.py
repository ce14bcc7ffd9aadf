"""Endpoints that belong to the deployment rather than to a domain app."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from django.views.static import serve
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from prism import exception_handler
from prism.database_unavailable import database_unavailable_response
from prism.openapi_annotations import extend_schema, inline_serializer
from prism.responses import success

logger = logging.getLogger(__name__)


def database_is_reachable() -> bool:
    try:
        connection.ensure_connection()
        usable = connection.is_usable()
    except DatabaseError:
        usable = False
    if not usable:
        logger.warning("Health check: database unreachable")
    return usable


class HealthcheckView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="healthcheck",
        responses={
            200: inline_serializer(
                "Health",
                {"status": serializers.CharField(), "database": serializers.CharField()},
            )
        },
        description=(
            "Liveness and database reachability. 503 `Global_503_1` when the database is down."
        ),
    )
    def get(self, request: Request) -> Response:
        if not database_is_reachable():
            return database_unavailable_response()
        return success({"status": "ok", "database": "ok"})


# Written by `make openapi` (drf-spectacular, at build time); the tests fail when it is stale.
OPENAPI_DOCUMENT = Path(__file__).with_name("openapi.json")


class ApiDocsView(View):
    """`/api-docs`: the OpenAPI document (JSON, contract §1), generated at build time."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return HttpResponse(_openapi_document(), content_type="application/json")


@cache
def _openapi_document() -> bytes:
    return OPENAPI_DOCUMENT.read_bytes()


class SwaggerUiView(View):
    """`/swagger-ui.html`: Swagger UI over `/api-docs`, its assets served by the app (offline)."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return render(request, "prism/swagger_ui.html", {"schema_url": reverse("api-docs")})


# Only what profile-image uploads store (accounts.services.set_profile_image).
LOCAL_MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


def local_media(request: HttpRequest, path: str) -> HttpResponse:
    """Media stored on local disk (no bucket configured), with DEBUG on or off.

    Only image types are served, with their type fixed by the name and `nosniff`, and a
    sandboxing CSP: whatever a file holds, it cannot run as a page of the API's origin.
    """
    content_type = LOCAL_MEDIA_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None:
        return exception_handler.route_not_found(request)
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except Http404:
        return exception_handler.route_not_found(request)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = "inline"
    return response
