"""Queries per request of the endpoints the web client reads (contract §7.1), at two data
sizes. The project, search and prism lists have their own tests beside their apps; these
are the remaining account and survey reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import UserInterestJob, UserSkill
from tests.conftest import bearer_client
from tests.envelopes import ok
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        ok(client.get(url, params or {}))
    return len(captured)


@pytest.mark.parametrize("size", [1, 30])
def test_account_reads(api_client, size):
    user = UserFactory()
    for index in range(size):
        UserSkill.objects.create(user=user, position=index, value=f"skill {index}")
        UserInterestJob.objects.create(user=user, position=index, value=f"job {index}")
    assert count(bearer_client(user), "/api/v1/users/me") <= 3
    assert count(api_client, f"/api/v1/users/{user.id}/profile") <= 3
    assert count(api_client, "/api/v1/auth/email/exists", {"email": user.email}) == 1


def test_survey_link_read_is_constant(api_client, django_capture_on_commit_callbacks):
    from reviews.models import SurveyInvitation
    from reviews.services import send_invitations
    from tests.projects_factories import MembershipFactory, ProjectFactory

    counts = []
    for size in (2, 25):
        project = ProjectFactory()
        reviewer = MembershipFactory(project=project)
        for _ in range(size):
            MembershipFactory(project=project)
        with django_capture_on_commit_callbacks(execute=True):
            send_invitations(user=project.owner, project_id=project.pk)
        code = SurveyInvitation.objects.get(membership=reviewer).code
        counts.append(count(api_client, "/api/v1/peer-reviews/link", {"code": code}))
    assert counts[0] == counts[1] <= 2
