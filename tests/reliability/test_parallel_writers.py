"""Parallel writers (issue 12 item 5): bursts of simultaneous requests on every write endpoint.

Each test starts its threads at one moment (a barrier), each thread with its own real
database connection, closed when the thread ends. Nothing may answer 5xx, and the final
state is counted exactly. Runs on SQLite (a file in WAL mode, immediate transactions, as
`make run` uses it) and on PostgreSQL.
"""

from __future__ import annotations

import io
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import AuthPurpose, RefreshToken, User, UserSkill, VerificationCode
from projects.models import Bookmark, Category, Membership, Post
from reviews.models import PrismResult
from tests.conftest import bearer_client, project_body, run_in_threads
from tests.factories import UserFactory
from tests.images import image_bytes
from tests.projects_factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

BURST = 30


def statuses(results) -> list[int]:
    """The HTTP status of every thread; an exception raised in a thread fails the test."""
    raised = [result for result in results if isinstance(result, Exception)]
    assert not raised, raised
    return [result[0] if isinstance(result, tuple) else result for result in results]


def assert_no_server_errors(results) -> list[int]:
    codes = statuses(results)
    assert all(code < 500 for code in codes), sorted(Counter(codes).items())
    return codes


def code_for(email: str, purpose: AuthPurpose, *, verified: bool) -> str:
    """A live code for (email, purpose), prepared directly (no mail, no sending limits)."""
    code = account_services._new_code()
    now = timezone.now()
    VerificationCode.objects.create(
        email=email,
        purpose=purpose,
        code_digest=account_services._code_digest(code),
        expires_at=now + timedelta(minutes=5),
        verified_at=now if verified else None,
    )
    return code


def test_parallel_sign_ups_with_distinct_addresses_all_succeed():
    emails = [f"burst{index}@example.com" for index in range(BURST)]
    codes = [code_for(email, AuthPurpose.SIGNUP, verified=True) for email in emails]

    def sign_up(index):
        body = {
            "username": f"사람{index}",
            "email": emails[index],
            "authCode": codes[index],
            "password": "secret123!",
        }
        return APIClient().post("/api/v1/auth/signup", body, format="json").status_code

    assert assert_no_server_errors(run_in_threads(BURST, sign_up)) == [200] * BURST
    assert User.objects.filter(email__in=emails).count() == BURST
    assert VerificationCode.objects.filter(consumed_at__isnull=False).count() == BURST


def test_parallel_verifications_of_distinct_codes_all_succeed():
    emails = [f"verify{index}@example.com" for index in range(BURST)]
    codes = [code_for(email, AuthPurpose.SIGNUP, verified=False) for email in emails]

    def verify(index):
        body = {"email": emails[index], "authCode": codes[index], "authType": "SIGNUP"}
        return APIClient().post("/api/v1/auth/code/verification", body, format="json").status_code

    assert assert_no_server_errors(run_in_threads(BURST, verify)) == [200] * BURST
    assert VerificationCode.objects.filter(verified_at__isnull=False).count() == BURST


def test_parallel_verifications_of_one_code_verify_it_once():
    code = code_for("once@example.com", AuthPurpose.SIGNUP, verified=False)

    def verify(_index):
        body = {"email": "once@example.com", "authCode": code, "authType": "SIGNUP"}
        response = APIClient().post("/api/v1/auth/code/verification", body, format="json")
        return response.status_code, response.json().get("code")

    results = run_in_threads(BURST, verify)
    assert_no_server_errors(results)
    assert results.count((200, None)) == 1, results
    assert results.count((400, "AuthCode_400_2")) == BURST - 1, results


def test_parallel_project_updates_leave_one_consistent_project():
    # A transactional test starts from an emptied database: the seeded categories are gone.
    for name in ("교육", "생산성"):
        Category.objects.get_or_create(name=name)
    owner = UserFactory(email="owner@example.com")
    project = ProjectFactory(owner=owner)
    MembershipFactory(project=project, email=owner.email, user=owner)
    client = bearer_client(owner)

    def update(index):
        body = project_body(projectName=f"버전 {index}")
        return client.put(f"/api/v1/projects/{project.pk}", body, format="json").status_code

    assert assert_no_server_errors(run_in_threads(BURST, update)) == [200] * BURST
    project.refresh_from_db()
    assert project.name.startswith("버전 ")
    assert sorted(Membership.objects.filter(project=project).values_list("email", flat=True)) == [
        "new@example.com",
        "owner@example.com",
    ]


def post_by(writer: User) -> Post:
    project = ProjectFactory(owner=writer)
    MembershipFactory(project=project, email=writer.email, user=writer)
    return Post.objects.create(
        writer=writer,
        project=project,
        title="모집",
        content="함께해요",
        process_method="ONLINE",
        contact_method="KAKAO",
        contact_info="open.kakao",
        apply_method="KAKAO",
        apply_info="open.kakao",
        open_until_recruited=True,
    )


