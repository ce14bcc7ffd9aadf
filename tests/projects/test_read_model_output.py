"""The fast writer of read-model serializers writes exactly what DRF's `.data` writes."""

from datetime import UTC, datetime

import pytest

from prism.paging import Page
from projects.read_models import (
    InvolvedProject,
    MemberDetail,
    ProjectDetail,
    ProjectSummary,
    SearchResult,
    TeamMember,
)
from projects.serializers import (
    InvolvedProjectOutput,
    ProjectDetailOutput,
    ProjectSummaryOutput,
    SearchPageOutput,
    TeamMemberOutput,
)

STARTED = datetime(2024, 7, 1, tzinfo=UTC)
ENDED = datetime(2024, 8, 31, 14, 59, tzinfo=UTC)


def summary(**changes):
    values = {
        "id": 7,
        "name": "프리즘",
        "organization": None,
        "start_date": STARTED,
        "end_date": ENDED,
        "categories": ["교육", "IT"],
        "url_visibility": True,
        "survey_participants": 3,
        "user_evaluation": None,
        "anony_visibility": False,
    }
    return {**values, **changes}


def member(**changes):
    values = {
        "user_id": "-1",
        "name": "김*",
        "email": "ab***@example.com",
        "roles": ["PM"],
        "anony_visibility": False,
        "introduction": None,
        "interest_domains": None,
        "project_count": 0,
        "strength_keywords": None,
    }
    return MemberDetail(**{**values, **changes})


CASES = [
    (ProjectSummaryOutput, ProjectSummary(**summary())),
    (ProjectSummaryOutput, ProjectSummary(**summary(organization="SWYG", user_evaluation="좋음"))),
    (InvolvedProjectOutput, InvolvedProject(**summary(anony_visibility=True), confirmed=True)),
    (
        ProjectDetailOutput,
        ProjectDetail(
            name="프리즘",
            organization="SWYG",
            start_date=STARTED,
            end_date=ENDED,
            url_link=None,
            url_visibility=False,
            description="설명",
            most_common_traits="책임감",
            categories=["교육"],
            skills=["Django"],
            members=[
                member(),
                member(
                    user_id="6f1c2b5e-1111-4222-8333-944455556666",
                    anony_visibility=True,
                    introduction="안녕",
                    interest_domains=["backend"],
                    project_count=2,
                    strength_keywords=["성실"],
                ),
            ],
            anonymous_count=1,
        ),
    ),
    (
        TeamMemberOutput,
        TeamMember(
            user_id="-1",
            name="김민수",
            email="kim@example.com",
            introduction=None,
            roles=["PM", "Backend"],
            strengths=[],
            interest_domains=[],
            joins_project=0,
            anony_visibility=True,
        ),
    ),
    (
        SearchPageOutput,
        Page(
            total_count=9,
            page_no=1,
            page_size=8,
            items=[
                SearchResult(
                    id=3,
                    name="프리즘",
                    organization=None,
                    start_date=STARTED,
                    end_date=ENDED,
                    categories=["교육"],
                )
            ],
        ),
    ),
]


@pytest.mark.parametrize(("output", "model"), CASES)
def test_to_wire_is_what_drf_writes(output, model):
    assert output.to_wire(model) == output(model).data
    assert list(output.to_wire(model)) == list(output(model).data)
    assert output.to_wire_many([model, model]) == output([model, model], many=True).data
