"""The shareable PRism card (issue 18): what it draws, to whom, and how caches keep it."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import resvg_py
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from reviews.models import PrismResult
from tests.conftest import bearer_client
from tests.envelopes import error, ok
from tests.factories import UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory
from tests.reviews_factories import PrismResultFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
PEOPLE = ("anonymous", "outsider", "member", "owner")
AXES = ("communication", "proactivity", "problem_solving", "responsibility", "cooperation")


def card_url(user_id, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"/api/v1/prism/{user_id}/card.svg" + (f"?{query}" if query else "")


def parse(response) -> ET.Element:
    assert response["Content-Type"].startswith("image/svg+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own output, the subject under test)


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def render_png(svg: bytes) -> bytes:
    # DejaVu is what this machine has; a card names system fonts only.
    return bytes(resvg_py.svg_to_bytes(svg_string=svg.decode(), sans_serif_family="DejaVu Sans"))


@pytest.fixture
def shown(team):
    """The team's member with a result anyone may see: confirmed, visible, two reviewers."""
    return PrismResultFactory(
        membership=team.member_membership,
        communication=3.5,
        proactivity=3.5,
        problem_solving=4.0,
        responsibility=4.5,
        cooperation=4.0,
        leadership=4.05,
        reliability=4.1,
        teamwork=3.8,
        keywords=["성실", "꼼꼼함", "소통왕", "주도적", "차분함", "여섯째"],
    )


def test_the_four_people_see_the_same_public_card(team, shown):
    responses = {
        person: team.client(person).get(card_url(team.member_membership.user_id))
        for person in PEOPLE
    }
    bodies = {response.content for response in responses.values()}
    etags = {response["ETag"] for response in responses.values()}
    assert [r.status_code for r in responses.values()] == [200] * 4
    assert len(bodies) == 1 and len(etags) == 1
    response = responses["anonymous"]
    assert response["Cache-Control"] == "public, max-age=600"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    root = parse(response)
    assert (root.get("width"), root.get("height")) == ("495", "195")
    shown_texts = texts(root)
    assert "멤버" in shown_texts and "PRism" in shown_texts
    # The radial scores, truncated as the public result endpoint shows them, and five keywords.
    assert [t for t in shown_texts if re.fullmatch(r"\d\.\d", t)] == ["4.0", "4.1", "3.8"]
    assert [t for t in shown_texts if t in shown.keywords] == shown.keywords[:5]


def test_a_bad_token_changes_nothing(team, shown):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    response = client.get(card_url(team.member_membership.user_id))
    assert response.status_code == 200
    assert response.content == APIClient().get(card_url(team.member_membership.user_id)).content


def test_the_card_is_self_contained_and_small(team, shown):
    user = team.member_membership.user
    user.name = "가나다라마바사아자차카타파하"[:20]
    user.save()
    shown.keywords = ["아주아주아주아주긴키워드" * 3] * 5
    shown.save()
    for theme in ("light", "dark"):
        for lang in ("ko", "en"):
            response = APIClient().get(card_url(user.pk, theme=theme, lang=lang))
            assert response.status_code == 200
            assert len(response.content) < 12 * 1024
            root = parse(response)
            for node in root.iter():
                assert node.tag not in {f"{SVG}script", f"{SVG}image", f"{SVG}a", f"{SVG}use"}
                assert node.tag.startswith(SVG), node.tag
                for attribute, value in node.attrib.items():
                    assert not attribute.lower().startswith("on"), attribute
                    assert "href" not in attribute, attribute
                    assert ("url(" not in value and "://" not in value) or attribute == "xmlns"
            assert b"@import" not in response.content and b"<script" not in response.content
            assert render_png(response.content).startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("name", ["<script>x</script>", "Tom & Jerry", "\"'><svg onload=x>"])
def test_a_name_is_drawn_as_text(team, shown, name):
    user = team.member_membership.user
    user.name = name
    user.save()
    response = APIClient().get(card_url(user.pk, lang="en"))
    root = parse(response)
    assert root.find(f".//{SVG}title").text == f"PRism of {name}"
    assert root.get("aria-label") == f"PRism of {name}"
    assert name in texts(root) or any(t.endswith("…") for t in texts(root))
    assert not list(root.iter(f"{SVG}script"))
    assert all(not a.startswith("on") for node in root.iter() for a in node.attrib)
    assert render_png(response.content).startswith(b"\x89PNG")


def test_radar_vertices_sit_where_the_scores_put_them(team, shown):
    root = parse(APIClient().get(card_url(team.member_membership.user_id)))
    shape = next(node for node in root.iter(f"{SVG}polygon") if node.get("class") == "prism-shape")
    drawn = [tuple(map(float, point.split(","))) for point in shape.get("points").split()]
    # The chart: centre (116, 102), 54 px for a 5.0 score, axes clockwise from the top.
    expected = []
    for index, axis in enumerate(AXES):
        angle = math.radians(-90 + 72 * index)
        fraction = getattr(shown, axis) / 5
        expected.append(
            (116 + 54 * fraction * math.cos(angle), 102 + 54 * fraction * math.sin(angle))
        )
    assert len(drawn) == 5
    for (x, y), (ex, ey) in zip(drawn, expected, strict=True):
        assert abs(x - ex) <= 0.051 and abs(y - ey) <= 0.051, (drawn, expected)
    # communication 3.5 at the top: straight up from the centre, 37.8 px.
    assert drawn[0] == (116.0, 64.2)


