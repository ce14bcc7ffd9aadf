"""OpenAPI schema that describes what really travels (DESIGN D1/D2).

Every success is documented as HTTP 200 with `{success, status, data}` — the logical
status (201, 204) that a view declares becomes the envelope's `status` enum — and every
operation lists the `{code, message}` error responses it can produce.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

ERROR_COMPONENT = "ErrorResponse"
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "example": "Global_400_1"},
        "message": {"type": "string"},
    },
    "required": ["code", "message"],
}
_ERROR_DESCRIPTIONS = {
    "400": "Invalid input or a broken business rule (`Global_400_1` or a domain code).",
    "401": "Missing, expired or invalid access token (`AuthCode_401_2/3/4`).",
    "404": "Not found (`Global_404_1` or a domain code).",
    "405": "Method not allowed (`Global_405_1`).",
    "413": "Request body too large (`Global_413_1`).",
    "415": "Unsupported media type (`Global_415_1`).",
    "429": "Too many requests (`Global_429_1`).",
    "500": "Unexpected server error (`Global_500_1`).",
}


class EnvelopeAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        documented = super()._get_response_bodies(direction)
        if direction != "response":
            return documented
        responses: dict[str, Any] = {}
        logical_statuses: list[int] = []
        data_schemas: list[dict] = []
        description = ""
        error_ref = self._error_component_ref()
        for code, response in documented.items():
            if not code.startswith("2"):
                # A view may name extra error statuses (`responses={401: None}`): every
                # error body is the `{code, message}` envelope.
                responses[code] = {
                    "content": {"application/json": {"schema": error_ref}},
                    "description": _ERROR_DESCRIPTIONS.get(code, "Error envelope"),
                }
                continue
            logical_statuses.append(int(code))
            description = description or response.get("description", "")
            content = response.get("content") or {}
            schema = next(iter(content.values()), {}).get("schema") if content else None
            if schema:
                data_schemas.append(schema)
        if logical_statuses:
            if not data_schemas:
                data: dict[str, Any] = {"nullable": True, "description": "Always null."}
            elif len(data_schemas) == 1:
                data = data_schemas[0]
            else:
                data = {"oneOf": data_schemas}
            envelope = {
                "type": "object",
                "properties": {
                    "success": {"type": "boolean", "enum": [True]},
                    "status": {"type": "integer", "enum": sorted(set(logical_statuses))},
                    "data": data,
                },
                "required": ["success", "status", "data"],
            }
            responses["200"] = {
                "content": {"application/json": {"schema": envelope}},
                "description": description or "Success envelope",
            }
        for code in self._error_codes():
            responses.setdefault(
                code,
                {
                    "content": {"application/json": {"schema": error_ref}},
                    "description": _ERROR_DESCRIPTIONS[code],
                },
            )
        return dict(sorted(responses.items()))

    def _error_codes(self) -> list[str]:
        codes = ["400", "404", "405", "429", "500"]
        if self.method in {"POST", "PUT", "PATCH"}:
            codes += ["413", "415"]
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            codes.append("401")
        return codes

    def _error_component_ref(self) -> dict[str, str]:
        component = ResolvedComponent(
            name=ERROR_COMPONENT,
            type=ResolvedComponent.SCHEMA,
            schema=ERROR_SCHEMA,
            object=ERROR_COMPONENT,
        )
        self.registry.register_on_missing(component)
        return component.ref


class JWTAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents `prism.authentication.JWTAuthentication` as HTTP bearer with a JWT."""

    target_class = "prism.authentication.JWTAuthentication"
    name = "jwtAuth"

    def get_security_definition(self, auto_schema) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
