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
    introduction = models.CharField(max_length=100, null=True, blank=True)
    profile_image = models.FileField(
        upload_to="profile-images/", max_length=255, null=True, blank=True
    )
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


class ProfileListItem(models.Model):
    """One entry of a profile list; lists are rows, never comma-joined strings (W-30)."""

    position = models.PositiveSmallIntegerField()
    value = models.CharField(max_length=100)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return self.value


class UserSkill(ProfileListItem):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="skills")

    class Meta(ProfileListItem.Meta):
        db_table = "prism_user_skill"
        constraints = [
            models.UniqueConstraint(fields=["user", "position"], name="user_skill_position_uniq")
        ]

    def __str__(self) -> str:
        return self.value


class UserInterestJob(ProfileListItem):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="interest_jobs")

    class Meta(ProfileListItem.Meta):
        db_table = "prism_user_interest_job"
        constraints = [
            models.UniqueConstraint(fields=["user", "position"], name="user_job_position_uniq")
        ]

    def __str__(self) -> str:
        return self.value


class AuthPurpose(models.TextChoices):
    """What a verification code proves ownership of an address for (contract §2.1)."""

    SIGNUP = "SIGNUP"
    RESET_PASSWORD = "RESET_PASSWORD"  # noqa: S105 - a purpose name, not a secret
    LOAD_PROJECT = "LOAD_PROJECT"
    # Proves a signed-in person owns the new address they move their account to (D17).
    CHANGE_EMAIL = "CHANGE_EMAIL"


class VerificationCode(models.Model):
    """A 6-character code mailed to an address (DESIGN D10).

    Only a keyed digest of the code is stored. A code is usable until `expires_at`, at most
    `PRISM_CODE_MAX_ATTEMPTS` wrong tries, verified once, and consumed once by the action it
    authorises (sign-up, password reset, project linking).
    """

    email = models.CharField(max_length=254)
    purpose = models.CharField(max_length=20, choices=AuthPurpose.choices)
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)
    # The signed-in caller who verified it: a LOAD_PROJECT verification can only be used by
    # that account (a verification made signed out is bound to no one and links nothing).
    verified_by = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "prism_verification_code"
        indexes = [models.Index(fields=["email", "purpose"], name="verif_code_email_purpose_idx")]

    def __str__(self) -> str:
        return f"{self.purpose} code for {self.email}"


class RefreshToken(models.Model):
    """A refresh token the server issued, keyed by its unique `jti` (W-01, DESIGN D6).

    `family` groups the chain of rotations that started at one login; `used_at` is the
    first rotation, after which the token still works for a short grace window.
    """

    jti = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="refresh_tokens")
    family = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "prism_refresh_token"
        indexes = [models.Index(fields=["user", "revoked_at"], name="refresh_token_user_idx")]

    def __str__(self) -> str:
        return f"refresh token {self.jti[:8]}… of {self.user_id}"


class RevokedAccessToken(models.Model):
    """An access token revoked by logout, until it would have expired anyway."""

    jti = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "prism_revoked_access_token"

    def __str__(self) -> str:
        return f"revoked access token {self.jti[:8]}…"


class AbuseCounter(models.Model):
    """Slots taken in one abuse-limit window (DESIGN D10), e.g. code sends from one IP.

    `key` is a digest of the limit's purpose and subject, so no address or IP is stored.
    Slots are taken by conditional UPDATEs (and an INSERT for the first), so a limit holds
    under parallel requests and across every Lambda instance.
    """

    key = models.CharField(max_length=64, unique=True)
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "prism_abuse_counter"

    def __str__(self) -> str:
        return f"abuse counter {self.key[:8]}…: {self.count} until {self.expires_at}"


class AccountDeletion(models.Model):
    """That an account was deleted (DESIGN D17): when, and by whom if staff did it.

    Holds nothing about the person who left: no id, name or address, so the row can stay.
    `staff_id` is the deleting staff member's public id (null when the person left by
    themselves); it is an id, not a foreign key, so the row outlives that account too.
    """

    class Origin(models.TextChoices):
        SELF = "SELF"
        STAFF = "STAFF"

    deleted_at = models.DateTimeField(auto_now_add=True, db_index=True)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    staff_id = models.UUIDField(null=True, blank=True)
    projects_handed_over = models.PositiveIntegerField(default=0)
    projects_frozen = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "prism_account_deletion"
        ordering = ["-deleted_at", "-id"]

    def __str__(self) -> str:
        return f"account deleted {self.deleted_at:%Y-%m-%d %H:%M} ({self.origin})"
