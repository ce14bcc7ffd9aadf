"""Demo accounts for local runs (`make run`); never used in production."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.models import User

DEMO_PASSWORD = "prism1234!"  # noqa: S105 - local demo data only
# The three people a newcomer signs in as, then their teammates (who sign in the same way).
DEMO_PEOPLE = [
    ("demo@prism.local", "Demo"),
    ("mina@prism.local", "Mina"),
    ("joon@prism.local", "Joon"),
]
DEMO_TEAMMATES = [
    ("seoyeon@prism.local", "서연"),
    ("hyunwoo@prism.local", "현우"),
    ("yuna@prism.local", "유나"),
]
DEMO_STAFF_EMAIL = "admin@prism.local"
DEMO_STAFF_PASSWORD = "prism-admin-1234!"  # noqa: S105 - local only, refused without DEBUG


def seed_demo_accounts() -> list[User]:
    """Create the demo people and teammates that do not exist yet; return the ones created.

    They share one password, hashed once: the hasher is slow on purpose, and the demo is
    seeded on every `make run`.
    """
    missing = [
        (email, name)
        for email, name in DEMO_PEOPLE + DEMO_TEAMMATES
        if not User.objects.filter(email=email).exists()
    ]
    hashed = make_password(DEMO_PASSWORD) if missing else ""
    created = []
    for email, name in missing:
        user = User.objects.create_user(email, None, name=name)
        user.password = hashed
        user.save(update_fields=["password"])
        created.append(user)
    return created


def demo_accounts() -> dict[str, User]:
    """Every demo person and teammate by e-mail."""
    emails = [email for email, _ in DEMO_PEOPLE + DEMO_TEAMMATES]
    return {user.email: user for user in User.objects.filter(email__in=emails)}


class StaffAccountRefused(Exception):
    """The staff account's password is published: it exists on development machines only."""


def seed_demo_staff_account() -> User | None:
    """The admin's staff account with its documented password; None if it already exists.

    Refused (StaffAccountRefused) when DEBUG is off: a published password must never open
    the admin of a deployed system.
    """
    if not settings.DEBUG:
        raise StaffAccountRefused(
            "DEBUG is off: the demo staff account (documented password) is not created. "
            "Create one with `manage.py createsuperuser` instead."
        )
    if User.objects.filter(email=DEMO_STAFF_EMAIL).exists():
        return None
    return User.objects.create_superuser(DEMO_STAFF_EMAIL, DEMO_STAFF_PASSWORD, name="admin")
