"""Staff tools: the admin screens and the management commands."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts import services
from accounts.models import (
    AbuseCounter,
    AuthPurpose,
    RefreshToken,
    RevokedAccessToken,
    User,
    VerificationCode,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_user_admin_search_and_no_password_hash(staff_client):
    target = UserFactory(email="findme@example.com", name="찾기")
    listing = staff_client.get("/admin/accounts/user/", {"q": "findme"})
    assert listing.status_code == 200 and b"findme@example.com" in listing.content
    page = staff_client.get(f"/admin/accounts/user/{target.pk}/change/")
    assert page.status_code == 200
    assert target.password.encode() not in page.content


def test_user_admin_deactivate_action(staff_client):
    target = UserFactory()
    staff_client.post(
        "/admin/accounts/user/", {"action": "deactivate", "_selected_action": [str(target.pk)]}
    )
    target.refresh_from_db()
    assert target.is_active is False


def test_verification_codes_are_read_only_and_hide_the_code(staff_client):
    code = VerificationCode.objects.create(
        email="c@example.com",
        purpose=AuthPurpose.SIGNUP,
        code_digest="digest-value",
        expires_at=timezone.now(),
    )
    page = staff_client.get(f"/admin/accounts/verificationcode/{code.pk}/change/")
    assert page.status_code == 200 and b"digest-value" not in page.content
    assert staff_client.get("/admin/accounts/verificationcode/add/").status_code == 403


def test_refresh_token_revoke_action(staff_client):
    user = UserFactory()
    services.log_in(email=user.email, password="secret123!", client_ip="1.1.1.1")
    token = RefreshToken.objects.get(user=user)
    staff_client.post(
        "/admin/accounts/refreshtoken/", {"action": "revoke", "_selected_action": [str(token.pk)]}
    )
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_createsuperuser_works_with_the_custom_user():
    call_command(
        "createsuperuser",
        interactive=False,
        email="Root@Example.com",
        name="root",
        stdout=StringIO(),
    )
    root = User.objects.get(email="root@example.com")
    assert root.is_superuser and root.is_staff


def test_purge_command_removes_only_what_expired():
    user = UserFactory()
    past = timezone.now() - timedelta(days=2)
    VerificationCode.objects.create(
        email="o@example.com", purpose="SIGNUP", code_digest="x", expires_at=past
    )
    VerificationCode.objects.create(
        email="n@example.com",
        purpose="SIGNUP",
        code_digest="y",
        expires_at=timezone.now() + timedelta(minutes=5),
    )
    RefreshToken.objects.create(jti="old", user=user, family="f", expires_at=past)
    RefreshToken.objects.create(
        jti="new", user=user, family="f", expires_at=timezone.now() + timedelta(days=1)
    )
    RevokedAccessToken.objects.create(jti="gone", expires_at=past)
    AbuseCounter.objects.create(key="ended", window_start=past, expires_at=past, count=3)
    AbuseCounter.objects.create(
        key="running", window_start=past, expires_at=timezone.now() + timedelta(hours=1), count=1
    )
    out = StringIO()
    call_command("purge_credentials", stdout=out)
    assert (
        "Deleted 1 code(s), 1 refresh token(s), 1 revocation(s), 1 abuse counter(s)."
        in out.getvalue()
    )
    assert list(VerificationCode.objects.values_list("email", flat=True)) == ["n@example.com"]
    assert list(RefreshToken.objects.values_list("jti", flat=True)) == ["new"]
    assert list(AbuseCounter.objects.values_list("key", flat=True)) == ["running"]
