"""Users: e-mail is the login, a UUID is the public id (`userId` on the wire)."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models


def normalize_email(email: str) -> str:
    """The one spelling of an address that is stored and compared (domain.md §2.3.1)."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("name", "admin")
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        # Admin login and createsuperuser look users up by the address as typed.
        return self.get(email=normalize_email(username or ""))


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.CharField(max_length=254, unique=True)
    # The display name ("username" on the wire).
    name = models.CharField(max_length=20)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        db_table = "prism_user"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def user_id(self) -> str:
        """The public id as the contract spells it: a hyphenated UUID string."""
        return str(self.id)
