"""Bearer-JWT authentication with the contract's 401 codes (api-contract §3.2).

A bad token never fails the request here: public endpoints ignore it. The reason is
remembered on the request, and when a protected endpoint then refuses the anonymous
caller, the exception handler answers with that reason's code.

simplejwt is imported only when a token is read: DRF's schema module loads this class at
start-up, and simplejwt's settings import `django.test` (issue 17: ~15 ms of every cold
start, for requests that carry no token). tests/foundation/test_cold_imports.py checks it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from prism import errors
from prism.errors import DomainError, ErrorCode

if TYPE_CHECKING:
    from rest_framework_simplejwt.exceptions import TokenError
    from rest_framework_simplejwt.tokens import Token

    from accounts.models import User


def _cause_chain(exc: BaseException) -> list[BaseException]:
    chain = []
    current: BaseException | None = exc
    while current is not None:
        chain.append(current)
        current = current.__cause__
    return chain


def classify_token_error(exc: TokenError) -> ErrorCode:
    """Expired → 401_3; malformed or badly signed → 401_2; anything else → 401_4 (§3.2).

    The earlier server answered 401_4 for a bad signature only because it checked the
    wrong exception class (domain.md W-29); a forged token is an invalid token.
    """
    from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenBackendError

    if isinstance(exc, ExpiredTokenError):
        return errors.AUTH_TOKEN_EXPIRED
    if any(isinstance(cause, TokenBackendError) for cause in _cause_chain(exc)):
        return errors.AUTH_TOKEN_INVALID
    # A well-signed token of the wrong kind (e.g. a refresh token) or without claims we need.
    return errors.AUTH_FAILED


def read_token[T: Token](token_class: type[T], raw: str, *, verify: bool = True) -> T:
    """`token_class(raw)`, where a signed time claim beyond what a datetime holds (e.g. an
    `exp` of 10**20) is an invalid token (TokenError → 401_2), not an OverflowError (500)."""
    from rest_framework_simplejwt.exceptions import TokenBackendError, TokenError

    try:
        # simplejwt annotates the encoded token parameter as a Token; it takes the string.
        return token_class(raw, verify=verify)  # type: ignore[arg-type]
    except (OverflowError, ValueError, OSError) as exc:
        raise TokenError("Token has a claim out of range") from TokenBackendError(str(exc))


class JWTAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith(self.keyword):
            return self._refuse(request, errors.AUTH_FAILED)
        raw = header[len(self.keyword) :].strip()
        if not raw:
            return self._refuse(request, errors.AUTH_FAILED)
        from rest_framework_simplejwt.exceptions import TokenError
        from rest_framework_simplejwt.tokens import AccessToken

        try:
            token = read_token(AccessToken, raw)
        except TokenError as exc:
            return self._refuse(request, classify_token_error(exc))

        # Imported here: authentication is configured before the app registry is ready.
        from accounts.selectors import active_user_for_token

        try:
            user = active_user_for_token(token)
        except DomainError as exc:  # revoked by logout
            return self._refuse(request, exc.error)
        if user is None:
            return self._refuse(request, errors.AUTH_FAILED)
        return user, token

    def authenticate_header(self, request: Request) -> str:
        # A value here keeps DRF's 401 (without it DRF downgrades to 403).
        return f'{self.keyword} realm="api"'

    @staticmethod
    def _refuse(request: Request, reason: ErrorCode) -> None:
        # Read by the exception handler; Django's request has no such attribute to declare.
        request._request.prism_auth_failure = reason  # type: ignore[attr-defined]
        return None


def signed_in_user(request: Request) -> User | None:
    """The authenticated caller of a public endpoint, or None for anonymous callers."""
    user = request.user
    # None too: UNAUTHENTICATED_USER is None in settings, which DRF's stubs do not allow for.
    if user is None or not user.is_authenticated:  # type: ignore[redundant-expr]
        return None
    return user
