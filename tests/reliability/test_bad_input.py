"""Bad input never reaches a 500 (issue 12 item 6): deep JSON, forged token claims and
malformed Lambda events each get an error envelope, and nothing is logged as a crash."""

from __future__ import annotations

import base64
import json
import logging
import uuid
from datetime import UTC, datetime

import jwt
import pytest
from django.conf import settings
from rest_framework.test import APIClient

from prism import lambda_handler
from prism.parsers import MAX_JSON_DEPTH, json_depth_exceeds
from tests.envelopes import error
from tests.factories import UserFactory
from tests.foundation.lambda_events import http_api_v2_event, rest_api_v1_event
from tests.projects_factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_crash_logged(caplog):
    """Fails the test if anything was logged at ERROR (a 500's traceback)."""
    caplog.set_level(logging.ERROR)
    yield
    crashes = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not crashes, [r.getMessage() for r in crashes]


def body_of(result: dict) -> dict:
    raw = result["body"]
    if result.get("isBase64Encoded"):
        raw = base64.b64decode(raw).decode()
    return json.loads(raw)


# --- JSON nested beyond any client's need --------------------------------------------------------

DEEP_JSON = "[" * 50_000 + "]" * 50_000  # 100 KB, well under the body size limit


def test_deeply_nested_json_is_400_not_a_recursion_error(no_crash_logged):
    response = APIClient().post("/api/v1/auth/login", DEEP_JSON, content_type="application/json")
    message = error(response, 400, "Global_400_1")
    assert str(MAX_JSON_DEPTH) in message


def test_deeply_nested_json_object_values_are_400_too(no_crash_logged):
    body = '{"email": ' + '{"a": ' * 20_000 + "1" + "}" * 20_000 + "}"
    response = APIClient().post("/api/v1/auth/code", body, content_type="application/json")
    error(response, 400, "Global_400_1")


def test_deeply_nested_json_through_the_lambda_handler_is_400(
    handler_in_test_transaction, no_crash_logged
):
    event = http_api_v2_event(
        "POST",
        "/api/v1/auth/login",
        headers={"content-type": "application/json"},
        body=DEEP_JSON.encode(),
    )
    result = lambda_handler.handler(event, None)
    assert result["statusCode"] == 400
    assert body_of(result)["code"] == "Global_400_1"


def test_nesting_up_to_the_limit_still_parses():
    body = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert not json_depth_exceeds(body)
    assert json_depth_exceeds("[" + body + "]")
    # Brackets inside strings, escaped quotes included, are text, not nesting.
    assert not json_depth_exceeds(json.dumps({"text": "[{" * 1000 + '\\"[' * 100}))
    response = APIClient().post("/api/v1/auth/login", body, content_type="application/json")
    error(response, 400, "Global_400_1")  # parsed, then refused by validation


# --- Signed tokens with claims out of range ------------------------------------------------------


def forged(token_type: str, **claims) -> str:
    payload = {"token_type": token_type, "jti": uuid.uuid4().hex, "exp": 10**20, **claims}
    return jwt.encode(payload, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")


@pytest.mark.parametrize(
    ("exp", "code"),
    [
        (10**20, "AuthCode_401_2"),
        (2**64, "AuthCode_401_2"),
        (1e300, "AuthCode_401_2"),
        (-(10**20), "AuthCode_401_3"),  # long past: expired, as the signature check says
    ],
)
def test_an_access_token_with_an_exp_out_of_range_is_refused_as_401(exp, code, no_crash_logged):
    user = UserFactory()
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {forged('access', userId=str(user.id), exp=exp)}"
    )
    error(client.get("/api/v1/users/me"), 401, code)


def test_a_refresh_token_with_an_exp_out_of_range_is_an_invalid_token(no_crash_logged):
    user = UserFactory()
    response = APIClient().post(
        "/api/v1/auth/refresh-token",
        {"refreshToken": forged("refresh", userId=str(user.id))},
        format="json",
    )
    error(response, 401, "AuthCode_401_2")


