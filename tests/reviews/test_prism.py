"""R4 recomputation and M1/M2 results: the worked example, totals, thresholds, visibility."""

import functools
import itertools
import operator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from reviews import scoring
from reviews.models import PrismResult
from reviews.services import recompute_project
from tests.conftest import bearer_client
from tests.envelopes import error, ok
from tests.factories import UserFactory
from tests.projects_factories import SEOUL, MembershipFactory, ProjectFactory
from tests.reviews_factories import PrismResultFactory

pytestmark = pytest.mark.django_db


def scores(q1, q2, q3, q4, q5, q6, q8, q9, q10, q11, q12):
    """The 12 single-choice values in survey order (Q7 is the member choice)."""
    return [q1, q2, q3, q4, q5, q6, 0, q8, q9, q10, q11, q12]


def answers_about(reviewee_email, given, others):
    return {reviewee_email: given, **{email: {} for email in others}}


def refresh(team, person="owner"):
    return team.client(person).post(f"/api/v1/peer-reviews/projects/{team.project.pk}/prism")


def test_worked_example_gives_the_exact_api_values(survey_team, django_capture_on_commit_callbacks):
    """domain.md §2.7.5: reviewee R with reviewers A and B."""
    reviewee = survey_team.members[0]  # a@example.com, has an account
    reviewer_a, reviewer_b = survey_team.members[1], survey_team.members[2]
    a = {
        "scores": _fix(scores(5, 4, 3, 4, 2, 5, 5, 5, 2, 3, 4)),
        "strength": ("성실함", "회의록을 매번 정리해 주었습니다."),
    }
    b = {
        "scores": _fix(scores(3, 3, 3, 4, 4, 3, 5, 5, 5, 4, 5)),
        "strength": ("성실한 태도", "마감을 항상 지켰습니다."),
    }
    others_a = ["owner@example.com", "c@example.com"]
    others_b = ["owner@example.com", "b@example.com"]
    assert (
        survey_team.submit(reviewer_a, answers_about(reviewee.email, a, others_a)).status_code
        == 200
    )
    assert (
        survey_team.submit(reviewer_b, answers_about(reviewee.email, b, others_b)).status_code
        == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert ok(refresh(survey_team)) is None
    data = ok(
        APIClient().get(
            f"/api/v1/prism/{reviewee.user_id}/{survey_team.project.pk}", {"prismType": "each"}
        )
    )
    assert data["prismData"] == {
        "communication": 3.5,
        "proactivity": 3.5,
        "problemSolving": 4.0,
        "responsibility": 4.5,
        "cooperation": 4.0,
    }
    radial = data["radialData"]
    assert (radial["leadership"], radial["reliability"], radial["teamwork"]) == (4.0, 4.1, 3.8)
    assert "성실" in radial["keywords"] and len(radial["keywords"]) <= 5
    assert radial["evaluation"]
    assert (
        ok(APIClient().get(f"/api/v1/prism/{reviewee.user_id}", {"prismType": "total"}))[
            "prismData"
        ]
        == data["prismData"]
    )


def _fix(values):
    # `scores()` leaves a placeholder for Q7; the survey helper indexes Q8–12 after it.
    return values[:6] + values[7:] + [0]


def test_refresh_is_owner_only(survey_team):
    error(refresh(survey_team, "anonymous"), 401, "AuthCode_401_4")
    error(refresh(survey_team, "outsider"), 400, "PeerReviewCode_400_3")
    error(refresh(survey_team, "member"), 400, "PeerReviewCode_400_3")
    ok(refresh(survey_team, "owner"))
    error(
        survey_team.client("owner").post("/api/v1/peer-reviews/projects/999999/prism"),
        400,
        "Project_400_1",
    )


def test_fewer_reviewers_than_the_threshold_show_nothing(
    survey_team, django_capture_on_commit_callbacks
):
    reviewee = survey_team.members[0]
    survey_team.submit(survey_team.members[1])
    with django_capture_on_commit_callbacks(execute=True):
        ok(refresh(survey_team))
    assert PrismResult.objects.get(membership=reviewee).reviewer_count == 1
    for url in (
        f"/api/v1/prism/{reviewee.user_id}/{survey_team.project.pk}",
        f"/api/v1/prism/{reviewee.user_id}",
    ):
        error(APIClient().get(url, {"prismType": "each"}), 404, "PeerReviewCode_404_2")


def test_hidden_member_results_show_only_to_themselves(
    survey_team, django_capture_on_commit_callbacks
):
    reviewee = survey_team.members[0]
    survey_team.submit(survey_team.members[1])
    survey_team.submit(survey_team.members[2])
    with django_capture_on_commit_callbacks(execute=True):
        ok(refresh(survey_team))
    reviewee.anony_visibility = False
    reviewee.save()
    url = f"/api/v1/prism/{reviewee.user_id}/{survey_team.project.pk}"
    for person in ("anonymous", "outsider", "owner"):
        error(
            survey_team.client(person).get(url, {"prismType": "each"}), 404, "PeerReviewCode_404_2"
        )
    ok(survey_team.client("member").get(url, {"prismType": "each"}))


def test_total_counts_each_project_once(db, django_capture_on_commit_callbacks):
    """DESIGN D12 with domain.md §2.7.5's second project: (4.0 + 3.5) / 2 = 3.75 → 3.7."""
    person = UserFactory()
    make_result(person, communication=4.0, evaluation="예전 프로젝트", end_month=3)
    make_result(person, communication=3.5, evaluation="최근 프로젝트", end_month=9)
    data = ok(APIClient().get(f"/api/v1/prism/{person.id}", {"prismType": "total"}))
    assert data["prismData"]["communication"] == 3.7
    assert data["radialData"]["evaluation"] == "최근 프로젝트"
    assert data["radialData"]["keywords"] == ["성실", "꼼꼼", "리더십"]
    # `each` without a project is the most recent project.
    assert (
        ok(APIClient().get(f"/api/v1/prism/{person.id}", {"prismType": "each"}))["prismData"][
            "communication"
        ]
        == 3.5
    )


def make_result(user, *, communication, evaluation, end_month, reviewers=2):
    from datetime import datetime

    project = ProjectFactory(end_date=datetime(2024, end_month, 28, tzinfo=SEOUL))
    membership = MembershipFactory(project=project, email=user.email, user=user)
    keywords = ["성실", "꼼꼼"] if end_month < 6 else ["성실", "리더십"]
    return PrismResultFactory(
        membership=membership,
        reviewer_count=reviewers,
        communication=communication,
        proactivity=3,
        problem_solving=3,
        responsibility=3,
        cooperation=3,
        leadership=3,
        reliability=3,
        teamwork=3,
        keywords=keywords,
        evaluation=evaluation,
    )


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        (
            "/api/v1/prism/00000000-0000-0000-0000-000000000000",
            {"prismType": "total"},
            404,
            "PeerReviewCode_404_2",
        ),
        ("/api/v1/prism/not-a-uuid", {"prismType": "total"}, 404, "PeerReviewCode_404_2"),
        ("/api/v1/prism//12", {"prismType": "each"}, 404, "PeerReviewCode_404_2"),
        ("/api/v1/prism/00000000-0000-0000-0000-000000000000", {}, 400, "Global_400_1"),
        (
            "/api/v1/prism/00000000-0000-0000-0000-000000000000",
            {"prismType": "weird"},
            400,
            "Global_400_1",
        ),
    ],
)
def test_prism_read_errors(db, path, params, status, code):
    error(APIClient().get(path, params), status, code)


