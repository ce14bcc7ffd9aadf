"""Staff and operator tools for reviews: admin screens, recompute command and action."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reviews.models import PrismResult, Submission, SurveyInvitation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def reviewed(survey_team):
    survey_team.submit(survey_team.members[1])
    survey_team.submit(survey_team.members[2])


def test_recompute_command_for_all_or_one_project(survey_team):
    reviewed(survey_team)
    out = StringIO()
    call_command("recompute_prism", stdout=out)
    assert "Recomputed 1 project(s), 4 result(s)." in out.getvalue()
    call_command("recompute_prism", "--project", str(survey_team.project.pk), stdout=out)
    assert PrismResult.objects.filter(project=survey_team.project).count() == 4
    with pytest.raises(CommandError):
        call_command("recompute_prism", "--project", "999999", stdout=out)


def test_worker_runs_operator_commands(survey_team):
    from prism.lambda_handler import worker

    reviewed(survey_team)
    summary = worker(
        {"command": "recompute_prism", "args": ["--project", survey_team.project.pk]}, None
    )
    assert summary["command"] == "Recomputed 1 project(s), 4 result(s)."
    assert "error" in worker({"command": "flush"}, None)


def test_review_admin_screens_are_read_only(staff_client, survey_team):
    reviewed(survey_team)
    invitation = SurveyInvitation.objects.first()
    page = staff_client.get(f"/admin/reviews/surveyinvitation/{invitation.pk}/change/")
    assert page.status_code == 200 and invitation.code.encode() in page.content
    submission = Submission.objects.first()
    assert staff_client.get(f"/admin/reviews/submission/{submission.pk}/change/").status_code == 200
    assert staff_client.get("/admin/reviews/submission/add/").status_code == 403


def test_recompute_admin_action(staff_client, survey_team):
    reviewed(survey_team)
    call_command("recompute_prism", stdout=StringIO())
    result = PrismResult.objects.first()
    PrismResult.objects.update(communication=0)
    staff_client.post(
        "/admin/reviews/prismresult/", {"action": "recompute", "_selected_action": [str(result.pk)]}
    )
    assert PrismResult.objects.get(pk=result.pk).communication > 0