def test_a_far_but_representable_exp_still_authenticates():
    user = UserFactory()
    far = int(datetime(9000, 1, 1, tzinfo=UTC).timestamp())
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {forged('access', userId=str(user.id), exp=far)}"
    )
    assert client.get("/api/v1/users/me").status_code == 200


# --- Malformed Lambda events ---------------------------------------------------------------------


def without(event: dict, *keys: str) -> dict:
    return {key: value for key, value in event.items() if key not in keys}


def v2(**changes) -> dict:
    return {**http_api_v2_event("GET", "/api/v1/search/projects"), **changes}


def v1(**changes) -> dict:
    return {**rest_api_v1_event("GET", "/api/v1/search/projects"), **changes}


@pytest.mark.parametrize(
    ("event", "status", "code"),
    [
        (without(v2(), "requestContext"), 400, "Global_400_1"),
        (v2(requestContext={"http": None}), 400, "Global_400_1"),
        (v2(headers=None), 400, "Global_400_1"),  # no Host: refused as Django refuses it
        (v1(headers=None, multiValueHeaders=None), 400, "Global_400_1"),
        (v2(headers={"host": 5}), 400, "Global_400_1"),
        (v2(body={"email": "a@b.co"}), 400, "Global_400_1"),
        (v2(body=12), 400, "Global_400_1"),
        (v2(body="!!!not base64", isBase64Encoded=True), 400, "Global_400_1"),
        (v2(body="abc", isBase64Encoded=True), 400, "Global_400_1"),
        (v2(body="\ud800", isBase64Encoded=False), 400, "Global_400_1"),
        (v2(rawPath="/api/v1/프로젝트"), 404, "Global_404_1"),
        (v1(path="/api/v1/프로젝트"), 404, "Global_404_1"),
        (v2(rawPath="/api/v1/\ud800"), 400, "Global_400_1"),
        (v2(rawPath=None), 400, "Global_400_1"),
        (v2(cookies=None, rawQueryString=None), 200, None),
        (v2(cookies="a=b"), 400, "Global_400_1"),
        (v2(version="3.0"), 400, "Global_400_1"),
        (without(v1(), "httpMethod"), 400, "Global_400_1"),
        (v1(multiValueHeaders={"Host": "localhost"}), 400, "Global_400_1"),
        ({}, 400, "Global_400_1"),
        (None, 400, "Global_400_1"),
        ([], 400, "Global_400_1"),
    ],
    ids=lambda value: None if isinstance(value, dict | list) or value is None else str(value),
)
def test_malformed_lambda_events_get_an_envelope_never_an_exception(
    event, status, code, handler_in_test_transaction, no_crash_logged
):
    result = lambda_handler.handler(event, None)
    assert result["statusCode"] == status, result
    body = body_of(result)
    if code is None:
        assert body["success"] is True
    else:
        assert set(body) == {"code", "message"} and body["code"] == code, body


def test_a_unicode_path_reaches_django_as_utf8(handler_in_test_transaction):
    # `/api/v1/prism/<id>` takes any string id: a Korean id must arrive intact, not mangled.
    result = lambda_handler.handler(
        http_api_v2_event("GET", "/api/v1/prism/사람", query=[("prismType", "total")]), None
    )
    assert result["statusCode"] == 404
    assert body_of(result)["code"] == "PeerReviewCode_404_2"


def test_hangul_in_the_raw_query_string_and_cookies_is_read_as_utf8(handler_in_test_transaction):
    # A client can send both unencoded; neither may turn into a 500 or a 400.
    MembershipFactory(project=ProjectFactory(name="동네 책방 지도"))
    event = http_api_v2_event(
        "GET", "/api/v1/search/projects", cookies=["theme=한글", "odd=\ud800"]
    )
    event["rawQueryString"] = "searchType=PROJECT_NAME&searchWord=책방"
    result = lambda_handler.handler(event, None)
    assert result["statusCode"] == 200, result["body"]
    assert body_of(result)["data"]["totalCount"] == 1  # the word arrived intact
    lone = http_api_v2_event("GET", "/api/v1/search/projects")
    lone["rawQueryString"] = "searchWord=\ud800"
    result = lambda_handler.handler(lone, None)
    assert result["statusCode"] == 400
    assert body_of(result)["code"] == "Global_400_1"
