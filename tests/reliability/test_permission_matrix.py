"""Who may call what: every route of the URLconf, for the four people.

Each entry gives the outcome (HTTP status and, for refusals, the error code) for the
anonymous caller, an outsider, a member of the project, and its owner. A route without
an entry fails `test_every_route_has_an_entry`, so a new endpoint cannot slip through;
function views (the 404 catch-all, development media) are listed for every method. A
refused write (a 4xx to POST, PUT, PATCH or DELETE) must leave every row of every table,
and the stored media files, exactly as they were.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from rest_framework.test import APIClient

from projects.models import Post
from reviews.models import SurveyInvitation
from reviews.services import send_invitations
from tests.conftest import bearer_client, project_body
from tests.images import image_bytes
from tests.reviews_factories import PrismResultFactory
from tests.survey_payloads import survey_body
from tests.url_routes import METHODS, url_patterns, view_methods

PEOPLE = ("anonymous", "outsider", "member", "owner")
PNG = image_bytes("PNG")

ANON_401 = (401, "AuthCode_401_4")
OK = (200, None)
P1 = (400, "Project_400_1")
P7 = (400, "Project_400_7")


def everyone(outcome):
    return dict.fromkeys(PEOPLE, outcome)


def signed_in(outcome):
    return {"anonymous": ANON_401, "outsider": outcome, "member": outcome, "owner": outcome}


def by_role(*, outsider, member, owner):
    return {"anonymous": ANON_401, "outsider": outsider, "member": member, "owner": owner}


@dataclass
class Case:
    url: str
    outcomes: dict
    body: object = None
    multipart: bool = False
    params: dict = field(default_factory=dict)


def post_body(world):
    return {
        "openUntilRecruited": True,
        "title": "모집",
        "content": "<p>hi</p>",
        "projectId": world["project"],
        "contactMethod": "email",
        "contactInfo": "a@b.co",
        "applyMethod": "email",
        "applyInfo": "a@b.co",
        "processMethod": "online",
        "recruitPositions": [{"position": "qa", "count": 1}],
    }


MATRIX: dict[tuple[str, str], callable] = {
    ("GET", "healthcheck"): lambda w: Case("/healthcheck", everyone(OK)),
    ("GET", "api-docs"): lambda w: Case("/api-docs", everyone(OK)),
    ("GET", "swagger-ui.html"): lambda w: Case("/swagger-ui.html", everyone(OK)),
    # Function views answer every method: the 404 catch-all, and local media files (routed
    # when no S3 bucket is configured), which a write must not reach either.
    **{
        (method.upper(), "<catch-all>"): lambda w: Case(
            "/nowhere", everyone((404, "Global_404_1")), {}
        )
        for method in METHODS
    },
    **{
        (method.upper(), "^media/(?P<path>.+)$"): lambda w: Case(
            "/media/missing.png", everyone((404, "Global_404_1")), {}
        )
        for method in METHODS
    },
    # Accounts
    ("GET", "api/v1/auth/email/exists"): lambda w: Case(
        "/api/v1/auth/email/exists", everyone(OK), params={"email": "a@b.co"}
    ),
    ("POST", "api/v1/auth/code"): lambda w: Case(
        "/api/v1/auth/code",
        everyone(OK),
        {"email": "fresh@example.com", "authType": "LOAD_PROJECT"},
    ),
    ("POST", "api/v1/auth/code/verification"): lambda w: Case(
        "/api/v1/auth/code/verification",
        everyone((400, "AuthCode_400_1")),
        {"email": "fresh@example.com", "authCode": "ZZZZZZ", "authType": "SIGNUP"},
    ),
    ("POST", "api/v1/auth/signup"): lambda w: Case(
        "/api/v1/auth/signup",
        everyone((400, "AuthCode_400_3")),
        {
            "username": "a",
            "email": "fresh@example.com",
            "authCode": "ZZZZZZ",
            "password": "secret123!",
        },
    ),
    ("PUT", "api/v1/auth/password"): lambda w: Case(
        "/api/v1/auth/password",
        everyone((400, "AuthCode_401_5")),
        {"email": "ghost@example.com", "authCode": "ZZZZZZ", "password": "secret123!"},
    ),
    ("POST", "api/v1/auth/login"): lambda w: Case(
        "/api/v1/auth/login",
        everyone(OK),
        {"email": "member@example.com", "password": "secret123!"},
    ),
    ("POST", "api/v1/auth/refresh-token"): lambda w: Case(
        "/api/v1/auth/refresh-token", everyone((401, "AuthCode_401_2")), {"refreshToken": "garbage"}
    ),
    ("POST", "api/v1/auth/logout"): lambda w: Case("/api/v1/auth/logout", signed_in(OK)),
    ("GET", "api/v1/users/me"): lambda w: Case("/api/v1/users/me", signed_in(OK)),
    # Leaving PRism works for each signed-in person (the owner's project passes to the
    # confirmed member); a wrong password is not a matrix case: it takes a lockout slot.
    ("DELETE", "api/v1/users/me"): lambda w: Case(
        "/api/v1/users/me", signed_in(OK), {"password": "secret123!"}
    ),
    ("PUT", "api/v1/users/me/password"): lambda w: Case(
        "/api/v1/users/me/password",
        signed_in(OK),
        {"currentPassword": "secret123!", "newPassword": "brandnew42!"},
    ),
    ("PUT", "api/v1/users/me/email"): lambda w: Case(
        "/api/v1/users/me/email",
        signed_in((400, "AuthCode_400_3")),
        {"email": "moved@example.com", "authCode": "ZZZZZZ"},
    ),
    ("GET", "api/v1/users/me/export"): lambda w: Case("/api/v1/users/me/export", signed_in(OK)),
    ("PATCH", "api/v1/users/profile"): lambda w: Case(
        "/api/v1/users/profile", signed_in(OK), {"introduction": "안녕"}
    ),
    ("PUT", "api/v1/users/profile/image"): lambda w: Case(
        "/api/v1/users/profile/image", signed_in(OK), "image", multipart=True
    ),
    ("DELETE", "api/v1/users/profile/image"): lambda w: Case(
        "/api/v1/users/profile/image", signed_in(OK)
    ),
    ("GET", "api/v1/users/<str:user_id>/profile"): lambda w: Case(
        f"/api/v1/users/{w['member_user']}/profile", everyone(OK)
    ),
    # Projects and search
    ("POST", "api/v1/projects"): lambda w: Case("/api/v1/projects", signed_in(OK), project_body()),
    ("PUT", "api/v1/projects/<id:project_id>"): lambda w: Case(
        f"/api/v1/projects/{w['project']}",
        by_role(outsider=P7, member=P7, owner=OK),
        project_body(),
    ),
    ("DELETE", "api/v1/projects/<id:project_id>"): lambda w: Case(
        f"/api/v1/projects/{w['project']}", by_role(outsider=P7, member=P7, owner=OK)
    ),
    ("GET", "api/v1/projects/summary/by-name"): lambda w: Case(
        "/api/v1/projects/summary/by-name", signed_in(OK), params={"projectName": "프리즘"}
    ),
    ("GET", "api/v1/projects/summary/by-member-and-filters"): lambda w: Case(
        "/api/v1/projects/summary/by-member-and-filters", everyone(OK)
    ),
    ("GET", "api/v1/projects/summary/detail/<id:project_id>"): lambda w: Case(
        f"/api/v1/projects/summary/detail/{w['project']}", everyone(OK)
    ),
    ("GET", "api/v1/projects/me-involved-projects"): lambda w: Case(
        "/api/v1/projects/me-involved-projects", signed_in(OK)
    ),
    ("GET", "api/v1/projects/me-involved-projects/<id:project_id>"): lambda w: Case(
        f"/api/v1/projects/me-involved-projects/{w['project']}",
        by_role(outsider=P7, member=OK, owner=OK),
    ),
    ("GET", "api/v1/projects/who-involved-projects"): lambda w: Case(
        "/api/v1/projects/who-involved-projects", everyone(OK), params={"userId": w["member_user"]}
    ),
    ("GET", "api/v1/projects/me-registered-projects"): lambda w: Case(
        "/api/v1/projects/me-registered-projects", signed_in(OK)
    ),
    ("POST", "api/v1/projects/link-project/<id:project_id>"): lambda w: Case(
        f"/api/v1/projects/link-project/{w['project']}?anonymousEmail=pending@example.com",
        by_role(outsider=(400, "AuthCode_400_3"), member=P7, owner=P7),
        {},
    ),
    ("PUT", "api/v1/projects/anonyVisibility"): lambda w: Case(
        "/api/v1/projects/anonyVisibility",
        by_role(outsider=P7, member=OK, owner=OK),
        {"projectId": w["project"], "anonyVisibility": False},
    ),
    ("GET", "api/v1/projects/<id:project_id>/members"): lambda w: Case(
        f"/api/v1/projects/{w['project']}/members", by_role(outsider=P7, member=OK, owner=OK)
    ),
    ("POST", "api/v1/projects/<id:project_id>/membership/confirm"): lambda w: Case(
        f"/api/v1/projects/{w['project']}/membership/confirm",
        by_role(outsider=P7, member=OK, owner=OK),
    ),
    # The team's member confirmed the project, and an owner never leaves their own (D16).
    ("DELETE", "api/v1/projects/<id:project_id>/membership"): lambda w: Case(
        f"/api/v1/projects/{w['project']}/membership", by_role(outsider=P7, member=P7, owner=P7)
    ),
    ("GET", "api/v1/search/projects"): lambda w: Case("/api/v1/search/projects", everyone(OK)),
    # Posts
    ("GET", "api/v1/posts/recruitment"): lambda w: Case("/api/v1/posts/recruitment", everyone(OK)),
    ("POST", "api/v1/posts/recruitment"): lambda w: Case(
        "/api/v1/posts/recruitment", by_role(outsider=P7, member=OK, owner=OK), post_body(w)
    ),
    ("GET", "api/v1/posts/bookmarks/recruitment"): lambda w: Case(
        "/api/v1/posts/bookmarks/recruitment", signed_in(OK)
    ),
    ("GET", "api/v1/posts/<id:post_id>/recruitment"): lambda w: Case(
        f"/api/v1/posts/{w['post']}/recruitment", signed_in(OK)
    ),
    ("PUT", "api/v1/posts/<id:post_id>/recruitment"): lambda w: Case(
        f"/api/v1/posts/{w['post']}/recruitment",
        by_role(outsider=(403, "Global_403_1"), member=OK, owner=(403, "Global_403_1")),
        post_body(w),
    ),
    ("DELETE", "api/v1/posts/<id:post_id>/recruitment"): lambda w: Case(
        f"/api/v1/posts/{w['post']}/recruitment",
        by_role(outsider=(403, "Global_403_1"), member=OK, owner=(403, "Global_403_1")),
    ),
    ("POST", "api/v1/posts/<id:post_id>/bookmarks"): lambda w: Case(
        f"/api/v1/posts/{w['post']}/bookmarks", signed_in(OK)
    ),
    # Peer reviews and results
    ("GET", "api/v1/peer-reviews/link"): lambda w: Case(
        "/api/v1/peer-reviews/link", everyone(OK), params={"code": w["pending_code"]}
    ),
    ("POST", "api/v1/peer-reviews/link"): lambda w: Case(
        f"/api/v1/peer-reviews/link?projectId={w['project']}",
        by_role(outsider=P1, member=P1, owner=OK),
        {},
    ),
    ("POST", "api/v1/peer-reviews/projects/<id:project_id>"): lambda w: Case(
        f"/api/v1/peer-reviews/projects/{w['project']}?code={w['pending_code']}",
        everyone(OK),
        survey_body("pending@example.com", {"owner@example.com": {}, "member@example.com": {}}),
    ),
    ("POST", "api/v1/peer-reviews/projects/<id:project_id>/prism"): lambda w: Case(
        f"/api/v1/peer-reviews/projects/{w['project']}/prism",
        by_role(
            outsider=(400, "PeerReviewCode_400_3"), member=(400, "PeerReviewCode_400_3"), owner=OK
        ),
    ),
    ("GET", "api/v1/prism/<str:user_id>"): lambda w: Case(
        f"/api/v1/prism/{w['member_user']}", everyone(OK), params={"prismType": "total"}
    ),
    # The card is an image, the same public picture for everyone (no envelope).
    ("GET", "api/v1/prism/<str:user_id>/card.svg"): lambda w: Case(
        f"/api/v1/prism/{w['member_user']}/card.svg", everyone(OK), params={"lang": "en"}
    ),
    ("GET", "api/v1/^prism/(?P<user_id>[^/]*)/(?P<project_id>[0-9]{1,9})$"): lambda w: Case(
        f"/api/v1/prism/{w['member_user']}/{w['project']}",
        everyone(OK),
        params={"prismType": "each"},
    ),
}


# Quoted in the README ("the permission matrix: … cases"); the test below keeps them true.
ROUTES_IN_README = 60
CASES_IN_README = 240
REFUSED_WRITES_IN_README = 92

DEVELOPMENT_ONLY = {(method.upper(), "^media/(?P<path>.+)$") for method in METHODS}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def routes() -> set[tuple[str, str]]:
    """(method, pattern) for every route except the Django admin's own."""
    found = set()
    for route, pattern in url_patterns():
        methods = view_methods(pattern)
        if methods:
            found.update((method.upper(), route) for method in methods)
        else:  # a function view answers whatever method it is sent
            name = "<catch-all>" if route == "^" else route
            found.update((method.upper(), name) for method in METHODS)
    return found


