"""Reads of accounts data used across apps."""

from __future__ import annotations

from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import User


def active_user_for_token(token: AccessToken) -> User | None:
    """The active user an access token names, or None (unknown or deactivated user)."""
    return User.objects.filter(id=token.get("userId"), is_active=True).first()
