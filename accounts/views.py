"""Thin views: validate the input serializer, call one service, answer in the envelope."""

from __future__ import annotations

from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.authenticated_request import AuthenticatedRequest
from accounts.authentication import signed_in_user
from accounts.serializers import (
    ChangePasswordInput,
    EmailExistsQuery,
    LoginInput,
    ProfileImageInput,
    ProfileImageOutput,
    ProfileUpdateInput,
    PublicProfileOutput,
    RefreshInput,
    ResetPasswordInput,
    SendCodeInput,
    TokenPairOutput,
    VerifyCodeInput,
)
from prism import errors
from prism.client_ip import client_ip
from prism.errors import DomainError
from prism.openapi_annotations import OpenApiParameter, OpenApiTypes, extend_schema
from prism.responses import success
from prism.validation import validated

AUTH_TAG = ["auth"]
USERS_TAG = ["users"]


class EmailExistsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=AUTH_TAG,
        operation_id="auth_email_exists",
        parameters=[OpenApiParameter("email", str, required=True)],
        responses={200: OpenApiTypes.BOOL},
    )
    def get(self, request: Request) -> Response:
        query = validated(EmailExistsQuery, request.query_params)
        return success(selectors.email_is_registered(query["email"]))


class SendCodeView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=AUTH_TAG, operation_id="auth_send_code", request=SendCodeInput, responses={200: None}
    )
    def post(self, request: Request) -> Response:
        services.send_verification_code(
            **validated(SendCodeInput, request.data), client_ip=client_ip(request)
        )
        return success(None)


class VerifyCodeView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=AUTH_TAG,
        operation_id="auth_verify_code",
        request=VerifyCodeInput,
        responses={200: None},
        description=(
            "Verify a mailed code. Sent with a bearer token, the verification is bound to that "
            "account: a `LOAD_PROJECT` code can only be used by the account that verified it "
            "(P11), so the web client verifies it signed in."
        ),
    )
    def post(self, request: Request) -> Response:
        services.verify_code(
            **validated(VerifyCodeInput, request.data),
            client_ip=client_ip(request),
            user=signed_in_user(request),
        )
        return success(None)


class ResetPasswordView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=AUTH_TAG,
        operation_id="auth_reset_password",
        request=ResetPasswordInput,
        responses={200: None},
    )
    def put(self, request: Request) -> Response:
        services.reset_password(**validated(ResetPasswordInput, request.data))
        return success(None)


class LoginView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=AUTH_TAG,
        operation_id="auth_login",
        request=LoginInput,
        responses={200: TokenPairOutput},
    )
    def post(self, request: Request) -> Response:
        pair = services.log_in(**validated(LoginInput, request.data), client_ip=client_ip(request))
        return success(TokenPairOutput(pair).data)


class RefreshTokenView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=AUTH_TAG,
        operation_id="auth_refresh_token",
        request=RefreshInput,
        # A public endpoint whose refusals are 401s (AuthCode_401_2/3), as the client expects.
        responses={200: TokenPairOutput, 401: None},
    )
    def post(self, request: Request) -> Response:
        pair = services.refresh_token_pair(**validated(RefreshInput, request.data))
        return success(TokenPairOutput(pair).data)


class LogoutView(APIView):
    @extend_schema(tags=AUTH_TAG, operation_id="auth_logout", request=None, responses={200: None})
    def post(self, request: AuthenticatedRequest) -> Response:
        services.log_out(user=request.user, access_token=request.auth)
        return success(None)


class ChangePasswordView(APIView):
    @extend_schema(
        tags=USERS_TAG,
        operation_id="users_change_password",
        request=ChangePasswordInput,
        responses={200: TokenPairOutput},
        description=(
            "Change the password while signed in: the current one (AuthCode_401_1 if wrong, "
            "under the login lockout) and a new one with the sign-up rules. Every refresh "
            "token of the account and the presented access token are revoked; the caller "
            "continues with the fresh pair returned."
        ),
    )
    def put(self, request: AuthenticatedRequest) -> Response:
        pair = services.change_password(
            user=request.user,
            access_token=request.auth,
            **validated(ChangePasswordInput, request.data),
            client_ip=client_ip(request),
        )
        return success(TokenPairOutput(pair).data)


class PublicProfileView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=USERS_TAG, operation_id="users_profile", responses={200: PublicProfileOutput}
    )
    def get(self, request: Request, user_id: str) -> Response:
        profile = selectors.profile_of(user_id)
        if profile is None:
            raise DomainError(errors.GLOBAL_404_1)
        return success(PublicProfileOutput(profile).data)


class ProfileUpdateView(APIView):
    @extend_schema(
        tags=USERS_TAG,
        operation_id="users_update_profile",
        request=ProfileUpdateInput,
        responses={200: None},
    )
    def patch(self, request: AuthenticatedRequest) -> Response:
        services.update_profile(user=request.user, **validated(ProfileUpdateInput, request.data))
        return success(None)


class ProfileImageView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=USERS_TAG,
        operation_id="users_put_profile_image",
        request={"multipart/form-data": ProfileImageInput},
        responses={200: ProfileImageOutput},
        description="PNG, JPEG or WebP, at most 2 MB, recognised by content; replaces the old one.",
    )
    def put(self, request: AuthenticatedRequest) -> Response:
        image = validated(ProfileImageInput, request.data)["image"]
        services.set_profile_image(user=request.user, image=image)
        url = selectors.profile_image_url(request.user)
        return success(ProfileImageOutput({"profileImageUrl": url}).data)

    @extend_schema(tags=USERS_TAG, operation_id="users_delete_profile_image", responses={200: None})
    def delete(self, request: AuthenticatedRequest) -> Response:
        services.remove_profile_image(user=request.user)
        return success(None)
