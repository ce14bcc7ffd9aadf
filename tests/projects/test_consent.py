"""Consent before results count (DESIGN D16) and hidden means hidden (W-06), through the URLs.

A membership counts toward a person's public face only once they confirmed it; the person
(signed in) and the project's owner see it before that. A hidden membership never shows an
account nor matches a public search.
"""

import pytest
from rest_framework.test import APIClient

from projects.models import Membership, Post, Project
from reviews.models import SurveyInvitation
from tests.conftest import bearer_client, project_body
from tests.envelopes import error, ok
from tests.factories import UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory
from tests.reviews_factories import PrismResultFactory
from tests.survey_payloads import survey_body

pytestmark = pytest.mark.django_db

ANYONE = APIClient()
ORIGINAL_EVALUATION = "성실하고 꼼꼼한 팀원입니다."
ATTACK_TEXT = ("무책임함", "공격자가 쓴 평가입니다.")


def total_of(user, client=None):
    return ok((client or APIClient()).get(f"/api/v1/prism/{user.pk}", {"prismType": "total"}))


def who_involved(user, client=None) -> list[int]:
    data = ok(
        (client or APIClient()).get("/api/v1/projects/who-involved-projects", {"userId": user.pk})
    )
    return [item["projectId"] for item in data]


def searched_by_member(word: str) -> list[int]:
    data = ok(
        APIClient().get(
            "/api/v1/search/projects", {"searchType": "MEMBER_NAME", "searchWord": word}
        )
    )
    return [item["projectId"] for item in data["contents"]]


def filtered_by_member(word: str) -> list[int]:
    data = ok(
        APIClient().get("/api/v1/projects/summary/by-member-and-filters", {"memberName": word})
    )
    return [item["projectId"] for item in data]


def public_members(project_id: int, client=None) -> list[dict]:
    data = ok((client or APIClient()).get(f"/api/v1/projects/summary/detail/{project_id}"))
    return data["members"]


def confirm(client, project_id):
    return client.post(f"/api/v1/projects/{project_id}/membership/confirm")


def leave(client, project_id):
    return client.delete(f"/api/v1/projects/{project_id}/membership")


@pytest.fixture
def victim(db):
    """A person with one real project behind a 4.0 prism."""
    person = UserFactory(email="victim@example.com", name="피해자")
    earlier = ProjectFactory(name="진짜 프로젝트")
    membership = MembershipFactory(project=earlier, email=person.email, name="피해자", user=person)
    PrismResultFactory(membership=membership)
    return person


def attack(victim, django_capture_on_commit_callbacks) -> Project:
    """Issue 12 item 1: list the victim, review them with score 1 from two own addresses."""
    attacker = UserFactory(email="attacker@example.com", name="공격자")
    owner = bearer_client(attacker)
    members = [
        {"name": "공격자", "email": attacker.email, "roles": ["PM"]},
        {"name": "피해자", "email": victim.email, "roles": ["Backend"]},
        {"name": "가짜1", "email": "sock1@example.com", "roles": ["QA"]},
        {"name": "가짜2", "email": "sock2@example.com", "roles": ["QA"]},
    ]
    project_id = ok(
        owner.post("/api/v1/projects", project_body(members=members), format="json"), 201
    )["projectId"]
    with django_capture_on_commit_callbacks(execute=True):
        ok(owner.post(f"/api/v1/peer-reviews/link?projectId={project_id}", {}, format="json"))
    for sock in ("sock1@example.com", "sock2@example.com"):
        code = SurveyInvitation.objects.get(
            membership__project_id=project_id, membership__email=sock
        ).code
        teammates = [m["email"] for m in members if m["email"] != sock]
        answers = {email: {} for email in teammates}
        answers[victim.email] = {"scores": [1] * 12, "strength": ATTACK_TEXT}
        ok(
            APIClient().post(
                f"/api/v1/peer-reviews/projects/{project_id}?code={code}",
                survey_body(sock, answers),
                format="json",
            )
        )
    with django_capture_on_commit_callbacks(execute=True):
        ok(owner.post(f"/api/v1/peer-reviews/projects/{project_id}/prism"))
    return Project.objects.get(pk=project_id)


