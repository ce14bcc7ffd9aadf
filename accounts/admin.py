from django.contrib import admin

from accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "is_active", "is_staff", "created_at"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "name"]
    # No password hash on screen: staff never see or edit it here.
    fields = [
        "id",
        "email",
        "name",
        "is_active",
        "is_staff",
        "is_superuser",
        "created_at",
        "last_login",
    ]
    readonly_fields = ["id", "created_at", "last_login"]
    ordering = ["email"]
    actions = ["deactivate"]

    @admin.action(description="Deactivate selected users")
    def deactivate(self, request, queryset) -> None:
        updated = queryset.update(is_active=False)
        self.message_user(request, f"{updated} user(s) deactivated.")
