"""Views of the project screens that show review facts (P6, P7, P10, P13)."""

from __future__ import annotations

from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authenticated_request import AuthenticatedRequest
from accounts.authentication import signed_in_user
from prism.openapi_annotations import extend_schema
from prism.responses import success
from prism.validation import validated
from projects.serializers import (
    InvolvedProjectOutput,
    ProjectDetailOutput,
    ProjectSummaryOutput,
    TeamMemberOutput,
    WhoInvolvedQuery,
)
from reviews.selectors import public_project_detail
from screens.project_pages import selectors as project_pages

TAGS = ["projects"]


class InvolvedProjectsView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="projects_me_involved",
        responses={200: InvolvedProjectOutput(many=True)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        projects = project_pages.involved_projects(user=request.user)
        return success(InvolvedProjectOutput.to_wire_many(projects))


class PersonProjectsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        operation_id="projects_who_involved",
        parameters=[WhoInvolvedQuery],
        responses={200: ProjectSummaryOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        projects = project_pages.projects_of_person(
            viewer=signed_in_user(request), **validated(WhoInvolvedQuery, request.query_params)
        )
        return success(ProjectSummaryOutput.to_wire_many(projects))


class PublicProjectDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS, operation_id="projects_public_detail", responses={200: ProjectDetailOutput}
    )
    def get(self, request: Request, project_id: int) -> Response:
        detail = public_project_detail(project_id=project_id)
        return success(ProjectDetailOutput.to_wire(detail))


class TeamMembersView(APIView):
    @extend_schema(
        tags=TAGS, operation_id="projects_members", responses={200: TeamMemberOutput(many=True)}
    )
    def get(self, request: AuthenticatedRequest, project_id: int) -> Response:
        members = project_pages.team_members(project_id=project_id, user=request.user)
        return success(TeamMemberOutput.to_wire_many(members))
