"""Wire shapes of the accounts endpoints (contract §5.1, §5.2), camelCase declared here.

Input serializers map wire names onto the services' keyword arguments with `source`.
"""

from __future__ import annotations

import re

from django.conf import settings
from rest_framework import serializers

from accounts.images import ImageRejected, reencoded_image
from accounts.models import AuthPurpose
from prism.openapi_annotations import extend_schema_field
from prism.validation import EnumField

# Contract §5.1: 8–20 characters from letters, digits and !@#$%^&*, at least two classes.
PASSWORD_PATTERN = re.compile(
    r"^(?:(?=.*[a-zA-Z])(?=.*\d)|(?=.*\d)(?=.*[!@#$%^&*])|(?=.*[a-zA-Z])(?=.*[!@#$%^&*]))"
    r"[a-zA-Z\d!@#$%^&*]+$"
)
PASSWORD_RULE = (
    "8–20 characters of letters, digits and !@#$%^&*, with at least two of those three kinds"  # noqa: S105
)


class PasswordField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(min_length=8, max_length=20, trim_whitespace=False, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not PASSWORD_PATTERN.match(value):
            raise serializers.ValidationError(f"must be {PASSWORD_RULE}.")
        return value


class CodeField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)


class EmailExistsQuery(serializers.Serializer):
    email = serializers.CharField(allow_blank=True, max_length=254, trim_whitespace=True)


class SendCodeInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    authType = EnumField(choices=AuthPurpose.choices, source="purpose")


class VerifyCodeInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    authCode = CodeField(source="code")
    authType = EnumField(choices=AuthPurpose.choices, source="purpose")


class SignUpInput(serializers.Serializer):
    username = serializers.CharField(max_length=20)
    email = serializers.EmailField(max_length=254)
    authCode = CodeField(
        source="code",
        error_messages={
            "blank": "인증코드는 비어있을 수 없습니다",
            "required": "인증코드는 비어있을 수 없습니다",
        },
    )
    password = PasswordField()


class ResetPasswordInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    authCode = CodeField(source="code")
    password = PasswordField()


class LoginInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = PasswordField()


class RefreshInput(serializers.Serializer):
    refreshToken = serializers.CharField(source="raw_refresh_token", max_length=2000)


class ChangePasswordInput(serializers.Serializer):
    currentPassword = serializers.CharField(
        source="current_password", max_length=128, trim_whitespace=False
    )
    # The sign-up rules (contract §5.1).
    newPassword = PasswordField(source="new_password")


class ProfileListField(serializers.ListField):
    def __init__(self, **kwargs):
        super().__init__(
            child=serializers.CharField(max_length=100, allow_blank=True),
            max_length=30,
            required=False,
            **kwargs,
        )


class ProfileUpdateInput(serializers.Serializer):
    # Not trimmed: "   " is valid and means "no change" (D11); "" is refused (contract U3).
    username = serializers.CharField(
        min_length=1, max_length=20, required=False, trim_whitespace=False
    )
    skills = ProfileListField()
    interestJobs = ProfileListField(source="interest_jobs")
    introduction = serializers.CharField(
        max_length=100, allow_blank=True, allow_null=True, required=False
    )


class ProfileImageInput(serializers.Serializer):
    image = serializers.FileField(allow_empty_file=False)

    def validate_image(self, image):
        if image.size > settings.PRISM_PROFILE_IMAGE_MAX_BYTES:
            limit_mb = settings.PRISM_PROFILE_IMAGE_MAX_BYTES / (1024 * 1024)
            raise serializers.ValidationError(f"must be at most {limit_mb:g} MB.")
        try:
            return reencoded_image(image)
        except ImageRejected as exc:
            raise serializers.ValidationError(str(exc)) from None


# --- Output --------------------------------------------------------------------------------------


class TokenPairOutput(serializers.Serializer):
    accessToken = serializers.CharField(source="access")
    refreshToken = serializers.CharField(source="refresh")


class SignUpOutput(serializers.Serializer):
    userId = serializers.CharField(source="user_id")
    email = serializers.CharField()


@extend_schema_field({"type": "string", "nullable": True})
class NullableStringOutput(serializers.ReadOnlyField):
    """A string or null, as the read model holds it (declared as the document always had it)."""


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class StringListOutput(serializers.ReadOnlyField):
    """Strings in order, as the read model holds them (a tuple renders as a JSON array).

    A plain field, not a `ListField`: copied with every serializer instance and walked item
    by item, that one doubled U1's serialization time.
    """


class UserOutputBase(serializers.Serializer):
    # The fields of `selectors.Profile` every profile screen shows.
    username = serializers.CharField(source="name")
    email = serializers.CharField()
    interestJobs = StringListOutput(source="interest_jobs")
    skills = StringListOutput()
    profileImageUrl = NullableStringOutput(source="profile_image_url")


class MeOutput(UserOutputBase):
    """U1: the signed-in user."""

    userId = serializers.CharField(source="user_id")


class PublicProfileOutput(UserOutputBase):
    """U2: anyone's public profile."""

    introduction = serializers.CharField(allow_null=True)


class ProfileImageOutput(serializers.Serializer):
    profileImageUrl = NullableStringOutput()