def test_an_unconfirmed_project_leaves_the_public_face_alone_until_confirmed(
    victim, django_capture_on_commit_callbacks
):
    before = total_of(victim)
    assert before["prismData"]["communication"] == 4.0
    assert before["radialData"]["evaluation"] == ORIGINAL_EVALUATION
    project = attack(victim, django_capture_on_commit_callbacks)
    listed = Membership.objects.get(project=project, email=victim.email)
    assert listed.user_id == victim.pk and listed.confirmed_at is None

    # The public sees the victim exactly as before.
    assert total_of(victim) == before
    error(
        APIClient().get(f"/api/v1/prism/{victim.pk}/{project.pk}", {"prismType": "each"}),
        404,
        "PeerReviewCode_404_2",
    )
    assert project.pk not in who_involved(victim)
    assert project.pk not in searched_by_member("피해자")
    assert project.pk not in filtered_by_member("피해자")
    shown = next(m for m in public_members(project.pk) if m["email"] == victim.email)
    assert shown["userId"] == "-1" and shown["introduction"] is None and shown["projectCount"] == 0
    assert shown["strengthKeywords"] is None
    assert str(victim.pk) not in {m["userId"] for m in public_members(project.pk)}

    # Signed in, the victim sees their own membership and results, confirmed or not.
    mine = bearer_client(victim)
    own_total = total_of(victim, mine)
    assert own_total["prismData"]["communication"] == 2.5
    assert project.pk in who_involved(victim, mine)
    involved = {p["projectId"]: p for p in ok(mine.get("/api/v1/projects/me-involved-projects"))}
    assert involved[project.pk]["confirmed"] is False

    # Once the victim confirms, the project counts.
    data = ok(confirm(mine, project.pk))
    assert data["projectId"] == project.pk and data["confirmed"] is True and data["confirmedAt"]
    assert total_of(victim) == own_total
    involved = {p["projectId"]: p for p in ok(mine.get("/api/v1/projects/me-involved-projects"))}
    assert involved[project.pk]["confirmed"] is True
    assert project.pk in who_involved(victim)
    assert project.pk in searched_by_member("피해자")
    shown = next(m for m in public_members(project.pk) if m["email"] == victim.email)
    assert shown["userId"] == str(victim.pk) and shown["projectCount"] == 2


def test_leaving_an_unconfirmed_project_removes_the_person_and_the_reviews_about_them(
    victim, django_capture_on_commit_callbacks
):
    project = attack(victim, django_capture_on_commit_callbacks)
    mine = bearer_client(victim)
    assert ok(leave(mine, project.pk), 204) is None
    assert not Membership.objects.filter(project=project, email=victim.email).exists()
    project.refresh_from_db()
    assert project.member_count == 3
    assert victim.email not in [m["email"] for m in public_members(project.pk)]
    assert total_of(victim, mine)["prismData"]["communication"] == 4.0
    assert project.pk not in who_involved(victim, mine)
    # Gone: nothing left to leave or to confirm.
    error(leave(mine, project.pk), 400, "Project_400_7")
    error(confirm(mine, project.pk), 400, "Project_400_7")


# --- Each way of confirming ----------------------------------------------------------------------


def test_the_owner_is_confirmed_at_create_and_nobody_else(db):
    owner = UserFactory(email="owner@example.com")
    UserFactory(email="new@example.com")  # registered: linked, but not confirmed
    client = bearer_client(owner)
    project_id = ok(client.post("/api/v1/projects", project_body(), format="json"), 201)[
        "projectId"
    ]
    confirmed = dict(
        Membership.objects.filter(project_id=project_id).values_list("email", "confirmed_at")
    )
    assert confirmed["owner@example.com"] is not None
    assert confirmed["new@example.com"] is None


def test_an_owner_added_later_is_confirmed(db):
    owner = UserFactory(email="owner@example.com")
    client = bearer_client(owner)
    others = [{"name": "신입", "email": "new@example.com", "roles": ["QA"]}]
    project_id = ok(
        client.post("/api/v1/projects", project_body(members=others), format="json"), 201
    )["projectId"]
    body = project_body(members=[*others, {"name": "오너", "email": owner.email, "roles": ["PM"]}])
    ok(client.put(f"/api/v1/projects/{project_id}", body, format="json"))
    assert Membership.objects.get(project_id=project_id, email=owner.email).confirmed_at is not None
    assert (
        Membership.objects.get(project_id=project_id, email="new@example.com").confirmed_at is None
    )