def test_results_reach_a_person_who_signs_up_later(
    survey_team, django_capture_on_commit_callbacks, verified_code
):
    # b@example.com has no account yet; two teammates review it.
    survey_team.submit(survey_team.members[0])
    survey_team.submit(survey_team.members[2])
    with django_capture_on_commit_callbacks(execute=True):
        ok(refresh(survey_team))
    code = verified_code("b@example.com")
    signed_up = (
        APIClient()
        .post(
            "/api/v1/auth/signup",
            {
                "username": "비",
                "email": "b@example.com",
                "authCode": code,
                "password": "secret123!",
            },
            format="json",
        )
        .json()["data"]
    )
    ok(APIClient().get(f"/api/v1/prism/{signed_up['userId']}", {"prismType": "total"}))


def test_prism_reads_for_all_four_people(survey_team, django_capture_on_commit_callbacks):
    reviewee = survey_team.members[0]
    survey_team.submit(survey_team.members[1])
    survey_team.submit(survey_team.members[2])
    with django_capture_on_commit_callbacks(execute=True):
        ok(refresh(survey_team))
    for person in ("anonymous", "outsider", "member", "owner"):
        ok(
            survey_team.client(person).get(
                f"/api/v1/prism/{reviewee.user_id}", {"prismType": "total"}
            )
        )


