"""A1–A8 through the URLs: success shapes, each documented error, validation, who may call."""

import pytest
from django.core import mail

from accounts.models import RefreshToken, User, VerificationCode
from tests.envelopes import error, ok
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "newpass12!"


# --- A1 ------------------------------------------------------------------------------------------


def test_email_exists_is_case_insensitive_and_blank_is_false(api_client):
    UserFactory(email="kim@example.com")
    assert ok(api_client.get("/api/v1/auth/email/exists", {"email": "Kim@Example.com"})) is True
    assert ok(api_client.get("/api/v1/auth/email/exists", {"email": "lee@example.com"})) is False
    assert ok(api_client.get("/api/v1/auth/email/exists", {"email": ""})) is False


def test_email_exists_without_the_parameter_is_400(api_client):
    error(api_client.get("/api/v1/auth/email/exists"), 400, "Global_400_1")


# --- A2/A3 ---------------------------------------------------------------------------------------


def test_send_code_mails_a_six_character_code(api_client, request_code):
    code = request_code("new@example.com")
    assert len(code) == 6 and code.isalnum() and code.upper() == code
    message = mail.outbox[-1]
    assert message.subject == "[PRism] 이메일 인증 번호 안내"
    assert message.to == ["new@example.com"]
    assert code in message.alternatives[0].content
    stored = VerificationCode.objects.get(email="new@example.com")
    assert code not in stored.code_digest


def test_send_signup_code_to_a_registered_address_is_400_4(api_client):
    UserFactory(email="taken@example.com")
    response = api_client.post(
        "/api/v1/auth/code", {"email": "TAKEN@example.com", "authType": "SIGNUP"}, format="json"
    )
    error(response, 400, "AuthCode_400_4")
    assert mail.outbox == []


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email", "authType": "SIGNUP"},
        {"email": "a@b.co", "authType": "NOPE"},
        {"email": "a@b.co"},
        {"authType": "SIGNUP"},
    ],
)
def test_send_code_validation_errors(api_client, body):
    error(api_client.post("/api/v1/auth/code", body, format="json"), 400, "Global_400_1")


def test_verify_code_mismatch_then_success_then_already_used(api_client, request_code):
    code = request_code("v@example.com", "RESET_PASSWORD")
    url = "/api/v1/auth/code/verification"
    wrong = "000000" if code != "000000" else "111111"
    body = {"email": "v@example.com", "authType": "RESET_PASSWORD"}
    error(api_client.post(url, {**body, "authCode": wrong}, format="json"), 400, "AuthCode_400_1")
    assert ok(api_client.post(url, {**body, "authCode": code.lower()}, format="json")) is None
    error(api_client.post(url, {**body, "authCode": code}, format="json"), 400, "AuthCode_400_2")


def test_verify_code_requires_email_and_type(api_client):
    response = api_client.post(
        "/api/v1/auth/code/verification", {"authCode": "ABC123"}, format="json"
    )
    message = error(response, 400, "Global_400_1")
    assert "email" in message and "authType" in message


# --- A4 ------------------------------------------------------------------------------------------


def test_sign_up_with_a_verified_code(api_client, verified_code):
    code = verified_code("Join@Example.com")
    response = api_client.post(
        "/api/v1/auth/signup",
        {"username": "지민", "email": "Join@Example.com", "authCode": code, "password": PASSWORD},
        format="json",
    )
    data = ok(response, status=201)
    user = User.objects.get(email="join@example.com")
    assert data == {"userId": str(user.id), "email": "join@example.com"}
    assert user.name == "지민" and user.check_password(PASSWORD)


def test_sign_up_consumes_the_code(api_client, verified_code):
    code = verified_code("once@example.com")
    body = {"username": "a", "email": "once@example.com", "authCode": code, "password": PASSWORD}
    ok(api_client.post("/api/v1/auth/signup", body, format="json"), status=201)
    User.objects.filter(email="once@example.com").delete()
    error(api_client.post("/api/v1/auth/signup", body, format="json"), 400, "AuthCode_400_3")


def test_sign_up_without_verification_is_400_3(api_client, request_code):
    code = request_code("unverified@example.com")
    body = {
        "username": "a",
        "email": "unverified@example.com",
        "authCode": code,
        "password": PASSWORD,
    }
    error(api_client.post("/api/v1/auth/signup", body, format="json"), 400, "AuthCode_400_3")


def test_sign_up_with_a_registered_email_is_400_4(api_client):
    UserFactory(email="dup@example.com")
    body = {"username": "a", "email": "dup@example.com", "authCode": "ABCDEF", "password": PASSWORD}
    error(api_client.post("/api/v1/auth/signup", body, format="json"), 400, "AuthCode_400_4")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("password", "short1!"),
        ("password", "onlyletters"),
        ("password", "한글비밀번호1234"),
        ("password", "waytoolongpassword1234"),
        ("email", "nope"),
        ("username", ""),
        ("username", "x" * 21),
        ("authCode", ""),
    ],
)
def test_sign_up_validation(api_client, field, value):
    body = {"username": "a", "email": "v@example.com", "authCode": "ABCDEF", "password": PASSWORD}
    response = api_client.post("/api/v1/auth/signup", {**body, field: value}, format="json")
    message = error(response, 400, "Global_400_1")
    assert message.startswith(f"{field}:")
    if field == "authCode":
        assert "인증코드는 비어있을 수 없습니다" in message


