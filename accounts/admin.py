from django.contrib import admin
from django.utils import timezone

from accounts.models import (
    RefreshToken,
    RevokedAccessToken,
    User,
    UserInterestJob,
    UserSkill,
    VerificationCode,
)
from prism.admin import ReadOnlyAdmin


class UserSkillInline(admin.TabularInline):
    model = UserSkill
    extra = 0


class UserInterestJobInline(admin.TabularInline):
    model = UserInterestJob
    extra = 0


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "is_active", "is_staff", "created_at"]
    list_filter = ["is_active", "is_staff", "created_at"]
    search_fields = ["email", "name"]
    # No password hash on screen: staff never see or edit it here.
    fields = [
        "id",
        "email",
        "name",
        "introduction",
        "profile_image",
        "is_active",
        "is_staff",
        "is_superuser",
        "created_at",
        "last_login",
    ]
    readonly_fields = ["id", "created_at", "last_login"]
    ordering = ["email"]
    inlines = [UserSkillInline, UserInterestJobInline]
    actions = ["deactivate"]

    @admin.action(description="Deactivate selected users")
    def deactivate(self, request, queryset) -> None:
        updated = queryset.update(is_active=False)
        self.message_user(request, f"{updated} user(s) deactivated.")


@admin.register(VerificationCode)
class VerificationCodeAdmin(ReadOnlyAdmin):
    # The code itself is never shown (only a keyed digest is stored anyway).
    list_display = [
        "email",
        "purpose",
        "created_at",
        "expires_at",
        "failed_attempts",
        "verified_at",
        "consumed_at",
    ]
    list_filter = ["purpose", "created_at"]
    search_fields = ["email"]
    exclude = ["code_digest"]


@admin.register(RefreshToken)
class RefreshTokenAdmin(ReadOnlyAdmin):
    list_display = ["jti", "user", "created_at", "expires_at", "used_at", "revoked_at"]
    list_filter = ["revoked_at", "created_at"]
    search_fields = ["user__email", "jti"]
    list_select_related = ["user"]
    actions = ["revoke"]

    @admin.action(description="Revoke selected refresh tokens")
    def revoke(self, request, queryset) -> None:
        updated = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{updated} token(s) revoked.")


@admin.register(RevokedAccessToken)
class RevokedAccessTokenAdmin(ReadOnlyAdmin):
    list_display = ["jti", "expires_at"]
