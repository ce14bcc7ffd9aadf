from django.contrib import admin

from prism.read_only_admin import ReadOnlyAdmin
from reviews.models import Answer, PrismResult, Submission, SurveyInvitation
from reviews.services import recompute_project


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(ReadOnlyAdmin):
    list_display = ["code", "membership", "created_at", "expires_at"]
    search_fields = ["code", "membership__email", "membership__project__name"]
    list_select_related = ["membership__project"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["project", "reviewer", "reviewee", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["project__name", "reviewer__email", "reviewee__email"]
    list_select_related = ["project", "reviewer", "reviewee"]
    inlines = [AnswerInline]


@admin.register(PrismResult)
class PrismResultAdmin(ReadOnlyAdmin):
    list_display = ["membership", "project", "reviewer_count", "computed_at", "summarized_at"]
    list_filter = ["computed_at"]
    search_fields = ["membership__email", "project__name"]
    list_select_related = ["membership", "project"]
    actions = ["recompute"]

    @admin.action(description="Recompute the PRism of the selected results' projects")
    def recompute(self, request, queryset) -> None:
        project_ids = sorted(set(queryset.values_list("project_id", flat=True)))
        for project_id in project_ids:
            recompute_project(project_id=project_id)
        self.message_user(request, f"Recomputed {len(project_ids)} project(s).")
