"""Thin views of the survey and PRism endpoints."""

from __future__ import annotations

from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from prism.authentication import signed_in_user
from prism.openapi_annotations import extend_schema
from prism.responses import success
from prism.validation import validated
from reviews import selectors, services
from reviews.serializers import (
    InvitationQuery,
    PrismOutput,
    PrismTypeQuery,
    SubmissionInput,
    SubmissionQuery,
    SurveyCodeQuery,
    SurveyLinkOutput,
)

TAGS = ["peer-reviews"]


class SurveyLinkView(APIView):
    # Opening a link is public (the code is the key); sending invitations needs a token.
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        tags=TAGS,
        operation_id="peer_reviews_link_info",
        parameters=[SurveyCodeQuery],
        responses={200: SurveyLinkOutput},
    )
    def get(self, request: Request) -> Response:
        link = selectors.survey_link(**validated(SurveyCodeQuery, request.query_params))
        return success(SurveyLinkOutput(link).data)

    @extend_schema(
        tags=TAGS,
        operation_id="peer_reviews_send_links",
        parameters=[InvitationQuery],
        request=None,
        responses={200: None},
        description="Owner only: mails each member who has not reviewed yet their own link.",
    )
    def post(self, request: Request) -> Response:
        services.send_invitations(
            user=request.user, **validated(InvitationQuery, request.query_params)
        )
        return success(None)


class SubmissionView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        operation_id="peer_reviews_submit",
        parameters=[SubmissionQuery],
        request=SubmissionInput,
        responses={200: None},
        description=(
            "`code` (the survey link code) is required unless PRISM_SURVEY_REQUIRE_CODE=false. "
            "Once per reviewer: a second submission is PeerReviewCode_400_1."
        ),
    )
    def post(self, request: Request, project_id: int) -> Response:
        query = validated(SubmissionQuery, request.query_params)
        body = validated(SubmissionInput, request.data)
        services.submit_review(project_id=project_id, code=query.get("code"), **body)
        return success(None)


class RefreshPrismView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="peer_reviews_refresh_prism",
        request=None,
        responses={200: None},
        description="Owner only (else PeerReviewCode_400_3). Summaries follow in the background.",
    )
    def post(self, request: Request, project_id: int) -> Response:
        services.refresh_prism(user=request.user, project_id=project_id)
        return success(None)


def prism_response(request: Request, user_id: str, project_id: int | None) -> Response:
    query = validated(PrismTypeQuery, request.query_params)
    prism = selectors.prism_of(
        user_id=user_id, project_id=project_id, viewer=signed_in_user(request), **query
    )
    return success(PrismOutput(prism).data)


class PrismView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["prism"],
        operation_id="prism_of_user",
        parameters=[PrismTypeQuery],
        responses={200: PrismOutput},
        description="`total`: over the person's projects (D12). PeerReviewCode_404_2 if none.",
    )
    def get(self, request: Request, user_id: str) -> Response:
        return prism_response(request, user_id, None)


class ProjectPrismView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["prism"],
        operation_id="prism_of_user_in_project",
        parameters=[PrismTypeQuery],
        responses={200: PrismOutput},
    )
    def get(self, request: Request, user_id: str, project_id: str) -> Response:
        return prism_response(request, user_id, int(project_id))
