"""Reads of accounts data, including those other apps use."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

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


def _profile_lists() -> list[Prefetch[str, QuerySet[Any], str]]:
    return [
        Prefetch("skills", queryset=UserSkill.objects.order_by("position")),
        Prefetch("interest_jobs", queryset=UserInterestJob.objects.order_by("position")),
    ]


def with_profile_lists(users: QuerySet[User]) -> QuerySet[User]:
    """Users with their skills and interest jobs loaded in two extra queries in all."""
    return users.prefetch_related(*_profile_lists())


# --- U1, U2: profiles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A person's profile as the account screens show it (U1, U2, the export's profile).

    Which of these a screen may show is its output serializer's field list: U2's public
    profile is the same person's data without the account id.
    """

    user_id: str
    name: str
    email: str
    interest_jobs: tuple[str, ...]
    skills: tuple[str, ...]
    profile_image_url: str | None
    introduction: str | None
    created_at: datetime
    updated_at: datetime


def profile_image_url(user: User) -> str | None:
    """The URL the client loads the profile image from (presigned with a bucket), or None."""
    return user.profile_image.url if user.profile_image else None


def _profile(user: User) -> Profile:
    # `user` comes with its lists prefetched (`_profile_lists`).
    return Profile(
        user_id=user.user_id,
        name=user.name,
        email=user.email,
        interest_jobs=tuple(item.value for item in user.interest_jobs.all()),
        skills=tuple(item.value for item in user.skills.all()),
        profile_image_url=profile_image_url(user),
        introduction=user.introduction,
        created_at=user.created_at,
        updated_at=user.updated_at,
    )


def own_profile(user: User) -> Profile:
    """U1: the signed-in person's profile, from the user the authentication already loaded
    (two queries: the lists)."""
    prefetch_related_objects([user], *_profile_lists())
    return _profile(user)


def profile_of(user_id: str) -> Profile | None:
    """U2: an active person's profile by the public id (any string; malformed ids find
    nobody)."""
    try:
        parsed = uuid.UUID(user_id)
    except ValueError:
        return None
    user = with_profile_lists(User.objects.filter(id=parsed, is_active=True)).first()
    return None if user is None else _profile(user)
