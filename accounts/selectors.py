"""Reads of accounts data, including those other apps use."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import Exists, Prefetch, QuerySet, prefetch_related_objects

from accounts.models import RevokedAccessToken, User, UserInterestJob, UserSkill, normalize_email
from prism import errors
from prism.errors import DomainError

if TYPE_CHECKING:  # simplejwt loads when a token is read, not at start-up (issue 17)
    from rest_framework_simplejwt.tokens import AccessToken


def active_user_for_token(token: AccessToken) -> User | None:
    """The active user an access token names, or None; revoked tokens raise 401_2.

    One query: the revocation check rides along as an annotation.
    """
    try:
        user_id = uuid.UUID(str(token.get("userId")))
    except ValueError:
        return None
    user = (
        User.objects.filter(id=user_id, is_active=True)
        .annotate(token_revoked=Exists(RevokedAccessToken.objects.filter(jti=token.get("jti"))))
        .first()
    )
    if user is not None and user.token_revoked:
        raise DomainError(errors.AUTH_TOKEN_INVALID)
    return user


def email_is_registered(email: str) -> bool:
    email = normalize_email(email)
    return bool(email) and User.objects.filter(email=email).exists()


def _profile_lists() -> list[Prefetch]:
    return [
        Prefetch("skills", queryset=UserSkill.objects.order_by("position")),
        Prefetch("interest_jobs", queryset=UserInterestJob.objects.order_by("position")),
    ]


def with_profile_lists(users: QuerySet[User]) -> QuerySet[User]:
    """Users with their skills and interest jobs loaded in two extra queries in all."""
    return users.prefetch_related(*_profile_lists())


def load_profile_lists(user: User) -> User:
    """Load an already fetched user's skills and interest jobs (two queries)."""
    prefetch_related_objects([user], *_profile_lists())
    return user


def profile_of(user_id: str) -> User | None:
    """A user's public profile by the public id (any string; malformed ids find nobody)."""
    try:
        parsed = uuid.UUID(user_id)
    except ValueError:
        return None
    return with_profile_lists(User.objects.filter(id=parsed, is_active=True)).first()
