"""Queries per request of every read the API serves, at two data sizes.

`QUERIES` is the measured figure for each read; a read costs exactly that many queries at
both sizes (asserted with ==), so no list grows a query per row. The README's claim ("every
read runs at most 8 queries") is checked against the same table, with the post detail as
the one stated exception.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User, UserInterestJob, UserSkill
from projects.models import Bookmark, Category, Post, PostPosition
from reviews.models import SurveyInvitation
from reviews.services import send_invitations
from tests.envelopes import ok
from tests.factories import UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory
from tests.reviews_factories import PrismResultFactory

pytestmark = pytest.mark.django_db

# (person, path, query) for every GET route of the API; `{project}`, `{post}`, `{member}` and
# `{code}` are filled in from the world.
READS = {
    "healthcheck": ("anonymous", "/healthcheck", {}),
    "api docs": ("anonymous", "/api-docs", {}),
    "swagger ui": ("anonymous", "/swagger-ui.html", {}),
    "email exists": ("anonymous", "/api/v1/auth/email/exists", {"email": "member@example.com"}),
    "me": ("member", "/api/v1/users/me", {}),
    "my data export": ("member", "/api/v1/users/me/export", {}),
    "profile": ("anonymous", "/api/v1/users/{member}/profile", {}),
    "projects by name": (
        "member",
        "/api/v1/projects/summary/by-name",
        {"projectName": "프리즘"},
    ),
    "projects by member and filters": (
        "anonymous",
        "/api/v1/projects/summary/by-member-and-filters",
        {"memberName": "Member"},
    ),
    "project public detail": ("anonymous", "/api/v1/projects/summary/detail/{project}", {}),
    "my involved projects": ("member", "/api/v1/projects/me-involved-projects", {}),
    "my involved project": ("member", "/api/v1/projects/me-involved-projects/{project}", {}),
    "someone's projects": (
        "anonymous",
        "/api/v1/projects/who-involved-projects",
        {"userId": "{member}"},
    ),
    "my registered projects": ("owner", "/api/v1/projects/me-registered-projects", {}),
    "project members": ("member", "/api/v1/projects/{project}/members", {}),
    "search": (
        "anonymous",
        "/api/v1/search/projects",
        {"searchType": "PROJECT_NAME", "searchWord": "프리즘", "pageSize": "100"},
    ),
    "posts": ("outsider", "/api/v1/posts/recruitment", {"pageSize": "100"}),
    "bookmarked posts": ("outsider", "/api/v1/posts/bookmarks/recruitment", {"pageSize": "100"}),
    "post detail": ("outsider", "/api/v1/posts/{post}/recruitment", {}),
    "survey link": ("anonymous", "/api/v1/peer-reviews/link", {"code": "{code}"}),
    "prism total": ("anonymous", "/api/v1/prism/{member}", {"prismType": "total"}),
    "prism of a project": (
        "anonymous",
        "/api/v1/prism/{member}/{project}",
        {"prismType": "each"},
    ),
    "prism card": ("anonymous", "/api/v1/prism/{member}/card.svg", {}),
}

# Measured on SQLite and PostgreSQL alike (the same ORM queries); a signed-in read includes
# the one query that loads the caller. The post detail's 16 include the SAVEPOINT and RELEASE
# of its transaction inside the test's (outside a test: BEGIN/COMMIT, not counted), so 14
# statements.
QUERIES = {
    "healthcheck": 0,
    "api docs": 0,
    "swagger ui": 0,
    "email exists": 1,
    "me": 3,
    "my data export": 11,
    "profile": 3,
    "projects by name": 3,
    "projects by member and filters": 2,
    "project public detail": 8,
    "my involved projects": 5,
    "my involved project": 6,
    "someone's projects": 4,
    "my registered projects": 3,
    "project members": 7,
    "search": 3,
    "posts": 5,
    "bookmarked posts": 5,
    "post detail": 16,
    "survey link": 2,
    "prism total": 1,
    "prism of a project": 1,
    "prism card": 1,
}
README_BOUND = 8
# The post detail embeds the project's whole public detail (its members' profiles, review
# facts and project counts) beside the post, its positions, its writer's profile and the
# view count: more than a list, and constant.
# The data export gathers seven kinds of data, each one query with its lists (12 when the
# person wrote reviews: their answers are one more); constant too.
ABOVE_README_BOUND = {"post detail", "my data export"}


def grow(team, size: int) -> None:
    """`size` more of everything the reads list: projects, members, profiles, posts,
    bookmarks and results around the team's member."""
    member = team.member_membership.user
    outsider = User.objects.get(email="outsider@example.com")  # the reader of the posts
    categories = list(Category.objects.all()[:3])
    start = UserSkill.objects.filter(user=member).count()
    for index in range(size):
        UserSkill.objects.create(user=member, position=start + index, value=f"skill {index}")
        UserInterestJob.objects.create(user=member, position=start + index, value=f"job {index}")
        project = ProjectFactory(owner=team.owner_membership.user, name="프리즘 추가")
        project.categories.set(categories)
        joined = MembershipFactory(project=project, email=member.email, user=member)
        PrismResultFactory(membership=joined)
        teammate = UserFactory()
        UserSkill.objects.create(user=teammate, position=0, value="Django")
        MembershipFactory(project=project, user=teammate, roles=["Backend"])
        MembershipFactory(project=team.project, user=UserFactory(), roles=["A", "B"])
        post = Post.objects.create(
            project=team.project,
            writer=member,
            title=f"모집 {index}",
            content="<p>함께해요</p>",
            process_method="online",
            contact_method="email",
            contact_info="a@b.co",
            apply_method="email",
            apply_info="a@b.co",
            open_until_recruited=True,
        )
        PostPosition.objects.create(post=post, position="BACKEND", count=1)
        PostPosition.objects.create(post=post, position="FRONTEND", count=2)
        Bookmark.objects.create(user=team.owner_membership.user, post=post)
        Bookmark.objects.create(user=outsider, post=post)


