"""Views of the account's life across apps: sign-up (which claims listed memberships),
U1 and leaving PRism on `users/me`, the address change and the export. Thin: validate, call
one service or selector, answer in the envelope.

The cross-app services and the export (this package's `services` and `selectors`, with the
projects' and reviews' services behind them) are imported by the handlers that call them,
not with this module: `GET users/me` shares its route with leaving PRism and is a cold start's usual
first signed-in request, which then loads only the accounts app (issue 17).
"""

from __future__ import annotations

from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors
from accounts.authenticated_request import AuthenticatedRequest
from accounts.serializers import MeOutput, SignUpInput, SignUpOutput
from accounts.views import AUTH_TAG, USERS_TAG
from prism.client_ip import client_ip
from prism.openapi_annotations import extend_schema
from prism.responses import success
from prism.validation import validated
from screens.account_life.serializers import AccountExportOutput, ChangeEmailInput, LeaveInput


class SignUpView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=AUTH_TAG,
        operation_id="auth_sign_up",
        request=SignUpInput,
        responses={201: SignUpOutput},
    )
    def post(self, request: Request) -> Response:
        from screens.account_life import services as account_life

        user = account_life.sign_up(**validated(SignUpInput, request.data))
        return success(SignUpOutput(user).data, status=201)


class MeView(APIView):
    @extend_schema(tags=USERS_TAG, operation_id="users_me", responses={200: MeOutput})
    def get(self, request: AuthenticatedRequest) -> Response:
        return success(MeOutput(selectors.own_profile(request.user)).data)

    @extend_schema(
        tags=USERS_TAG,
        operation_id="users_leave",
        request=LeaveInput,
        responses={200: None},
        description=(
            "Leave PRism (DESIGN D17), re-confirmed with the password (a wrong one is "
            "AuthCode_401_1, under the login lockout). In one transaction the account and its "
            "personal data go: profile, image file, tokens (every token answers 401 at once), "
            "codes, bookmarks, posts, results about the person and the reviews they received. "
            "Their memberships stay as unregistered placeholders that name no one (the fixed "
            "name 탈퇴한 회원 and a reserved address no mail goes to), hidden in public; the "
            "reviews they wrote stay, anonymous, so teammates' results keep their numbers; "
            "projects they owned pass to the earliest confirmed member with an account, or "
            "are frozen until staff assign an owner. The address can sign up again."
        ),
    )
    def delete(self, request: AuthenticatedRequest) -> Response:
        from screens.account_life import services as account_life

        account_life.leave_prism(
            user=request.user,
            **validated(LeaveInput, request.data),
            client_ip=client_ip(request),
        )
        return success(None)


class ChangeEmailView(APIView):
    @extend_schema(
        tags=USERS_TAG,
        operation_id="users_change_email",
        request=ChangeEmailInput,
        responses={200: MeOutput},
        description=(
            "Move the account to a new address. First `POST /auth/code` with `authType` "
            "`CHANGE_EMAIL` and the new address (refused with AuthCode_400_4 if it has an "
            "account), then verify the code signed in (`POST /auth/code/verification` with "
            "the bearer token), then call this. The address must still be free (AuthCode_400_4)"
            "; memberships listed under it are claimed, and the old address gets a notice."
        ),
    )
    def put(self, request: AuthenticatedRequest) -> Response:
        from screens.account_life import services as account_life

        user = account_life.change_email(
            user=request.user, **validated(ChangeEmailInput, request.data)
        )
        return success(MeOutput(selectors.own_profile(user)).data)


class AccountExportView(APIView):
    @extend_schema(
        tags=USERS_TAG,
        operation_id="users_export",
        responses={200: AccountExportOutput},
        description=(
            "Everything PRism stores about the caller, as JSON (DESIGN D17): profile, owned "
            "projects, memberships with roles and visibility, results about them, the survey "
            "answers they wrote, posts and bookmarks. Never who reviewed them."
        ),
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        from screens.account_life import selectors as account_life_export

        export = account_life_export.account_export(user=request.user)
        return success(AccountExportOutput(export).data)
