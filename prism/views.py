"""Endpoints that belong to the deployment rather than to a domain app."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views import View
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from prism import errors
from prism.responses import error_body, success

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
            return Response(error_body(errors.GLOBAL_503_1, "database unreachable"), status=503)
        return success({"status": "ok", "database": "ok"})


class ApiDocsView(View):
    """`/api-docs`: drf-spectacular's schema, imported on first use.

    Schema generation needs modules (YAML, URI templates, the generator) that no other
    request uses; importing them lazily keeps them out of every cold start.
    """

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        from drf_spectacular.views import SpectacularAPIView

        return SpectacularAPIView.as_view()(request, *args, **kwargs)


class SwaggerUiView(View):
    """`/swagger-ui.html`, imported on first use like `ApiDocsView`."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        from drf_spectacular.views import SpectacularSwaggerView

        return SpectacularSwaggerView.as_view(url_name="api-docs")(request, *args, **kwargs)
