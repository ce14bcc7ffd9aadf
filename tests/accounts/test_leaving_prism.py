"""Leaving PRism (DESIGN D17): what goes, what stays without the person, who owns what after."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import AccountDeletion, User
from projects.models import FORMER_MEMBER_NAME, Bookmark, Membership, Post, Project
from reviews.models import PrismResult, Submission, SurveyInvitation
from reviews.services import send_invitations
from screens.account_life import services as account_life
from tests.conftest import bearer_client
from tests.envelopes import error, ok
from tests.factories import PASSWORD, UserFactory
from tests.images import image_bytes
from tests.projects_factories import MembershipFactory, ProjectFactory
from tests.survey_payloads import survey_body

pytestmark = pytest.mark.django_db

LEAVER_EMAIL = "leaver@example.com"
LEAVER_NAME = "떠나는사람"
AXES = ("communication", "proactivity", "problem_solving", "responsibility", "cooperation")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


def leave(client, password=PASSWORD):
    return client.delete("/api/v1/users/me", {"password": password}, format="json")


def log_in(email, password=PASSWORD):
    return APIClient().post(
        "/api/v1/auth/login", {"email": email, "password": password}, format="json"
    )


def scores_from(reviewer: int, reviewee: int) -> list[int]:
    """Different numbers for every (reviewer, reviewee) pair, 1–5."""
    return [1 + (reviewer * 3 + reviewee * 5 + question) % 5 for question in range(12)]


class World:
    """The leaver owns one project and belongs to another; everyone reviewed everyone."""

    def __init__(self, capture):
        self.leaver = UserFactory(email=LEAVER_EMAIL, name=LEAVER_NAME)
        self.first_mate = UserFactory(email="first@example.com", name="첫째")
        self.second_mate = UserFactory(email="second@example.com", name="둘째")
        self.other_owner = UserFactory(email="boss@example.com", name="보스")
        self.owned = ProjectFactory(owner=self.leaver, name="떠나는 사람의 프로젝트")
        self.joined = ProjectFactory(owner=self.other_owner, name="다른 프로젝트")
        self.teams = {
            self.owned: [
                MembershipFactory(
                    project=self.owned, email=LEAVER_EMAIL, name=LEAVER_NAME, user=self.leaver
                ),
                # Confirmed later than `first`, so `first` takes the project over.
                MembershipFactory(
                    project=self.owned, email="second@example.com", user=self.second_mate
                ),
                MembershipFactory(project=self.owned, email="nobody@example.com", name="무계정"),
            ],
            self.joined: [
                MembershipFactory(
                    project=self.joined, email="boss@example.com", user=self.other_owner
                ),
                MembershipFactory(
                    project=self.joined, email=LEAVER_EMAIL, name=LEAVER_NAME, user=self.leaver
                ),
                MembershipFactory(project=self.joined, email="third@example.com", name="셋째"),
            ],
        }
        first = MembershipFactory(
            project=self.owned, email="first@example.com", user=self.first_mate
        )
        Membership.objects.filter(pk=first.pk).update(
            confirmed_at=self.teams[self.owned][1].confirmed_at.replace(year=2020)
        )
        self.teams[self.owned].append(first)
        for project, team in self.teams.items():
            with capture(execute=True):
                send_invitations(user=project.owner, project_id=project.pk)
            for i, reviewer in enumerate(team):
                answers = {
                    reviewee.email: {
                        "scores": scores_from(i, j),
                        "strength": (f"{i}번 팀원의 칭찬", "함께 일하기 좋았습니다."),
                    }
                    for j, reviewee in enumerate(team)
                    if reviewee.pk != reviewer.pk
                }
                code = SurveyInvitation.objects.get(membership=reviewer).code
                response = APIClient().post(
                    f"/api/v1/peer-reviews/projects/{project.pk}?code={code}",
                    survey_body(reviewer.email, answers),
                    format="json",
                )
                assert response.status_code == 200, response.content
            with capture(execute=True):
                ok(
                    bearer_client(project.owner).post(
                        f"/api/v1/peer-reviews/projects/{project.pk}/prism"
                    )
                )

    def teammates_results(self) -> dict[int, tuple]:
        leaver_memberships = {
            m.pk for team in self.teams.values() for m in team if m.user_id == self.leaver.pk
        }
        return {
            result.membership_id: (
                result.reviewer_count,
                *(round(getattr(result, axis), 6) for axis in AXES),
                result.leadership,
                result.reliability,
                result.teamwork,
                tuple(result.keywords),
                result.evaluation,
            )
            for result in PrismResult.objects.exclude(membership_id__in=leaver_memberships)
        }


def every_row_as_text() -> str:
    return "\n".join(
        repr(list(model.objects.order_by("pk").values())) for model in apps.get_models()
    )


def test_leaving_removes_the_person_and_keeps_what_others_need(
    media, django_capture_on_commit_callbacks, request_code, verified_code
):
    world = World(django_capture_on_commit_callbacks)
    leaver = world.leaver
    session = ok(log_in(LEAVER_EMAIL))
    client = bearer_client(leaver)
    # A profile with lists and an image in storage.
    ok(
        client.patch(
            "/api/v1/users/profile", {"skills": ["비밀기술"], "introduction": "안녕"}, format="json"
        )
    )
    upload = io.BytesIO(image_bytes("PNG"))
    upload.name = "me.png"
    ok(client.put("/api/v1/users/profile/image", {"image": upload}, format="multipart"))
    leaver.refresh_from_db()
    image_name = leaver.profile_image.name
    assert (Path(settings.MEDIA_ROOT) / image_name).exists()
    # A post, and a bookmark of a teammate's post and of their own.
    post = Post.objects.create(
        project=world.owned,
        writer=leaver,
        title="떠나는 사람의 글",
        content="c",
        process_method="online",
        contact_method="email",
        contact_info=LEAVER_EMAIL,
        apply_method="email",
        apply_info=LEAVER_EMAIL,
        open_until_recruited=True,
    )
    mates_post = Post.objects.create(
        project=world.owned,
        writer=world.first_mate,
        title="첫째의 글",
        content="c",
        process_method="online",
        contact_method="email",
        contact_info="first@example.com",
        apply_method="email",
        apply_info="first@example.com",
        open_until_recruited=True,
    )
    Bookmark.objects.create(user=leaver, post=mates_post)
    Bookmark.objects.create(user=world.first_mate, post=post)
    # Staff once edited the account and a membership in the admin.
    staff = UserFactory(is_staff=True)
    for obj in (leaver, world.teams[world.owned][0]):
        LogEntry.objects.create(
            user=staff,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj),
            action_flag=CHANGE,
        )
    # A pending code for the address.
    request_code(LEAVER_EMAIL, "RESET_PASSWORD")
    before = world.teammates_results()
    leaver_ids = {str(leaver.pk), leaver.pk.hex}
    answers_written = Submission.objects.filter(reviewer__user=leaver).count()
    assert answers_written == 5 and len(before) == 5

    with django_capture_on_commit_callbacks(execute=True):
        ok(leave(client))

    # Nothing personal remains in any row, nor in storage.
    rows = every_row_as_text()
    for trace in [LEAVER_EMAIL, LEAVER_NAME, "비밀기술", image_name, *leaver_ids]:
        assert trace not in rows, trace
    stored = [str(path) for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert not any(leaver.pk.hex in path for path in stored), stored
    assert not User.objects.filter(pk=leaver.pk).exists()
    assert not Post.objects.filter(pk=post.pk).exists()
    assert not Bookmark.objects.filter(post=mates_post).exists()
    # Teammates' results are the same numbers; after a recompute too.
    assert world.teammates_results() == before
    with django_capture_on_commit_callbacks(execute=True):
        ok(
            bearer_client(world.first_mate).post(
                f"/api/v1/peer-reviews/projects/{world.owned.pk}/prism"
            )
        )
        ok(
            bearer_client(world.other_owner).post(
                f"/api/v1/peer-reviews/projects/{world.joined.pk}/prism"
            )
        )
    after_recompute = world.teammates_results()
    assert {k: v[:9] for k, v in after_recompute.items()} == {k: v[:9] for k, v in before.items()}
    # The reviews they wrote stay, anonymous; results and reviews about them are gone.
    placeholders = Membership.objects.filter(name=FORMER_MEMBER_NAME)
    assert placeholders.count() == 2
    assert all(p.user_id is None and p.email.endswith(".invalid") for p in placeholders)
    assert Submission.objects.filter(reviewer__in=placeholders).count() == answers_written
    assert not Submission.objects.filter(reviewee__in=placeholders).exists()
    assert not PrismResult.objects.filter(membership__in=placeholders).exists()
    assert not SurveyInvitation.objects.filter(membership__in=placeholders).exists()
    # The owned project passed to the earliest confirmed member with an account.
    assert Project.objects.get(pk=world.owned.pk).owner == world.first_mate
    assert Project.objects.get(pk=world.joined.pk).owner == world.other_owner
    assert Project.objects.get(pk=world.owned.pk).member_count == world.owned.member_count
    # Every token answers 401 at once.
    error(client.get("/api/v1/users/me"), 401, "AuthCode_401_4")
    refreshed = APIClient().post(
        "/api/v1/auth/refresh-token", {"refreshToken": session["refreshToken"]}, format="json"
    )
    error(refreshed, 401, "AuthCode_401_2")
    error(log_in(LEAVER_EMAIL), 400, "AuthCode_401_5")
    # The audit row says when and how, nothing about who left.
    [audit] = AccountDeletion.objects.all()
    assert (audit.origin, audit.staff_id) == ("SELF", None)
    assert (audit.projects_handed_over, audit.projects_frozen) == (1, 0)
    # Nobody is mailed at the placeholder's address.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(user=world.other_owner, project_id=world.joined.pk)
    assert all(not to.endswith(".invalid") for message in mail.outbox for to in message.to)

    # The address signs up again as a new person, with none of the old memberships.
    code = verified_code(LEAVER_EMAIL)
    signed_up = APIClient().post(
        "/api/v1/auth/signup",
        {"username": "새사람", "email": LEAVER_EMAIL, "authCode": code, "password": PASSWORD},
        format="json",
    )
    assert signed_up.status_code == 200 and signed_up.json()["status"] == 201, signed_up.content
    newcomer = User.objects.get(email=LEAVER_EMAIL)
    assert newcomer.pk != leaver.pk
    export = ok(bearer_client(newcomer).get("/api/v1/users/me/export"))
    assert (export["memberships"], export["results"], export["reviewsWritten"]) == ([], [], [])
    involved = ok(bearer_client(newcomer).get("/api/v1/projects/me-involved-projects"))
    assert involved == [], involved


def test_a_wrong_password_deletes_nothing(team):
    error(leave(team.client("member"), "wrong1234!"), 400, "AuthCode_401_1")
    assert User.objects.filter(email="member@example.com").exists()
    assert not AccountDeletion.objects.exists()


def test_leaving_needs_a_token(db):
    error(leave(APIClient()), 401, "AuthCode_401_4")


@pytest.mark.parametrize("person", ["outsider", "member", "owner"])
def test_each_signed_in_person_leaves_only_themselves(team, person):
    ok(leave(team.client(person)))
    remaining = set(User.objects.values_list("email", flat=True))
    assert remaining == {"outsider@example.com", "member@example.com", "owner@example.com"} - {
        f"{person}@example.com"
    }
    # The owner's project passed to the confirmed member; otherwise it kept its owner.
    owner = Project.objects.get(pk=team.project.pk).owner
    assert owner.email == ("member@example.com" if person == "owner" else "owner@example.com")


def test_a_project_without_a_confirmed_member_with_an_account_is_frozen(team):
    Membership.objects.filter(pk=team.member_membership.pk).update(confirmed_at=None)
    ok(leave(team.client("owner")))
    project = Project.objects.get(pk=team.project.pk)
    assert project.owner is None
    # Frozen: members still read it, nobody may edit or refresh it.
    ok(team.client("member").get(f"/api/v1/projects/me-involved-projects/{project.pk}"))
    error(team.client("member").delete(f"/api/v1/projects/{project.pk}"), 400, "Project_400_7")
    refused = team.client("member").post(f"/api/v1/peer-reviews/projects/{project.pk}/prism")
    error(refused, 400, "PeerReviewCode_400_3")
    assert AccountDeletion.objects.get().projects_frozen == 1


def test_the_hand_over_picks_the_earliest_confirmed_member_with_an_account(db):
    from projects.services import hand_over_projects_of_leaving_account

    owner = UserFactory()
    project = ProjectFactory(owner=owner)
    early, late = UserFactory(), UserFactory()
    MembershipFactory(project=project, email=owner.email, user=owner)
    late_membership = MembershipFactory(project=project, email=late.email, user=late)
    early_membership = MembershipFactory(project=project, email=early.email, user=early)
    Membership.objects.filter(pk=early_membership.pk).update(
        confirmed_at=late_membership.confirmed_at.replace(year=2020)
    )
    MembershipFactory(project=project, email="x@example.com")  # no account: never the owner
    outcome = hand_over_projects_of_leaving_account(user=owner)
    project.refresh_from_db()
    assert (project.owner, outcome.handed_over, outcome.frozen) == (early, 1, 0)


def test_the_service_runs_in_one_transaction(team, monkeypatch):
    """A failure late in the deletion leaves everything as it was."""
    import reviews.services

    def fail(**kwargs):
        raise RuntimeError("storage down")

    monkeypatch.setattr(reviews.services, "delete_reviews_about", fail)
    with pytest.raises(RuntimeError):
        account_life.delete_account(user=team.owner_membership.user, staff=None)
    assert Project.objects.get(pk=team.project.pk).owner.email == "owner@example.com"
    assert Membership.objects.get(pk=team.owner_membership.pk).name == "오너"
    assert not AccountDeletion.objects.exists()


# --- Staff ---------------------------------------------------------------------------------------


@pytest.fixture
def staff(client):
    person = UserFactory(is_staff=True, is_superuser=True, email="staff@example.com")
    client.force_login(person)
    return client, person


def test_staff_delete_accounts_after_a_confirmation_page(
    team, staff, media, django_capture_on_commit_callbacks
):
    client, staff_user = staff
    member = team.member_membership.user
    selected = {"action": "delete_accounts", "_selected_action": [str(member.pk)]}
    page = client.post("/admin/accounts/user/", selected)
    assert page.status_code == 200
    assert b"member@example.com" in page.content and b"confirmed" in page.content
    assert User.objects.filter(pk=member.pk).exists()  # nothing happens before confirming
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/admin/accounts/user/", {**selected, "confirmed": "yes"})
    assert done.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert Membership.objects.get(pk=team.member_membership.pk).name == FORMER_MEMBER_NAME
    [audit] = AccountDeletion.objects.all()
    assert (audit.origin, audit.staff_id) == ("STAFF", staff_user.pk)
    listing = client.get("/admin/accounts/accountdeletion/")
    assert listing.status_code == 200 and str(staff_user.pk).encode() in listing.content
    assert b"member@example.com" not in listing.content


def test_staff_cannot_use_djangos_own_delete_or_remove_themselves(team, staff):
    client, staff_user = staff
    member = team.member_membership.user
    assert client.get(f"/admin/accounts/user/{member.pk}/delete/").status_code == 403
    selected = {"action": "delete_accounts", "_selected_action": [str(staff_user.pk)]}
    client.post("/admin/accounts/user/", {**selected, "confirmed": "yes"})
    assert User.objects.filter(pk=staff_user.pk).exists()


def test_an_owner_assigned_to_a_frozen_project_runs_it_again(team):
    Membership.objects.filter(pk=team.member_membership.pk).update(confirmed_at=None)
    account_life.delete_account(user=team.owner_membership.user, staff=None)
    project = Project.objects.get(pk=team.project.pk)
    assert project.owner is None
    project.owner = team.member_membership.user  # what the admin's owner field saves
    project.save()
    ok(team.client("member").post(f"/api/v1/peer-reviews/projects/{project.pk}/prism"))


def test_an_invitation_queued_before_the_owner_left_still_goes_out(
    team, django_capture_on_commit_callbacks
):
    Membership.objects.filter(pk=team.member_membership.pk).update(confirmed_at=None)
    with django_capture_on_commit_callbacks() as queued:
        send_invitations(user=team.owner_membership.user, project_id=team.project.pk)
    account_life.delete_account(user=team.owner_membership.user, staff=None)
    mail.outbox.clear()
    for callback in queued:
        callback()
    # The owner's own invitation went with them; the others name the service as sender.
    assert sorted(to for message in mail.outbox for to in message.to) == [
        "member@example.com",
        "pending@example.com",
    ]
    assert all("PRism님이" in message.body for message in mail.outbox)


def test_an_upload_that_arrives_after_the_account_left_is_401_and_leaves_no_file(
    settings, tmp_path
):
    from accounts.images import CleanImage
    from accounts.services import set_profile_image
    from prism.errors import DomainError

    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    person = UserFactory()
    User.objects.filter(pk=person.pk).delete()  # left while the upload was on its way
    with pytest.raises(DomainError) as refused:
        set_profile_image(user=person, image=CleanImage(content=b"png", extension="png"))
    assert refused.value.error.code == "AuthCode_401_4"
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
