"""The survey the web client shows (domain.md §3), owned by the server.

Submissions are checked against it: every question answered, each with its type and
category. The question texts live in the client; the server needs only their shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviews.models import QuestionCategory as C
from reviews.models import QuestionType as T


@dataclass(frozen=True)
class Question:
    order: int
    type: str
    category: str


QUESTIONS: tuple[Question, ...] = (
    Question(1, T.SINGLE_CHOICE, C.COMMUNICATION),
    Question(2, T.SINGLE_CHOICE, C.COMMUNICATION),
    Question(3, T.SINGLE_CHOICE, C.COMMUNICATION),
    Question(4, T.SINGLE_CHOICE, C.INITIATIVE),
    Question(5, T.SINGLE_CHOICE, C.INITIATIVE),
    Question(6, T.SINGLE_CHOICE, C.PROBLEM_SOLVING),
    Question(7, T.MULTIPLE_CHOICE_MEMBER, C.PROBLEM_SOLVING),
    Question(8, T.SINGLE_CHOICE, C.RESPONSIBILITY),
    Question(9, T.SINGLE_CHOICE, C.RESPONSIBILITY),
    Question(10, T.SINGLE_CHOICE, C.RESPONSIBILITY),
    Question(11, T.SINGLE_CHOICE, C.TEAMWORK),
    Question(12, T.SINGLE_CHOICE, C.TEAMWORK),
    Question(13, T.SHORT_ANSWER, C.STRENGTH),
    Question(14, T.SHORT_ANSWER, C.IMPROVEMENT_POINT),
)
BY_ORDER = {question.order: question for question in QUESTIONS}

SCORED_CATEGORIES = (C.COMMUNICATION, C.INITIATIVE, C.PROBLEM_SOLVING, C.RESPONSIBILITY, C.TEAMWORK)
TEXT_CATEGORIES = (C.STRENGTH, C.IMPROVEMENT_POINT)
