"""Survey use cases: invitations, submissions, PRism recomputation and summaries."""

from __future__ import annotations

import secrets
import string
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User, normalize_email
from prism import errors
from prism.errors import DomainError
from prism.task_queue.enqueue import enqueue_in_transaction
from projects.models import Membership, Project
from projects.selectors import project_for_owner
from reviews import questionnaire, scoring, selectors
from reviews.models import (
    Answer,
    PrismResult,
    QuestionCategory,
    QuestionType,
    Submission,
    SurveyInvitation,
)
from reviews.summaries import StrengthAnswer, TimeBudget, source_hash, summarize
from reviews.tasks import send_invitation_mail, summarize_project_task

CODE_ALPHABET = string.ascii_uppercase + string.digits
CODE_LENGTH = 10


def _new_invitation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# --- R1: invitations -----------------------------------------------------------------------------


def send_invitations(*, user: User, project_id: int) -> int:
    """Mail every member who has not reviewed yet their own survey link (R1, D13, W-11).

    A member's live code is reused; an expired one is replaced. Owner only (else
    Project_400_1, as the contract says). Returns the number of invitations sent.
    """
    with transaction.atomic():
        project = project_for_owner(
            project_id=project_id, user=user, lock=True, not_owner=errors.PROJECT_NOT_FOUND
        )
        pending = list(
            Membership.objects.filter(project=project, review_done=False)
            .reachable()
            .select_related("invitation")
        )
        now = timezone.now()
        expires_at = now + timedelta(days=settings.PRISM_SURVEY_CODE_TTL_DAYS)
        for membership in pending:
            invitation = getattr(membership, "invitation", None)
            if invitation is None or invitation.expires_at <= now:
                invitation = _issue_invitation(
                    membership=membership, existing=invitation, expires_at=expires_at
                )
            # The task reads the code from the row: the queue table never holds a code.
            enqueue_in_transaction(send_invitation_mail, invitation_id=invitation.pk)
    return len(pending)


def _issue_invitation(
    *, membership: Membership, existing: SurveyInvitation | None, expires_at: datetime
) -> SurveyInvitation:
    for _ in range(5):  # a collision among 36^10 codes is all but impossible; retry anyway
        code = _new_invitation_code()
        try:
            with transaction.atomic():
                if existing is None:
                    return SurveyInvitation.objects.create(
                        membership=membership, code=code, expires_at=expires_at
                    )
                existing.code, existing.expires_at = code, expires_at
                existing.save(update_fields=["code", "expires_at"])
                return existing
        except IntegrityError:
            continue
    raise RuntimeError("could not create a unique survey code")


# --- R3: submissions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerInput:
    question_order: int
    question_type: str
    category: str
    reviewee_email: str
    score: int | None = None
    choice: bool | None = None
    description: str | None = None
    example: str | None = None


def _reviewer(*, project_id: int, code: str | None, reviewer_email: str) -> Membership:
    if code is not None:
        invitation = selectors.invitation_for_code(code)
        if invitation.membership.project_id != project_id:
            raise DomainError(errors.REVIEW_LINK_NOT_FOUND)
        reviewer = invitation.membership
        if reviewer.email != normalize_email(reviewer_email):
            raise DomainError(errors.GLOBAL_400_1, "reviewerEmail: does not match the survey code.")
        return reviewer
    # Without a code (PRISM_SURVEY_REQUIRE_CODE=false) the reviewer must still be invited.
    invited = (
        Membership.objects.filter(project_id=project_id, email=normalize_email(reviewer_email))
        .filter(invitation__expires_at__gt=timezone.now())
        .first()
    )
    if invited is None:
        raise DomainError(errors.REVIEW_LINK_NOT_FOUND)
    return invited


def _invalid(message: str) -> DomainError:
    return DomainError(errors.GLOBAL_400_1, message)


def _check_against_questionnaire(answers: list[AnswerInput], reviewee_emails: set[str]) -> None:
    by_question: dict[int, set[str]] = defaultdict(set)
    for answer in answers:
        question = questionnaire.BY_ORDER.get(answer.question_order)
        if question is None:
            raise _invalid(f"responses: unknown questionOrder {answer.question_order}.")
        if (answer.question_type, answer.category) != (question.type, question.category):
            raise _invalid(
                f"responses: question {question.order} is {question.type}/{question.category}."
            )
        if answer.reviewee_email in by_question[question.order]:
            raise _invalid(f"responses: question {question.order} answered twice for a reviewee.")
        by_question[question.order].add(answer.reviewee_email)
    missing = [q.order for q in questionnaire.QUESTIONS if by_question[q.order] != reviewee_emails]
    if missing:
        raise _invalid(
            "responses: every question needs an answer for every reviewee "
            f"(incomplete: {', '.join(map(str, missing))})."
        )


