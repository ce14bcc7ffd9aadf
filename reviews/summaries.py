"""Keywords and a two-line evaluation from teammates' strength answers.

`summarize` asks the configured OpenAI-compatible model (`reviews.llm`) and falls back to
`summarize_locally`, a deterministic summariser that needs no network: keyword frequency
over the answers (`reviews.keywords`), and an extractive two-line summary.
Reviewers' free text is never logged.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass

from reviews.keywords import MAX_KEYWORDS, keyword_counts, keyword_of, keywords_of

logger = logging.getLogger(__name__)

MAX_LINE = 120

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


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def _clip(sentence: str) -> str:
    return sentence if len(sentence) <= MAX_LINE else sentence[: MAX_LINE - 1].rstrip() + "…"


def summarize_locally(answers: list[StrengthAnswer]) -> Summary:
    """Deterministic summary: frequent words as keywords, the two most typical sentences."""
    descriptions = [a.description for a in answers if a.description]
    examples = [a.example for a in answers if a.example]
    keywords = keywords_of(descriptions + examples)
    # Two reviewers who wrote the same sentence still make one line, not the same line twice.
    candidates = list(
        dict.fromkeys(s for text in examples or descriptions for s in _sentences(text))
    )
    mentions, _ = keyword_counts(descriptions + examples)

    def score(sentence: str) -> int:
        # The sentence that says what most teammates said.
        return sum(mentions[keyword_of(token)] for token in set(_WORD.findall(sentence)))

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
