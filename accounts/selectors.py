"""Reads of accounts data, including those other apps use."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Exists, Prefetch, QuerySet, prefetch_related_objects

from accounts.models import RevokedAccessToken, User, UserInterestJob, UserSkill, normalize_email
from prism import errors
from prism.errors import DomainError

if TYPE_CHECKING:  # simplejwt loads when a token is read, not at start-up (issue 17)
    from rest_framework_simplejwt.tokens import AccessToken


def active_user_for_token(token: AccessToken) -> User | None:
    """The active user an access token names, or None; revoked tokens raise 401_2.

    One query: the revocation check rides along as an annotation. Every signed-in request
    runs it, so it is compiled once per database and each request only puts its two values
    into the compiled statement (building and compiling the query were ~70 % of its cost).
    """
    try:
        user_id = uuid.UUID(str(token.get("userId")))
    except ValueError:
        return None
    lookup = _TokenUserLookup.compiled(DEFAULT_DB_ALIAS)
    user, revoked = lookup.run(user_id=user_id, jti=token.get("jti"))
    if user is not None and revoked:
        raise DomainError(errors.AUTH_TOKEN_INVALID)
    return user


class _TokenUserLookup:
    """`User.objects.filter(id=…, is_active=True)` annotated with the token's revocation,
    compiled by the ORM once; placeholders stand for the two values that vary."""

    _USER_ID = uuid.UUID(int=0)
    _JTI = "token-user-lookup-jti"
    # By alias and backend: the statement is written in the backend's SQL.
    _compiled: dict[tuple[str, str], _TokenUserLookup] = {}

    def __init__(self, using: str):
        query = (
            User.objects.filter(id=self._USER_ID, is_active=True)
            .annotate(token_revoked=Exists(RevokedAccessToken.objects.filter(jti=self._JTI)))
            .order_by()  # one row at most: the model's default order is work for nothing
        ).query
        self.using = using
        self.compiler = query.get_compiler(using=using)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        connection = connections[using]
        self.user_at = self.params.index(User._meta.pk.get_db_prep_value(self._USER_ID, connection))
        self.jti_at = self.params.index(self._JTI)
        fields = self.compiler.klass_info["select_fields"]
        self.attnames = [
            column.target.attname for column, *_ in self.compiler.select[fields[0] : fields[-1] + 1]
        ]
        self.revoked_at = self.compiler.annotation_col_map["token_revoked"]

    @classmethod
    def compiled(cls, using: str) -> _TokenUserLookup:
        key = (using, connections[using].vendor)
        lookup = cls._compiled.get(key)
        if lookup is None:
            lookup = cls._compiled[key] = cls(using)
        return lookup

    def run(self, *, user_id: uuid.UUID, jti: str | None) -> tuple[User | None, bool]:
        connection = connections[self.using]
        params = list(self.params)
        params[self.user_at] = User._meta.pk.get_db_prep_value(user_id, connection)
        params[self.jti_at] = jti
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        # The ORM's own converters turn the row into field values, as a queryset would.
        for row in self.compiler.results_iter(results=[rows]):
            user = User.from_db(self.using, self.attnames, row[: len(self.attnames)])
            return user, bool(row[self.revoked_at])
        return None, False


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
