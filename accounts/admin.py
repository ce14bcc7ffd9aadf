from django.contrib import admin
from django.contrib.admin import helpers
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone

from accounts.models import (
    AccountDeletion,
    RefreshToken,
    RevokedAccessToken,
    User,
    UserInterestJob,
    UserSkill,
    VerificationCode,
)
from prism.read_only_admin import ReadOnlyAdmin
from screens.account_life import services as account_life


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
    actions = ["deactivate", "delete_accounts"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Django's own delete would leave names and addresses on memberships and skip the
        # hand-over: accounts are deleted only through `delete_accounts` (DESIGN D17).
        return False

    def has_delete_account_permission(self, request: HttpRequest) -> bool:
        # Whoever may delete users in principle (not the override above that only hides
        # Django's own delete) may run `delete_accounts`.
        return request.user.has_perm("accounts.delete_user")

    @admin.action(description="Deactivate selected users")
    def deactivate(self, request, queryset) -> None:
        updated = queryset.update(is_active=False)
        self.message_user(request, f"{updated} user(s) deactivated.")

    @admin.action(
        description="Delete selected accounts and their personal data",
        permissions=["delete_account"],
    )
    def delete_accounts(self, request, queryset):
        """Run the account deletion a person can run themselves (DESIGN D17), after a
        confirmation page; each deletion leaves an audit row naming the staff member."""
        people = list(queryset.exclude(pk=request.user.pk).order_by("email"))
        if request.POST.get("confirmed") != "yes":
            return TemplateResponse(
                request,
                "admin/accounts/user/delete_accounts_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Delete accounts and their personal data?",
                    "opts": self.model._meta,
                    "people": people,
                    "refused_self": queryset.filter(pk=request.user.pk).exists(),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        handed_over = frozen = 0
        for person in people:
            outcome = account_life.delete_account(user=person, staff=request.user)
            handed_over += outcome.projects_handed_over
            frozen += outcome.projects_frozen
        self.message_user(
            request,
            f"{len(people)} account(s) deleted; {handed_over} project(s) handed over, "
            f"{frozen} frozen until an owner is assigned.",
        )
        return None


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


@admin.register(AccountDeletion)
class AccountDeletionAdmin(ReadOnlyAdmin):
    """The audit of deleted accounts: when, how, by which staff id; nothing about the person."""

    list_display = [
        "deleted_at",
        "origin",
        "staff_id",
        "projects_handed_over",
        "projects_frozen",
    ]
    list_filter = ["origin", "deleted_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
