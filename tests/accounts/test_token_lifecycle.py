"""Refresh-token rotation with a grace window, reuse detection and revocation (DESIGN D6)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import RefreshToken
from prism.errors import DomainError
from tests.conftest import run_in_threads
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def refusal(call) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.error.code


def pair_for(user):
    return services.log_in(email=user.email, password="secret123!", client_ip="10.0.0.1")


def test_used_token_works_within_the_grace_window():
    user = UserFactory()
    pair = pair_for(user)
    first = services.refresh_token_pair(raw_refresh_token=pair.refresh)
    second = services.refresh_token_pair(raw_refresh_token=pair.refresh)
    assert first.refresh != second.refresh
    assert RefreshToken.objects.filter(user=user).count() == 3


def test_reuse_after_the_grace_window_revokes_the_family(settings):
    user = UserFactory()
    other_login = pair_for(user)
    pair = pair_for(user)
    child = services.refresh_token_pair(raw_refresh_token=pair.refresh)
    RefreshToken.objects.filter(used_at__isnull=False).update(
        used_at=timezone.now() - timedelta(seconds=settings.PRISM_REFRESH_GRACE_SECONDS + 1)
    )
    assert (
        refusal(lambda: services.refresh_token_pair(raw_refresh_token=pair.refresh))
        == "AuthCode_401_2"
    )
    # The rotated child belongs to the same (now revoked) family; another login does not.
    assert (
        refusal(lambda: services.refresh_token_pair(raw_refresh_token=child.refresh))
        == "AuthCode_401_2"
    )
    services.refresh_token_pair(raw_refresh_token=other_login.refresh)


def test_expired_refresh_token_is_401_3_and_forgotten(settings):
    user = UserFactory()
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT}
    from rest_framework_simplejwt.tokens import RefreshToken as JWTRefreshToken

    token = JWTRefreshToken.for_user(user)
    token.set_exp(lifetime=-timedelta(seconds=1))
    RefreshToken.objects.create(jti=token["jti"], user=user, family="f", expires_at=timezone.now())
    assert (
        refusal(lambda: services.refresh_token_pair(raw_refresh_token=str(token)))
        == "AuthCode_401_3"
    )
    assert not RefreshToken.objects.filter(jti=token["jti"]).exists()


def test_refresh_token_of_a_deactivated_user_is_refused():
    user = UserFactory()
    pair = pair_for(user)
    user.is_active = False
    user.save()
    assert (
        refusal(lambda: services.refresh_token_pair(raw_refresh_token=pair.refresh))
        == "AuthCode_401_2"
    )


def test_an_access_token_is_not_a_refresh_token():
    pair = pair_for(UserFactory())
    assert (
        refusal(lambda: services.refresh_token_pair(raw_refresh_token=pair.access))
        == "AuthCode_401_2"
    )


def test_password_reset_revokes_every_refresh_token(django_capture_on_commit_callbacks):
    from accounts.models import AuthPurpose
    from tests.conftest import code_from_mail

    user = UserFactory()
    pair = pair_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_verification_code(
            email=user.email, purpose=AuthPurpose.RESET_PASSWORD, client_ip="1.1.1.1"
        )
    from django.core import mail

    code = code_from_mail(mail.outbox[-1])
    services.verify_code(
        email=user.email, purpose=AuthPurpose.RESET_PASSWORD, code=code, client_ip="1.1.1.1"
    )
    services.reset_password(email=user.email, code=code, password="another12!")
    assert (
        refusal(lambda: services.refresh_token_pair(raw_refresh_token=pair.refresh))
        == "AuthCode_401_2"
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_refreshes_with_one_token_all_succeed():
    user = UserFactory()
    pair = pair_for(user)

    def refresh(_index):
        response = APIClient().post(
            "/api/v1/auth/refresh-token", {"refreshToken": pair.refresh}, format="json"
        )
        return response.status_code, response.json()

    results = run_in_threads(4, refresh)
    assert all(not isinstance(result, Exception) for result in results), results
    assert [status for status, _ in results] == [200] * 4
    new_tokens = {body["data"]["refreshToken"] for _, body in results}
    assert len(new_tokens) == 4
    assert RefreshToken.objects.filter(user=user).count() == 5