@pytest.fixture
def world(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(user=team.owner_membership.user, project_id=team.project.pk)
    PrismResultFactory(membership=team.member_membership)
    return team


def fill(text: str, team) -> str:
    post = Post.objects.filter(project=team.project).order_by("-id").first()
    code = SurveyInvitation.objects.get(membership=team.pending_membership).code
    return (
        text.replace("{project}", str(team.project.pk))
        .replace("{post}", str(post.pk if post else 0))
        .replace("{member}", str(team.member_membership.user_id))
        .replace("{code}", code)
    )


def queries_of(team, read: str) -> int:
    person, path, query = READS[read]
    url, params = fill(path, team), {key: fill(value, team) for key, value in query.items()}
    with CaptureQueriesContext(connection) as captured:
        response = team.client(person).get(url, params)
    assert response.status_code == 200, (read, response.content[:300])
    if path.startswith("/api/") and not path.endswith(".svg"):  # the card is an image
        ok(response)
    return len(captured)


def test_every_read_is_in_the_table():
    from tests.reliability.test_permission_matrix import MATRIX

    reads = {route for method, route in MATRIX if method == "GET"}
    covered = {"<catch-all>", "^media/(?P<path>.+)$"}  # 404s: no read to measure
    assert len(READS) == len(reads - covered), sorted(reads)
    assert set(READS) == set(QUERIES)


def test_every_read_costs_the_same_queries_at_two_sizes(world):
    measured = {}
    for size in (1, 6):
        grow(world, size)
        for read in READS:
            measured.setdefault(read, []).append(queries_of(world, read))
    print(measured)
    assert measured == {read: [figure, figure] for read, figure in QUERIES.items()}
    above = {read for read, figure in QUERIES.items() if figure > README_BOUND}
    assert above == ABOVE_README_BOUND
