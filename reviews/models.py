"""Survey invitations, submissions with their answers, and per-project PRism results.

Everything is keyed on memberships, not e-mail strings: linking an account to a
membership (or renaming its address) moves nothing, and removing a member withdraws the
reviews they gave and received.
"""

from __future__ import annotations

from django.db import models

from projects.models import Membership, Project


class QuestionType(models.TextChoices):
    SINGLE_CHOICE = "singleChoice"
    MULTIPLE_CHOICE_MEMBER = "multipleChoiceMember"
    SHORT_ANSWER = "shortAnswer"


class QuestionCategory(models.TextChoices):
    COMMUNICATION = "communication"
    INITIATIVE = "initiative"
    PROBLEM_SOLVING = "problemSolving"
    RESPONSIBILITY = "responsibility"
    TEAMWORK = "teamwork"
    STRENGTH = "strength"
    IMPROVEMENT_POINT = "improvementPoint"


class SurveyInvitation(models.Model):
    """A member's survey link code: 10 characters `A–Z0–9`, one live code per member."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="invitation"
    )
    code = models.CharField(max_length=10, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        db_table = "prism_survey_invitation"

    def __str__(self) -> str:
        return f"invitation for membership {self.membership_id}"


class Submission(models.Model):
    """One reviewer's answers about one reviewee in a project, with the derived scores."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="submissions")
    reviewer = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reviews_given")
    reviewee = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="reviews_received"
    )
    communication = models.FloatField()
    proactivity = models.FloatField()
    problem_solving = models.FloatField()
    responsibility = models.FloatField()
    # The "teamwork" question category: the PRism axis "cooperation" (domain §2.7).
    cooperation = models.FloatField()
    strength_description = models.CharField(max_length=500, null=True, blank=True)
    strength_example = models.CharField(max_length=2000, null=True, blank=True)
    improvement_description = models.CharField(max_length=500, null=True, blank=True)
    improvement_example = models.CharField(max_length=2000, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "prism_submission"
        constraints = [
            # Exactly once per (reviewer, reviewee), even under concurrent requests (D7).
            models.UniqueConstraint(fields=["reviewer", "reviewee"], name="submission_pair_uniq")
        ]
        indexes = [
            models.Index(fields=["project", "reviewee"], name="submission_project_idx"),
            models.Index(fields=["reviewee"], name="submission_reviewee_idx"),
        ]

    def __str__(self) -> str:
        return f"review {self.reviewer_id} → {self.reviewee_id}"


class Answer(models.Model):
    """One answer of a submission, as sent (multiple-choice answers are kept, not scored)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question_order = models.PositiveSmallIntegerField()
    question_type = models.CharField(max_length=24, choices=QuestionType.choices)
    category = models.CharField(max_length=24, choices=QuestionCategory.choices)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.BooleanField(null=True, blank=True)
    description = models.CharField(max_length=500, null=True, blank=True)
    example = models.CharField(max_length=2000, null=True, blank=True)

    class Meta:
        db_table = "prism_answer"
        ordering = ["question_order"]

    def __str__(self) -> str:
        return f"Q{self.question_order} of submission {self.submission_id}"


class PrismResult(models.Model):
    """A member's PRism in one project: the five axes, the radial scores and the summary."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="prism")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="prism_results")
    reviewer_count = models.PositiveIntegerField()
    communication = models.FloatField()
    proactivity = models.FloatField()
    problem_solving = models.FloatField()
    responsibility = models.FloatField()
    cooperation = models.FloatField()
    leadership = models.FloatField()
    reliability = models.FloatField()
    teamwork = models.FloatField()
    keywords = models.JSONField(default=list, blank=True)
    evaluation = models.CharField(max_length=1000, null=True, blank=True)
    # Hash of the strength answers the keywords and evaluation were made from.
    summary_source_hash = models.CharField(max_length=64, null=True, blank=True)
    computed_at = models.DateTimeField()
    summarized_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "prism_result"
        indexes = [models.Index(fields=["project"], name="prism_result_project_idx")]

    def __str__(self) -> str:
        return f"PRism of membership {self.membership_id}"
