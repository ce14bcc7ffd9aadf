"""Wire shapes of the account's life across apps (DESIGN D17): the address change, leaving
PRism, and the data export, documented field by field."""

from __future__ import annotations

from rest_framework import serializers

from accounts.serializers import (
    CodeField,
    NullableStringOutput,
    StringListOutput,
    UserOutputBase,
)

# --- Input ---------------------------------------------------------------------------------------


class ChangeEmailInput(serializers.Serializer):
    email = serializers.EmailField(
        max_length=254, source="new_email", help_text="The new address, as verified."
    )
    authCode = CodeField(
        source="code", help_text="The CHANGE_EMAIL code mailed to the new address."
    )


class LeaveInput(serializers.Serializer):
    password = serializers.CharField(
        max_length=128, trim_whitespace=False, help_text="The current password, re-confirmed."
    )


# --- Export --------------------------------------------------------------------------------------


class ExportProfile(UserOutputBase):
    userId = serializers.CharField(source="user_id", help_text="The public account id.")
    username = serializers.CharField(source="name", help_text="The display name.")
    email = serializers.CharField(help_text="The login address.")
    interestJobs = StringListOutput(source="interest_jobs", help_text="Interest jobs, in order.")
    skills = StringListOutput(help_text="Skills, in order.")
    profileImageUrl = NullableStringOutput(
        source="profile_image_url", help_text="The profile image's URL, or null without one."
    )
    introduction = serializers.CharField(allow_null=True, help_text="The profile introduction.")
    createdAt = serializers.DateTimeField(
        source="created_at", help_text="When the account was created."
    )
    updatedAt = serializers.DateTimeField(source="updated_at", help_text="When it last changed.")


class ExportOwnedProject(serializers.Serializer):
    projectId = serializers.IntegerField(source="project_id", help_text="The project's id.")
    projectName = serializers.CharField(source="project_name", help_text="The project's name.")


class ExportMembership(serializers.Serializer):
    projectId = serializers.IntegerField(source="project_id", help_text="The project's id.")
    projectName = serializers.CharField(source="project_name", help_text="The project's name.")
    listedName = serializers.CharField(
        source="listed_name", help_text="The name the project's owner listed the person under."
    )
    listedEmail = serializers.CharField(
        source="listed_email",
        help_text="The address the project's owner listed the person under.",
    )
    roles = StringListOutput(help_text="The person's roles in the project.")
    anonyVisibility = serializers.BooleanField(
        source="anony_visibility", help_text="Whether the membership is shown to the public."
    )
    confirmedAt = serializers.DateTimeField(
        source="confirmed_at",
        allow_null=True,
        help_text="When the person confirmed the membership (D16); null while unconfirmed.",
    )
    reviewDone = serializers.BooleanField(
        source="review_done", help_text="Whether the person submitted the project's survey."
    )
    linkedToAccount = serializers.BooleanField(
        source="linked_to_account",
        read_only=True,
        help_text="False for a listing under the person's address not yet linked to them.",
    )
    createdAt = serializers.DateTimeField(source="created_at", help_text="When it was listed.")


class ExportResult(serializers.Serializer):
    projectId = serializers.IntegerField(source="project_id", help_text="The project's id.")
    projectName = serializers.CharField(source="project_name", help_text="The project's name.")
    reviewerCount = serializers.IntegerField(
        source="reviewer_count", help_text="How many teammates reviewed the person."
    )
    communication = serializers.FloatField(help_text="Average communication score.")
    proactivity = serializers.FloatField(help_text="Average proactivity (initiative) score.")
    problemSolving = serializers.FloatField(
        source="problem_solving", help_text="Average problem-solving score."
    )
    responsibility = serializers.FloatField(help_text="Average responsibility score.")
    cooperation = serializers.FloatField(help_text="Average cooperation score.")
    leadership = serializers.FloatField(help_text="Radial score: leadership.")
    reliability = serializers.FloatField(help_text="Radial score: reliability.")
    teamwork = serializers.FloatField(help_text="Radial score: teamwork.")
    keywords = serializers.ListField(
        child=serializers.CharField(), help_text="Keywords drawn from the strength answers."
    )
    evaluation = serializers.CharField(allow_null=True, help_text="The written summary.")
    computedAt = serializers.DateTimeField(source="computed_at", help_text="When computed.")