def refused_writes() -> list[tuple[tuple[str, str], str]]:
    """Every (route, person) whose expected outcome is a refused write (a 4xx)."""
    placeholder = dict.fromkeys(("project", "post", "member_user", "pending_code"), 1)
    return [
        (route, person)
        for route in sorted(MATRIX)
        if route[0] in WRITES
        for person, (status, _) in MATRIX[route](placeholder).outcomes.items()
        if 400 <= status < 500
    ]


def test_the_matrix_size_that_the_readme_quotes():
    # The README's figures: routes (method, pattern), cases (route x person), refused writes.
    figures = (len(MATRIX), len(MATRIX) * len(PEOPLE), len(refused_writes()))
    print(
        f"permission matrix: {figures[0]} routes, {figures[1]} cases, {figures[2]} refused writes"
    )
    assert figures == (ROUTES_IN_README, CASES_IN_README, REFUSED_WRITES_IN_README)


def every_row_and_file() -> dict[str, object]:
    """Every row of every table (by model, in primary-key order) and the stored media files."""
    snapshot: dict[str, object] = {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        # A refused attempt still takes its abuse-limit slot: that is the limit working.
        if model._meta.label != "accounts.AbuseCounter"
    }
    media = Path(settings.MEDIA_ROOT)
    snapshot["media files"] = sorted(
        (str(path.relative_to(media)), path.read_bytes())
        for path in media.rglob("*")
        if path.is_file()
    )
    return snapshot


