"""A person's own account (DESIGN D17): change password, change e-mail, export their data."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import RefreshToken, User
from projects.models import Bookmark, Membership, Post
from reviews.models import Answer
from tests.conftest import bearer_client
from tests.envelopes import error, ok
from tests.factories import PASSWORD, UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory
from tests.reviews_factories import PrismResultFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "brandnew42!"


def log_in(email: str, password: str = PASSWORD) -> dict:
    response = APIClient().post(
        "/api/v1/auth/login", {"email": email, "password": password}, format="json"
    )
    return response


def tokens_of(email: str, password: str = PASSWORD) -> dict:
    return ok(log_in(email, password))


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def refresh(refresh_token: str):
    return APIClient().post(
        "/api/v1/auth/refresh-token", {"refreshToken": refresh_token}, format="json"
    )


# --- Change password -----------------------------------------------------------------------------


def change_password(client, current=PASSWORD, new=NEW_PASSWORD):
    return client.put(
        "/api/v1/users/me/password",
        {"currentPassword": current, "newPassword": new},
        format="json",
    )


@pytest.mark.parametrize("person", ["outsider", "member", "owner"])
def test_each_signed_in_person_changes_their_own_password(team, person):
    email = f"{person}@example.com"
    this_session, other_session = tokens_of(email), tokens_of(email)
    pair = ok(change_password(bearer(this_session["accessToken"])))
    # The old password is gone, the new one works.
    error(log_in(email), 400, "AuthCode_401_1")
    ok(log_in(email, NEW_PASSWORD))
    # Every earlier session's refresh token is revoked, the presented access token too.
    error(refresh(other_session["refreshToken"]), 401, "AuthCode_401_2")
    error(refresh(this_session["refreshToken"]), 401, "AuthCode_401_2")
    error(bearer(this_session["accessToken"]).get("/api/v1/users/me"), 401, "AuthCode_401_2")
    # The fresh pair carries on.
    assert ok(bearer(pair["accessToken"]).get("/api/v1/users/me"))["email"] == email
    ok(refresh(pair["refreshToken"]))
    # Nobody else's password changed.
    others = {"outsider", "member", "owner"} - {person}
    for other in others:
        ok(log_in(f"{other}@example.com"))


def test_changing_the_password_needs_a_token():
    error(change_password(APIClient()), 401, "AuthCode_401_4")


def test_a_wrong_current_password_changes_nothing(team):
    session = tokens_of("member@example.com")
    client = bearer(session["accessToken"])
    error(change_password(client, current="wrong1234!"), 400, "AuthCode_401_1")
    ok(log_in("member@example.com"))
    ok(refresh(session["refreshToken"]))


@pytest.mark.parametrize(
    "new", ["short1!", "onlyletters", "12345678", "has space 12", "x" * 19 + "12"]
)
def test_the_new_password_follows_the_sign_up_rules(team, new):
    client = team.client("member")
    assert error(change_password(client, new=new), 400, "Global_400_1")
    ok(log_in("member@example.com"))


def test_guessing_the_current_password_meets_the_login_lockout(team, settings):
    client = team.client("member")
    statuses = [change_password(client, current=f"wrong{i}abc!").status_code for i in range(12)]
    assert 429 in statuses
    # Locked out for that address and IP: even the right password is refused for now.
    error(change_password(client), 429, "Global_429_1")


# --- Change e-mail -------------------------------------------------------------------------------


def change_email(client, email, code):
    return client.put("/api/v1/users/me/email", {"email": email, "authCode": code}, format="json")


@pytest.mark.parametrize("person", ["outsider", "member", "owner"])
def test_each_signed_in_person_moves_to_a_new_address(
    team, person, verified_code, django_capture_on_commit_callbacks
):
    old = f"{person}@example.com"
    client = team.client(person)
    code = verified_code("moved@example.com", "CHANGE_EMAIL", client)
    assert mail.outbox[-1].to == ["moved@example.com"]  # the code went to the new address
    with django_capture_on_commit_callbacks(execute=True):
        me = ok(change_email(client, "Moved@Example.com", code))
    assert me["email"] == "moved@example.com"
    notice = mail.outbox[-1]
    assert notice.to == [old] and "이메일 변경" in notice.subject
    ok(log_in("moved@example.com"))
    error(log_in(old), 400, "AuthCode_401_5")
    # The person's memberships followed them.
    user = User.objects.get(email="moved@example.com")
    assert not Membership.objects.filter(email=old).exists()
    assert set(Membership.objects.filter(user=user).values_list("email", flat=True)) <= {
        "moved@example.com"
    }


def test_changing_the_address_needs_a_token():
    error(change_email(APIClient(), "a@example.com", "ABCDEF"), 401, "AuthCode_401_4")


def test_the_new_address_claims_its_memberships_as_at_sign_up(
    team, verified_code, django_capture_on_commit_callbacks
):
    client = team.client("outsider")
    code = verified_code("pending@example.com", "CHANGE_EMAIL", client)
    with django_capture_on_commit_callbacks(execute=True):
        ok(change_email(client, "pending@example.com", code))
    team.pending_membership.refresh_from_db()
    assert team.pending_membership.user.email == "pending@example.com"


def test_a_code_verified_signed_out_or_by_someone_else_moves_nobody(
    team, verified_code, api_client
):
    signed_out = verified_code("moved@example.com", "CHANGE_EMAIL")
    error(
        change_email(team.client("member"), "moved@example.com", signed_out), 400, "AuthCode_400_3"
    )
    by_owner = verified_code("moved2@example.com", "CHANGE_EMAIL", team.client("owner"))
    error(
        change_email(team.client("member"), "moved2@example.com", by_owner), 400, "AuthCode_400_3"
    )
    assert User.objects.filter(email="member@example.com").exists()


def test_a_taken_address_gets_no_code_and_cannot_be_moved_to(
    team, verified_code, django_capture_on_commit_callbacks
):
    sent = team.client("member").post(
        "/api/v1/auth/code", {"email": "owner@example.com", "authType": "CHANGE_EMAIL"}
    )
    error(sent, 400, "AuthCode_400_4")
    # Taken between the verification and the change: refused, the code stays unused.
    code = verified_code("late@example.com", "CHANGE_EMAIL", team.client("member"))
    UserFactory(email="late@example.com")
    error(change_email(team.client("member"), "late@example.com", code), 400, "AuthCode_400_4")


def test_a_change_email_code_is_used_once(team, verified_code, django_capture_on_commit_callbacks):
    client = team.client("member")
    code = verified_code("moved@example.com", "CHANGE_EMAIL", client)
    with django_capture_on_commit_callbacks(execute=True):
        ok(change_email(client, "moved@example.com", code))
    error(change_email(client, "moved@example.com", code), 400, "AuthCode_400_4")


# --- Export --------------------------------------------------------------------------------------


def test_export_needs_a_token():
    error(APIClient().get("/api/v1/users/me/export"), 401, "AuthCode_401_4")


@pytest.mark.parametrize("person", ["outsider", "member", "owner"])
def test_each_person_exports_only_their_own_data(team, person):
    data = ok(team.client(person).get("/api/v1/users/me/export"))
    assert data["profile"]["email"] == f"{person}@example.com"
    owned = [project["projectId"] for project in data["ownedProjects"]]
    assert owned == ([team.project.pk] if person == "owner" else [])
    emails = {membership["listedEmail"] for membership in data["memberships"]}
    assert emails == (set() if person == "outsider" else {f"{person}@example.com"})


def test_the_export_holds_every_kind_of_data(team):
    member = team.member_membership
    user = member.user
    user.introduction = "안녕하세요"
    user.save()
    user.skills.create(position=0, value="Django")
    user.interest_jobs.create(position=0, value="Backend")
    other_project = ProjectFactory(name="다른 프로젝트")
    listed_only = MembershipFactory(
        project=other_project, email=user.email, name="목록", confirmed_at=None, roles=["QA"]
    )
    PrismResultFactory(membership=member, evaluation="꼼꼼합니다", reviewer_count=3)
    given = SubmissionFactory(project=team.project, reviewer=member, reviewee=team.owner_membership)
    Answer.objects.create(
        submission=given,
        question_order=13,
        question_type="shortAnswer",
        category="strength",
        description="리더십",
        example="회의를 이끌었다",
    )
    # A review about the member: its writer must not appear anywhere in the export.
    SubmissionFactory(
        project=team.project,
        reviewer=team.owner_membership,
        reviewee=member,
        communication=1,
        proactivity=1,
        problem_solving=1,
        responsibility=1,
        cooperation=1,
    )
    post = Post.objects.create(
        project=team.project,
        writer=user,
        title="모집 글",
        content="<p>함께해요</p>",
        process_method="online",
        contact_method="email",
        contact_info="me@example.com",
        apply_method="email",
        apply_info="me@example.com",
        open_until_recruited=True,
    )
    post.positions.create(position="qa", count=2)
    Bookmark.objects.create(user=user, post=post)

    data = ok(team.client("member").get("/api/v1/users/me/export"))

    profile = data["profile"]
    assert profile["userId"] == str(user.pk)
    assert (profile["username"], profile["introduction"]) == ("멤버", "안녕하세요")
    assert (profile["skills"], profile["interestJobs"]) == (["Django"], ["Backend"])
    assert profile["profileImageUrl"] is None
    memberships = {m["projectId"]: m for m in data["memberships"]}
    assert memberships[team.project.pk]["roles"] == ["Backend"]
    assert memberships[team.project.pk]["linkedToAccount"] is True
    assert memberships[other_project.pk] == {
        **memberships[other_project.pk],
        "listedName": "목록",
        "roles": ["QA"],
        "anonyVisibility": True,
        "confirmedAt": None,
        "linkedToAccount": False,
    }
    assert listed_only.pk  # listed under the address, unlinked: still theirs to see
    [result] = data["results"]
    assert (result["projectId"], result["reviewerCount"], result["evaluation"]) == (
        team.project.pk,
        3,
        "꼼꼼합니다",
    )
    [written] = data["reviewsWritten"]
    assert written["revieweeName"] == "오너"
    assert written["answers"][0]["description"] == "리더십"
    [exported_post] = data["posts"]
    assert exported_post["title"] == "모집 글"
    assert exported_post["positions"] == [{"position": "qa", "count": 2}]
    [bookmark] = data["bookmarks"]
    assert (bookmark["postId"], bookmark["postTitle"]) == (post.pk, "모집 글")
    # Who reviewed the member is nowhere: neither the owner's name nor address as a reviewer.
    assert len(data["reviewsWritten"]) == 1
    assert set(data) == {
        "profile",
        "ownedProjects",
        "memberships",
        "results",
        "reviewsWritten",
        "posts",
        "bookmarks",
    }


def test_the_export_leaves_out_results_too_thin_to_show(team, settings):
    PrismResultFactory(membership=team.member_membership, reviewer_count=1)
    settings.PRISM_MIN_REVIEWERS = 2
    assert ok(team.client("member").get("/api/v1/users/me/export"))["results"] == []


def grow_the_members_data(team, count: int) -> None:
    """`count` more of each kind: projects with results and reviews written, posts, bookmarks."""
    user = team.member_membership.user
    for _ in range(count):
        project = ProjectFactory()
        mine = MembershipFactory(project=project, email=user.email, user=user, roles=["A", "B"])
        teammate = MembershipFactory(project=project)
        PrismResultFactory(membership=mine)
        given = SubmissionFactory(project=project, reviewer=mine, reviewee=teammate)
        Answer.objects.create(
            submission=given, question_order=1, question_type="singleChoice", category="teamwork"
        )
        post = Post.objects.create(
            project=project,
            writer=user,
            title="t",
            content="c",
            process_method="online",
            contact_method="email",
            contact_info="a@b.co",
            apply_method="email",
            apply_info="a@b.co",
        )
        post.positions.create(position="qa", count=1)
        Bookmark.objects.create(user=user, post=post)


def test_the_export_costs_a_fixed_number_of_queries(team, django_assert_num_queries):
    # Authentication 1, profile lists 2, owned projects 1, memberships 1 + roles 1,
    # results 1, reviews written 1 + answers 1, posts 1 + positions 1, bookmarks 1.
    client = team.client("member")
    grow_the_members_data(team, 1)
    with django_assert_num_queries(12):
        small = ok(client.get("/api/v1/users/me/export"))
    grow_the_members_data(team, 4)
    with django_assert_num_queries(12):
        large = ok(client.get("/api/v1/users/me/export"))
    assert (len(small["posts"]), len(large["posts"])) == (1, 5)
    assert (len(small["reviewsWritten"]), len(large["reviewsWritten"])) == (1, 5)


def test_refresh_tokens_left_after_a_password_change(team):
    tokens_of("member@example.com")
    ok(change_password(team.client("member")))
    user = User.objects.get(email="member@example.com")
    live = RefreshToken.objects.filter(user=user, revoked_at__isnull=True).count()
    assert live == 1


def test_an_address_a_teammate_row_already_holds_is_refused_and_nothing_moves(
    team, verified_code, django_capture_on_commit_callbacks
):
    """Moving there would give one person two rows in one team and leave the old address
    listed, linked to them, for whoever signs up with it next: refused, nothing changes."""
    listed_new = MembershipFactory(
        project=team.project, email="moved@example.com", name="새주소", confirmed_at=None
    )
    client = team.client("member")
    code = verified_code("moved@example.com", "CHANGE_EMAIL", client)
    with django_capture_on_commit_callbacks(execute=True):
        message = error(change_email(client, "moved@example.com", code), 400, "AuthCode_400_4")
    assert "프로젝트" in message
    team.member_membership.refresh_from_db()
    listed_new.refresh_from_db()
    assert team.member_membership.email == "member@example.com"
    assert listed_new.user is None
    assert User.objects.filter(email="member@example.com").exists()


def test_a_row_another_account_holds_is_never_the_callers(team):
    """A membership linked to one account is not another's, even when it carries the
    other's address (old data, or an address that moved)."""
    stranger = UserFactory(email="stranger@example.com")
    Membership.objects.filter(pk=team.member_membership.pk).update(email=stranger.email)
    client = bearer_client(stranger)
    involved = ok(client.get("/api/v1/projects/me-involved-projects"))
    assert team.project.pk not in [p["projectId"] for p in involved]
    error(
        client.get(f"/api/v1/projects/me-involved-projects/{team.project.pk}"),
        400,
        "Project_400_7",
    )
    error(
        client.put(
            "/api/v1/projects/anonyVisibility",
            {"projectId": team.project.pk, "anonyVisibility": False},
            format="json",
        ),
        400,
        "Project_400_7",
    )
    team.member_membership.refresh_from_db()
    assert team.member_membership.anony_visibility is True


def test_no_notice_for_an_account_deleted_before_the_mail_went_out(
    team, verified_code, django_capture_on_commit_callbacks
):
    from screens.account_life.services import delete_account

    client = team.client("member")
    code = verified_code("moved@example.com", "CHANGE_EMAIL", client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as queued:
        ok(change_email(client, "moved@example.com", code))
    delete_account(user=User.objects.get(email="moved@example.com"), staff=None)
    for callback in queued:
        callback()
    assert mail.outbox == []
