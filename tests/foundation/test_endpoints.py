"""Endpoints the foundation owns: healthcheck, API docs, admin with static files."""

import json
import re

import pytest
from django.db import DatabaseError

from prism.views import OPENAPI_DOCUMENT
from tests.factories import PASSWORD, UserFactory
from tests.url_routes import url_patterns, view_methods

pytestmark = pytest.mark.django_db


def test_healthcheck_reports_database_reachability(api_client):
    response = api_client.get("/healthcheck")
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "status": 200,
        "data": {"status": "ok", "database": "ok"},
    }


def test_healthcheck_is_503_when_the_database_is_down(api_client, monkeypatch):
    from django.db import connection

    def refuse():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = api_client.get("/healthcheck")
    # The same answer as any request that finds no database: envelope and Retry-After.
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["code"] == "Global_503_1"


def test_healthcheck_ignores_bad_tokens(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer garbage")
    assert api_client.get("/healthcheck").status_code == 200


def test_openapi_schema_describes_the_envelope(api_client):
    response = api_client.get("/api-docs", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    health = schema["paths"]["/healthcheck"]["get"]["responses"]
    envelope = health["200"]["content"]["application/json"]["schema"]
    assert envelope["required"] == ["success", "status", "data"]
    assert envelope["properties"]["status"]["enum"] == [200]
    # Each error status names the codes it can carry: the shared shape, narrowed.
    components = schema["components"]["schemas"]
    assert health["500"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorGlobal5001"
    }
    assert health["503"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorGlobal5031"
    }
    assert components["ErrorGlobal5001"]["allOf"][0] == {
        "$ref": "#/components/schemas/ErrorResponse"
    }
    assert components["ErrorResponse"]["required"] == ["code", "message"]
    assert components["ErrorResponse"]["additionalProperties"] is False
    assert envelope["additionalProperties"] is False
    assert "jwtAuth" in schema["components"]["securitySchemes"]


def test_the_served_openapi_document_is_current():
    """prism/openapi.json is what the generator makes of the code now (`make openapi`)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True))
    committed = OPENAPI_DOCUMENT.read_bytes()
    assert json.loads(generated) == json.loads(committed), "stale: run `make openapi`"


def test_swagger_ui_is_public_and_reads_the_document(api_client):
    response = api_client.get("/swagger-ui.html")
    assert response.status_code == 200
    assert b"SwaggerUIBundle" in response.content
    assert response.context["schema_url"] == "/api-docs"


def test_admin_login_page_and_its_static_files_are_served(client):
    page = client.get("/admin/login/")
    assert page.status_code == 200
    css = client.get("/static/admin/css/base.css")
    assert css.status_code == 200
    assert b"".join(css.streaming_content if css.streaming else [css.content])


def test_staff_can_sign_in_to_the_admin_with_their_email(client):
    UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "Staff@Example.com", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert client.get("/admin/accounts/user/").status_code == 200


def api_routes():
    """Every (path, method) the URLconf routes to an API view, in OpenAPI path syntax."""
    routes = set()
    for route, pattern in url_patterns():
        if not route.startswith("api/"):
            continue
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route).replace("^", "")
        openapi_path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path).rstrip("$")
        routes.update((openapi_path, method) for method in view_methods(pattern))
    return routes


def test_every_api_endpoint_is_in_the_schema_with_its_shapes(api_client):
    schema = api_client.get("/api-docs", HTTP_ACCEPT="application/json").json()
    routes = api_routes()
    assert routes, "no API routes found"
    for path, method in sorted(routes):
        operation = schema["paths"].get(path, {}).get(method)
        assert operation is not None, f"{method.upper()} {path} is missing from the OpenAPI schema"
        content = operation["responses"]["200"]["content"]
        if list(content) == ["image/svg+xml"]:  # the PRism card is a picture, not an envelope
            continue
        envelope = content["application/json"]["schema"]
        assert envelope["required"] == ["success", "status", "data"], path
        if method in {"post", "put", "patch"} and "requestBody" in operation:
            assert operation["requestBody"]["content"], path


def test_the_urlconf_can_be_imported_again():
    # A URLconf whose import failed is imported again on the next request; it must not
    # register the `id` converter a second time (Django refuses that).
    import importlib

    import prism.urls

    importlib.reload(prism.urls)