class ExportAnswer(serializers.Serializer):
    questionOrder = serializers.IntegerField(source="question_order", help_text="Question number.")
    questionType = serializers.CharField(source="question_type", help_text="Question type.")
    category = serializers.CharField(help_text="Question category.")
    score = serializers.IntegerField(allow_null=True, help_text="The score given, if scored.")
    choice = serializers.BooleanField(allow_null=True, help_text="The choice, if a choice.")
    description = serializers.CharField(allow_null=True, help_text="Short answer text.")
    example = serializers.CharField(allow_null=True, help_text="Example given with it.")


class ExportReviewWritten(serializers.Serializer):
    projectId = serializers.IntegerField(source="project_id", help_text="The project's id.")
    projectName = serializers.CharField(source="project_name", help_text="The project's name.")
    revieweeName = serializers.CharField(
        source="reviewee_name", help_text="The teammate reviewed, as the owner listed them."
    )
    submittedAt = serializers.DateTimeField(source="submitted_at", help_text="When submitted.")
    answers = ExportAnswer(many=True, help_text="The answers, in question order.")


class ExportPostPosition(serializers.Serializer):
    position = serializers.CharField(help_text="The position recruited.")
    count = serializers.IntegerField(help_text="How many people.")


class ExportPost(serializers.Serializer):
    postId = serializers.IntegerField(source="post_id", help_text="The post's id.")
    projectId = serializers.IntegerField(source="project_id", help_text="Its project's id.")
    title = serializers.CharField(help_text="Title.")
    content = serializers.CharField(help_text="Body, as written (rich text).")
    status = serializers.CharField(help_text="RECRUITING or CLOSED as set by hand.")
    processMethod = serializers.CharField(source="process_method", help_text="How work runs.")
    contactMethod = serializers.CharField(source="contact_method", help_text="Contact channel.")
    contactInfo = serializers.CharField(source="contact_info", help_text="Contact details.")
    applyMethod = serializers.CharField(source="apply_method", help_text="Application channel.")
    applyInfo = serializers.CharField(source="apply_info", help_text="Application details.")
    openUntilRecruited = serializers.BooleanField(
        source="open_until_recruited", help_text="Open until filled."
    )
    recruitmentStartAt = serializers.DateTimeField(
        source="recruitment_start_at", allow_null=True, help_text="Recruitment start."
    )
    recruitmentEndAt = serializers.DateTimeField(
        source="recruitment_end_at", allow_null=True, help_text="Recruitment end."
    )
    viewCount = serializers.IntegerField(source="view_count", help_text="Views so far.")
    positions = ExportPostPosition(many=True, help_text="Positions recruited.")
    createdAt = serializers.DateTimeField(source="created_at", help_text="When written.")
    updatedAt = serializers.DateTimeField(source="updated_at", help_text="When last edited.")


class ExportBookmark(serializers.Serializer):
    postId = serializers.IntegerField(source="post_id", help_text="The bookmarked post's id.")
    postTitle = serializers.CharField(source="post_title", help_text="Its title.")
    active = serializers.BooleanField(help_text="Whether the bookmark is on.")
    createdAt = serializers.DateTimeField(source="created_at", help_text="When bookmarked.")


class AccountExportOutput(serializers.Serializer):
    """Everything PRism stores about the caller (DESIGN D17). Instants are ISO 8601."""

    profile = ExportProfile(
        help_text="The account and its profile, with the profile image's URL (or null)."
    )
    ownedProjects = ExportOwnedProject(
        source="owned_projects", many=True, help_text="Projects the person owns."
    )
    memberships = ExportMembership(
        many=True,
        help_text="Every membership that is theirs: linked, or listed under their address.",
    )
    results = ExportResult(
        many=True,
        help_text=(
            "Their PRism result in each project, where shown (enough reviewers, D15). Who "
            "reviewed them is never part of the export."
        ),
    )
    reviewsWritten = ExportReviewWritten(
        source="reviews_written", many=True, help_text="The survey answers they wrote."
    )
    posts = ExportPost(many=True, help_text="The recruitment posts they wrote.")
    bookmarks = ExportBookmark(many=True, help_text="Their bookmarks.")