def test_the_total_is_the_public_total(team, shown):
    """Two projects: the card's scores are the public total's, never an unconfirmed one's."""
    member = team.member_membership.user
    other = MembershipFactory(
        project=ProjectFactory(owner=UserFactory()), email=member.email, user=member
    )
    PrismResultFactory(membership=other, leadership=2.0, reliability=2.0, teamwork=2.0)
    unconfirmed = MembershipFactory(
        project=ProjectFactory(owner=UserFactory()),
        email="alias@example.com",
        user=member,
        confirmed_at=None,
    )
    PrismResultFactory(membership=unconfirmed, leadership=0.0, reliability=0.0, teamwork=0.0)
    public = ok(APIClient().get(f"/api/v1/prism/{member.pk}", {"prismType": "total"}))
    radial = public["radialData"]
    root = parse(APIClient().get(card_url(member.pk)))
    numbers = [t for t in texts(root) if re.fullmatch(r"\d\.\d", t)]
    assert numbers == [f"{radial[k]:.1f}" for k in ("leadership", "reliability", "teamwork")]
    assert numbers == ["3.0", "3.0", "2.9"]


def test_one_project_with_the_project_option(team, shown):
    member = team.member_membership.user
    other = MembershipFactory(
        project=ProjectFactory(owner=UserFactory()), email=member.email, user=member
    )
    PrismResultFactory(membership=other, leadership=2.0, reliability=2.5, teamwork=1.0)
    root = parse(APIClient().get(card_url(member.pk, project=other.project_id)))
    assert [t for t in texts(root) if re.fullmatch(r"\d\.\d", t)] == ["2.0", "2.5", "1.0"]
    missing = APIClient().get(card_url(member.pk, project=999_999))
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "hide",
    [
        pytest.param(lambda r: setattr(r, "reviewer_count", 1), id="below-threshold"),
        pytest.param(lambda r: setattr(r.membership, "confirmed_at", None), id="unconfirmed"),
        pytest.param(lambda r: setattr(r.membership, "anony_visibility", False), id="hidden"),
    ],
)
def test_nothing_private_shows_a_neutral_404_card_to_everyone(team, shown, hide):
    hide(shown)
    shown.save()
    shown.membership.save()
    member = team.member_membership.user
    for person in PEOPLE:  # the person themself too: the card is the public picture
        response = team.client(person).get(card_url(member.pk, lang="en"))
        assert response.status_code == 404
        root = parse(response)
        assert "No public prism yet" in texts(root)
        assert b"4.0" not in response.content and "멤버".encode() not in response.content
        assert not response.has_header("ETag")
        assert render_png(response.content).startswith(b"\x89PNG")


@pytest.mark.parametrize("user_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_unknown_people_get_the_same_neutral_card(db, user_id):
    response = APIClient().get(card_url(user_id))
    assert response.status_code == 404
    assert "아직 공개된 PRism이 없어요" in texts(parse(response))


def test_bad_options_are_the_contract_400(team, shown):
    user_id = team.member_membership.user_id
    message = error(APIClient().get(card_url(user_id, theme="blue")), 400, "Global_400_1")
    assert "light" in message
    error(APIClient().get(card_url(user_id, project="x")), 400, "Global_400_1")
    error(APIClient().get(card_url(user_id, project=0)), 400, "Global_400_1")


def test_one_query_and_304_on_a_matching_etag(team, shown):
    url = card_url(team.member_membership.user_id)
    client = APIClient()
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    assert first.status_code == 200 and len(queries) == 1
    etag = first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and len(queries) == 1
    assert again.content == b"" and again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=600"
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    # Each option is its own picture, with its own tag.
    dark = client.get(url + "?theme=dark", HTTP_IF_NONE_MATCH=etag)
    assert dark.status_code == 200 and dark["ETag"] != etag


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda r: {"computed_at": r.computed_at + timedelta(seconds=1)}, id="recomputed"
        ),
        pytest.param(lambda r: {"summarized_at": timezone.now()}, id="summarized"),
    ],
)
def test_the_etag_changes_when_the_result_does(team, shown, change):
    url = card_url(team.member_membership.user_id)
    etag = APIClient().get(url)["ETag"]
    PrismResult.objects.filter(pk=shown.pk).update(**change(shown))
    response = APIClient().get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_the_etag_changes_with_the_name(team, shown):
    url = card_url(team.member_membership.user_id)
    etag = APIClient().get(url)["ETag"]
    user = team.member_membership.user
    user.name = "새이름"
    user.save()
    response = bearer_client(user).get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "새이름" in texts(parse(response))


@pytest.mark.parametrize("accept", ["image/*", "image/svg+xml", "image/webp,image/*,*/*;q=0.8"])
def test_image_only_accept_headers_get_the_card(team, shown, accept):
    # Image proxies (GitHub's camo) and <img> tags ask for images only; the card is one.
    response = APIClient().get(card_url(team.member_membership.user_id), HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    neutral = APIClient().get(card_url("00000000-0000-0000-0000-000000000000"), HTTP_ACCEPT=accept)
    assert neutral.status_code == 404 and neutral["Content-Type"].startswith("image/svg+xml")
