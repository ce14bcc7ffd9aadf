"""R3: the client's exact survey body, validation, and exactly-once storage (D7)."""

import pytest

from projects.models import Membership
from reviews.models import Answer, Submission, SurveyInvitation
from tests.conftest import run_in_threads
from tests.envelopes import error
from tests.survey_payloads import survey_body

pytestmark = pytest.mark.django_db


def test_the_clients_exact_body_is_accepted_and_scored(survey_team):
    reviewer = survey_team.members[1]  # b@example.com, no account needed
    others = {m.email: {} for m in [survey_team.owner, *survey_team.members] if m.pk != reviewer.pk}
    others["a@example.com"] = {
        # Q1–Q6, then Q8–Q12 (Q7 is the member choice below).
        "scores": [5, 4, 3, 4, 2, 5, 5, 5, 2, 3, 4],
        "choice": True,
        "strength": ("성실함", "매일 회의록을 정리했습니다."),
        "improvement": ("발표", "발표 연습이 더 필요합니다."),
    }
    response = survey_team.submit(reviewer, others)
    assert response.json() == {"success": True, "status": 200, "data": None}
    stored = Submission.objects.get(reviewer=reviewer, reviewee__email="a@example.com")
    assert (stored.communication, stored.proactivity, stored.problem_solving) == (4.0, 3.0, 5.0)
    assert (stored.strength_description, stored.strength_example) == (
        "성실함",
        "매일 회의록을 정리했습니다.",
    )
    assert stored.improvement_description == "발표"
    assert Answer.objects.filter(submission=stored).count() == 14
    assert Answer.objects.get(submission=stored, question_order=7).choice is True
    assert Submission.objects.filter(reviewer=reviewer).count() == 3
    assert Membership.objects.get(pk=reviewer.pk).review_done is True


def test_a_second_submission_is_400_1(survey_team):
    reviewer = survey_team.members[1]
    assert survey_team.submit(reviewer).status_code == 200
    error(survey_team.submit(reviewer), 400, "PeerReviewCode_400_1")
    assert Submission.objects.filter(reviewer=reviewer).count() == 3


def test_code_is_required_by_default(survey_team):
    message = error(survey_team.submit(survey_team.members[1], code=""), 400, "Global_400_1")
    assert message.startswith("code:")


def test_code_of_another_member_or_project_is_refused(survey_team):
    reviewer = survey_team.members[1]
    other_code = survey_team.code_of(survey_team.members[2])
    message = error(survey_team.submit(reviewer, code=other_code), 400, "Global_400_1")
    assert "reviewerEmail" in message
    error(survey_team.submit(reviewer, code="UNKNOWN000"), 404, "PeerReviewCode_404_1")
    from rest_framework.test import APIClient

    body = survey_body(reviewer.email, {"a@example.com": {}})
    response = APIClient().post(
        f"/api/v1/peer-reviews/projects/999999?code={survey_team.code_of(reviewer)}",
        body,
        format="json",
    )
    error(response, 400, "Project_400_1")


def test_without_the_code_switch_an_invited_member_can_submit(survey_team, settings):
    settings.PRISM_SURVEY_REQUIRE_CODE = False
    assert survey_team.submit(survey_team.members[2], code="").status_code == 200
    SurveyInvitation.objects.filter(membership=survey_team.members[1]).delete()
    error(survey_team.submit(survey_team.members[1], code=""), 404, "PeerReviewCode_404_1")


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda b: b["responses"][0]["responseDetails"][0]["response"].update(score="6"), "score"),
        (lambda b: b["responses"][0]["responseDetails"][0]["response"].update(score="x"), "score"),
        (
            lambda b: b["responses"][6]["responseDetails"][0]["response"].update(choice="maybe"),
            "choice",
        ),
        (
            lambda b: b["responses"][12]["responseDetails"][0].update(
                response={"description": "", "example": " "}
            ),
            "blank",
        ),
        (
            lambda b: b["responses"][12].update(questionType="singleChoice"),
            "score: This field is required",
        ),
        (lambda b: b["responses"][12].update(questionCategory="improvementPoint"), "question 13"),
        (lambda b: b["responses"][0].update(questionCategory="strength"), "question 1"),
        (lambda b: b["responses"].pop(), "incomplete: 14"),
        (lambda b: b["responses"][0].update(questionOrder="99"), "unknown questionOrder"),
        (lambda b: b["responses"][0].update(questionType="essay"), "questionType"),
        (
            lambda b: b["responses"][0]["responseDetails"][0].update(
                revieweeEmail="stranger@example.com"
            ),
            "not a teammate",
        ),
        (lambda b: b.update(responses=[]), "responses"),
        (lambda b: b.pop("reviewerEmail"), "reviewerEmail"),
    ],
)
def test_malformed_submissions_are_400_and_store_nothing(survey_team, mutate, fragment):
    reviewer = survey_team.members[1]
    teammates = {
        m.email: {} for m in [survey_team.owner, *survey_team.members] if m.pk != reviewer.pk
    }
    body = survey_body(reviewer.email, teammates)
    mutate(body)
    from rest_framework.test import APIClient

    response = APIClient().post(
        f"/api/v1/peer-reviews/projects/{survey_team.project.pk}?code={survey_team.code_of(reviewer)}",
        body,
        format="json",
    )
    message = error(response, 400, "Global_400_1")
    assert fragment in message, message
    assert not Submission.objects.exists()
    assert Membership.objects.get(pk=reviewer.pk).review_done is False


def test_reviewing_yourself_is_refused(survey_team):
    reviewer = survey_team.members[1]
    answers = {reviewer.email: {}, "a@example.com": {}}
    message = error(survey_team.submit(reviewer, answers), 400, "Global_400_1")
    assert "not a teammate" in message


def test_submission_is_public_for_all_four_people(survey_team):
    for person, reviewer in zip(
        ("anonymous", "outsider", "member", "owner"),
        [survey_team.owner, *survey_team.members],
        strict=False,
    ):
        teammates = {
            m.email: {} for m in [survey_team.owner, *survey_team.members] if m.pk != reviewer.pk
        }
        response = survey_team.client(person).post(
            f"/api/v1/peer-reviews/projects/{survey_team.project.pk}?code={survey_team.code_of(reviewer)}",
            survey_body(reviewer.email, teammates),
            format="json",
        )
        assert response.status_code == 200, (person, response.content)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_identical_submissions_store_exactly_one(
    django_capture_on_commit_callbacks,
):
    from rest_framework.test import APIClient

    from reviews.services import send_invitations
    from tests.projects_factories import MembershipFactory, ProjectFactory

    project = ProjectFactory()
    reviewer = MembershipFactory(project=project, email="r@example.com")
    for index in range(3):
        MembershipFactory(project=project, email=f"t{index}@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(user=project.owner, project_id=project.pk)
    code = SurveyInvitation.objects.get(membership=reviewer).code
    body = survey_body("r@example.com", {f"t{i}@example.com": {} for i in range(3)})

    def submit(_index):
        response = APIClient().post(
            f"/api/v1/peer-reviews/projects/{project.pk}?code={code}", body, format="json"
        )
        return response.status_code, response.json().get("code")

    results = run_in_threads(20, submit)
    assert sorted(results, key=str).count((200, None)) == 1, results
    assert all(result in {(200, None), (400, "PeerReviewCode_400_1")} for result in results), (
        results
    )
    assert Submission.objects.filter(reviewer=reviewer).count() == 3
    assert Answer.objects.filter(submission__reviewer=reviewer).count() == 42
