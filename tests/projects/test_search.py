"""S1: project search with both types, category filters, paging and epoch-ms dates (D4)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from projects.models import Category
from tests.projects_factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def search(client, **params):
    response = client.get("/api/v1/search/projects", params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True and body["status"] == 200
    return body["data"]


@pytest.fixture
def catalogue(db):
    """Twenty projects with members, ending on consecutive days; every third in 교육 (3)."""
    education, travel = Category.objects.get(pk=3), Category.objects.get(pk=5)
    projects = []
    for index in range(20):
        end = datetime(2024, 1, 1, tzinfo=SEOUL) + timedelta(days=index)
        project = ProjectFactory(
            name=f"Alpha {index}" if index % 2 else f"Beta {index}", end_date=end
        )
        project.categories.set([education] if index % 3 == 0 else [travel])
        MembershipFactory(project=project, name="김철수" if index == 7 else f"Member {index}")
        projects.append(project)
    ProjectFactory(name="Alpha without members")
    return projects


def test_default_page_is_eight_newest_first_with_epoch_millis(api_client, catalogue):
    data = search(api_client)
    assert (data["totalCount"], data["totalPages"], data["currentPage"]) == (20, 3, 0)
    assert len(data["contents"]) == 8
    first = data["contents"][0]
    newest = catalogue[-1]
    assert first == {
        "projectId": newest.pk,
        "projectName": newest.name,
        "organizationName": "SWYG",
        "categories": ["여행"],
        "startDate": int(newest.start_date.timestamp() * 1000),
        "endDate": int(newest.end_date.timestamp() * 1000),
    }
    assert isinstance(first["startDate"], int)


def test_pages_differ_and_cover_everything(api_client, catalogue):
    pages = [search(api_client, pageNo=n, pageSize=8) for n in range(3)]
    ids = [item["projectId"] for page in pages for item in page["contents"]]
    assert pages[0]["contents"] != pages[1]["contents"]
    assert [page["currentPage"] for page in pages] == [0, 1, 2]
    assert len(ids) == len(set(ids)) == 20
    assert search(api_client, pageNo=5)["contents"] == []


def test_search_by_project_name(api_client, catalogue):
    data = search(api_client, searchType="PROJECT_NAME", searchWord="alpha", pageSize=100)
    assert data["totalCount"] == 10
    assert all(item["projectName"].startswith("Alpha") for item in data["contents"])


def test_search_by_member_name(api_client, catalogue):
    data = search(api_client, searchType="MEMBER_NAME", searchWord="철수")
    assert [item["projectId"] for item in data["contents"]] == [catalogue[7].pk]


def test_member_search_does_not_match_emails(api_client, catalogue):
    assert search(api_client, searchType="MEMBER_NAME", searchWord="example.com")["totalCount"] == 0


def test_word_without_type_is_ignored(api_client, catalogue):
    assert search(api_client, searchWord="Alpha")["totalCount"] == 20


@pytest.mark.parametrize("query", ["categories=3", "categories=3&categories=99", "categories=3,99"])
def test_category_filter_repeated_or_comma_separated(api_client, catalogue, query):
    response = api_client.get(f"/api/v1/search/projects?{query}&pageSize=100")
    data = response.json()["data"]
    assert data["totalCount"] == 7
    assert all(item["categories"] == ["교육"] for item in data["contents"])


def test_repeated_categories_combine(api_client, catalogue):
    data = api_client.get("/api/v1/search/projects?categories=3&categories=5").json()["data"]
    assert data["totalCount"] == 20


@pytest.mark.parametrize(
    "params",
    [
        {"searchType": "EMAIL"},
        {"pageNo": -1},
        {"pageSize": 0},
        {"pageSize": 101},
        {"pageNo": "x"},
        {"categories": "abc"},
    ],
)
def test_bad_parameters_are_400(api_client, params):
    response = api_client.get("/api/v1/search/projects", params)
    assert response.status_code == 400 and response.json()["code"] == "Global_400_1"


def test_search_is_public_for_everyone(team):
    for person in ("anonymous", "outsider", "member", "owner"):
        assert search(team.client(person))["totalCount"] == 1