@pytest.fixture
def unconfirmed_team(db, django_capture_on_commit_callbacks):
    owner = UserFactory(email="owner@example.com")
    person = UserFactory(email="person@example.com", name="사람")
    project = ProjectFactory(owner=owner)
    MembershipFactory(project=project, email=owner.email, user=owner)
    membership = MembershipFactory(
        project=project, email=person.email, user=person, confirmed_at=None
    )
    MembershipFactory(project=project, email="other@example.com", name="다른")
    with django_capture_on_commit_callbacks(execute=True):
        ok(
            bearer_client(owner).post(
                f"/api/v1/peer-reviews/link?projectId={project.pk}", {}, format="json"
            )
        )
    return project, person, membership


def _submit(project, email, code=None):
    teammates = Membership.objects.filter(project=project).exclude(email=email)
    body = survey_body(email, {m.email: {} for m in teammates})
    url = f"/api/v1/peer-reviews/projects/{project.pk}"
    return APIClient().post(url + (f"?code={code}" if code else ""), body, format="json")


def test_submitting_the_survey_with_ones_own_code_confirms(unconfirmed_team):
    project, person, membership = unconfirmed_team
    ok(_submit(project, person.email, SurveyInvitation.objects.get(membership=membership).code))
    assert Membership.objects.get(pk=membership.pk).confirmed_at is not None


def test_submitting_without_a_code_does_not_confirm(unconfirmed_team, settings):
    settings.PRISM_SURVEY_REQUIRE_CODE = False
    project, person, membership = unconfirmed_team
    ok(_submit(project, person.email))
    assert Membership.objects.get(pk=membership.pk).confirmed_at is None


def test_linking_with_ones_own_verified_code_confirms(team, verified_code):
    Membership.objects.filter(pk=team.pending_membership.pk).update(confirmed_at=None)
    verified_code("pending@example.com", "LOAD_PROJECT", team.client("outsider"))
    response = team.client("outsider").post(
        f"/api/v1/projects/link-project/{team.project.pk}?anonymousEmail=pending@example.com"
    )
    assert response.status_code == 200, response.content
    assert Membership.objects.get(pk=team.pending_membership.pk).confirmed_at is not None


def test_signing_up_links_but_does_not_confirm(db):
    from projects.services import link_memberships_to_new_account

    project = ProjectFactory()
    listed = MembershipFactory(project=project, email="late@example.com", confirmed_at=None)
    person = UserFactory(email="late@example.com")
    assert link_memberships_to_new_account(user=person) == 1
    listed.refresh_from_db()
    assert listed.user_id == person.pk and listed.confirmed_at is None


# --- The confirm and leave endpoints: the four people --------------------------------------------


def test_confirm_endpoint_for_the_four_people(team):
    Membership.objects.filter(pk=team.member_membership.pk).update(confirmed_at=None)
    project_id = team.project.pk
    error(confirm(team.client("anonymous"), project_id), 401, "AuthCode_401_4")
    error(confirm(team.client("outsider"), project_id), 400, "Project_400_7")
    first = ok(confirm(team.client("member"), project_id))
    assert first == {
        "projectId": project_id,
        "anonyVisibility": True,
        "confirmed": True,
        "confirmedAt": first["confirmedAt"],
    }
    assert ok(confirm(team.client("member"), project_id)) == first  # idempotent
    assert ok(confirm(team.client("owner"), project_id))["confirmed"] is True
    error(confirm(team.client("member"), 999999), 400, "Project_400_1")


def test_confirming_a_membership_listed_under_ones_address_links_it(team):
    Membership.objects.filter(pk=team.member_membership.pk).update(user=None, confirmed_at=None)
    ok(confirm(team.client("member"), team.project.pk))
    membership = Membership.objects.get(pk=team.member_membership.pk)
    assert membership.user_id is not None and membership.confirmed_at is not None


