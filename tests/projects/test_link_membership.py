"""P11: claiming an account-less membership needs a verified LOAD_PROJECT code (D9, W-03)."""

import pytest
from rest_framework.test import APIClient

from accounts.models import VerificationCode
from projects.models import Membership
from tests.conftest import bearer_client, run_in_threads
from tests.envelopes import error
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def link(client, project_id, email="pending@example.com"):
    return client.post(
        f"/api/v1/projects/link-project/{project_id}?anonymousEmail={email}", {}, format="json"
    )


def test_link_without_a_verified_code_is_refused(team, request_code):
    error(link(team.client("outsider"), team.project.pk), 400, "AuthCode_400_3")
    request_code("pending@example.com", "LOAD_PROJECT")  # sent but never verified
    error(link(team.client("outsider"), team.project.pk), 400, "AuthCode_400_3")
    assert Membership.objects.get(pk=team.pending_membership.pk).user is None


def test_link_with_a_verified_code_claims_and_consumes(team, verified_code):
    verified_code("pending@example.com", "LOAD_PROJECT", team.client("outsider"))
    response = link(team.client("outsider"), team.project.pk, "Pending@Example.com")
    assert response.status_code == 200, response.content
    data = response.json()["data"]
    claimed = Membership.objects.get(pk=team.pending_membership.pk)
    assert claimed.user.email == "outsider@example.com" and claimed.email == "outsider@example.com"
    mine = next(m for m in data["members"] if m["email"] == "outsider@example.com")
    assert mine["userId"] == str(claimed.user_id) and mine["roles"] == ["Designer", "Frontend"]
    assert data["urlVisibility"] is True
    assert VerificationCode.objects.get(email="pending@example.com").consumed_at is not None


def test_a_membership_with_an_account_cannot_be_claimed(team, verified_code):
    verified_code("member@example.com", "LOAD_PROJECT", team.client("outsider"))
    error(
        link(team.client("outsider"), team.project.pk, "member@example.com"), 400, "Project_400_7"
    )
    assert Membership.objects.get(pk=team.member_membership.pk).user.email == "member@example.com"
    # The refusal rolled back: the code was not used up.
    assert VerificationCode.objects.get(email="member@example.com").consumed_at is None


def test_a_member_cannot_claim_a_second_slot_in_the_same_project(team, verified_code):
    verified_code("pending@example.com", "LOAD_PROJECT", team.client("member"))
    error(link(team.client("member"), team.project.pk), 400, "Project_400_7")


def test_link_errors(team):
    error(link(team.client("anonymous"), team.project.pk), 401, "AuthCode_401_4")
    error(link(team.client("outsider"), 999999), 400, "Project_400_1")
    error(
        link(team.client("outsider"), team.project.pk, "nobody@example.com"), 400, "Project_400_3"
    )
    response = team.client("outsider").post(
        f"/api/v1/projects/link-project/{team.project.pk}", {}, format="json"
    )
    error(response, 400, "Global_400_1")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_claims_exactly_one_succeeds(settings, django_capture_on_commit_callbacks):
    from django.core import mail

    from accounts import services
    from accounts.models import AuthPurpose
    from tests.conftest import code_from_mail
    from tests.projects_factories import MembershipFactory, ProjectFactory

    settings.PRISM_CODE_RESEND_SECONDS = 0  # each claimer asks for a code in turn
    project = ProjectFactory()
    slot = MembershipFactory(project=project, email="slot@example.com")
    claimers = [UserFactory(), UserFactory()]
    # Each claimer proved the mailbox once (two verified codes exist, one per account).
    for claimer in claimers:
        with django_capture_on_commit_callbacks(execute=True):
            services.send_verification_code(
                email="slot@example.com", purpose=AuthPurpose.LOAD_PROJECT, client_ip="10.0.0.9"
            )
        code = code_from_mail(mail.outbox[-1])
        services.verify_code(
            email="slot@example.com",
            purpose=AuthPurpose.LOAD_PROJECT,
            code=code,
            client_ip="10.0.0.9",
            user=claimer,
        )

    def claim(index):
        return link(bearer_client(claimers[index]), project.pk, "slot@example.com").status_code

    statuses = run_in_threads(2, claim)
    assert sorted(statuses) == [200, 400], statuses
    slot.refresh_from_db()
    assert slot.user in claimers


def test_client_sends_an_empty_json_body(team, verified_code):
    verified_code("pending@example.com", "LOAD_PROJECT", team.client("outsider"))
    client = APIClient()
    client.credentials(**team.client("outsider")._credentials)
    response = client.post(
        f"/api/v1/projects/link-project/{team.project.pk}?anonymousEmail=pending@example.com",
        data="{}",
        content_type="application/json",
    )
    assert response.status_code == 200
