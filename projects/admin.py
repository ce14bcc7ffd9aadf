from django.contrib import admin

from projects.models import (
    Category,
    Membership,
    MembershipRole,
    Post,
    PostPosition,
    Project,
    ProjectSkill,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["email", "name", "user", "anony_visibility", "review_done", "confirmed_at"]
    raw_id_fields = ["user"]


class ProjectSkillInline(admin.TabularInline):
    model = ProjectSkill
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "name",
        "organization",
        "owner",
        "start_date",
        "end_date",
        "url_visibility",
    ]
    list_filter = ["categories", "url_visibility", "start_date", "end_date"]
    search_fields = ["name", "organization", "memberships__email", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    filter_horizontal = ["categories"]
    date_hierarchy = "end_date"
    inlines = [MembershipInline, ProjectSkillInline]


class MembershipRoleInline(admin.TabularInline):
    model = MembershipRole
    extra = 0


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "name",
        "project",
        "user",
        "anony_visibility",
        "review_done",
        "confirmed_at",
    ]
    list_filter = ["review_done", "anony_visibility", "confirmed_at"]
    search_fields = ["email", "name", "project__name"]
    list_select_related = ["project", "user"]
    raw_id_fields = ["project", "user"]
    inlines = [MembershipRoleInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["id", "name"]
    search_fields = ["name"]


@admin.register(ProjectSkill)
class ProjectSkillAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "position"]
    search_fields = ["name", "project__name"]
    list_select_related = ["project"]


class PostPositionInline(admin.TabularInline):
    model = PostPosition
    extra = 0


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "title",
        "project",
        "writer",
        "status",
        "view_count",
        "recruitment_end_at",
    ]
    list_filter = ["status", "positions__position", "process_method", "open_until_recruited"]
    search_fields = ["title", "project__name", "writer__email"]
    list_select_related = ["project", "writer"]
    raw_id_fields = ["project", "writer"]
    inlines = [PostPositionInline]
