"""Project use cases: create, update, delete, members, visibility and account linking."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from projects.models import Membership


def link_memberships_to_new_account(*, user: User) -> int:
    """Give a new account the memberships listed under its address (W-15).

    Sign-up proves the address with a SIGNUP code, so every membership that names it and
    has no account yet becomes the user's. Returns how many were linked.
    """
    with transaction.atomic():
        return Membership.objects.filter(email=user.email, user__isnull=True).update(user=user)
