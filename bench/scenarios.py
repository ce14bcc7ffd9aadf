"""The requests the benchmark makes: every read the web client uses (contract §7.1) and
the main writes, as API Gateway v2 events against the seeded data set."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlencode

from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import User
from bench.probe import v2_event
from bench.seed import OWNER_EMAIL, PASSWORD, SURVEY_PROJECTS
from projects.models import Membership, Project
from reviews.models import SurveyInvitation
from tests.survey_payloads import survey_body

Event = Callable[[int], dict]


def endpoints() -> list[tuple[str, Event, bool]]:
    """(name, event for the i-th request, is_read) for each benchmarked endpoint."""
    owner = User.objects.get(email=OWNER_EMAIL)
    project = Project.objects.filter(owner=owner).order_by("id").first()
    member = (
        Membership.objects.filter(project=project)
        .exclude(user=owner)
        .select_related("user")
        .first()
        .user
    )
    owner_token, member_token = str(AccessToken.for_user(owner)), str(AccessToken.for_user(member))
    owned = list(Project.objects.filter(owner=owner).order_by("id")[: SURVEY_PROJECTS + 2])
    # owned[1]'s link stays unused for the R2 read; the others take the R3 submissions.
    link_code = SurveyInvitation.objects.get(membership__project=owned[1]).code
    survey_projects, scratch = owned[2 : SURVEY_PROJECTS + 1], owned[SURVEY_PROJECTS + 1]
    survey_teams = {
        p.pk: list(Membership.objects.filter(project=p).order_by("id")) for p in survey_projects
    }

    def project_body(i: int) -> bytes:
        """P1's body; P2 sends it again as a typical edit: a new name, one skill replaced."""
        return json.dumps(
            {
                "projectName": f"벤치 프로젝트 {i}",
                "startDate": "20240701000000",
                "endDate": "20240831000000",
                "categories": ["교육"],
                "skills": ["Django", "Oracle" if i % 2 else "Vue"],
                "members": [
                    {"name": "오너", "email": OWNER_EMAIL, "roles": ["PM"]},
                    {"name": "멤버", "email": member.email, "roles": ["Backend"]},
                ],
            }
        ).encode()

    def get(path: str, query: dict | None = None, token: str | None = None) -> Event:
        return lambda i: v2_event("GET", path, query=urlencode(query or {}), token=token)

    def survey(i: int) -> dict:
        target = survey_projects[i % len(survey_projects)]
        team = survey_teams[target.pk]
        reviewer = team[1]
        code = SurveyInvitation.objects.get(membership=reviewer).code
        # Each request is a new submission: the previous one is undone first (not timed).
        reviewer.reviews_given.all().delete()
        Membership.objects.filter(pk=reviewer.pk).update(review_done=False)
        body = survey_body(reviewer.email, {m.email: {} for m in team if m.pk != reviewer.pk})
        return v2_event(
            "POST",
            f"/api/v1/peer-reviews/projects/{target.pk}",
            query=f"code={code}",
            body=json.dumps(body).encode(),
        )

    reads = [
        ("A1 email exists", get("/api/v1/auth/email/exists", {"email": member.email})),
        ("U1 users/me", get("/api/v1/users/me", token=member_token)),
        ("U2 profile", get(f"/api/v1/users/{member.id}/profile")),
        (
            "P4 summary/by-name",
            get("/api/v1/projects/summary/by-name", {"projectName": "Project 1"}, member_token),
        ),
        ("P6 me-involved", get("/api/v1/projects/me-involved-projects", token=member_token)),
        (
            "P7 who-involved",
            get("/api/v1/projects/who-involved-projects", {"userId": str(member.id)}),
        ),
        ("P8 me-registered", get("/api/v1/projects/me-registered-projects", token=owner_token)),
        (
            "P9 member detail",
            get(f"/api/v1/projects/me-involved-projects/{project.pk}", token=member_token),
        ),
        ("P10 public detail", get(f"/api/v1/projects/summary/detail/{project.pk}")),
        (
            "S1 search",
            get(
                "/api/v1/search/projects",
                {"searchType": "PROJECT_NAME", "searchWord": "프리즘", "pageNo": 3, "pageSize": 8},
            ),
        ),
        ("R2 survey link", get("/api/v1/peer-reviews/link", {"code": link_code})),
        ("M1 prism total", get(f"/api/v1/prism/{member.id}", {"prismType": "total"})),
        ("M2 prism each", get(f"/api/v1/prism/{member.id}/{project.pk}", {"prismType": "each"})),
    ]
    writes = [
        (
            "A6 login",
            lambda i: v2_event(
                "POST",
                "/api/v1/auth/login",
                body=json.dumps({"email": member.email, "password": PASSWORD}).encode(),
            ),
        ),
        (
            "U3 profile patch",
            lambda i: v2_event(
                "PATCH",
                "/api/v1/users/profile",
                token=member_token,
                body=json.dumps({"introduction": f"소개 {i}"}).encode(),
            ),
        ),
        (
            "P1 create project",
            lambda i: v2_event("POST", "/api/v1/projects", token=owner_token, body=project_body(i)),
        ),
        (
            "P2 update project",
            lambda i: v2_event(
                "PUT", f"/api/v1/projects/{scratch.pk}", token=owner_token, body=project_body(i)
            ),
        ),
        (
            "P12 visibility",
            lambda i: v2_event(
                "PUT",
                "/api/v1/projects/anonyVisibility",
                token=member_token,
                body=json.dumps({"projectId": scratch.pk, "anonyVisibility": i % 2 == 0}).encode(),
            ),
        ),
        ("R3 submit survey", survey),
        (
            "R4 refresh prism",
            lambda i: v2_event(
                "POST", f"/api/v1/peer-reviews/projects/{project.pk}/prism", token=owner_token
            ),
        ),
    ]
    return [(name, event, True) for name, event in reads] + [
        (name, event, False) for name, event in writes
    ]
