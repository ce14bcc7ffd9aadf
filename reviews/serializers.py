"""Wire shapes of the survey and PRism endpoints (contract §5.5, §5.6, §9)."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import normalize_email
from prism.validation import EnumField, IdField
from reviews.models import QuestionCategory, QuestionType
from reviews.scoring import truncate_one_decimal
from reviews.services import AnswerInput

# --- Input ---------------------------------------------------------------------------------------

_SCORE = serializers.IntegerField(min_value=1, max_value=5)
_CHOICE = serializers.BooleanField()
_DESCRIPTION = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
_EXAMPLE = serializers.CharField(max_length=400, allow_blank=True, required=False, default="")


class ResponseDetailInput(serializers.Serializer):
    revieweeEmail = serializers.EmailField(max_length=254)
    response = serializers.DictField()


class ResponseItemInput(serializers.Serializer):
    """One question's answers. Numbers may come as numeric strings, as the client sends them."""

    questionOrder = serializers.IntegerField(min_value=1, max_value=99)
    questionType = EnumField(choices=QuestionType.choices)
    questionCategory = EnumField(choices=QuestionCategory.choices)
    responseDetails = serializers.ListField(
        child=ResponseDetailInput(), min_length=1, max_length=100
    )

    def validate(self, attrs) -> list[AnswerInput]:
        answers, problems = [], {}
        for index, detail in enumerate(attrs["responseDetails"]):
            try:
                answers.append(self._answer(attrs, detail))
            except serializers.ValidationError as exc:
                problems[index] = {"response": exc.detail}
        if problems:
            raise serializers.ValidationError({"responseDetails": problems})
        return answers

    @staticmethod
    def _answer(attrs, detail) -> AnswerInput:
        response, kind = detail["response"], attrs["questionType"]
        common = {
            "question_order": attrs["questionOrder"],
            "question_type": kind,
            "category": attrs["questionCategory"],
            "reviewee_email": normalize_email(detail["revieweeEmail"]),
        }
        if kind == QuestionType.SINGLE_CHOICE:
            return AnswerInput(**common, score=_field(_SCORE, response, "score"))
        if kind == QuestionType.MULTIPLE_CHOICE_MEMBER:
            return AnswerInput(**common, choice=_field(_CHOICE, response, "choice"))
        description = _field(_DESCRIPTION, response, "description").strip()
        example = _field(_EXAMPLE, response, "example").strip()
        if not description and not example:
            raise serializers.ValidationError("description or example must not be blank.")
        return AnswerInput(**common, description=description or None, example=example or None)


def _field(field: serializers.Field, response: dict, key: str):
    if key not in response:
        if field.default is not serializers.empty:
            return field.default
        raise serializers.ValidationError({key: "This field is required."})
    try:
        return field.run_validation(response[key])
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({key: exc.detail}) from None


class SubmissionInput(serializers.Serializer):
    reviewerEmail = serializers.EmailField(max_length=254, source="reviewer_email")
    responses = serializers.ListField(child=ResponseItemInput(), min_length=1, max_length=50)

    def validate(self, attrs) -> dict:
        return {
            "reviewer_email": attrs["reviewer_email"],
            "answers": [answer for item in attrs["responses"] for answer in item],
        }


class SubmissionQuery(serializers.Serializer):
    code = serializers.CharField(max_length=32, required=False)


class InvitationQuery(serializers.Serializer):
    projectId = IdField(source="project_id")


class SurveyCodeQuery(serializers.Serializer):
    code = serializers.CharField(max_length=32)


class PrismTypeQuery(serializers.Serializer):
    prismType = EnumField(choices=["total", "each"], source="prism_type")


class CardQuery(serializers.Serializer):
    theme = EnumField(choices=["light", "dark"], required=False, default="light")
    lang = EnumField(choices=["ko", "en"], required=False, default="ko")
    project = IdField(required=False, help_text="One project's result instead of the total.")


# --- Output --------------------------------------------------------------------------------------


class RevieweeOutput(serializers.Serializer):
    revieweeEmail = serializers.CharField(source="email")
    revieweeName = serializers.CharField(source="name")


class SurveyLinkOutput(serializers.Serializer):
    revieweeInfoList = RevieweeOutput(source="reviewees", many=True)
    projectId = serializers.IntegerField(source="project_id")
    reviewerEmail = serializers.CharField(source="reviewer_email")


class OneDecimalField(serializers.FloatField):
    """Scores are shown truncated to one decimal (contract §5.6)."""

    def to_representation(self, value) -> float:
        return truncate_one_decimal(value)


class PrismDataOutput(serializers.Serializer):
    communication = OneDecimalField(source="axes.communication")
    proactivity = OneDecimalField(source="axes.proactivity")
    problemSolving = OneDecimalField(source="axes.problem_solving")
    responsibility = OneDecimalField(source="axes.responsibility")
    cooperation = OneDecimalField(source="axes.cooperation")


class RadialDataOutput(serializers.Serializer):
    leadership = OneDecimalField()
    reliability = OneDecimalField()
    teamwork = OneDecimalField()
    keywords = serializers.ListField(child=serializers.CharField())
    evaluation = serializers.CharField()


class PrismOutput(serializers.Serializer):
    prismData = PrismDataOutput(source="*")
    radialData = RadialDataOutput(source="*", allow_null=True)