def test_leave_endpoint_for_the_four_people(team):
    project_id = team.project.pk
    error(leave(team.client("anonymous"), project_id), 401, "AuthCode_401_4")
    error(leave(team.client("outsider"), project_id), 400, "Project_400_7")
    # A confirmed member stays (they can hide instead); the owner never leaves their project.
    error(leave(team.client("member"), project_id), 400, "Project_400_7")
    Membership.objects.filter(pk=team.owner_membership.pk).update(confirmed_at=None)
    error(leave(team.client("owner"), project_id), 400, "Project_400_7")
    error(leave(team.client("member"), 999999), 400, "Project_400_1")
    assert Membership.objects.filter(project_id=project_id).count() == 3

    Membership.objects.filter(pk=team.member_membership.pk).update(confirmed_at=None)
    assert ok(leave(team.client("member"), project_id), 204) is None
    assert not Membership.objects.filter(pk=team.member_membership.pk).exists()


def test_a_submitted_survey_keeps_the_membership(team):
    Membership.objects.filter(pk=team.member_membership.pk).update(
        confirmed_at=None, review_done=True
    )
    error(leave(team.client("member"), team.project.pk), 400, "Project_400_7")


# --- Who sees an unconfirmed member --------------------------------------------------------------


def test_member_views_show_an_unconfirmed_account_to_its_owner_and_person_only(team):
    other = UserFactory(email="other@example.com")
    MembershipFactory(project=team.project, email=other.email, user=other)
    Membership.objects.filter(pk=team.member_membership.pk).update(confirmed_at=None)
    member_id = str(team.member_membership.user_id)
    viewers = {
        "owner": team.client("owner"),
        "member": team.client("member"),
        "teammate": bearer_client(other),
    }
    for person, client in viewers.items():
        detail = ok(client.get(f"/api/v1/projects/me-involved-projects/{team.project.pk}"))
        team_list = ok(client.get(f"/api/v1/projects/{team.project.pk}/members"))
        for members in (detail["members"], team_list):
            listed = next(m for m in members if m["email"] == "member@example.com")
            expected = "-1" if person == "teammate" else member_id
            assert listed["userId"] == expected, person


# --- Hidden means hidden (issue 12 item 4) -------------------------------------------------------


def test_a_hidden_member_has_no_user_id_in_public_detail_or_post_detail(team):
    Membership.objects.filter(pk=team.member_membership.pk).update(anony_visibility=False)
    member = team.member_membership.user
    post = Post.objects.create(
        project=team.project,
        writer=team.owner_membership.user,
        title="t",
        content="c",
        process_method="online",
        contact_method="email",
        contact_info="a@b.co",
        apply_method="email",
        apply_info="a@b.co",
        open_until_recruited=True,
    )
    for person in ("anonymous", "outsider", "member", "owner"):
        client = team.client(person)
        views = [public_members(team.project.pk, client)]
        if person != "anonymous":  # post details are for signed-in people
            views.append(
                ok(client.get(f"/api/v1/posts/{post.pk}/recruitment"))["project"]["members"]
            )
        for members in views:
            ids = {m["userId"] for m in members}
            assert str(member.pk) not in ids, person
            hidden = next(m for m in members if not m["anonyVisibility"])
            assert hidden["userId"] == "-1" and "*" in hidden["name"] and "*" in hidden["email"]


def test_member_name_search_never_matches_a_hidden_member(team):
    project_id = team.project.pk
    assert project_id in searched_by_member("멤버") and project_id in filtered_by_member("멤버")
    Membership.objects.filter(pk=team.member_membership.pk).update(anony_visibility=False)
    assert project_id not in searched_by_member("멤버")
    assert project_id not in filtered_by_member("멤버")
    # Members without an account are the owner's listing: searchable as before.
    assert project_id in searched_by_member("대기") and project_id in filtered_by_member("대기")


def test_an_unconfirmed_registered_member_is_not_searchable_by_name(team):
    Membership.objects.filter(pk=team.member_membership.pk).update(confirmed_at=None)
    assert team.project.pk not in searched_by_member("멤버")
    assert team.project.pk not in filtered_by_member("멤버")