def test_parallel_views_count_every_view():
    # Every successful detail view counts (T2; W-21): 30 views add exactly 30.
    post = post_by(UserFactory())
    viewers = [bearer_client(UserFactory()) for _ in range(BURST)]

    def view(index):
        response = viewers[index].get(f"/api/v1/posts/{post.pk}/recruitment")
        return response.status_code, response.json()["data"]["post"]["viewCount"]

    results = run_in_threads(BURST, view)
    assert assert_no_server_errors(results) == [200] * BURST
    # Each view saw a distinct "before" count: none was lost or counted twice.
    assert sorted(before for _, before in results) == list(range(BURST))
    post.refresh_from_db()
    assert post.view_count == BURST


def test_parallel_bookmark_toggles_by_one_person_alternate():
    post = post_by(UserFactory())
    client = bearer_client(UserFactory())

    def toggle(_index):
        response = client.post(f"/api/v1/posts/{post.pk}/bookmarks")
        return response.status_code, response.json()["data"]["bookmarked"]

    results = run_in_threads(BURST, toggle)
    assert assert_no_server_errors(results) == [200] * BURST
    # Serialised toggles: half of them turned it on, half off; an even burst ends off.
    assert [state for _, state in results].count(True) == BURST // 2
    assert list(Bookmark.objects.filter(post=post).values_list("active", flat=True)) == [False]


def test_parallel_bookmarks_by_many_people_all_count():
    post = post_by(UserFactory())
    clients = [bearer_client(UserFactory()) for _ in range(BURST)]

    def bookmark(index):
        return clients[index].post(f"/api/v1/posts/{post.pk}/bookmarks").status_code

    assert assert_no_server_errors(run_in_threads(BURST, bookmark)) == [200] * BURST
    assert Bookmark.objects.filter(post=post, active=True).count() == BURST


def test_parallel_refreshes_with_one_token_all_rotate_within_the_grace_window():
    user = UserFactory()
    pair = account_services._issue_token_pair(user=user)

    def refresh(_index):
        response = APIClient().post(
            "/api/v1/auth/refresh-token", {"refreshToken": pair.refresh}, format="json"
        )
        return response.status_code, response.json()["data"]["refreshToken"]

    results = run_in_threads(BURST, refresh)
    assert assert_no_server_errors(results) == [200] * BURST
    assert len({token for _, token in results}) == BURST
    assert RefreshToken.objects.filter(user=user).count() == BURST + 1


def test_parallel_prism_refreshes_by_the_owner_all_succeed(django_capture_on_commit_callbacks):
    from reviews.services import send_invitations
    from tests.reviews.conftest import SurveyTeam

    owner = UserFactory(email="owner@example.com")
    project = ProjectFactory(owner=owner)
    memberships = [
        MembershipFactory(project=project, email=owner.email, user=owner),
        *(
            MembershipFactory(project=project, email=f"m{index}@example.com", user=UserFactory())
            for index in range(3)
        ),
    ]
    send_invitations(user=owner, project_id=project.pk)
    team = SurveyTeam(project=project, owner=memberships[0], members=memberships[1:], clients={})
    for reviewer in memberships:
        assert team.submit(reviewer).status_code == 200
    client = bearer_client(owner)

    def refresh(_index):
        return client.post(f"/api/v1/peer-reviews/projects/{project.pk}/prism").status_code

    assert assert_no_server_errors(run_in_threads(BURST, refresh)) == [200] * BURST
    # One result per reviewed member of the project, however many refreshes ran.
    assert PrismResult.objects.filter(project=project).count() == len(memberships)


def test_parallel_profile_patches_replace_the_lists_whole():
    user = UserFactory()
    client = bearer_client(user)
    lists = [[f"skill-{index}-{n}" for n in range(5)] for index in range(BURST)]

    def patch(index):
        body = {"skills": lists[index], "interestJobs": [f"job-{index}"]}
        return client.patch("/api/v1/users/profile", body, format="json").status_code

    assert assert_no_server_errors(run_in_threads(BURST, patch)) == [200] * BURST
    skills = list(
        UserSkill.objects.filter(user=user).order_by("position").values_list("value", flat=True)
    )
    # One patch's list, whole: the last writer replaced everything before it.
    assert skills in lists


def test_parallel_profile_image_uploads_keep_one_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    user = UserFactory()
    client = bearer_client(user)
    count = 20
    payloads = [image_bytes(color=(index * 10, 0, 0)) for index in range(count)]

    def upload(index):
        file = io.BytesIO(payloads[index])
        file.name = f"{uuid.uuid4().hex}.png"
        return client.put("/api/v1/users/profile/image", {"image": file}, format="multipart")

    results = run_in_threads(count, lambda index: upload(index).status_code)
    assert assert_no_server_errors(results) == [200] * count
    user.refresh_from_db()
    stored = list((tmp_path / "profile-images" / user.id.hex).iterdir())
    # Each replaced file was deleted after its replacement committed: one file is left.
    assert [path.name for path in stored] == [user.profile_image.name.rsplit("/", 1)[-1]]
    assert default_storage.exists(user.profile_image.name)
