"""P4–P10 and P13: summaries and details, who may read them, and their query counts."""

import pytest

from accounts.models import UserInterestJob
from projects.models import Category
from tests.conftest import bearer_client
from tests.envelopes import error, ok
from tests.factories import UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory
from tests.reviews_factories import PrismResultFactory

pytestmark = pytest.mark.django_db


SUMMARY_KEYS = {
    "projectId",
    "projectName",
    "organizationName",
    "startDate",
    "endDate",
    "categories",
    "urlVisibility",
    "userEvaluation",
    "surveyParticipants",
    "anonyVisibility",
}


# --- P6 me-involved-projects ---------------------------------------------------------------------


def test_involved_projects_for_members(team):
    team.project.categories.set([Category.objects.get(pk=3)])
    team.owner_membership.review_done = True
    team.owner_membership.save()
    team.member_membership.anony_visibility = False
    team.member_membership.save()
    PrismResultFactory(membership=team.member_membership)
    [item] = ok(team.client("member").get("/api/v1/projects/me-involved-projects"))
    assert set(item) == SUMMARY_KEYS | {"confirmed"}
    assert item["confirmed"] is True
    assert item["projectId"] == team.project.pk
    assert (item["startDate"], item["endDate"]) == ("2024-07-01", "2024-08-31")
    assert item["categories"] == ["교육"]
    assert item["surveyParticipants"] == 1
    assert item["anonyVisibility"] is False
    assert item["userEvaluation"] == "성실하고 꼼꼼한 팀원입니다."
    [own] = ok(team.client("owner").get("/api/v1/projects/me-involved-projects"))
    assert own["userEvaluation"] == "총평 데이터 없음" and own["anonyVisibility"] is True
    assert ok(team.client("outsider").get("/api/v1/projects/me-involved-projects")) == []
    error(
        team.client("anonymous").get("/api/v1/projects/me-involved-projects"), 401, "AuthCode_401_4"
    )


def test_evaluation_below_the_reviewer_threshold_is_not_shown(team):
    PrismResultFactory(membership=team.member_membership, reviewer_count=1)
    [item] = ok(team.client("member").get("/api/v1/projects/me-involved-projects"))
    assert item["userEvaluation"] == "총평 데이터 없음"


# --- P7 who-involved-projects --------------------------------------------------------------------


def test_who_involved_lists_visible_linked_memberships_for_anyone(team):
    user_id = str(team.member_membership.user_id)
    for person in ("anonymous", "outsider", "member", "owner"):
        [item] = ok(
            team.client(person).get("/api/v1/projects/who-involved-projects", {"userId": user_id})
        )
        assert item["projectId"] == team.project.pk and item["anonyVisibility"] is False
    team.member_membership.anony_visibility = False
    team.member_membership.save()
    # A member who chose to be hidden is not listed on their public profile (W-06).
    assert (
        ok(
            team.client("anonymous").get(
                "/api/v1/projects/who-involved-projects", {"userId": user_id}
            )
        )
        == []
    )