def test_most_common_traits_count_only_confirmed_members(team):
    PrismResultFactory(membership=team.owner_membership, proactivity=4.5)
    PrismResultFactory(membership=team.member_membership, communication=5)
    url = f"/api/v1/projects/summary/detail/{team.project.pk}"
    assert ok(APIClient().get(url))["mostCommonTraits"] == "의사소통능력"
    Membership.objects.filter(pk=team.member_membership.pk).update(confirmed_at=None)
    assert ok(APIClient().get(url))["mostCommonTraits"] == "적극성"


def test_public_project_counts_leave_out_unconfirmed_and_hidden_memberships(team):
    member = team.member_membership.user
    MembershipFactory(email=member.email, user=member, confirmed_at=None)
    MembershipFactory(email=member.email, user=member, anony_visibility=False)
    shown = next(m for m in public_members(team.project.pk) if m["userId"] == str(member.pk))
    assert shown["projectCount"] == 1


# --- Existing data -------------------------------------------------------------------------------


def test_the_migrations_confirm_owners_and_survey_submitters(db):
    from importlib import import_module

    from django.apps import apps
    from django.utils import timezone

    owner = UserFactory()
    project = ProjectFactory(owner=owner)
    own = MembershipFactory(project=project, email=owner.email, user=owner, confirmed_at=None)
    submitter = MembershipFactory(project=project, confirmed_at=None, review_done=True)
    SurveyInvitation.objects.create(
        membership=submitter, code="ABCDEFGHIJ", expires_at=timezone.now()
    )
    invited = MembershipFactory(project=project, confirmed_at=None)
    SurveyInvitation.objects.create(
        membership=invited, code="KLMNOPQRST", expires_at=timezone.now()
    )
    listed = MembershipFactory(
        project=project, user=UserFactory(), confirmed_at=None, review_done=True
    )

    import_module("projects.migrations.0004_membership_confirmed_at").confirm_owners(apps, None)
    import_module(
        "reviews.migrations.0002_confirm_memberships_of_survey_submitters"
    ).confirm_survey_submitters(apps, None)
    confirmed = {m.pk for m in Membership.objects.filter(project=project).confirmed()}
    assert confirmed == {own.pk, submitter.pk}
    assert invited.pk not in confirmed and listed.pk not in confirmed


# --- Query counts do not grow with unconfirmed and hidden members ------------------------------


@pytest.mark.parametrize(
    ("person", "path", "params"),
    [
        ("anonymous", "/api/v1/projects/summary/detail/{id}", {}),
        ("member", "/api/v1/projects/{id}/members", {}),
        ("member", "/api/v1/projects/who-involved-projects", "member-id"),
        ("anonymous", "/api/v1/projects/who-involved-projects", "member-id"),
        ("anonymous", "/api/v1/search/projects", {"searchType": "MEMBER_NAME", "searchWord": "M"}),
        ("anonymous", "/api/v1/projects/summary/by-member-and-filters", {"memberName": "M"}),
        ("member", "/api/v1/prism/{member}", {"prismType": "total"}),
        ("anonymous", "/api/v1/prism/{member}", {"prismType": "total"}),
    ],
)
def test_consent_reads_use_a_constant_number_of_queries(team, person, path, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = team.member_membership.user
    if params == "member-id":
        params = {"userId": str(member.pk)}
    url = path.replace("{id}", str(team.project.pk)).replace("{member}", str(member.pk))
    PrismResultFactory(membership=team.member_membership)
    counts = []
    for size in (1, 8):
        for index in range(size):
            other = ProjectFactory(name="M 프로젝트")
            mine = MembershipFactory(
                project=other, email=member.email, user=member, confirmed_at=None
            )
            PrismResultFactory(membership=mine)
            MembershipFactory(project=team.project, user=UserFactory(), confirmed_at=None)
            MembershipFactory(project=team.project, user=UserFactory(), anony_visibility=False)
            MembershipFactory(project=other, user=UserFactory(), anony_visibility=index % 2 == 0)
        with CaptureQueriesContext(connection) as captured:
            ok(team.client(person).get(url, params))
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 8, counts