def test_every_route_has_an_entry():
    missing = sorted(routes() - set(MATRIX))
    assert not missing, f"routes without a permission-matrix entry: {missing}"
    stale = sorted(set(MATRIX) - routes() - DEVELOPMENT_ONLY)
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"


@pytest.fixture
def world(team, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    member = team.member_membership
    post = Post.objects.create(
        project=team.project,
        writer=member.user,
        title="t",
        content="c",
        process_method="online",
        contact_method="email",
        contact_info="a@b.co",
        apply_method="email",
        apply_info="a@b.co",
        open_until_recruited=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(user=team.owner_membership.user, project_id=team.project.pk)
    PrismResultFactory(membership=member, evaluation="좋아요")
    return {
        "team": team,
        "project": team.project.pk,
        "post": post.pk,
        "member_user": str(member.user_id),
        "pending_code": SurveyInvitation.objects.get(membership=team.pending_membership).code,
    }


def client_for(world, person) -> APIClient:
    team = world["team"]
    if person == "anonymous":
        return APIClient()
    users = {
        "outsider": None,
        "member": team.member_membership.user,
        "owner": team.owner_membership.user,
    }
    user = users[person]
    if user is None:
        from accounts.models import User

        user = User.objects.get(email="outsider@example.com")
    return bearer_client(user)


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_outcome(world, route, person):
    method, _ = route
    case = MATRIX[route](world)
    client = client_for(world, person)
    expected_status, expected_code = case.outcomes[person]
    refused_write = method in WRITES and 400 <= expected_status < 500
    before = every_row_and_file() if refused_write else None
    if case.multipart:
        upload = io.BytesIO(PNG)
        upload.name = "a.png"
        response = client.put(case.url, {"image": upload}, format="multipart")
    elif method == "GET":
        response = client.get(case.url, case.params)
    else:
        response = getattr(client, method.lower())(case.url, case.body, format="json")
    assert response.status_code == expected_status, (person, response.content[:300])
    if refused_write:
        after = every_row_and_file()
        changed = [table for table in before if before[table] != after[table]]
        assert changed == [], f"{person}'s refused {method} changed {changed}"
    body = response.json() if response["Content-Type"].startswith("application/json") else None
    if expected_code:
        assert body["code"] == expected_code, (person, body)
    elif expected_status == 200 and re.match(r"^/api/.*(?<!\.svg)$", case.url):
        assert body["success"] is True, body


@pytest.mark.django_db
def test_the_snapshot_sees_an_allowed_write_to_rows_and_to_media(world):
    """The unchanged-state check has teeth: writes that are allowed show up in it."""
    owner = client_for(world, "owner")
    before = every_row_and_file()
    upload = io.BytesIO(PNG)
    upload.name = "a.png"
    image = owner.put("/api/v1/users/profile/image", {"image": upload}, format="multipart")
    hidden = {"projectId": world["project"], "anonyVisibility": False}
    visibility = owner.put("/api/v1/projects/anonyVisibility", hidden, format="json")
    assert (image.status_code, visibility.status_code) == (200, 200)
    after = every_row_and_file()
    changed = {table for table in before if before[table] != after[table]}
    assert {"media files", "accounts.User", "projects.Membership"} <= changed
