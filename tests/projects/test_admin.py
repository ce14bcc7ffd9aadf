"""Staff curate projects in the admin: members inline, search, filters."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_project_changelist_searches_member_emails_and_filters_by_category(staff_client, team):
    found = staff_client.get("/admin/projects/project/", {"q": "pending@example.com"})
    assert found.status_code == 200 and "프리즘 프로젝트".encode() in found.content
    team.project.categories.set([3])
    filtered = staff_client.get("/admin/projects/project/", {"categories__id__exact": 3})
    assert "프리즘 프로젝트".encode() in filtered.content
    empty = staff_client.get("/admin/projects/project/", {"categories__id__exact": 1})
    assert "프리즘 프로젝트".encode() not in empty.content


def test_project_change_page_shows_members_inline(staff_client, team):
    page = staff_client.get(f"/admin/projects/project/{team.project.pk}/change/")
    assert page.status_code == 200 and b"pending@example.com" in page.content


@pytest.mark.parametrize("model", ["category", "projectskill", "membership"])
def test_reference_data_screens_open(staff_client, team, model):
    assert staff_client.get(f"/admin/projects/{model}/").status_code == 200
    assert staff_client.get(f"/admin/projects/{model}/add/").status_code == 200
