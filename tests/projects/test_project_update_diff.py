"""P1/P2 write only what changed: the branches of the project services, and their query counts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prism import errors
from prism.errors import DomainError
from projects.models import Membership, Project, ProjectSkill
from projects.services import (
    CategoryLink,
    MemberInput,
    ProjectInput,
    SavedProject,
    create_project,
    update_project,
)
from tests.conftest import bearer_client, project_body
from tests.envelopes import ok
from tests.factories import UserFactory
from tests.projects_factories import SEOUL, MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def project_input(**overrides) -> ProjectInput:
    from datetime import datetime

    data = ProjectInput(
        name="PRism",
        start_date=datetime(2024, 7, 1, tzinfo=SEOUL),
        end_date=datetime(2024, 8, 31, tzinfo=SEOUL),
        categories=["교육", "생산성"],
        skills=["Django", "React"],
        members=[
            MemberInput(name="오너", email="owner@example.com", roles=["PM"]),
            MemberInput(name="멤버", email="member@example.com", roles=["Backend"]),
        ],
    )
    return replace(data, **overrides)


@pytest.fixture
def owner():
    return UserFactory(email="owner@example.com")


@pytest.fixture
def saved(owner) -> SavedProject:
    return create_project(owner=owner, data=project_input())


def writes(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"].split()[0].upper()
        + " "
        + q["sql"].split(" INTO " if q["sql"].startswith("INSERT") else " FROM ")[-1].split()[0]
        for q in captured.captured_queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def stored_skills(project: Project) -> list[str]:
    return list(project.skills.order_by("position").values_list("name", flat=True))


def test_an_unchanged_update_writes_only_the_project_row(owner, saved):
    links_before = {link.pk for link in saved.category_links}
    with CaptureQueriesContext(connection) as captured:
        again = update_project(user=owner, project_id=saved.project.pk, data=project_input())
    assert [w.split()[0] for w in writes(captured)] == ["UPDATE"]
    assert {link.pk for link in again.category_links} == links_before
    assert again.skills == ["Django", "React"]


@pytest.mark.parametrize(
    "skills",
    [["Django"], ["Django", "React", "Oracle"], ["React", "Django"], [], [" Vue ", "Vue", ""]],
)
def test_skills_end_up_exactly_as_sent(owner, saved, skills):
    result = update_project(
        user=owner, project_id=saved.project.pk, data=project_input(skills=skills)
    )
    expected = list(dict.fromkeys(s.strip() for s in skills if s.strip()))
    assert result.skills == expected == stored_skills(saved.project)
    assert ProjectSkill.objects.filter(project=saved.project).count() == len(expected)


def test_categories_keep_the_links_that_stay(owner, saved):
    kept = next(link for link in saved.category_links if link.category.name == "교육")
    result = update_project(
        user=owner, project_id=saved.project.pk, data=project_input(categories=["교육", "헬스케어"])
    )
    assert {link.category.name for link in result.category_links} == {"교육", "헬스케어"}
    assert kept.pk in {link.pk for link in result.category_links}
    stored = CategoryLink.objects.filter(project=saved.project)
    assert sorted(stored.values_list("pk", flat=True)) == sorted(
        link.pk for link in result.category_links
    )
    assert [link.category_id for link in result.category_links] == sorted(
        link.category_id for link in result.category_links
    )


def test_an_unknown_category_changes_nothing(owner, saved):
    with pytest.raises(DomainError) as raised:
        update_project(
            user=owner,
            project_id=saved.project.pk,
            data=project_input(name="바뀐 이름", categories=["교육", "없는 분야"], skills=["Go"]),
        )
    assert raised.value.error is errors.PROJECT_CATEGORY_UNKNOWN
    saved.project.refresh_from_db()
    assert saved.project.name == "PRism"
    assert stored_skills(saved.project) == ["Django", "React"]


def test_only_the_member_whose_roles_changed_is_rewritten(owner, saved):
    members = [
        MemberInput(name="오너", email="owner@example.com", roles=["PM"]),
        MemberInput(name="멤버", email="member@example.com", roles=["Frontend", "QA"]),
    ]
    owner_roles = list(
        Membership.objects.get(project=saved.project, email="owner@example.com").roles.values_list(
            "pk", flat=True
        )
    )
    update_project(user=owner, project_id=saved.project.pk, data=project_input(members=members))
    team = {m.email: m for m in Membership.objects.filter(project=saved.project)}
    assert [r.name for r in team["member@example.com"].roles.all()] == ["Frontend", "QA"]
    assert list(team["owner@example.com"].roles.values_list("pk", flat=True)) == owner_roles


def test_members_are_removed_added_and_linked(owner, saved):
    later = UserFactory(email="later@example.com")
    unlinked = Membership.objects.get(project=saved.project, email="member@example.com")
    assert unlinked.user is None
    member_account = UserFactory(email="member@example.com")
    members = [
        MemberInput(name="멤버 새이름", email="MEMBER@example.com", roles=["Backend"]),
        MemberInput(name="나중", email="later@example.com", roles=["QA"]),
    ]
    update_project(user=owner, project_id=saved.project.pk, data=project_input(members=members))
    team = {m.email: m for m in Membership.objects.filter(project=saved.project)}
    assert set(team) == {"member@example.com", "later@example.com"}
    assert team["member@example.com"].pk == unlinked.pk
    assert team["member@example.com"].name == "멤버 새이름"
    assert team["member@example.com"].user == member_account  # linked once the account exists
    assert team["later@example.com"].user == later
    assert [r.name for r in team["later@example.com"].roles.all()] == ["QA"]


def test_only_new_members_need_an_account_lookup(owner, saved):
    with CaptureQueriesContext(connection) as captured:
        update_project(user=owner, project_id=saved.project.pk, data=project_input())
    assert not any(q["sql"].startswith('SELECT "prism_user"') for q in captured.captured_queries), (
        "the stored team's accounts come with the team"
    )


# --- query counts through the URLs, at two team sizes --------------------------------------------


def team_of(size: int) -> list[dict]:
    return [
        {"name": f"멤버{i}", "email": f"m{i}@example.com", "roles": ["Backend", "QA"]}
        for i in range(size)
    ]


def count(call, status: int = 200) -> int:
    with CaptureQueriesContext(connection) as captured:
        ok(call(), status)
    # BEGIN/COMMIT and savepoints are transaction control, not work.
    return sum(
        1
        for q in captured.captured_queries
        if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK"))
    )


def test_create_and_edit_cost_the_same_queries_for_any_team_size(owner):
    client = bearer_client(owner)
    created, edited = [], []
    for size in (2, 30):
        for _ in range(size):  # neither does the rest of the database
            MembershipFactory(project=ProjectFactory(owner=owner))
        body = project_body(members=team_of(size))
        created.append(
            count(lambda body=body: client.post("/api/v1/projects", body, format="json"), 201)
        )
        project_id = Project.objects.filter(owner=owner).order_by("-id").first().pk
        # A typical edit: a new name and one skill replaced.
        edit = project_body(members=team_of(size), projectName="새 이름", skills=["Django", "Vue"])
        edited.append(
            count(
                lambda url=f"/api/v1/projects/{project_id}", edit=edit: client.put(
                    url, edit, format="json"
                )
            )
        )
    # As on Oracle (tests/oracle_shadow.py): bulk inserts return no keys, so the new skills
    # and members are read back, one query each.
    assert created[0] == created[1] <= 10
    assert edited[0] == edited[1] <= 10


def test_new_rows_get_their_keys_where_bulk_inserts_return_none(owner, monkeypatch):
    """Oracle's case: bulk_create returns no keys, so the service reads them back."""
    monkeypatch.setattr(connection.features, "can_return_rows_from_bulk_insert", False)
    saved = create_project(owner=owner, data=project_input())
    stored = dict(
        CategoryLink.objects.filter(project=saved.project).values_list("category_id", "pk")
    )
    assert {link.category_id: link.pk for link in saved.category_links} == stored
    members = Membership.objects.filter(project=saved.project)
    assert sorted(m.roles.count() for m in members) == [1, 1]  # roles hang off the read keys