@pytest.mark.parametrize("user_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_who_involved_for_unknown_ids_is_empty(team, user_id):
    assert (
        ok(
            team.client("anonymous").get(
                "/api/v1/projects/who-involved-projects", {"userId": user_id}
            )
        )
        == []
    )


def test_who_involved_requires_the_user_id(team):
    error(
        team.client("anonymous").get("/api/v1/projects/who-involved-projects"), 400, "Global_400_1"
    )


# --- P8 me-registered-projects -------------------------------------------------------------------


def test_registered_projects_are_the_owners(team):
    [item] = ok(team.client("owner").get("/api/v1/projects/me-registered-projects"))
    assert item["projectId"] == team.project.pk and set(item) == SUMMARY_KEYS
    assert ok(team.client("member").get("/api/v1/projects/me-registered-projects")) == []
    assert ok(team.client("outsider").get("/api/v1/projects/me-registered-projects")) == []
    error(
        team.client("anonymous").get("/api/v1/projects/me-registered-projects"),
        401,
        "AuthCode_401_4",
    )


# --- P4 summary/by-name, P5 by-member-and-filters ------------------------------------------------


def test_linkable_projects_by_name_need_a_public_link(team):
    hidden = ProjectFactory(name="프리즘 비공개", url_visibility=False)
    MembershipFactory(project=hidden)
    for person in ("outsider", "member", "owner"):
        items = ok(
            team.client(person).get("/api/v1/projects/summary/by-name", {"projectName": "프리즘"})
        )
        assert [i["projectId"] for i in items] == [team.project.pk]
    error(
        team.client("anonymous").get("/api/v1/projects/summary/by-name", {"projectName": "프리즘"}),
        401,
        "AuthCode_401_4",
    )
    error(team.client("member").get("/api/v1/projects/summary/by-name"), 400, "Global_400_1")


def test_filtered_projects_apply_every_filter(team):
    team.project.categories.set([Category.objects.get(pk=1)])
    other = ProjectFactory(name="다른 프로젝트", organization="Other")
    MembershipFactory(project=other, name="멤버")
    client = team.client("anonymous")
    by_member = ok(
        client.get("/api/v1/projects/summary/by-member-and-filters", {"memberName": "멤버"})
    )
    assert {i["projectId"] for i in by_member} == {team.project.pk, other.pk}
    both = ok(
        client.get(
            "/api/v1/projects/summary/by-member-and-filters",
            {"memberName": "멤버", "categories": "금융,여행"},
        )
    )
    assert [i["projectId"] for i in both] == [team.project.pk]
    assert (
        ok(
            client.get(
                "/api/v1/projects/summary/by-member-and-filters", {"organizationName": "nothing"}
            )
        )
        == []
    )


# --- P9 member detail ----------------------------------------------------------------------------


DETAIL_KEYS = {
    "projectName",
    "organizationName",
    "startDate",
    "endDate",
    "projectUrlLink",
    "urlVisibility",
    "projectDescription",
    "mostCommonTraits",
    "categories",
    "skills",
    "members",
    "anonymousCount",
}
MEMBER_KEYS = {
    "userId",
    "name",
    "email",
    "roles",
    "anonyVisibility",
    "introduction",
    "interestDomains",
    "projectCount",
    "strengthKeywords",
}


def test_member_detail_for_members_and_owner(team):
    team.pending_membership.anony_visibility = False
    team.pending_membership.save()
    for person in ("member", "owner"):
        data = ok(
            team.client(person).get(f"/api/v1/projects/me-involved-projects/{team.project.pk}")
        )
        assert set(data) == DETAIL_KEYS
        assert all(set(m) == MEMBER_KEYS for m in data["members"])
        members = {m["email"]: m for m in data["members"]}
        assert members["member@example.com"]["userId"] == str(team.member_membership.user_id)
        assert members["pending@example.com"]["userId"] == "-1"
        assert members["pending@example.com"]["roles"] == ["Designer", "Frontend"]
        assert members["pending@example.com"]["name"] == "대기"  # members see each other unmasked
        assert data["anonymousCount"] == 2


def test_member_detail_refuses_others(team):
    error(
        team.client("outsider").get(f"/api/v1/projects/me-involved-projects/{team.project.pk}"),
        400,
        "Project_400_7",
    )
    error(
        team.client("anonymous").get(f"/api/v1/projects/me-involved-projects/{team.project.pk}"),
        401,
        "AuthCode_401_4",
    )
    error(
        team.client("member").get("/api/v1/projects/me-involved-projects/999999"),
        400,
        "Project_400_1",
    )


def test_a_member_listed_by_email_only_sees_the_detail(team):
    late = UserFactory(email="pending@example.com")
    ok(bearer_client(late).get(f"/api/v1/projects/me-involved-projects/{team.project.pk}"))


# --- P10 public detail ---------------------------------------------------------------------------


def test_public_detail_returns_real_user_ids_and_flags(team):
    member_user = team.member_membership.user
    member_user.introduction = "안녕하세요"
    member_user.save()
    UserInterestJob.objects.create(user=member_user, position=0, value="백엔드")
    team.owner_membership.anony_visibility = False
    team.owner_membership.save()
    for person in ("anonymous", "outsider", "member", "owner"):
        data = ok(team.client(person).get(f"/api/v1/projects/summary/detail/{team.project.pk}"))
        members = {m["userId"]: m for m in data["members"]}
        member = members[str(member_user.id)]
        assert member["anonyVisibility"] is True
        assert (
            member["name"],
            member["introduction"],
            member["interestDomains"],
            member["projectCount"],
        ) == (member_user.name, "안녕하세요", ["백엔드"], 1)
        (owner,) = [m for m in data["members"] if not m["anonyVisibility"]]
        # Hidden members are masked and unlinked: no id leads to their profile (W-06).
        assert owner["userId"] == "-1"
        assert str(team.owner_membership.user_id) not in members
        assert (
            owner["email"].startswith("ow")
            and "*" in owner["email"]
            and owner["email"].endswith("@example.com")
        )
        assert owner["introduction"] is None and owner["projectCount"] == 0
        assert [m["email"] for m in data["members"] if m["userId"] == "-1"] == [
            owner["email"],
            "pending@example.com",
        ]
        assert data["anonymousCount"] == 2


def test_public_detail_of_a_missing_project(team):
    error(
        team.client("anonymous").get("/api/v1/projects/summary/detail/999999"), 400, "Project_400_1"
    )


# --- P13 members ---------------------------------------------------------------------------------


def test_team_members_for_members_and_owner_only(team):
    for person in ("member", "owner"):
        data = ok(team.client(person).get(f"/api/v1/projects/{team.project.pk}/members"))
        assert {m["email"] for m in data} == {
            "owner@example.com",
            "member@example.com",
            "pending@example.com",
        }
        assert set(data[0]) == {
            "userId",
            "name",
            "email",
            "introduction",
            "roles",
            "strengths",
            "interestDomains",
            "joinsProject",
            "anonyVisibility",
        }
    error(
        team.client("outsider").get(f"/api/v1/projects/{team.project.pk}/members"),
        400,
        "Project_400_7",
    )
    error(
        team.client("anonymous").get(f"/api/v1/projects/{team.project.pk}/members"),
        401,
        "AuthCode_401_4",
    )


# --- Query counts at two sizes -------------------------------------------------------------------


def grow(team, projects: int, members: int):
    """Give the team's member `projects` more projects of `members` members each."""
    member_user = team.member_membership.user
    categories = list(Category.objects.all()[:3])
    for _ in range(projects):
        project = ProjectFactory(owner=team.owner_membership.user, name="프리즘 추가")
        project.categories.set(categories)
        MembershipFactory(project=project, email=member_user.email, user=member_user)
        for _ in range(members):
            MembershipFactory(project=project, user=UserFactory())
    for _ in range(members):
        MembershipFactory(project=team.project, user=UserFactory(), roles=["A", "B"])


ENDPOINTS = [
    ("member", "/api/v1/projects/me-involved-projects", {}),
    ("anonymous", "/api/v1/projects/who-involved-projects", "member-id"),
    ("owner", "/api/v1/projects/me-registered-projects", {}),
    ("member", "/api/v1/projects/summary/by-name", {"projectName": "프리즘"}),
    ("anonymous", "/api/v1/projects/summary/by-member-and-filters", {"memberName": "Member"}),
    ("member", "/api/v1/projects/me-involved-projects/{id}", {}),
    ("anonymous", "/api/v1/projects/summary/detail/{id}", {}),
    ("member", "/api/v1/projects/{id}/members", {}),
    (
        "anonymous",
        "/api/v1/search/projects",
        {"searchType": "PROJECT_NAME", "searchWord": "프리즘"},
    ),
]


@pytest.mark.parametrize(("person", "path", "params"), ENDPOINTS)
def test_reads_use_a_constant_number_of_queries(
    team, django_assert_max_num_queries, person, path, params
):
    if params == "member-id":
        params = {"userId": str(team.member_membership.user_id)}
    url = path.replace("{id}", str(team.project.pk))
    counts = []
    for projects, members in ((1, 2), (6, 8)):
        grow(team, projects, members)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            ok(team.client(person).get(url, params))
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(8):
        ok(team.client(person).get(url, params))
