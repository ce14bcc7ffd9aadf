"""Survey bodies exactly as the web client sends them (usable outside pytest, e.g. by bench/)."""

from __future__ import annotations

QUESTIONS = [
    (1, "singleChoice", "communication"),
    (2, "singleChoice", "communication"),
    (3, "singleChoice", "communication"),
    (4, "singleChoice", "initiative"),
    (5, "singleChoice", "initiative"),
    (6, "singleChoice", "problemSolving"),
    (7, "multipleChoiceMember", "problemSolving"),
    (8, "singleChoice", "responsibility"),
    (9, "singleChoice", "responsibility"),
    (10, "singleChoice", "responsibility"),
    (11, "singleChoice", "teamwork"),
    (12, "singleChoice", "teamwork"),
    (13, "shortAnswer", "strength"),
    (14, "shortAnswer", "improvementPoint"),
]
DEFAULT_SCORES = [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]


def survey_body(reviewer_email: str, answers: dict[str, dict]) -> dict:
    """The client's body: 14 items, numbers as strings (contract §7.1, §9).

    `answers` maps each reviewee e-mail to {"scores": 12 ints for Q1–6 and Q8–12,
    "choice": bool for Q7, "strength": (description, example), "improvement": (...)}.
    """
    responses = []
    for order, kind, category in QUESTIONS:
        details = []
        for email, given in answers.items():
            if kind == "singleChoice":
                scores = given.get("scores", DEFAULT_SCORES)
                index = order - 1 if order < 7 else order - 2
                response = {"score": str(scores[index])}
            elif kind == "multipleChoiceMember":
                response = {"choice": given.get("choice", False)}
            else:
                key = "strength" if category == "strength" else "improvement"
                description, example = given.get(
                    key, ("꼼꼼함", "코드 리뷰를 꼼꼼하게 해 주었습니다.")
                )
                response = {"description": description, "example": example}
            details.append({"revieweeEmail": email, "response": response})
        responses.append(
            {
                "questionOrder": str(order),
                "questionType": kind,
                "questionCategory": category,
                "responseDetails": details,
            }
        )
    return {"reviewerEmail": reviewer_email, "responses": responses}
