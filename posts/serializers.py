"""Wire shapes of the recruitment-post endpoints (contract §5.7), with their deliberate
naming differences: request `recruitPositions[].count` vs response `recruitmentCount`,
create `applyMethod` vs detail `applicationMethod`, list `recruitmentStartAt` vs detail
`recruitmentStart`."""

from __future__ import annotations

from rest_framework import serializers

from posts.project_detail import PublicProjectDetailField
from posts.services import PostInput
from prism.openapi_annotations import extend_schema_field
from prism.validation import EnumField, IdField, PageNoField
from projects.dates import local_datetime, parse_local_datetime
from projects.models import (
    ContactMethod,
    ProcessMethod,
    RecruitmentPosition,
    RecruitmentStatus,
)
from projects.serializers import CommaSeparatedListField

# --- Input ---------------------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "example": "2025-01-02T00:05:27",
        "description": "local time",
    }
)
class LocalDateTimeField(serializers.Field):
    """ISO local date-time without offset (`2025-01-02T00:05:27`), in the service's zone."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(
                "must be a date-time string like 2025-01-02T00:05:27."
            )
        try:
            return parse_local_datetime(data)
        except ValueError:
            raise serializers.ValidationError(
                "must be a local date-time like 2025-01-02T00:05:27 (no offset)."
            ) from None

    def to_representation(self, value) -> str | None:
        return local_datetime(value)


class PositionInput(serializers.Serializer):
    position = EnumField(choices=RecruitmentPosition.choices)
    count = serializers.IntegerField(min_value=1, max_value=100)


class PostInputSerializer(serializers.Serializer):
    """Body of T3 (create) and of the writer's PUT (edit; `recruitmentStatus` closes/reopens)."""

    title = serializers.CharField(max_length=100)
    content = serializers.CharField(max_length=20000)
    projectId = IdField()
    contactMethod = EnumField(choices=ContactMethod.choices)
    contactInfo = serializers.CharField(max_length=255)
    applyMethod = EnumField(choices=ContactMethod.choices)
    applyInfo = serializers.CharField(max_length=255)
    processMethod = EnumField(choices=ProcessMethod.choices)
    openUntilRecruited = serializers.BooleanField(default=False)
    recruitmentStartAt = LocalDateTimeField(required=False, allow_null=True)
    recruitmentEndAt = LocalDateTimeField(required=False, allow_null=True)
    recruitPositions = serializers.ListField(child=PositionInput(), min_length=1, max_length=10)
    recruitmentStatus = EnumField(choices=RecruitmentStatus.choices, required=False)

    def validate(self, attrs) -> PostInput:
        start, end = attrs.get("recruitmentStartAt"), attrs.get("recruitmentEndAt")
        if not attrs["openUntilRecruited"] and (start is None or end is None):
            raise serializers.ValidationError(
                {"recruitmentEndAt": "start and end are required unless openUntilRecruited."}
            )
        if start and end and end < start:
            raise serializers.ValidationError({"recruitmentEndAt": "must not be before the start."})
        positions = [(p["position"], p["count"]) for p in attrs["recruitPositions"]]
        if len({position for position, _ in positions}) != len(positions):
            raise serializers.ValidationError({"recruitPositions": "each position at most once."})
        return PostInput(
            project_id=attrs["projectId"],
            title=attrs["title"].strip(),
            content=attrs["content"],
            process_method=attrs["processMethod"],
            contact_method=attrs["contactMethod"],
            contact_info=attrs["contactInfo"].strip(),
            apply_method=attrs["applyMethod"],
            apply_info=attrs["applyInfo"].strip(),
            open_until_recruited=attrs["openUntilRecruited"],
            recruitment_start_at=start,
            recruitment_end_at=end,
            positions=positions,
            status=attrs.get("recruitmentStatus"),
        )


class PostListQuery(serializers.Serializer):
    recruitmentPositions = CommaSeparatedListField(
        child=EnumField(choices=RecruitmentPosition.choices),
        required=False,
        source="positions",
    )
    categoryIds = CommaSeparatedListField(child=IdField(), required=False, source="category_ids")
    processMethod = EnumField(
        choices=ProcessMethod.choices, required=False, source="process_method"
    )
    skills = CommaSeparatedListField(child=serializers.CharField(max_length=100), required=False)
    recruiting = serializers.BooleanField(default=False)
    pageNo = PageNoField(source="page_no")
    pageSize = serializers.IntegerField(min_value=1, max_value=100, default=10, source="page_size")
    sort = EnumField(choices=["recent", "popular", "expiry"], default="recent")


# --- Output --------------------------------------------------------------------------------------
# Read models' serializers say what they map in a comment: a docstring would become the
# schema's description.


class PositionOutput(serializers.Serializer):
    position = serializers.CharField()
    recruitmentCount = serializers.IntegerField(source="count")


