"""Demo accounts for local runs (`make run`); never used in production."""

from __future__ import annotations

from accounts.models import User

DEMO_PASSWORD = "prism1234!"  # noqa: S105 - local demo data only
DEMO_PEOPLE = [
    ("demo@prism.local", "Demo"),
    ("mina@prism.local", "Mina"),
    ("joon@prism.local", "Joon"),
]


def seed_demo_accounts() -> list[User]:
    """Create the demo people that do not exist yet; return the ones created."""
    created = []
    for email, name in DEMO_PEOPLE:
        if not User.objects.filter(email=email).exists():
            created.append(User.objects.create_user(email, DEMO_PASSWORD, name=name))
    return created
