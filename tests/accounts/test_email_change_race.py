"""Accounts racing for one address (DESIGN D17): exactly one moves to it, on a real server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuthPurpose, User, VerificationCode
from accounts.services import _code_digest
from tests.conftest import bearer_client, run_in_threads
from tests.factories import UserFactory

CONTESTED = "contested@example.com"


def verified_change_code(user: User, code: str) -> None:
    """What requesting and verifying a CHANGE_EMAIL code signed in leaves behind."""
    now = timezone.now()
    VerificationCode.objects.create(
        email=CONTESTED,
        purpose=AuthPurpose.CHANGE_EMAIL,
        code_digest=_code_digest(code),
        expires_at=now + timedelta(minutes=5),
        verified_at=now,
        verified_by=user,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("contenders", [2, 4])
def test_accounts_racing_for_one_address_one_wins(contenders):
    people = [UserFactory(email=f"racer{i}@example.com") for i in range(contenders)]
    for i, person in enumerate(people):
        verified_change_code(person, f"CODE{i:02d}")

    def move(index):
        response = bearer_client(people[index]).put(
            "/api/v1/users/me/email",
            {"email": CONTESTED, "authCode": f"CODE{index:02d}"},
            format="json",
        )
        return response.status_code, response.json()

    results = run_in_threads(contenders, move)
    assert all(not isinstance(result, Exception) for result in results), results
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [400] * (contenders - 1), results
    assert {body["code"] for status, body in results if status == 400} == {"AuthCode_400_4"}
    assert User.objects.filter(email=CONTESTED).count() == 1
    assert User.objects.filter(email__startswith="racer").count() == contenders - 1
    # Only the winner's code was used up.
    assert VerificationCode.objects.filter(consumed_at__isnull=False).count() == 1