def test_project_views_show_traits_and_keywords(survey_team, django_capture_on_commit_callbacks):
    survey_team.submit(survey_team.members[1])
    survey_team.submit(survey_team.members[2])
    with django_capture_on_commit_callbacks(execute=True):
        ok(refresh(survey_team))
    detail = ok(APIClient().get(f"/api/v1/projects/summary/detail/{survey_team.project.pk}"))
    assert detail["mostCommonTraits"] in {
        "의사소통능력",
        "적극성",
        "문제해결능력",
        "책임감",
        "협동심",
    }
    reviewed = next(m for m in detail["members"] if m["email"] == "a@example.com")
    assert reviewed["strengthKeywords"]


# --- Query counts --------------------------------------------------------------------------------


def grow_reviews(count):
    """A project whose one reviewee has `count` reviewers, and their PRism."""
    person = UserFactory()
    project = ProjectFactory()
    reviewee = MembershipFactory(project=project, email=person.email, user=person)
    from reviews.models import Submission

    reviewers = [MembershipFactory(project=project) for _ in range(count)]
    Submission.objects.bulk_create(
        [
            Submission(
                project=project,
                reviewer=r,
                reviewee=reviewee,
                communication=4,
                proactivity=4,
                problem_solving=4,
                responsibility=4,
                cooperation=4,
                strength_description="성실",
                strength_example="성실하게 참여했습니다.",
            )
            for r in reviewers
        ]
    )
    return person, project


def test_recompute_and_reads_use_constant_queries(db, django_capture_on_commit_callbacks):
    counts = {"recompute": [], "total": [], "each": []}
    for size in (2, 25):
        person, project = grow_reviews(size)
        with CaptureQueriesContext(connection) as captured:
            recompute_project(project_id=project.pk)
        counts["recompute"].append(len(captured))
        with CaptureQueriesContext(connection) as captured:
            ok(APIClient().get(f"/api/v1/prism/{person.id}", {"prismType": "total"}))
        counts["total"].append(len(captured))
        with CaptureQueriesContext(connection) as captured:
            ok(APIClient().get(f"/api/v1/prism/{person.id}/{project.pk}", {"prismType": "each"}))
        counts["each"].append(len(captured))
    for name, (small, large) in counts.items():
        assert small == large, (name, counts)
        assert large <= 8, (name, counts)


def test_refresh_endpoint_owner_token(db):
    owner = UserFactory()
    project = ProjectFactory(owner=owner)
    assert (
        ok(bearer_client(owner).post(f"/api/v1/peer-reviews/projects/{project.pk}/prism")) is None
    )


def test_a_mean_is_stored_the_same_whatever_order_the_database_adds_in():
    # Per-reviewer axes are means of a category's questions (thirds among them); AVG adds
    # them in no fixed order, and these five give two different last bits by order. A
    # recompute over the same answers must store the same values (the seed test compares).
    axis = [8 / 3, 11 / 3, 11 / 3, 14 / 3, 3.5]
    # Added one by one, as a database does (Python's own sum() compensates).
    raw = {functools.reduce(operator.add, order) / 5 for order in itertools.permutations(axis)}
    assert len(raw) == 2
    assert {scoring.settled(mean) for mean in raw} == {3.633333333}
