"""The envelope, the error mapping and the JWT 401 codes (DESIGN D1, D2; contract §3.2)."""

from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from tests.conftest import bearer_client
from tests.envelopes import error as assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.foundation.probe_urls")]


def test_success_envelope_keeps_http_200_with_logical_status(api_client):
    response = api_client.post("/probe/echo", {"name": "abc", "count": "3"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"success": True, "status": 201, "data": {"name": "abc", "count": 3}}


@pytest.mark.parametrize("path", ["/nope", "/api/v1/nope", "/api/v1/", "/static/nope.css"])
def test_unknown_routes_answer_global_404(api_client, path):
    assert_error(api_client.get(path), 404, "Global_404_1")


def test_unknown_route_is_an_envelope_in_debug_too(api_client, settings):
    settings.DEBUG = True
    assert_error(api_client.get("/definitely/not/here"), 404, "Global_404_1")


def test_wrong_method_is_405(api_client):
    assert_error(api_client.delete("/healthcheck"), 405, "Global_405_1")


def test_malformed_json_is_400_with_a_readable_message(api_client):
    response = api_client.post("/probe/echo", "{not json", content_type="application/json")
    message = assert_error(response, 400, "Global_400_1")
    assert "Malformed" in message


def test_validation_errors_name_each_field(api_client):
    response = api_client.post("/probe/echo", {"name": "toolong", "tags": [1, {}]}, format="json")
    message = assert_error(response, 400, "Global_400_1")
    assert "name:" in message
    assert "count:" in message
    assert "tags.1:" in message


def test_unsupported_media_type(api_client):
    response = api_client.post("/probe/echo", "a=b", content_type="text/plain")
    assert_error(response, 415, "Global_415_1")


def test_domain_error_uses_its_own_status_and_code(api_client):
    message = assert_error(api_client.get("/probe/domain-error"), 400, "Project_400_1")
    assert message == "존재하지 않는 프로젝트입니다."


def test_crash_is_500_without_internals(api_client, caplog):
    response = api_client.get("/probe/crash")
    message = assert_error(response, 500, "Global_500_1")
    assert message == "internal server error"
    assert "hunter2" not in response.content.decode()


def test_throttled_requests_get_429(api_client):
    cache.clear()
    assert api_client.get("/probe/throttled").status_code == 200
    assert api_client.get("/probe/throttled").status_code == 200
    response = api_client.get("/probe/throttled")
    assert_error(response, 429, "Global_429_1")
    assert int(response["Retry-After"]) > 0


# --- JWT authentication (contract §3.2) ----------------------------------------------------------


def test_valid_token_authenticates(user, user_client):
    response = user_client.get("/probe/whoami")
    assert response.json()["data"] == {"userId": str(user.id)}


def test_missing_token_is_401_4(api_client):
    response = api_client.get("/probe/whoami")
    assert_error(response, 401, "AuthCode_401_4")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_not_bearer_scheme_is_401_4(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert_error(api_client.get("/probe/whoami"), 401, "AuthCode_401_4")


def test_malformed_token_is_401_2(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-jwt")
    assert_error(api_client.get("/probe/whoami"), 401, "AuthCode_401_2")


def test_expired_token_is_401_3(api_client, user):
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-timedelta(seconds=5))
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_error(api_client.get("/probe/whoami"), 401, "AuthCode_401_3")


def test_bad_signature_is_401_2(api_client, user):
    # domain.md W-29: the earlier server's 401_4 here was a bug.
    payload = dict(AccessToken.for_user(user).payload)
    forged = jwt.encode(payload, "another-key-that-is-long-enough-0123456789", algorithm="HS256")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {forged}")
    assert_error(api_client.get("/probe/whoami"), 401, "AuthCode_401_2")


def test_unsigned_token_is_401_2(api_client, user):
    payload = dict(AccessToken.for_user(user).payload)
    unsigned = jwt.encode(payload, None, algorithm="none")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {unsigned}")
    assert_error(api_client.get("/probe/whoami"), 401, "AuthCode_401_2")


def test_refresh_token_used_as_access_token_is_401_4(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user)}")
    assert_error(api_client.get("/probe/whoami"), 401, "AuthCode_401_4")


def test_inactive_or_unknown_user_is_401_4(user, user_client):
    user.is_active = False
    user.save()
    assert_error(user_client.get("/probe/whoami"), 401, "AuthCode_401_4")
    user.delete()
    assert_error(user_client.get("/probe/whoami"), 401, "AuthCode_401_4")


def test_garbage_user_id_claim_is_401_4(api_client):
    token = jwt.encode(
        {"token_type": "access", "userId": "not-a-uuid", "jti": "x", "exp": 9999999999, "iat": 1},
        settings.SIMPLE_JWT["SIGNING_KEY"],
        algorithm="HS256",
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_error(api_client.get("/probe/whoami"), 401, "AuthCode_401_4")


def test_public_endpoint_ignores_bad_tokens(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-jwt")
    response = api_client.get("/probe/optional-auth")
    assert response.json()["data"] == {"authenticated": False}
    assert bearer_client(user).get("/probe/optional-auth").json()["data"] == {"authenticated": True}


# --- CORS (contract §3.5, §7.3) ------------------------------------------------------------------


def test_cors_preflight_succeeds_without_token_on_protected_routes(api_client):
    response = api_client.options(
        "/probe/whoami",
        HTTP_ORIGIN="http://localhost:3000",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "http://localhost:3000"
    assert response["Access-Control-Allow-Credentials"] == "true"
    assert response["Access-Control-Max-Age"] == "3600"
    allowed = response["Access-Control-Allow-Headers"].lower()
    assert {"authorization", "content-type", "cache-control"} <= set(
        allowed.replace(" ", "").split(",")
    )


def test_cors_header_on_real_responses_only_for_allowed_origins(api_client):
    allowed = api_client.get("/healthcheck", HTTP_ORIGIN="https://prism-space.vercel.app")
    assert allowed["Access-Control-Allow-Origin"] == "https://prism-space.vercel.app"
    other = api_client.get("/healthcheck", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
