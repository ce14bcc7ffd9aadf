"""Wire shapes of the project and search endpoints (contract §5.3, §5.4)."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import normalize_email
from prism.validation import EnumField, IdField, PageNoField
from prism.wire import WireSerializer
from projects.dates import calendar_date, epoch_millis, iso_instant, parse_request_date
from projects.read_models import ProjectDetail, ProjectSummary, SearchResult
from projects.services import MemberInput, ProjectInput, SavedProject

# --- Input ---------------------------------------------------------------------------------------


class RequestDateField(serializers.CharField):
    """`yyyyMMddHHmmss` in the service's time zone (contract §1.5); bad input is a 400."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            return parse_request_date(text)
        except ValueError:
            raise serializers.ValidationError("must be a date as yyyyMMddHHmmss.") from None


def text_list(*, max_items: int, max_length: int = 100, **kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=max_length), max_length=max_items, **kwargs
    )


class MemberInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    email = serializers.EmailField(max_length=254)
    roles = text_list(max_items=20, min_length=1)


class ProjectInputSerializer(serializers.Serializer):
    """Body of P1 and P2. `memberCount` and `createdBy` are accepted and ignored."""

    projectName = serializers.CharField(max_length=100)
    projectDescription = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, allow_null=True
    )
    organizationName = serializers.CharField(
        max_length=300, required=False, allow_blank=True, allow_null=True
    )
    memberCount = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=1000
    )
    categories = text_list(max_items=8, max_length=50)
    skills = text_list(max_items=50, required=False)
    startDate = RequestDateField()
    endDate = RequestDateField()
    projectUrlLink = serializers.CharField(
        max_length=255, required=False, allow_blank=True, allow_null=True
    )
    urlVisibility = serializers.BooleanField(required=False, allow_null=True)
    members = serializers.ListField(child=MemberInputSerializer(), min_length=1, max_length=100)

    def validate_members(self, members):
        emails = [normalize_email(m["email"]) for m in members]
        duplicates = sorted({e for e in emails if emails.count(e) > 1})
        if duplicates:
            raise serializers.ValidationError(f"duplicate member e-mail: {', '.join(duplicates)}.")
        return members

    def validate(self, attrs) -> ProjectInput:
        if attrs["endDate"] < attrs["startDate"]:
            raise serializers.ValidationError({"endDate": "must not be before startDate."})
        return ProjectInput(
            name=attrs["projectName"].strip(),
            description=attrs.get("projectDescription"),
            organization=attrs.get("organizationName"),
            categories=attrs["categories"],
            skills=attrs.get("skills", []),
            start_date=attrs["startDate"],
            end_date=attrs["endDate"],
            url_link=attrs.get("projectUrlLink"),
            url_visibility=attrs.get("urlVisibility"),
            members=[
                MemberInput(name=m["name"].strip(), email=m["email"], roles=m["roles"])
                for m in attrs["members"]
            ],
        )


class VisibilityInput(serializers.Serializer):
    projectId = IdField(source="project_id")
    # Contract P12: a missing flag means false.
    anonyVisibility = serializers.BooleanField(source="visible", required=False, default=False)


class LinkQuery(serializers.Serializer):
    anonymousEmail = serializers.EmailField(source="member_email", max_length=254)


class ProjectNameQuery(serializers.Serializer):
    projectName = serializers.CharField(max_length=100, source="name_contains")


class WhoInvolvedQuery(serializers.Serializer):
    userId = serializers.CharField(max_length=64, source="user_id")


class CommaSeparatedListField(serializers.ListField):
    """Repeated keys (`a=1&a=2`) or comma-separated values (`a=1,2`), or both."""

    def get_value(self, dictionary):
        if self.field_name not in dictionary:
            return serializers.empty
        raw = dictionary.getlist(self.field_name)
        return [part.strip() for item in raw for part in item.split(",") if part.strip()]


class FilteredProjectsQuery(serializers.Serializer):
    projectName = serializers.CharField(max_length=100, required=False, source="project_name")
    memberName = serializers.CharField(max_length=100, required=False, source="member_name")
    categories = CommaSeparatedListField(
        child=serializers.CharField(max_length=50), required=False, source="category_names"
    )
    organizationName = serializers.CharField(
        max_length=300, required=False, source="organization_name"
    )


class SearchQuery(serializers.Serializer):
    searchType = EnumField(
        choices=["MEMBER_NAME", "PROJECT_NAME"], required=False, source="search_type"
    )
    searchWord = serializers.CharField(
        max_length=100, required=False, allow_blank=True, source="search_word"
    )
    categories = CommaSeparatedListField(
        child=IdField(),
        required=False,
        source="category_ids",
        default=list,
    )
    pageNo = PageNoField(source="page_no")
    pageSize = serializers.IntegerField(min_value=1, max_value=100, default=8, source="page_size")


# --- Output --------------------------------------------------------------------------------------


class CategoryOutput(serializers.Serializer):
    categoryId = serializers.IntegerField(source="id")
    name = serializers.CharField()


class CategoryLinkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    category = CategoryOutput()


class ProjectOutput(serializers.Serializer):
    """Data of P1 and P2 (`ProjectResponse`), from the `SavedProject` the write returned."""

    projectId = serializers.IntegerField(source="project.id")
    projectName = serializers.CharField(source="project.name")
    projectDescription = serializers.CharField(source="project.description", allow_null=True)
    organizationName = serializers.CharField(source="project.organization", allow_null=True)
    memberCount = serializers.IntegerField(source="project.member_count")
    categories = CategoryLinkOutput(source="category_links", many=True)
    skills = serializers.ListField(child=serializers.CharField())
    startDate = serializers.SerializerMethodField()
    endDate = serializers.SerializerMethodField()
    projectUrlLink = serializers.CharField(source="project.url_link", allow_null=True)
    urlVisibility = serializers.BooleanField(source="project.url_visibility")
    createdBy = serializers.CharField(source="project.owner.email")

    def get_startDate(self, saved: SavedProject) -> str | None:
        return iso_instant(saved.project.start_date)

    def get_endDate(self, saved: SavedProject) -> str | None:
        return iso_instant(saved.project.end_date)