# --- A5 ------------------------------------------------------------------------------------------


def test_reset_password_and_its_errors(api_client, verified_code):
    user = UserFactory(email="reset@example.com")
    url = "/api/v1/auth/password"
    error(
        api_client.put(
            url,
            {"email": "ghost@example.com", "authCode": "ABCDEF", "password": NEW_PASSWORD},
            format="json",
        ),
        400,
        "AuthCode_401_5",
    )
    error(
        api_client.put(
            url,
            {"email": "reset@example.com", "authCode": "ABCDEF", "password": NEW_PASSWORD},
            format="json",
        ),
        400,
        "AuthCode_400_3",
    )
    code = verified_code("reset@example.com", "RESET_PASSWORD")
    body = {"email": "reset@example.com", "authCode": code, "password": NEW_PASSWORD}
    assert ok(api_client.put(url, body, format="json")) is None
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The code authorised one reset only (W-07).
    error(api_client.put(url, body, format="json"), 400, "AuthCode_400_3")


def test_signup_code_cannot_reset_a_password(api_client, verified_code):
    UserFactory(email="mixed@example.com")
    code = verified_code("mixed@example.com", "LOAD_PROJECT")
    body = {"email": "mixed@example.com", "authCode": code, "password": NEW_PASSWORD}
    error(api_client.put("/api/v1/auth/password", body, format="json"), 400, "AuthCode_400_3")


# --- A6 ------------------------------------------------------------------------------------------


def login(client, email, password=PASSWORD):
    return client.post("/api/v1/auth/login", {"email": email, "password": password}, format="json")


def test_login_returns_a_token_pair_that_works(api_client):
    user = UserFactory(email="in@example.com")
    data = ok(login(api_client, "IN@example.com"))
    assert set(data) == {"accessToken", "refreshToken"}
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {data['accessToken']}")
    assert ok(api_client.get("/api/v1/users/me"))["userId"] == str(user.id)


def test_login_errors_travel_with_http_400(api_client):
    UserFactory(email="in@example.com")
    error(login(api_client, "nobody@example.com"), 400, "AuthCode_401_5")
    error(login(api_client, "in@example.com", "wrongpass1!"), 400, "AuthCode_401_1")
    error(login(api_client, "in@example.com", "bad"), 400, "Global_400_1")


def test_inactive_user_cannot_log_in(api_client):
    UserFactory(email="off@example.com", is_active=False)
    error(login(api_client, "off@example.com"), 400, "AuthCode_401_1")


def test_refresh_tokens_are_unique_even_within_one_second(api_client):
    UserFactory(email="a@example.com")
    UserFactory(email="b@example.com")
    tokens = {
        ok(login(api_client, email))["refreshToken"]
        for email in ["a@example.com", "b@example.com"] * 2
    }
    assert len(tokens) == 4
    assert RefreshToken.objects.count() == 4


# --- A7/A8 ---------------------------------------------------------------------------------------


def test_refresh_rotates_and_the_envelope_satisfies_the_client(api_client):
    UserFactory(email="r@example.com")
    first = ok(login(api_client, "r@example.com"))
    response = api_client.post(
        "/api/v1/auth/refresh-token", {"refreshToken": first["refreshToken"]}, format="json"
    )
    body = response.json()
    # The client accepts a refresh only when success === true && status === 200 (contract §4).
    assert body["success"] is True and body["status"] == 200
    assert body["data"]["refreshToken"] != first["refreshToken"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['data']['accessToken']}")
    assert api_client.get("/api/v1/users/me").status_code == 200


@pytest.mark.parametrize("token", ["garbage", "a.b.c"])
def test_refresh_with_unknown_token_is_401_2(api_client, token):
    error(
        api_client.post("/api/v1/auth/refresh-token", {"refreshToken": token}, format="json"),
        401,
        "AuthCode_401_2",
    )


def test_refresh_without_a_token_is_400(api_client):
    error(api_client.post("/api/v1/auth/refresh-token", {}, format="json"), 400, "Global_400_1")


def test_logout_revokes_access_and_refresh_tokens(api_client):
    UserFactory(email="out@example.com")
    pair = ok(login(api_client, "out@example.com"))
    other_device = ok(login(api_client, "out@example.com"))
    client = api_client
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['accessToken']}")
    assert ok(client.post("/api/v1/auth/logout")) is None
    error(client.get("/api/v1/users/me"), 401, "AuthCode_401_2")
    client.credentials()
    for refresh in (pair["refreshToken"], other_device["refreshToken"]):
        error(
            client.post("/api/v1/auth/refresh-token", {"refreshToken": refresh}, format="json"),
            401,
            "AuthCode_401_2",
        )


def test_logout_needs_a_token(api_client):
    error(api_client.post("/api/v1/auth/logout"), 401, "AuthCode_401_4")