def submit_review(
    *, project_id: int, reviewer_email: str, answers: list[AnswerInput], code: str | None
) -> None:
    """Store one reviewer's answers about their teammates, exactly once (R3, D7).

    One transaction: the reviewer's membership is locked, every (reviewer, reviewee) pair is
    unique in the database, and the membership is marked done with the answers. With the
    reviewer's own invitation code, the submission also confirms the membership (D16).
    """
    if code is None and settings.PRISM_SURVEY_REQUIRE_CODE:
        raise _invalid("code: the survey link code is required.")
    if not Project.objects.filter(pk=project_id).exists():
        raise DomainError(errors.PROJECT_NOT_FOUND)
    reviewer = _reviewer(project_id=project_id, code=code, reviewer_email=reviewer_email)
    teammates = {
        m.email: m for m in Membership.objects.filter(project_id=project_id).exclude(pk=reviewer.pk)
    }
    reviewee_emails = {answer.reviewee_email for answer in answers}
    strangers = sorted(reviewee_emails - set(teammates))
    if strangers:
        raise _invalid(f"responses: not a teammate in this project: {', '.join(strangers)}.")
    if not reviewee_emails:
        raise _invalid("responses: no answers.")
    _check_against_questionnaire(answers, reviewee_emails)

    try:
        with transaction.atomic():
            locked = Membership.objects.select_for_update().get(pk=reviewer.pk)
            if locked.review_done:
                raise DomainError(errors.REVIEW_ALREADY_DONE)
            _store_submissions(reviewer=locked, teammates=teammates, answers=answers)
            locked.review_done = True
            fields = ["review_done"]
            if code is not None and locked.confirmed_at is None:
                # Their own invitation code came to their mailbox: they are in the team (D16).
                locked.confirmed_at = timezone.now()
                fields.append("confirmed_at")
            locked.save(update_fields=fields)
    except IntegrityError:
        # A concurrent identical submission won the race on the unique pair.
        raise DomainError(errors.REVIEW_ALREADY_DONE) from None


def _store_submissions(
    *, reviewer: Membership, teammates: dict[str, Membership], answers: list[AnswerInput]
) -> None:
    by_reviewee: dict[str, list[AnswerInput]] = defaultdict(list)
    for answer in answers:
        by_reviewee[answer.reviewee_email].append(answer)
    submissions = []
    for email, own in by_reviewee.items():
        scores: dict[str, list[int]] = {c: [] for c in questionnaire.SCORED_CATEGORIES}
        texts: dict[str, AnswerInput] = {}
        for answer in own:
            if answer.question_type == QuestionType.SINGLE_CHOICE:
                if answer.score is not None:  # the input serializer requires it
                    scores[answer.category].append(answer.score)
            elif answer.question_type == QuestionType.SHORT_ANSWER:
                texts.setdefault(answer.category, answer)
        means = scoring.category_means(scores)
        strength = texts.get(QuestionCategory.STRENGTH)
        improvement = texts.get(QuestionCategory.IMPROVEMENT_POINT)
        submissions.append(
            Submission(
                project_id=reviewer.project_id,
                reviewer=reviewer,
                reviewee=teammates[email],
                communication=means[QuestionCategory.COMMUNICATION],
                proactivity=means[QuestionCategory.INITIATIVE],
                problem_solving=means[QuestionCategory.PROBLEM_SOLVING],
                responsibility=means[QuestionCategory.RESPONSIBILITY],
                cooperation=means[QuestionCategory.TEAMWORK],
                strength_description=strength.description if strength else None,
                strength_example=strength.example if strength else None,
                improvement_description=improvement.description if improvement else None,
                improvement_example=improvement.example if improvement else None,
            )
        )
    Submission.objects.bulk_create(submissions)
    # bulk_create sets primary keys on PostgreSQL and SQLite; Oracle needs them read back.
    ids = dict(Submission.objects.filter(reviewer=reviewer).values_list("reviewee__email", "id"))
    Answer.objects.bulk_create(
        [
            Answer(
                submission_id=ids[answer.reviewee_email],
                question_order=answer.question_order,
                question_type=answer.question_type,
                category=answer.category,
                score=answer.score,
                choice=answer.choice,
                description=answer.description,
                example=answer.example,
            )
            for answer in answers
        ]
    )


# --- R4: recomputation ---------------------------------------------------------------------------


def refresh_prism(*, user: User, project_id: int) -> int:
    """Recompute a project's PRism results (R4, D8); owner only (else PeerReviewCode_400_3).

    Scores are computed now; keywords and evaluations by a background task. Returns the
    number of members with a result.
    """
    project = project_for_owner(
        project_id=project_id, user=user, not_owner=errors.REVIEW_REFRESH_FORBIDDEN
    )
    return recompute_project(project_id=project.pk)