class ProjectSummaryOutput(WireSerializer):
    """An item of the summary lists (P4–P8)."""

    projectId = serializers.IntegerField(source="id")
    projectName = serializers.CharField(source="name")
    organizationName = serializers.CharField(source="organization", allow_null=True)
    startDate = serializers.SerializerMethodField()
    endDate = serializers.SerializerMethodField()
    categories = serializers.ListField(child=serializers.CharField(), read_only=True)
    urlVisibility = serializers.BooleanField(source="url_visibility")
    userEvaluation = serializers.CharField(
        source="user_evaluation", allow_null=True, read_only=True
    )
    surveyParticipants = serializers.IntegerField(source="survey_participants")
    anonyVisibility = serializers.BooleanField(source="anony_visibility", read_only=True)

    def get_startDate(self, project: ProjectSummary) -> str | None:
        return calendar_date(project.start_date)

    def get_endDate(self, project: ProjectSummary) -> str | None:
        return calendar_date(project.end_date)


class InvolvedProjectOutput(ProjectSummaryOutput):
    """An item of P6, the caller's own list: also whether they confirmed the membership
    (D16; an extra field the 2024 client ignores)."""

    confirmed = serializers.BooleanField(read_only=True)


class MemberDetailOutput(WireSerializer):
    """`MemberDetail`. In the public view registered members carry their profile, and
    members who chose to be hidden are masked (W-06)."""

    userId = serializers.CharField(source="user_id", read_only=True)
    name = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    anonyVisibility = serializers.BooleanField(source="anony_visibility")
    introduction = serializers.CharField(allow_null=True, read_only=True)
    interestDomains = serializers.ListField(
        child=serializers.CharField(), source="interest_domains", allow_null=True, read_only=True
    )
    projectCount = serializers.IntegerField(source="project_count", read_only=True)
    strengthKeywords = serializers.ListField(
        child=serializers.CharField(), source="strength_keywords", allow_null=True, read_only=True
    )


class ProjectDetailOutput(WireSerializer):
    """`ProjectDetail` (P9, P10, P11)."""

    projectName = serializers.CharField(source="name")
    organizationName = serializers.CharField(source="organization", allow_null=True)
    startDate = serializers.SerializerMethodField()
    endDate = serializers.SerializerMethodField()
    projectUrlLink = serializers.CharField(source="url_link", allow_null=True)
    urlVisibility = serializers.BooleanField(source="url_visibility")
    projectDescription = serializers.CharField(source="description", allow_null=True)
    mostCommonTraits = serializers.CharField(
        source="most_common_traits", allow_null=True, read_only=True
    )
    categories = serializers.ListField(child=serializers.CharField(), read_only=True)
    skills = serializers.ListField(child=serializers.CharField(), read_only=True)
    members = MemberDetailOutput(many=True, read_only=True)
    anonymousCount = serializers.IntegerField(source="anonymous_count", read_only=True)

    def get_startDate(self, project: ProjectDetail) -> str | None:
        return calendar_date(project.start_date)

    def get_endDate(self, project: ProjectDetail) -> str | None:
        return calendar_date(project.end_date)


class MembershipOutput(serializers.Serializer):
    """The caller's own membership after confirming it (D16)."""

    projectId = serializers.IntegerField(source="project_id")
    anonyVisibility = serializers.BooleanField(source="anony_visibility")
    confirmed = serializers.BooleanField(source="is_confirmed")
    confirmedAt = serializers.DateTimeField(source="confirmed_at")


class VisibilityOutput(serializers.Serializer):
    projectId = serializers.IntegerField(source="project_id")
    anonyVisibility = serializers.BooleanField(source="anony_visibility")


class SearchResultOutput(WireSerializer):
    projectId = serializers.IntegerField(source="id")
    projectName = serializers.CharField(source="name")
    organizationName = serializers.CharField(source="organization", allow_null=True)
    categories = serializers.ListField(child=serializers.CharField(), read_only=True)
    startDate = serializers.SerializerMethodField()
    endDate = serializers.SerializerMethodField()

    def get_startDate(self, project: SearchResult) -> int | None:
        return epoch_millis(project.start_date)

    def get_endDate(self, project: SearchResult) -> int | None:
        return epoch_millis(project.end_date)


class SearchPageOutput(WireSerializer):
    # `items` are SearchResult read models. (No docstring: it would become the component's
    # description in the OpenAPI document.)
    totalCount = serializers.IntegerField(source="total_count")
    totalPages = serializers.IntegerField(source="total_pages")
    currentPage = serializers.IntegerField(source="page_no")
    contents = SearchResultOutput(source="items", many=True)


class TeamMemberOutput(WireSerializer):
    """An item of P13 (`GET /projects/{id}/members`), with real data."""

    userId = serializers.CharField(source="user_id", read_only=True)
    name = serializers.CharField()
    email = serializers.CharField()
    introduction = serializers.CharField(allow_null=True, read_only=True)
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    strengths = serializers.ListField(child=serializers.CharField(), read_only=True)
    interestDomains = serializers.ListField(
        child=serializers.CharField(), source="interest_domains", read_only=True
    )
    joinsProject = serializers.IntegerField(source="joins_project", read_only=True)
    anonyVisibility = serializers.BooleanField(source="anony_visibility")
