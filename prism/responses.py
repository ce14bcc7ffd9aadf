"""The contract's two response bodies (DESIGN D1): success envelope and error envelope."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from rest_framework.response import Response

from prism.errors import ErrorCode


def success(data: Any = None, *, status: int = 200) -> Response:
    """`{success: true, status, data}` with HTTP 200; `status` is the logical one (201, 204)."""
    return Response({"success": True, "status": status, "data": data}, status=200)


def error_body(error: ErrorCode, message: str | None = None) -> dict[str, str]:
    return {"code": error.code, "message": message or error.message}


def error_json(error: ErrorCode, message: str | None = None) -> JsonResponse:
    """The error envelope for plain Django views (no DRF negotiation involved)."""
    return JsonResponse(
        error_body(error, message),
        status=error.http_status,
        json_dumps_params={"ensure_ascii": False},
    )
