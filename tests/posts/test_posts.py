"""T1–T5 and the writer's edit/delete: recruitment posts, filters, sorts, bookmarks, views."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from projects.models import Bookmark, Post, ProjectSkill
from tests.conftest import bearer_client, run_in_threads
from tests.envelopes import error, ok
from tests.factories import UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def post_body(project_id, **overrides):
    body = {
        "openUntilRecruited": False,
        "recruitmentStartAt": "2030-08-01T00:00:00",
        "recruitmentEndAt": "2030-08-31T23:59:59",
        "title": "백엔드 팀원 구해요",
        "content": "<p>Django로 함께 만들어요</p>",
        "projectId": project_id,
        "contactMethod": "kakaoTalk",
        "contactInfo": "https://open.kakao.com/o/abc",
        "applyMethod": "googleForm",
        "applyInfo": "https://forms.gle/xyz",
        "processMethod": "online",
        "recruitPositions": [
            {"position": "backend", "count": 2},
            {"position": "designer", "count": 1},
        ],
    }
    body.update(overrides)
    return body


def create(client, project_id, **overrides):
    return client.post(
        "/api/v1/posts/recruitment", post_body(project_id, **overrides), format="json"
    )


# --- T3 create -----------------------------------------------------------------------------------


def test_member_creates_a_post(team):
    data = ok(create(team.client("member"), team.project.pk))
    assert data["postId"] == Post.objects.get().pk
    assert data["userId"] == str(team.member_membership.user_id)
    assert data["projectId"] == team.project.pk
    assert (data["viewCount"], data["recruitmentStatus"]) == (0, "RECRUITING")
    assert data["recruitmentStartAt"] == "2030-08-01T00:00:00"
    assert data["recruitmentEndAt"] == "2030-08-31T23:59:59"
    assert data["applyMethod"] == "googleForm" and data["applyInfo"] == "https://forms.gle/xyz"
    assert data["recruitmentPositions"] == [
        {"position": "backend", "recruitmentCount": 2},
        {"position": "designer", "recruitmentCount": 1},
    ]
    assert ok(create(team.client("owner"), team.project.pk))["postId"]


def test_post_needs_a_project_the_writer_belongs_to(team):
    error(create(team.client("outsider"), team.project.pk), 400, "Project_400_7")
    error(create(team.client("member"), 999999), 400, "Project_400_1")
    error(create(team.client("anonymous"), team.project.pk), 401, "AuthCode_401_4")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"recruitPositions": []}, "recruitPositions"),
        ({"recruitPositions": [{"position": "backend", "count": 0}]}, "recruitPositions.0.count"),
        ({"recruitPositions": [{"position": "wizard", "count": 1}]}, "recruitPositions.0.position"),
        (
            {"recruitPositions": [{"position": "qa", "count": 1}, {"position": "qa", "count": 2}]},
            "recruitPositions",
        ),
        ({"contactMethod": "kakao"}, "contactMethod"),
        ({"processMethod": "both"}, "processMethod"),
        ({"recruitmentEndAt": None}, "recruitmentEndAt"),
        ({"recruitmentEndAt": "2030-07-01T00:00:00"}, "recruitmentEndAt"),
        ({"recruitmentStartAt": "2030-08-01T00:00:00+09:00"}, "recruitmentStartAt"),
        ({"recruitmentStartAt": "yesterday"}, "recruitmentStartAt"),
    ],
)
def test_post_validation(team, change, field):
    message = error(create(team.client("member"), team.project.pk, **change), 400, "Global_400_1")
    assert message.startswith(f"{field}:"), message


def test_open_until_recruited_needs_no_dates_and_z_is_tolerated(team):
    data = ok(
        create(
            team.client("member"),
            team.project.pk,
            openUntilRecruited=True,
            recruitmentStartAt=None,
            recruitmentEndAt=None,
        )
    )
    assert data["recruitmentEndAt"] is None
    with_z = ok(
        create(team.client("member"), team.project.pk, recruitmentStartAt="2030-08-01T09:30:00Z")
    )
    assert with_z["recruitmentStartAt"] == "2030-08-01T09:30:00"


# --- Writer's PUT / DELETE -----------------------------------------------------------------------


def test_only_the_writer_edits_closes_and_deletes(team):
    post_id = ok(create(team.client("member"), team.project.pk))["postId"]
    url = f"/api/v1/posts/{post_id}/recruitment"
    for person, status, code in (
        ("anonymous", 401, "AuthCode_401_4"),
        ("outsider", 403, "Global_403_1"),
        ("owner", 403, "Global_403_1"),
    ):
        error(team.client(person).put(url, post_body(team.project.pk), format="json"), status, code)
        error(team.client(person).delete(url), status, code)
    edited = ok(
        team.client("member").put(
            url,
            post_body(team.project.pk, title="수정됨", recruitmentStatus="CLOSED"),
            format="json",
        )
    )
    assert (edited["title"], edited["recruitmentStatus"]) == ("수정됨", "CLOSED")
    assert ok(team.client("member").delete(url), status=204) is None
    error(team.client("member").delete(url), 404, "Global_404_1")


def test_an_edit_answers_what_was_saved_and_may_move_only_to_a_project_of_the_writer(team):
    post_id = ok(create(team.client("member"), team.project.pk))["postId"]
    Post.objects.filter(pk=post_id).update(view_count=7)
    url = f"/api/v1/posts/{post_id}/recruitment"
    positions = [{"position": "qa", "count": 3}, {"position": "backend", "count": 1}]
    edited = ok(
        team.client("member").put(
            url, post_body(team.project.pk, recruitPositions=positions), format="json"
        )
    )
    assert edited["viewCount"] == 7 and edited["userId"] == str(team.member_membership.user_id)
    assert edited["recruitmentPositions"] == [
        {"position": "qa", "recruitmentCount": 3},
        {"position": "backend", "recruitmentCount": 1},
    ]
    detail = ok(team.client("member").get(url))["post"]
    assert [(p["position"], p["recruitmentCount"]) for p in detail["recruitmentPositions"]] == [
        ("qa", 3),
        ("backend", 1),
    ]
    elsewhere = ProjectFactory()
    for project_id, code in ((elsewhere.pk, "Project_400_7"), (999999, "Project_400_1")):
        error(team.client("member").put(url, post_body(project_id), format="json"), 400, code)
    assert Post.objects.get(pk=post_id).project_id == team.project.pk


# --- T1 list -------------------------------------------------------------------------------------


@pytest.fixture
def board(team):
    """Four posts with different positions, methods, deadlines and views."""
    client = team.client("member")
    team.project.categories.set([3])
    ProjectSkill.objects.create(project=team.project, position=0, name="Django")
    other = ProjectFactory(owner=team.owner_membership.user)
    other.categories.set([5])
    MembershipFactory(project=other, email="member@example.com", user=team.member_membership.user)
    ids = {}
    ids["backend"] = ok(create(client, team.project.pk))["postId"]
    ids["frontend"] = ok(
        create(
            client,
            other.pk,
            processMethod="offline",
            recruitPositions=[{"position": "frontend", "count": 1}],
            recruitmentEndAt="2030-09-30T00:00:00",
        )
    )["postId"]
    ids["expired"] = ok(
        create(
            client,
            other.pk,
            recruitmentStartAt="2020-01-01T00:00:00",
            recruitmentEndAt="2020-02-01T00:00:00",
        )
    )["postId"]
    ids["open"] = ok(
        create(
            client,
            team.project.pk,
            openUntilRecruited=True,
            recruitmentStartAt=None,
            recruitmentEndAt=None,
            recruitPositions=[{"position": "qa", "count": 1}],
        )
    )["postId"]
    Post.objects.filter(pk=ids["frontend"]).update(view_count=10)
    Post.objects.filter(pk=ids["open"]).update(view_count=5)
    return ids


def listing(client, url="/api/v1/posts/recruitment", **params):
    return ok(client.get(url, params))


def ids_of(page):
    return [item["postId"] for item in page["posts"]]


def test_list_shape_and_default_recent_order(team, board):
    page = listing(team.client("anonymous"))
    assert (page["totalCount"], page["totalPages"], page["currentPage"]) == (4, 1, 0)
    assert ids_of(page) == [board["open"], board["expired"], board["frontend"], board["backend"]]
    item = next(i for i in page["posts"] if i["postId"] == board["backend"])
    assert item["categories"] == ["교육"] and item["positions"] == ["backend", "designer"]
    assert item["openUntilRecruited"] is False and item["bookmarked"] is False
    assert item["writerInfo"] == {
        "userId": str(team.member_membership.user_id),
        "username": "멤버",
        "email": "member@example.com",
    }
    assert (
        next(i for i in page["posts"] if i["postId"] == board["expired"])["recruitmentStatus"]
        == "CLOSED"
    )


def test_sorts(team, board):
    client = team.client("anonymous")
    assert ids_of(listing(client, sort="popular"))[:2] == [board["frontend"], board["open"]]
    # Soonest deadline first, open-until-recruited last.
    assert ids_of(listing(client, sort="expiry")) == [
        board["expired"],
        board["backend"],
        board["frontend"],
        board["open"],
    ]


def test_filters(team, board):
    client = team.client("anonymous")
    assert ids_of(listing(client, recruitmentPositions="frontend")) == [board["frontend"]]
    assert set(ids_of(listing(client, recruitmentPositions="frontend,qa"))) == {
        board["frontend"],
        board["open"],
    }
    # A position nobody recruits is an empty page, never everything (W-21).
    assert listing(client, recruitmentPositions="ios")["posts"] == []
    assert set(ids_of(listing(client, categoryIds="3"))) == {board["backend"], board["open"]}
    assert ids_of(listing(client, processMethod="offline")) == [board["frontend"]]
    assert set(ids_of(listing(client, skills="Django"))) == {board["backend"], board["open"]}
    recruiting = set(ids_of(listing(client, recruiting="true")))
    assert recruiting == {board["backend"], board["frontend"], board["open"]}


def test_closing_by_hand_removes_a_post_from_recruiting(team, board):
    Post.objects.filter(pk=board["open"]).update(status="CLOSED")
    assert board["open"] not in ids_of(listing(team.client("anonymous"), recruiting="true"))


def test_paging(team, board):
    client = team.client("anonymous")
    first, second = listing(client, pageSize=3), listing(client, pageSize=3, pageNo=1)
    assert (first["totalPages"], len(first["posts"]), len(second["posts"])) == (2, 3, 1)
    assert not set(ids_of(first)) & set(ids_of(second))


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "oldest"},
        {"recruitmentPositions": "wizard"},
        {"pageSize": 0},
        {"categoryIds": "x"},
        {"recruiting": "maybe"},
    ],
)
def test_list_binding_errors_are_400(team, params):
    error(team.client("anonymous").get("/api/v1/posts/recruitment", params), 400, "Global_400_1")


# --- T5 bookmarks and T4 bookmarked list ---------------------------------------------------------


def test_bookmark_toggle_and_bookmarked_list(team, board):
    client = team.client("outsider")
    url = f"/api/v1/posts/{board['frontend']}/bookmarks"
    assert ok(client.post(url)) == {"postId": board["frontend"], "bookmarked": True}
    ok(client.post(f"/api/v1/posts/{board['backend']}/bookmarks"))
    page = listing(client, "/api/v1/posts/bookmarks/recruitment", sort="popular")
    assert ids_of(page) == [board["frontend"], board["backend"]]
    assert all(item["bookmarked"] for item in page["posts"])
    flagged = {i["postId"]: i["bookmarked"] for i in listing(client)["posts"]}
    assert flagged[board["frontend"]] and not flagged[board["open"]]
    assert ok(client.post(url)) == {"postId": board["frontend"], "bookmarked": False}
    assert ids_of(listing(client, "/api/v1/posts/bookmarks/recruitment")) == [board["backend"]]
    assert Bookmark.objects.filter(post_id=board["frontend"]).count() == 1


def test_bookmark_errors(team, board):
    error(team.client("member").post("/api/v1/posts/999999/bookmarks"), 404, "Global_404_1")
    error(
        team.client("anonymous").post(f"/api/v1/posts/{board['open']}/bookmarks"),
        401,
        "AuthCode_401_4",
    )
    error(
        team.client("anonymous").get("/api/v1/posts/bookmarks/recruitment"), 401, "AuthCode_401_4"
    )


# --- T2 detail and view counts -------------------------------------------------------------------


def test_detail_counts_views_and_shows_the_project(team, board):
    url = f"/api/v1/posts/{board['backend']}/recruitment"
    first = ok(team.client("outsider").get(url))
    second = ok(team.client("owner").get(url))
    assert (first["post"]["viewCount"], second["post"]["viewCount"]) == (0, 1)
    assert Post.objects.get(pk=board["backend"]).view_count == 2
    post = first["post"]
    assert post["postTeamRecruitmentId"] == post["postId"] == board["backend"]
    assert (
        post["applicationMethod"] == "googleForm"
        and post["recruitmentStart"] == "2030-08-01T00:00:00"
    )
    assert post["writer"]["username"] == "멤버"
    assert [p["position"] for p in post["recruitmentPositions"]] == ["backend", "designer"]
    assert first["project"]["projectName"] == team.project.name


def test_detail_errors_do_not_count(team, board):
    error(team.client("member").get("/api/v1/posts/999999/recruitment"), 404, "Global_404_1")
    error(
        team.client("anonymous").get(f"/api/v1/posts/{board['open']}/recruitment"),
        401,
        "AuthCode_401_4",
    )
    assert Post.objects.get(pk=board["open"]).view_count == 5


def test_the_detail_is_one_frozen_read_model_with_this_view_counted(board):
    from dataclasses import FrozenInstanceError

    from posts.services import view_post

    first = view_post(post_id=board["frontend"])
    second = view_post(post_id=board["frontend"])
    assert (first.post.views_before, second.post.views_before) == (10, 11)
    with pytest.raises(FrozenInstanceError):
        first.post.views_before = 0  # type: ignore[misc]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_views_are_counted_exactly():
    from tests.projects_factories import MembershipFactory as Members

    writer = UserFactory()
    project = ProjectFactory(owner=writer)
    Members(project=project, email=writer.email, user=writer)
    post_id = ok(create(bearer_client(writer), project.pk))["postId"]
    viewers = [UserFactory() for _ in range(10)]

    def view(index):
        response = bearer_client(viewers[index]).get(f"/api/v1/posts/{post_id}/recruitment")
        return response.status_code, response.json()["data"]["post"]["viewCount"]

    results = run_in_threads(10, view)
    assert all(status == 200 for status, _ in results), results
    assert sorted(before for _, before in results) == list(range(10))
    assert Post.objects.get(pk=post_id).view_count == 10


# --- Query counts --------------------------------------------------------------------------------


def test_post_reads_use_constant_queries(team):
    client = team.client("outsider")
    counts = {"list": [], "bookmarked": [], "detail": []}
    post_id = None
    for size in (2, 12):
        for _ in range(size):
            post_id = ok(create(team.client("member"), team.project.pk))["postId"]
            ok(client.post(f"/api/v1/posts/{post_id}/bookmarks"))
        for name, url in (
            ("list", "/api/v1/posts/recruitment?pageSize=100"),
            ("bookmarked", "/api/v1/posts/bookmarks/recruitment?pageSize=100"),
            ("detail", f"/api/v1/posts/{post_id}/recruitment"),
        ):
            with CaptureQueriesContext(connection) as captured:
                ok(client.get(url))
            counts[name].append(len(captured))
    # The detail joins the writer's profile and the project's public detail; it is not a list.
    bounds = {"list": 8, "bookmarked": 8, "detail": 17}
    for name, (small, large) in counts.items():
        assert small == large and large <= bounds[name], (name, counts)


def test_a_deadline_in_the_past_closes_a_post(team):
    post_id = ok(create(team.client("member"), team.project.pk))["postId"]
    Post.objects.filter(pk=post_id).update(recruitment_end_at=timezone.now() - timedelta(minutes=1))
    item = listing(APIClient())["posts"][0]
    assert item["recruitmentStatus"] == "CLOSED"
