"""Keywords and a two-line evaluation from teammates' strength answers.

`summarize` asks the configured OpenAI-compatible model (`reviews.llm`) and falls back to
`summarize_locally`, a deterministic summariser that needs no network: keyword frequency
over the answers with Korean particles stripped, and an extractive two-line summary.
Reviewers' free text is never logged.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections import Counter
from dataclasses import dataclass

logger = logging.getLogger(__name__)

MAX_KEYWORDS = 5
MAX_LINE = 120

# Longest first, so that "으로" is stripped before "로".
_PARTICLES = sorted(
    [
        "이었습니다",
        "였습니다",
        "입니다",
        "습니다",
        "니다",
        "에서는",
        "에게서",
        "으로서",
        "으로써",
        "이라서",
        "라서",
        "에서",
        "에게",
        "한테",
        "까지",
        "부터",
        "처럼",
        "보다",
        "으로",
        "이며",
        "이고",
        "하고",
        "하며",
        "해서",
        "했고",
        "하는",
        "했던",
        "적인",
        "적으로",
        "이라",
        "라고",
        "은",
        "는",
        "이",
        "가",
        "을",
        "를",
        "에",
        "의",
        "와",
        "과",
        "도",
        "로",
        "만",
        "께",
        "한",
        "함",
        "며",
        "고",
        "요",
    ],
    key=len,
    reverse=True,
)
_STOPWORDS = {
    "그리고",
    "하지만",
    "그래서",
    "정말",
    "매우",
    "항상",
    "너무",
    "가장",
    "많이",
    "잘",
    "더",
    "또한",
    "팀원",
    "팀원들",
    "우리",
    "저희",
    "프로젝트",
    "부분",
    "때문",
    "모습",
    "경우",
    "생각",
    "있는",
    "있었",
    "the",
    "and",
    "for",
    "with",
    "very",
    "always",
}
_WORD = re.compile(r"[0-9A-Za-z가-힣]+")
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n+")


@dataclass(frozen=True)
class StrengthAnswer:
    description: str
    example: str


@dataclass(frozen=True)
class Summary:
    keywords: list[str]
    evaluation: str


def source_hash(answers: list[StrengthAnswer]) -> str:
    """Identifies the inputs, so unchanged reviewees are not summarised again."""
    material = "\x1e".join(sorted(f"{a.description}\x1f{a.example}" for a in answers))
    return hashlib.sha256(material.encode()).hexdigest()


def _stem(token: str) -> str:
    if not re.search(r"[가-힣]", token):
        return token.lower()
    for particle in _PARTICLES:
        if token.endswith(particle) and len(token) - len(particle) >= 2:
            return token[: -len(particle)]
    return token


def keywords_of(texts: list[str], limit: int = MAX_KEYWORDS) -> list[str]:
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for text in texts:
        for token in _WORD.findall(text):
            word = _stem(token)
            if len(word) < 2 or word in _STOPWORDS or word.isdigit():
                continue
            counts[word] += 1
            first_seen.setdefault(word, len(first_seen))
    ranked = sorted(counts, key=lambda word: (-counts[word], first_seen[word]))
    return ranked[:limit]


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def _clip(sentence: str) -> str:
    return sentence if len(sentence) <= MAX_LINE else sentence[: MAX_LINE - 1].rstrip() + "…"


def summarize_locally(answers: list[StrengthAnswer]) -> Summary:
    """Deterministic summary: frequent words as keywords, the two most typical sentences."""
    descriptions = [a.description for a in answers if a.description]
    examples = [a.example for a in answers if a.example]
    keywords = keywords_of(descriptions + examples)
    candidates = [s for text in examples or descriptions for s in _sentences(text)]
    weight = Counter(keywords_of(descriptions + examples, limit=50))

    def score(sentence: str) -> int:
        return sum(weight[_stem(token)] for token in _WORD.findall(sentence))

    ranked = sorted(enumerate(candidates), key=lambda item: (-score(item[1]), item[0]))
    chosen = sorted(ranked[:2])  # keep the reviewers' order between the two lines
    evaluation = "\n".join(_clip(sentence) for _, sentence in chosen)
    return Summary(keywords=keywords, evaluation=evaluation)


def clean_keywords(raw: list[str]) -> list[str]:
    """At most five distinct, non-blank keywords, in the given order."""
    seen: list[str] = []
    for keyword in raw:
        keyword = keyword.strip()
        if keyword and keyword.lower() not in {k.lower() for k in seen}:
            seen.append(keyword[:50])
    return seen[:MAX_KEYWORDS]


@dataclass(frozen=True)
class TimeBudget:
    """A deadline shared by the model calls of one run (a project's members), so that a slow
    model cannot hold the worker past it; after it, summaries are made locally."""

    deadline: float  # time.monotonic()

    @classmethod
    def of(cls, seconds: float) -> TimeBudget:
        return cls(deadline=time.monotonic() + seconds)


def summarize(answers: list[StrengthAnswer], *, budget: TimeBudget | None = None) -> Summary:
    """The model's summary when one is configured and answers well (within `budget`); the
    local one otherwise."""
    from reviews import llm

    if llm.is_configured():
        try:
            return llm.summarize(answers, budget=budget)
        except llm.SummaryUnavailable as exc:
            # The reason only; the answers themselves never reach the log.
            logger.warning("LLM summary unavailable (%s); using the local summariser", exc)
    return summarize_locally(answers)
