"""P1–P3 and P12: creating, updating, deleting projects and setting one's visibility."""

import pytest

from projects.models import Category, Membership, Project
from tests.conftest import bearer_client, project_body
from tests.envelopes import error, ok
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- P1 ------------------------------------------------------------------------------------------


def test_create_project_as_the_client_sends_it():
    owner = UserFactory(email="owner@example.com")
    existing = UserFactory(email="new@example.com")
    data = ok(
        bearer_client(owner).post("/api/v1/projects", project_body(), format="json"), status=201
    )
    project = Project.objects.get(pk=data["projectId"])
    assert data == {
        "projectId": project.pk,
        "projectName": "PRism",
        "projectDescription": "동료 평가 서비스",
        "organizationName": "SWYG",
        "memberCount": 2,
        "categories": [
            {"id": data["categories"][0]["id"], "category": {"categoryId": 3, "name": "교육"}},
            {"id": data["categories"][1]["id"], "category": {"categoryId": 7, "name": "생산성"}},
        ],
        "skills": ["Django", "React"],
        # Local midnight in Seoul is 15:00 UTC the day before.
        "startDate": "2024-06-30T15:00:00.000+00:00",
        "endDate": "2024-08-30T15:00:00.000+00:00",
        "projectUrlLink": "https://prism.example.com",
        "urlVisibility": True,
        "createdBy": "owner@example.com",
    }
    members = {m.email: m for m in project.memberships.all()}
    assert set(members) == {"owner@example.com", "new@example.com"}
    assert members["new@example.com"].user == existing  # linked on create
    assert members["owner@example.com"].user == owner
    assert all(m.anony_visibility and not m.review_done for m in members.values())
    assert [r.name for r in members["new@example.com"].roles.all()] == ["Backend", "DevOps"]


def test_a_project_registered_by_the_web_client_can_be_found_and_claimed_by_name():
    # The client's create body carries `urlVisibility: false`; P1 stores true regardless, so
    # "link an earlier project" (P4, public links only) finds it right away.
    owner = UserFactory(email="owner@example.com")
    created = ok(
        bearer_client(owner).post("/api/v1/projects", project_body(), format="json"), status=201
    )
    assert created["urlVisibility"] is True
    found = ok(
        bearer_client(UserFactory()).get(
            "/api/v1/projects/summary/by-name", {"projectName": "PRism"}
        )
    )
    assert [p["projectId"] for p in found] == [created["projectId"]]


def test_update_honours_url_visibility_both_ways(team):
    for wanted in (False, True):
        data = ok(
            team.client("owner").put(
                f"/api/v1/projects/{team.project.pk}",
                update_body(team, urlVisibility=wanted),
                format="json",
            )
        )
        assert data["urlVisibility"] is wanted
        team.project.refresh_from_db()
        assert team.project.url_visibility is wanted


def test_create_needs_a_token(api_client):
    error(api_client.post("/api/v1/projects", project_body(), format="json"), 401, "AuthCode_401_4")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"projectName": ""}, "projectName"),
        ({"members": []}, "members"),
        ({"members": [{"name": "a", "email": "a@b.co", "roles": []}]}, "members.0.roles"),
        ({"members": [{"name": "", "email": "a@b.co", "roles": ["PM"]}]}, "members.0.name"),
        ({"members": [{"name": "a", "email": "nope", "roles": ["PM"]}]}, "members.0.email"),
        ({"startDate": "2024-07-01"}, "startDate"),
        ({"startDate": "20241399000000"}, "startDate"),
        ({"endDate": "20240101000000"}, "endDate"),
        ({"categories": None}, "categories"),
        ({"projectName": "x" * 101}, "projectName"),
    ],
)
def test_create_validation_errors_are_400(change, field):
    client = bearer_client(UserFactory())
    message = error(
        client.post("/api/v1/projects", project_body(**change), format="json"), 400, "Global_400_1"
    )
    assert message.startswith(f"{field}:"), message


def test_duplicate_member_emails_are_refused():
    members = [
        {"name": "a", "email": "same@example.com", "roles": ["PM"]},
        {"name": "b", "email": "SAME@example.com", "roles": ["PM"]},
    ]
    client = bearer_client(UserFactory())
    message = error(
        client.post("/api/v1/projects", project_body(members=members), format="json"),
        400,
        "Global_400_1",
    )
    assert "duplicate" in message


def test_unknown_category_is_project_400_6():
    client = bearer_client(UserFactory())
    message = error(
        client.post("/api/v1/projects", project_body(categories=["우주여행"]), format="json"),
        400,
        "Project_400_6",
    )
    assert "우주여행" in message
    assert Category.objects.count() == 8


def test_seeded_categories_are_exactly_the_client_ids():
    assert list(Category.objects.order_by("id").values_list("id", "name")) == [
        (1, "금융"),
        (2, "헬스케어"),
        (3, "교육"),
        (4, "커머스"),
        (5, "여행"),
        (6, "엔터테인먼트"),
        (7, "생산성"),
        (8, "기타"),
    ]


# --- P2 ------------------------------------------------------------------------------------------


