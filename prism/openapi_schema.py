"""OpenAPI schema that describes what really travels (DESIGN D1/D2).

Every success is documented as HTTP 200 with `{success, status, data}` — the logical
status (201, 204) that a view declares becomes the envelope's `status` enum — and every
operation lists the `{code, message}` error responses it can produce, each with the enum of
the codes that operation can send with that status (`DOMAIN_ERRORS` below, plus the
framework's codes). Response bodies are closed: a serializer writes exactly its fields, so
every response object says `additionalProperties: false` and the fuzzer's schema check
fails on a field the document does not name.
"""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from prism import errors
from prism.errors import ErrorCode

CATALOGUE: list[ErrorCode] = [
    value for value in vars(errors).values() if isinstance(value, ErrorCode)
]

NO_NUL_PATTERN = "^[^\\x00]*$"

ERROR_COMPONENT = "ErrorResponse"
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        # Every code of the catalogue (prism/errors.py); each operation narrows it.
        "code": {
            "type": "string",
            "enum": sorted({error.code for error in CATALOGUE}),
            "example": "Global_400_1",
        },
        "message": {"type": "string"},
    },
    "required": ["code", "message"],
    "additionalProperties": False,
}

# Codes any operation can send, by HTTP status: the framework's (prism/exception_handler.py) and,
# for operations that need a token, authentication's.
FRAMEWORK_ERRORS = [
    errors.GLOBAL_400_1,
    errors.GLOBAL_404_1,
    errors.GLOBAL_405_1,
    errors.GLOBAL_413_1,
    errors.GLOBAL_415_1,
    errors.GLOBAL_429_1,
    errors.GLOBAL_500_1,
]
AUTHENTICATION_ERRORS = [errors.AUTH_TOKEN_INVALID, errors.AUTH_TOKEN_EXPIRED, errors.AUTH_FAILED]

_PROJECT_ACCESS = [errors.PROJECT_NOT_FOUND, errors.PROJECT_FORBIDDEN]
# What each operation's services and selectors raise beyond the framework's codes. An
# operation missing here (a new view) is documented with every code of the catalogue for
# its statuses: still a closed set, only wider.
DOMAIN_ERRORS: dict[str, list[ErrorCode]] = {
    "healthcheck": [errors.GLOBAL_503_1],
    "auth_email_exists": [],
    "auth_send_code": [errors.AUTH_EMAIL_TAKEN],
    "auth_verify_code": [errors.AUTH_CODE_MISMATCH, errors.AUTH_CODE_EXPIRED],
    "auth_sign_up": [errors.AUTH_EMAIL_NOT_VERIFIED, errors.AUTH_EMAIL_TAKEN],
    "auth_reset_password": [errors.AUTH_EMAIL_UNKNOWN, errors.AUTH_EMAIL_NOT_VERIFIED],
    "auth_login": [errors.AUTH_EMAIL_UNKNOWN, errors.AUTH_WRONG_PASSWORD],
    "auth_refresh_token": [errors.AUTH_TOKEN_INVALID, errors.AUTH_TOKEN_EXPIRED],
    "auth_logout": [],
    "users_me": [],
    "users_profile": [],
    "users_update_profile": [],
    "users_put_profile_image": [],
    "users_delete_profile_image": [],
    "projects_create": [errors.PROJECT_CATEGORY_UNKNOWN],
    "projects_update": [*_PROJECT_ACCESS, errors.PROJECT_CATEGORY_UNKNOWN],
    "projects_delete": _PROJECT_ACCESS,
    "projects_members": _PROJECT_ACCESS,
    "projects_membership_leave": _PROJECT_ACCESS,
    "projects_membership_confirm": _PROJECT_ACCESS,
    "projects_set_visibility": _PROJECT_ACCESS,
    "projects_link": [
        *_PROJECT_ACCESS,
        errors.PROJECT_MEMBERS_MISSING,
        errors.AUTH_EMAIL_NOT_VERIFIED,
    ],
    "projects_me_involved": [],
    "projects_me_involved_detail": _PROJECT_ACCESS,
    "projects_me_registered": [],
    "projects_summary_by_member_and_filters": [],
    "projects_summary_by_name": [],
    "projects_public_detail": [errors.PROJECT_NOT_FOUND],
    "projects_who_involved": [],
    "search_projects": [],
    "posts_list": [],
    "posts_bookmarked": [],
    "posts_create": _PROJECT_ACCESS,
    "posts_detail": [],
    "posts_update": [*_PROJECT_ACCESS, errors.GLOBAL_403_1],
    "posts_delete": [errors.GLOBAL_403_1],
    "posts_toggle_bookmark": [],
    "peer_reviews_link_info": [
        errors.REVIEW_LINK_NOT_FOUND,
        errors.REVIEW_ALREADY_DONE,
        errors.REVIEW_NOBODY_TO_REVIEW,
    ],
    "peer_reviews_send_links": [errors.PROJECT_NOT_FOUND],
    "peer_reviews_submit": [
        errors.PROJECT_NOT_FOUND,
        errors.REVIEW_LINK_NOT_FOUND,
        errors.REVIEW_ALREADY_DONE,
    ],
    "peer_reviews_refresh_prism": [errors.PROJECT_NOT_FOUND, errors.REVIEW_REFRESH_FORBIDDEN],
    "prism_of_user": [errors.REVIEW_NO_DATA],
    "prism_of_user_in_project": [errors.REVIEW_NO_DATA],
}
_ERROR_DESCRIPTIONS = {
    "400": "Invalid input or a broken business rule (`Global_400_1` or a domain code).",
    "401": "Missing, expired or invalid access token (`AuthCode_401_2/3/4`).",
    "403": "Not allowed to change this resource (`Global_403_1`).",
    "404": "Not found (`Global_404_1` or a domain code).",
    "405": "Method not allowed (`Global_405_1`).",
    "413": "Request body too large (`Global_413_1`).",
    "415": "Unsupported media type (`Global_415_1`).",
    "429": "Too many requests (`Global_429_1`).",
    "500": "Unexpected server error (`Global_500_1`).",
    "503": "A dependency is unavailable (`Global_503_1`).",
}


