"""Thin views of the project and search endpoints."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authenticated_request import AuthenticatedRequest
from prism.client_ip import client_ip
from prism.openapi_annotations import OpenApiParameter, extend_schema
from prism.responses import success
from prism.validation import validated
from projects import selectors, services
from projects.serializers import (
    FilteredProjectsQuery,
    LinkQuery,
    MembershipOutput,
    ProjectDetailOutput,
    ProjectInputSerializer,
    ProjectNameQuery,
    ProjectOutput,
    ProjectSummaryOutput,
    SearchPageOutput,
    SearchQuery,
    VisibilityInput,
    VisibilityOutput,
)

TAGS = ["projects"]


class ProjectCreateView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="projects_create",
        request=ProjectInputSerializer,
        responses={201: ProjectOutput},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        saved = services.create_project(
            owner=request.user, data=validated(ProjectInputSerializer, request.data)
        )
        return success(ProjectOutput(saved).data, status=201)


class ProjectView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="projects_update",
        request=ProjectInputSerializer,
        responses={200: ProjectOutput},
    )
    def put(self, request: AuthenticatedRequest, project_id: int) -> Response:
        try:
            data = validated(ProjectInputSerializer, request.data)
        except ValidationError:
            # Ownership is reported before the payload (contract P2). A valid payload needs
            # no extra read: the service checks ownership under its row lock.
            selectors.project_for_owner(project_id=project_id, user=request.user)
            raise
        saved = services.update_project(user=request.user, project_id=project_id, data=data)
        return success(ProjectOutput(saved).data)

    @extend_schema(tags=TAGS, operation_id="projects_delete", responses={204: None})
    def delete(self, request: AuthenticatedRequest, project_id: int) -> Response:
        services.delete_project(user=request.user, project_id=project_id)
        return success(None, status=204)


class LinkableProjectsView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="projects_summary_by_name",
        parameters=[ProjectNameQuery],
        responses={200: ProjectSummaryOutput(many=True)},
        description="Projects with a public link whose name contains the text (at most 50).",
    )
    def get(self, request: Request) -> Response:
        projects = selectors.linkable_projects(**validated(ProjectNameQuery, request.query_params))
        return success(ProjectSummaryOutput.to_wire_many(projects))


class FilteredProjectsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        operation_id="projects_summary_by_member_and_filters",
        parameters=[FilteredProjectsQuery],
        responses={200: ProjectSummaryOutput(many=True)},
        description="Every given filter applies (AND); at most 100 projects, latest end first.",
    )
    def get(self, request: Request) -> Response:
        projects = selectors.filtered_projects(
            **validated(FilteredProjectsQuery, request.query_params)
        )
        return success(ProjectSummaryOutput.to_wire_many(projects))


class RegisteredProjectsView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="projects_me_registered",
        responses={200: ProjectSummaryOutput(many=True)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        projects = selectors.registered_projects(user=request.user)
        return success(ProjectSummaryOutput.to_wire_many(projects))


class MemberProjectDetailView(APIView):
    @extend_schema(
        tags=TAGS, operation_id="projects_me_involved_detail", responses={200: ProjectDetailOutput}
    )
    def get(self, request: AuthenticatedRequest, project_id: int) -> Response:
        detail = selectors.member_project_detail(project_id=project_id, user=request.user)
        return success(ProjectDetailOutput.to_wire(detail))


class LinkMembershipView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="projects_link",
        parameters=[LinkQuery],
        request=None,
        responses={200: ProjectDetailOutput},
        description=(
            "Claim an account-less membership. Needs a LOAD_PROJECT code for `anonymousEmail` "
            "verified recently by the caller while signed in (consumed here). At most "
            "`PRISM_LINK_ATTEMPTS_PER_HOUR` attempts per account and per client IP (429)."
        ),
    )
    def post(self, request: AuthenticatedRequest, project_id: int) -> Response:
        query = validated(LinkQuery, request.query_params)
        detail = services.link_membership(
            user=request.user, project_id=project_id, client_ip=client_ip(request), **query
        )
        return success(ProjectDetailOutput.to_wire(detail))


class ConfirmMembershipView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="projects_membership_confirm",
        request=None,
        responses={200: MembershipOutput},
        description=(
            "The signed-in caller confirms they are a member of the project (DESIGN D16): "
            "from then on it counts toward their public results, project list and search. "
            "Idempotent. Project_400_1 if the project does not exist, Project_400_7 if the "
            "caller is not listed in it."
        ),
    )
    def post(self, request: AuthenticatedRequest, project_id: int) -> Response:
        membership = services.confirm_membership(user=request.user, project_id=project_id)
        return success(MembershipOutput(membership).data)


class MembershipView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="projects_membership_leave",
        responses={204: None},
        description=(
            "The signed-in caller leaves a project they never confirmed (DESIGN D16): the "
            "membership is deleted with the reviews about them there. Project_400_7 for the "
            "owner, for a confirmed membership (hide it with anonyVisibility instead) and for "
            "a caller not listed in the project."
        ),
    )
    def delete(self, request: AuthenticatedRequest, project_id: int) -> Response:
        services.leave_project(user=request.user, project_id=project_id)
        return success(None, status=204)


class VisibilityView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="projects_set_visibility",
        request=VisibilityInput,
        responses={200: VisibilityOutput},
    )
    def put(self, request: AuthenticatedRequest) -> Response:
        membership = services.set_visibility(
            user=request.user, **validated(VisibilityInput, request.data)
        )
        return success(VisibilityOutput(membership).data)


class SearchProjectsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["search"],
        operation_id="search_projects",
        parameters=[
            SearchQuery,
            OpenApiParameter(
                "categories",
                int,
                many=True,
                explode=True,
                description="Category ids, repeated (categories=1&categories=2) or a,b,c.",
            ),
        ],
        responses={200: SearchPageOutput},
    )
    def get(self, request: Request) -> Response:
        page = selectors.search_projects(**validated(SearchQuery, request.query_params))
        return success(SearchPageOutput.to_wire(page))
