"""Thin views of the survey and PRism endpoints."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authenticated_request import AuthenticatedRequest
from accounts.authentication import signed_in_user
from prism.openapi_annotations import OpenApiTypes, extend_schema
from prism.responses import success
from prism.validation import validated
from reviews import selectors, services
from reviews.card import CardOptions, render_card, render_empty_card
from reviews.card_openapi import svg_image_schema
from reviews.serializers import (
    CardQuery,
    InvitationQuery,
    PrismOutput,
    PrismTypeQuery,
    SubmissionInput,
    SubmissionQuery,
    SurveyCodeQuery,
    SurveyLinkOutput,
)

TAGS = ["peer-reviews"]


class SurveyLinksView(APIView):
    """Survey links: GET opens one by its code (public: the code is the key); POST mails
    every member who has not reviewed yet their own link (the owner only)."""

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
    def post(self, request: AuthenticatedRequest) -> Response:
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
    def post(self, request: AuthenticatedRequest, project_id: int) -> Response:
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


# Cards are public and say only what the public result endpoints say: shared caches may
# keep them a while (GitHub's image proxy does), and revalidate with the ETag.
CARD_CACHE_CONTROL = "public, max-age=600"
# What a card may do if opened directly: draw itself, with its inline styles, nothing else.
CARD_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def svg_response(content: str, *, status: int = 200) -> HttpResponse:
    response = HttpResponse(content, content_type="image/svg+xml; charset=utf-8", status=status)
    response["Cache-Control"] = CARD_CACHE_CONTROL
    response["Content-Security-Policy"] = CARD_CSP
    return response


def card_response(
    request: HttpRequest, public: selectors.PublicPrism | None, options: CardOptions
) -> HttpResponse:
    """The card, a 304 when the client's copy is current, or the neutral 404 card."""
    if public is None:
        return svg_response(render_empty_card(options=options), status=404)
    etag = f'"{public.version}-{options.theme}-{options.lang}"'
    # Django's conditional check copies ETag and Cache-Control onto its 304 from this stub,
    # so a current copy costs the one query and no rendering.
    stub = HttpResponse()
    stub["ETag"] = etag
    stub["Cache-Control"] = CARD_CACHE_CONTROL
    conditional = get_conditional_response(request, etag=etag, response=stub)
    if conditional is not None and conditional.status_code == 304:
        return conditional
    response = svg_response(render_card(name=public.name, prism=public.prism, options=options))
    response["ETag"] = etag
    return response


class AnyAcceptNegotiation(BaseContentNegotiation):
    """The card is an image whatever `Accept` says (`image/*`, `image/svg+xml` from image
    proxies and `<img>` tags); only its error envelopes are rendered, as JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PrismCardView(APIView):
    # Public, and the same for everyone: no token is read, so none can change the answer.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    content_negotiation_class = AnyAcceptNegotiation
    schema = svg_image_schema()

    @extend_schema(
        tags=["prism"],
        operation_id="prism_card_of_user",
        parameters=[CardQuery],
        responses={200: OpenApiTypes.STR},
        description=(
            "The person's PRism as a 495×195 SVG card to embed (e.g. in a GitHub README): "
            "exactly what the public result endpoints show (D15, D16, hidden memberships), "
            "else a neutral card with 404. `If-None-Match` with the ETag answers 304."
        ),
    )
    def get(self, request: Request, user_id: str) -> HttpResponse:
        query = validated(CardQuery, request.query_params)
        public = selectors.public_prism(user_id=user_id, project_id=query.get("project"))
        options = CardOptions(theme=query["theme"], lang=query["lang"])
        return card_response(request, public, options)