class EnvelopeAutoSchema(AutoSchema):
    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        documented = super()._get_response_bodies(direction)
        if direction != "response":
            return documented
        responses: dict[str, Any] = {}
        logical_statuses: list[int] = []
        data_schemas: list[dict] = []
        description = ""
        codes_by_status = self._error_codes_by_status()
        for code, response in documented.items():
            if not code.startswith("2"):
                # A view may name extra error statuses (`responses={401: None}`): every
                # error body is the `{code, message}` envelope.
                codes_by_status.setdefault(code, self._catalogue_codes(int(code)))
                continue
            logical_statuses.append(int(code))
            description = description or response.get("description", "")
            content = response.get("content")
            schema = next(iter(content.values())).get("schema") if content else None
            if schema:
                self._close_objects(schema, seen=set())
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
                "additionalProperties": False,
            }
            responses["200"] = {
                "content": {"application/json": {"schema": envelope}},
                "description": description or "Success envelope",
            }
        for status, codes in codes_by_status.items():
            responses[status] = {
                "content": {"application/json": {"schema": self._error_codes_ref(codes)}},
                "description": _ERROR_DESCRIPTIONS.get(status, "Error envelope"),
            }
        return dict(sorted(responses.items()))

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # DRF's CharField refuses NUL characters: say so, or generated "valid" input fails.
        free_text = not any(key in schema for key in ("pattern", "format", "enum", "$ref"))
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and schema.get("type") == "string"
            and free_text
        ):
            schema["pattern"] = NO_NUL_PATTERN
        return schema

    def _error_codes_by_status(self) -> dict[str, list[str]]:
        """HTTP status -> the error codes this operation can send with it."""
        statuses = {400, 404, 405, 429, 500}
        if self.method in {"POST", "PUT", "PATCH"}:
            statuses |= {413, 415}
        raised = [error for error in FRAMEWORK_ERRORS if error.http_status in statuses]
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            raised += AUTHENTICATION_ERRORS
        operation_id = self.get_operation_id()
        if operation_id in DOMAIN_ERRORS:
            raised += DOMAIN_ERRORS[operation_id]
        else:  # not catalogued yet: every code of its statuses
            raised += [error for error in CATALOGUE if error.http_status in statuses]
        by_status: dict[str, set[str]] = {}
        for error in raised:
            by_status.setdefault(str(error.http_status), set()).add(error.code)
        return {status: sorted(codes) for status, codes in by_status.items()}

    @staticmethod
    def _catalogue_codes(status: int) -> list[str]:
        return sorted({error.code for error in CATALOGUE if error.http_status == status})

    def _close_objects(self, schema: Any, *, seen: set[str]) -> None:
        """Mark every object with named properties in a response body as closed, following
        `$ref`s into the components (response components only: requests are split off)."""
        if isinstance(schema, list):
            for item in schema:
                self._close_objects(item, seen=seen)
            return
        if not isinstance(schema, dict):
            return
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name in seen:
                return
            seen.add(name)
            component = self.registry._components.get((name, ResolvedComponent.SCHEMA))
            if component is not None and component.schema:
                self._close_objects(component.schema, seen=seen)
            return
        if schema.get("properties") and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        for value in schema.values():
            if isinstance(value, (dict, list)):
                self._close_objects(value, seen=seen)

    def _error_codes_ref(self, codes: list[str]) -> dict[str, str]:
        """The shared `{code, message}` shape narrowed to `codes`: one component per set
        (`ErrorGlobal4001Project4001`…), shared by the operations that send the same set."""
        narrowed = {"type": "object", "properties": {"code": {"enum": codes}}}
        name = "Error" + "".join(code.replace("_", "") for code in codes)
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            schema={"allOf": [self._error_component_ref(), narrowed]},
            object=name,
        )
        self.registry.register_on_missing(component)
        return component.ref

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
    """Documents `accounts.authentication.JWTAuthentication` as HTTP bearer with a JWT."""

    target_class = "accounts.authentication.JWTAuthentication"
    name = "jwtAuth"

    def get_security_definition(self, auto_schema) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