class PostCreatedOutput(serializers.Serializer):
    """T3's data (`PostRecruitmentInfo`)."""

    # Maps a `posts.read_models.WrittenPost`.
    postId = serializers.IntegerField(source="id")
    userId = serializers.CharField(source="writer_user_id")
    projectId = serializers.IntegerField(source="project_id")
    title = serializers.CharField()
    content = serializers.CharField()
    viewCount = serializers.IntegerField(source="view_count")
    contactMethod = serializers.CharField(source="contact_method")
    contactInfo = serializers.CharField(source="contact_info")
    applyMethod = serializers.CharField(source="apply_method")
    applyInfo = serializers.CharField(source="apply_info")
    processMethod = serializers.CharField(source="process_method")
    openUntilRecruited = serializers.BooleanField(source="open_until_recruited")
    recruitmentStartAt = LocalDateTimeField(source="recruitment_start_at")
    recruitmentEndAt = LocalDateTimeField(source="recruitment_end_at")
    createdAt = LocalDateTimeField(source="created_at")
    recruitmentStatus = serializers.CharField(source="recruitment_status", read_only=True)
    recruitmentPositions = PositionOutput(source="positions", many=True)


class WriterInfoOutput(serializers.Serializer):
    userId = serializers.CharField(source="user_id")
    username = serializers.CharField(source="name")
    email = serializers.CharField()


class PostListItemOutput(serializers.Serializer):
    # Maps a `posts.read_models.PostListItem`.
    postId = serializers.IntegerField(source="id")
    title = serializers.CharField()
    content = serializers.CharField()
    categories = serializers.ListField(child=serializers.CharField(), read_only=True)
    positions = serializers.ListField(child=serializers.CharField(), read_only=True)
    openUntilRecruited = serializers.BooleanField(source="open_until_recruited")
    recruitmentStartAt = LocalDateTimeField(source="recruitment_start_at")
    recruitmentEndAt = LocalDateTimeField(source="recruitment_end_at")
    viewCount = serializers.IntegerField(source="view_count")
    bookmarked = serializers.BooleanField()
    recruitmentStatus = serializers.CharField(source="recruitment_status", read_only=True)
    writerInfo = WriterInfoOutput(source="writer")


class PostPageOutput(serializers.Serializer):
    totalCount = serializers.IntegerField(source="total_count")
    totalPages = serializers.IntegerField(source="total_pages")
    currentPage = serializers.IntegerField(source="page_no")
    posts = PostListItemOutput(source="items", many=True)


class DetailPositionOutput(serializers.Serializer):
    positionId = serializers.IntegerField(source="id")
    position = serializers.CharField()
    recruitmentCount = serializers.IntegerField(source="count")
    createdAt = LocalDateTimeField(source="created_at")
    updatedAt = serializers.SerializerMethodField()
    deletedAt = serializers.SerializerMethodField()

    def get_updatedAt(self, position) -> str | None:
        return None

    def get_deletedAt(self, position) -> str | None:
        return None


class WriterProfileOutput(serializers.Serializer):
    # Maps a `posts.read_models.WriterProfile`.
    username = serializers.CharField(source="name")
    email = serializers.CharField()
    interestJobs = serializers.ListField(
        source="interest_jobs", child=serializers.CharField(), read_only=True
    )
    skills = serializers.ListField(child=serializers.CharField(), read_only=True)
    introduction = serializers.CharField(allow_null=True)


class PostDetailOutput(serializers.Serializer):
    # Maps a `posts.read_models.PostDetail`.
    postId = serializers.IntegerField(source="id")
    projectId = serializers.IntegerField(source="project_id")
    postTeamRecruitmentId = serializers.IntegerField(source="id")
    recruitmentStatus = serializers.CharField(source="recruitment_status", read_only=True)
    title = serializers.CharField()
    content = serializers.CharField()
    userId = serializers.CharField(source="writer.user_id")
    writer = WriterProfileOutput()
    # The count before this view (contract T2).
    viewCount = serializers.IntegerField(source="views_before", read_only=True)
    createdAt = LocalDateTimeField(source="created_at")
    recruitmentStart = LocalDateTimeField(source="recruitment_start_at")
    recruitmentEnd = LocalDateTimeField(source="recruitment_end_at")
    processMethod = serializers.CharField(source="process_method")
    contactMethod = serializers.CharField(source="contact_method")
    contactInfo = serializers.CharField(source="contact_info")
    applicationMethod = serializers.CharField(source="apply_method")
    applicationInfo = serializers.CharField(source="apply_info")
    recruitmentPositions = DetailPositionOutput(source="positions", many=True)


class PostWithProjectOutput(serializers.Serializer):
    # Maps a `posts.read_models.PostWithProject` (T2).
    post = PostDetailOutput(read_only=True)
    project = PublicProjectDetailField(read_only=True)


class BookmarkOutput(serializers.Serializer):
    postId = serializers.IntegerField(source="post_id")
    bookmarked = serializers.BooleanField()
