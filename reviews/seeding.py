"""Answered surveys and computed PRisms for the demo projects (`make run`); never in production.

Made the way people make them: the owner sends the invitations, each reviewer submits the
survey with their own invitation code, and the owner refreshes the PRism, whose keywords
and evaluations come from the summary task. Nothing is written into result tables here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from projects.models import Membership, Project
from reviews import questionnaire
from reviews.models import QuestionCategory, QuestionType
from reviews.services import AnswerInput, refresh_prism, send_invitations, submit_review


@dataclass(frozen=True)
class Persona:
    """How teammates see one person: a score per category and what they write."""

    scores: dict[str, int]
    strengths: tuple[tuple[str, str], ...]
    improvements: tuple[tuple[str, str], ...]


def _scores(communication, initiative, problem_solving, responsibility, teamwork) -> dict:
    return {
        QuestionCategory.COMMUNICATION: communication,
        QuestionCategory.INITIATIVE: initiative,
        QuestionCategory.PROBLEM_SOLVING: problem_solving,
        QuestionCategory.RESPONSIBILITY: responsibility,
        QuestionCategory.TEAMWORK: teamwork,
    }


PERSONAS: dict[str, Persona] = {
    "demo@prism.local": Persona(
        scores=_scores(5, 4, 4, 5, 4),
        strengths=(
            ("일정 관리와 리더십", "일정을 꼼꼼하게 관리해서 마감을 한 번도 놓치지 않았어요."),
            ("회의 진행", "회의를 주도적으로 이끌고 회의록을 정리해 공유해 주었습니다."),
            ("책임감 있는 리더십", "리더십을 발휘해서 역할 분담을 명확하게 했습니다."),
            ("소통과 조율", "디자이너와 개발자 사이에서 소통을 잘 조율해 주었습니다."),
        ),
        improvements=(
            ("업무 분배", "혼자 맡는 일이 많아서 조금 더 나눠 주면 좋겠어요."),
            ("휴식", "마감 직전에 무리하는 경우가 있었습니다."),
        ),
    ),
    "mina@prism.local": Persona(
        scores=_scores(4, 4, 5, 5, 4),
        strengths=(
            ("꼼꼼한 코드 리뷰", "코드 리뷰를 꼼꼼히 해 주셔서 버그가 많이 줄었습니다."),
            ("API 설계와 문서화", "API 문서화를 꾸준히 해서 프론트엔드 작업이 수월했습니다."),
            ("문제 해결", "서버 장애가 났을 때 원인을 빠르게 파악하고 해결했습니다."),
            ("테스트와 품질", "테스트 코드를 작성해서 품질을 높였습니다."),
        ),
        improvements=(
            ("공유", "진행 상황을 조금 더 자주 공유해 주면 좋겠어요."),
            ("질문", "막히는 부분을 혼자 오래 고민하는 편이었습니다."),
        ),
    ),
    "joon@prism.local": Persona(
        scores=_scores(4, 5, 4, 4, 5),
        strengths=(
            ("빠른 학습", "새로운 기술을 빠르게 학습하고 팀에 공유했습니다."),
            ("깔끔한 UI 구현", "React 컴포넌트 구조를 깔끔하게 설계했습니다."),
            ("적극적인 태도", "적극적인 태도로 아이디어를 많이 냈습니다."),
            ("피드백 반영", "피드백을 빠르게 반영하고 UI를 개선했습니다."),
        ),
        improvements=(
            ("문서화", "작업 내용을 문서로 남겨 주면 인수인계가 쉬울 것 같아요."),
            ("일정 공유", "일정이 밀릴 때 미리 알려 주면 좋겠습니다."),
        ),
    ),
    "seoyeon@prism.local": Persona(
        scores=_scores(5, 4, 4, 4, 5),
        strengths=(
            ("사용자 중심 디자인", "사용자 인터뷰를 진행하고 요구사항을 정리했습니다."),
            ("디테일", "UI 디자인의 완성도가 높고 디테일이 좋았습니다."),
            ("디자인 시스템", "디자인 시스템을 만들어서 화면 작업 속도를 높였습니다."),
        ),
        improvements=(("개발 일정", "개발 일정도 함께 고려해서 디자인 변경을 알려 주세요."),),
    ),
    "hyunwoo@prism.local": Persona(
        scores=_scores(4, 3, 4, 4, 4),
        strengths=(
            ("프로토타입", "Figma 프로토타입을 빠르게 만들어서 의사결정을 도왔습니다."),
            ("친절한 소통", "질문에 친절하게 답해 주어서 많이 배웠습니다."),
            ("사용자 흐름", "사용자 흐름을 정리한 화면 설계로 개발 방향이 분명해졌습니다."),
        ),
        improvements=(("적극성", "회의에서 의견을 더 적극적으로 내 주면 좋겠어요."),),
    ),
    "yuna@prism.local": Persona(
        scores=_scores(4, 4, 5, 4, 4),
        strengths=(
            ("데이터 분석", "데이터 분석 결과를 시각화해서 발표 자료를 만들었습니다."),
            ("인프라 운영", "AWS 인프라 구성과 비용 관리를 담당했습니다."),
            ("성능 최적화", "성능 최적화로 페이지 로딩 속도를 개선했습니다."),
        ),
        improvements=(("설명", "결정한 이유를 조금 더 설명해 주면 좋겠어요."),),
    ),
}
# An earlier address is the same person to their teammates.
PERSONAS["mina.univ@prism.local"] = PERSONAS["mina@prism.local"]

# Who has answered in each project (all members when absent): in 가계부 챗봇 one survey is
# still missing, so two members there have a single reviewer and no result yet (D15).
REVIEWERS: dict[str, tuple[str, ...]] = {
    "가계부 챗봇": ("seoyeon@prism.local", "mina@prism.local"),
}
# A reviewer's scores differ a little from their teammates' (by reviewer and question).
_NUDGES = (0, -1, 0, 1, 0, 0, -1)


def _answers(*, reviewees: list[Membership], reviewer_index: int) -> list[AnswerInput]:
    answers = []
    for question in questionnaire.QUESTIONS:
        for reviewee in reviewees:
            persona = PERSONAS[reviewee.email]
            common = AnswerInput(
                question_order=question.order,
                question_type=question.type,
                category=question.category,
                reviewee_email=reviewee.email,
            )
            if question.type == QuestionType.SINGLE_CHOICE:
                nudge = _NUDGES[(reviewer_index + question.order) % len(_NUDGES)]
                score = min(5, max(1, persona.scores[question.category] + nudge))
                answers.append(replace(common, score=score))
            elif question.type == QuestionType.MULTIPLE_CHOICE_MEMBER:
                choice = persona.scores[QuestionCategory.PROBLEM_SOLVING] >= 5
                answers.append(replace(common, choice=choice))
            else:
                texts = (
                    persona.strengths
                    if question.category == QuestionCategory.STRENGTH
                    else persona.improvements
                )
                description, example = texts[reviewer_index % len(texts)]
                answers.append(replace(common, description=description, example=example))
    return answers


def seed_demo_reviews(*, projects: list[Project]) -> int:
    """Invite, answer and compute each project's PRism as its people would; return the
    number of surveys submitted. Summaries follow when the caller's transaction commits."""
    submitted = 0
    for project in projects:
        owner = project.owner
        if owner is None:  # never in the demo: every demo project is seeded with its owner
            raise ValueError(f"demo project {project.name!r} has no owner")
        send_invitations(user=owner, project_id=project.pk)
        members = list(
            Membership.objects.filter(project=project).select_related("invitation").order_by("id")
        )
        answering = REVIEWERS.get(project.name)
        reviewers = [m for m in members if answering is None or m.email in answering]
        for index, reviewer in enumerate(reviewers):
            submit_review(
                project_id=project.pk,
                reviewer_email=reviewer.email,
                answers=_answers(
                    reviewees=[m for m in members if m.pk != reviewer.pk], reviewer_index=index
                ),
                code=reviewer.invitation.code,  # each reviewer's own link, as in their mail
            )
            submitted += 1
        refresh_prism(user=owner, project_id=project.pk)
    return submitted