def update_body(team, **overrides):
    members = [
        {"name": "오너 새이름", "email": "owner@example.com", "roles": ["PM", "Designer"]},
        {"name": "멤버", "email": "member@example.com", "roles": ["Frontend"]},
        {"name": "추가", "email": "later@example.com", "roles": ["QA"]},
    ]
    return project_body(members=members, **overrides)


@pytest.mark.parametrize(
    ("person", "status", "code"),
    [
        ("anonymous", 401, "AuthCode_401_4"),
        ("outsider", 400, "Project_400_7"),
        ("member", 400, "Project_400_7"),
    ],
)
def test_only_the_owner_updates(team, person, status, code):
    response = team.client(person).put(
        f"/api/v1/projects/{team.project.pk}", update_body(team), format="json"
    )
    error(response, status, code)


def test_owner_update_diffs_members_and_keeps_their_state(team):
    team.member_membership.review_done = True
    team.member_membership.anony_visibility = False
    team.member_membership.save()
    later = UserFactory(email="later@example.com")
    member_pk = team.member_membership.pk
    data = ok(
        team.client("owner").put(
            f"/api/v1/projects/{team.project.pk}",
            update_body(team, urlVisibility=None),
            format="json",
        )
    )
    assert data["createdBy"] == "owner@example.com"
    assert data["urlVisibility"] is True  # absent/null keeps the stored value (W-18)
    members = {m.email: m for m in Membership.objects.filter(project=team.project)}
    assert set(members) == {"owner@example.com", "member@example.com", "later@example.com"}
    kept = members["member@example.com"]
    assert kept.pk == member_pk and kept.review_done and not kept.anony_visibility
    assert [r.name for r in kept.roles.all()] == ["Frontend"]
    assert members["owner@example.com"].name == "오너 새이름"
    assert members["later@example.com"].user == later  # linked on update too


def test_update_can_hide_the_link(team):
    ok(
        team.client("owner").put(
            f"/api/v1/projects/{team.project.pk}",
            update_body(team, urlVisibility=False),
            format="json",
        )
    )
    team.project.refresh_from_db()
    assert team.project.url_visibility is False


def test_update_of_a_missing_project_is_project_400_1(team):
    error(
        team.client("owner").put("/api/v1/projects/999999", update_body(team), format="json"),
        400,
        "Project_400_1",
    )


def test_update_checks_ownership_before_the_payload(team):
    error(
        team.client("outsider").put(f"/api/v1/projects/{team.project.pk}", {}, format="json"),
        400,
        "Project_400_7",
    )
    error(
        team.client("owner").put(f"/api/v1/projects/{team.project.pk}", {}, format="json"),
        400,
        "Global_400_1",
    )


# --- P3 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "status", "code"),
    [
        ("anonymous", 401, "AuthCode_401_4"),
        ("outsider", 400, "Project_400_7"),
        ("member", 400, "Project_400_7"),
    ],
)
def test_only_the_owner_deletes(team, person, status, code):
    error(team.client(person).delete(f"/api/v1/projects/{team.project.pk}"), status, code)
    assert Project.objects.filter(pk=team.project.pk).exists()


def test_owner_deletes_with_logical_204(team):
    assert (
        ok(team.client("owner").delete(f"/api/v1/projects/{team.project.pk}"), status=204) is None
    )
    assert not Project.objects.filter(pk=team.project.pk).exists()
    assert not Membership.objects.filter(project_id=team.project.pk).exists()
    error(team.client("owner").delete(f"/api/v1/projects/{team.project.pk}"), 400, "Project_400_1")


@pytest.mark.parametrize(
    "path", ["/api/v1/projects/abc", "/api/v1/projects/99999999999", "/api/v1/projects/0"]
)
def test_malformed_ids_are_404_not_500(team, path):
    error(team.client("owner").delete(path), 404, "Global_404_1")


# --- P12 -----------------------------------------------------------------------------------------


def visibility(client, project_id, value=None):
    body = {"projectId": project_id}
    if value is not None:
        body["anonyVisibility"] = value
    return client.put("/api/v1/projects/anonyVisibility", body, format="json")


def test_member_sets_own_visibility(team):
    data = ok(visibility(team.client("member"), team.project.pk, False))
    assert data == {"projectId": team.project.pk, "anonyVisibility": False}
    team.member_membership.refresh_from_db()
    assert team.member_membership.anony_visibility is False
    # A missing flag means false (contract P12); true shows the member again.
    assert ok(visibility(team.client("member"), team.project.pk, True))["anonyVisibility"] is True
    assert ok(visibility(team.client("member"), team.project.pk))["anonyVisibility"] is False


def test_owner_who_is_a_member_sets_visibility(team):
    assert ok(visibility(team.client("owner"), team.project.pk, False))["anonyVisibility"] is False


def test_visibility_errors(team):
    error(visibility(team.client("anonymous"), team.project.pk, False), 401, "AuthCode_401_4")
    error(visibility(team.client("outsider"), team.project.pk, False), 400, "Project_400_7")
    error(visibility(team.client("member"), 999999, False), 400, "Project_400_1")
    error(
        team.client("member").put(
            "/api/v1/projects/anonyVisibility", {"anonyVisibility": True}, format="json"
        ),
        400,
        "Global_400_1",
    )
