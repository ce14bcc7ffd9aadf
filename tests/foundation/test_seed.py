"""`manage.py seed`: idempotent, and `--demo` gives a local run everything to show.

The demo is made by the real services (invitations, surveys with each reviewer's own
code, the owner's refresh, the summary task), so these tests also read it back through
the API as the web client would.
"""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.seeding import (
    DEMO_PASSWORD,
    DEMO_PEOPLE,
    DEMO_STAFF_EMAIL,
    DEMO_STAFF_PASSWORD,
    DEMO_TEAMMATES,
)
from projects.models import Bookmark, Membership, Post, Project, RecruitmentStatus
from reviews.models import Answer, PrismResult, Submission, SurveyInvitation
from reviews.services import recompute_project, summarize_project
from tests.conftest import bearer_client, code_from_mail

pytestmark = pytest.mark.django_db

MODELS = (User, Project, Membership, SurveyInvitation, Submission, Answer, PrismResult, Post)


def seed_demo(capture) -> tuple[str, str]:
    """Run `seed --demo` as `make run` does; deferred work runs as on a real commit."""
    out, err = StringIO(), StringIO()
    with capture(execute=True):
        call_command("seed", "--demo", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> dict[str, int]:
    return {
        **{model.__name__: model.objects.count() for model in MODELS},
        "active bookmarks": Bookmark.objects.filter(active=True).count(),
        "views": sum(Post.objects.values_list("view_count", flat=True)),
        "summarised": PrismResult.objects.filter(summarized_at__isnull=False).count(),
    }


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    return seed_demo(django_capture_on_commit_callbacks)


def test_demo_seed_is_idempotent(django_capture_on_commit_callbacks):
    out, _ = seed_demo(django_capture_on_commit_callbacks)
    assert out.startswith(
        "Seeded: 6 demo account(s), 4 demo project(s) with 14 answered survey(s), 3 post(s)"
    )
    first = counts()
    assert first == {
        "User": 6,  # the staff account needs DEBUG (see below)
        "Project": 4,
        "Membership": 15,
        "SurveyInvitation": 15,
        "Submission": 40,
        "Answer": 40 * 14,
        "PrismResult": 15,
        "Post": 3,
        "active bookmarks": 5,
        "views": 20,
        "summarised": 15,
    }
    again, _ = seed_demo(django_capture_on_commit_callbacks)
    assert again.startswith("Seeded: 0 demo account(s), 0 demo project(s) with 0 answered")
    assert counts() == first


def test_every_demo_person_has_a_total_prism_with_keywords_and_an_evaluation(demo):
    for email, _ in DEMO_PEOPLE + DEMO_TEAMMATES:
        user = User.objects.get(email=email)
        response = Client().get(f"/api/v1/prism/{user.pk}", {"prismType": "total"})
        assert response.status_code == 200, (email, response.content)
        data = response.json()["data"]
        scores = data["prismData"]
        assert sorted(scores) == [
            "communication",
            "cooperation",
            "proactivity",
            "problemSolving",
            "responsibility",
        ]
        assert all(1 <= value <= 5 for value in scores.values()), email
        assert len(data["radialData"]["keywords"]) == 5, email
        assert data["radialData"]["evaluation"].strip(), email


def test_the_results_are_what_the_services_compute_from_the_answers(demo):
    # Every reviewer answered with their own invitation, and the results and summaries are
    # exactly what recomputing and summarising the stored answers gives.
    assert not Submission.objects.filter(reviewer__invitation__isnull=True).exists()
    assert set(Membership.objects.filter(review_done=True)) == {
        s.reviewer for s in Submission.objects.select_related("reviewer")
    }
    before = list(PrismResult.objects.order_by("pk").values())
    for project in Project.objects.all():
        recompute_project(project_id=project.pk)
        assert summarize_project(project_id=project.pk) == 0  # nothing new to summarise
    after = list(PrismResult.objects.order_by("pk").values())
    ignore = {"computed_at"}
    assert [{k: v for k, v in r.items() if k not in ignore} for r in after] == [
        {k: v for k, v in r.items() if k not in ignore} for r in before
    ]


def test_each_project_result_is_shown_only_with_enough_reviewers(demo, settings):
    # In 가계부 챗봇 one survey is missing: two members have a single reviewer there.
    chatbot = Project.objects.get(name="가계부 챗봇")
    below = PrismResult.objects.filter(project=chatbot, reviewer_count__lt=2)
    assert sorted(r.membership.email for r in below) == ["mina@prism.local", "seoyeon@prism.local"]
    mina = User.objects.get(email="mina@prism.local")
    response = Client().get(f"/api/v1/prism/{mina.pk}/{chatbot.pk}", {"prismType": "each"})
    assert response.json()["code"] == "PeerReviewCode_404_2"
    book_map = Project.objects.get(name="동네 책방 지도")
    response = Client().get(f"/api/v1/prism/{mina.pk}/{book_map.pk}", {"prismType": "each"})
    assert response.status_code == 200


def test_a_hidden_member_and_an_account_less_member_to_claim(
    demo, django_capture_on_commit_callbacks
):
    joon = Membership.objects.get(project__name="동네 책방 지도", email="joon@prism.local")
    assert joon.anony_visibility is False
    earlier = Membership.objects.get(email="mina.univ@prism.local")
    assert earlier.user is None and earlier.review_done
    # Mina claims her earlier project as the web client does ("지난 프로젝트 불러오기").
    mina = bearer_client(User.objects.get(email="mina@prism.local"))
    found = mina.get("/api/v1/projects/summary/by-name", {"projectName": "캡스톤"})
    assert found.status_code == 200, found.content
    # Asked for and verified signed in, as the client does: the verification is Mina's.
    with django_capture_on_commit_callbacks(execute=True):
        sent = mina.post(
            "/api/v1/auth/code",
            {"email": "mina.univ@prism.local", "authType": "LOAD_PROJECT"},
            format="json",
        )
    assert sent.status_code == 200, sent.content
    verified = mina.post(
        "/api/v1/auth/code/verification",
        {
            "email": "mina.univ@prism.local",
            "authCode": code_from_mail(mail.outbox[-1]),
            "authType": "LOAD_PROJECT",
        },
        format="json",
    )
    assert verified.status_code == 200, verified.content
    response = mina.post(
        f"/api/v1/projects/link-project/{earlier.project_id}?anonymousEmail=mina.univ@prism.local",
        {},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert Membership.objects.get(pk=earlier.pk).user.email == "mina@prism.local"


def test_posts_exist_in_each_state_with_bookmarks_and_views(demo):
    now = timezone.now()
    posts = {post.title: post for post in Post.objects.all()}
    states = {
        title: (post.status, post.effective_status(now), post.view_count)
        for title, post in posts.items()
    }
    recruiting, closed = RecruitmentStatus.RECRUITING, RecruitmentStatus.CLOSED
    assert sorted(states.values()) == [
        (closed, closed, 3),  # closed by hand
        (recruiting, closed, 5),  # closed by its end date
        (recruiting, recruiting, 12),  # open
    ]
    demo_user = User.objects.get(email="demo@prism.local")
    bookmarked = bearer_client(demo_user).get("/api/v1/posts/bookmarks/recruitment")
    assert bookmarked.status_code == 200
    assert [p["title"] for p in bookmarked.json()["data"]["posts"]] == [
        "동네 책방 지도 백엔드 개발자 구해요"
    ]


def test_demo_people_sign_in_with_the_documented_password(demo, api_client):
    response = api_client.post(
        "/api/v1/auth/login",
        {"email": "joon@prism.local", "password": DEMO_PASSWORD},
        format="json",
    )
    assert response.status_code == 200, response.content


def test_the_staff_account_opens_the_admin_when_debug_is_on(
    settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    out, _ = seed_demo(django_capture_on_commit_callbacks)
    assert out.rstrip().endswith(f"staff account {DEMO_STAFF_EMAIL}.")
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": DEMO_STAFF_EMAIL, "password": DEMO_STAFF_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/projects/project/").status_code == 200


def test_the_staff_account_is_refused_when_debug_is_off(settings, demo):
    assert settings.DEBUG is False  # as in every test, unless a test turns it on
    _, err = demo
    assert "DEBUG is off" in err
    assert not User.objects.filter(email=DEMO_STAFF_EMAIL).exists()


def test_plain_seed_creates_no_demo_data():
    call_command("seed", stdout=StringIO())
    assert User.objects.count() == 0