def recompute_project(*, project_id: int) -> int:
    """Rebuild every member's result of one project from all submissions; enqueue summaries.

    A fixed number of queries whatever the number of submissions: averages are computed by
    the database, results are written in bulk.
    """
    from django.db.models import Avg, Count

    with transaction.atomic():
        # Parallel recomputes of one project would each insert the missing results (a
        # unique violation on PostgreSQL): the project row lock makes them take turns.
        # Iterated unsliced (Oracle refuses FOR UPDATE with a row limit).
        list(Project.objects.select_for_update().filter(pk=project_id).values_list("pk"))
        rows = (
            Submission.objects.filter(project_id=project_id)
            .values("reviewee_id")
            .annotate(
                reviewers=Count("reviewer_id", distinct=True),
                communication=Avg("communication"),
                proactivity=Avg("proactivity"),
                problem_solving=Avg("problem_solving"),
                responsibility=Avg("responsibility"),
                cooperation=Avg("cooperation"),
            )
        )
        existing = {r.membership_id: r for r in PrismResult.objects.filter(project_id=project_id)}
        now = timezone.now()
        to_create, to_update, seen = [], [], set()
        for row in rows:
            axes = scoring.Axes(
                communication=scoring.settled(row["communication"]),
                proactivity=scoring.settled(row["proactivity"]),
                problem_solving=scoring.settled(row["problem_solving"]),
                responsibility=scoring.settled(row["responsibility"]),
                cooperation=scoring.settled(row["cooperation"]),
            )
            values = {
                "reviewer_count": row["reviewers"],
                **{name: getattr(axes, name) for name in scoring.AXIS_NAMES},
                "leadership": axes.leadership,
                "reliability": axes.reliability,
                "teamwork": axes.teamwork,
                "computed_at": now,
            }
            seen.add(row["reviewee_id"])
            result = existing.get(row["reviewee_id"])
            if result is None:
                to_create.append(
                    PrismResult(membership_id=row["reviewee_id"], project_id=project_id, **values)
                )
            else:
                for name, value in values.items():
                    setattr(result, name, value)
                to_update.append(result)
        PrismResult.objects.bulk_create(to_create)
        PrismResult.objects.bulk_update(to_update, [*_RESULT_FIELDS])
        PrismResult.objects.filter(project_id=project_id).exclude(membership_id__in=seen).delete()
        enqueue_in_transaction(summarize_project_task, project_id=project_id)
    return len(seen)


_RESULT_FIELDS = (
    "reviewer_count",
    *scoring.AXIS_NAMES,
    "leadership",
    "reliability",
    "teamwork",
    "computed_at",
)


def summarize_project(*, project_id: int) -> int:
    """Write keywords and an evaluation for each result whose strength answers changed.

    Returns how many results were summarised. The model call (if any) happens outside any
    transaction; each result is then updated on its own. All model calls together end within
    PRISM_LLM_TOTAL_SECONDS; members summarised after that get the local summary.
    """
    answers: dict[int, list[StrengthAnswer]] = defaultdict(list)
    received = Submission.objects.filter(project_id=project_id).values_list(
        "reviewee_id", "strength_description", "strength_example"
    )
    for reviewee_id, description, example in received.order_by("id"):
        if description or example:
            answers[reviewee_id].append(StrengthAnswer(description or "", example or ""))
    done = 0
    budget = TimeBudget.of(settings.PRISM_LLM_TOTAL_SECONDS)  # for all members together
    for result in PrismResult.objects.filter(project_id=project_id):
        inputs = answers.get(result.membership_id, [])
        fingerprint = source_hash(inputs)
        if fingerprint == result.summary_source_hash:
            continue
        summary = summarize(inputs, budget=budget) if inputs else None
        PrismResult.objects.filter(pk=result.pk).update(
            keywords=summary.keywords if summary else [],
            evaluation=(summary.evaluation or None) if summary else None,
            summary_source_hash=fingerprint,
            summarized_at=timezone.now(),
        )
        done += 1
    return done


def delete_reviews_about(*, membership_ids: list[int]) -> None:
    """Delete the results about these memberships, the reviews they received and their survey
    codes (DESIGN D17: a person who leaves takes what is about them along).

    Reviews they gave stay: the teammates' results they count toward keep their numbers.
    """
    with transaction.atomic():
        PrismResult.objects.filter(membership_id__in=membership_ids).delete()
        Submission.objects.filter(reviewee_id__in=membership_ids).delete()
        SurveyInvitation.objects.filter(membership_id__in=membership_ids).delete()
