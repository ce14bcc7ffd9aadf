"""An OpenAI-compatible chat-completions client for review summaries.

Configured by PRISM_LLM_BASE_URL, PRISM_LLM_API_KEY and PRISM_LLM_MODEL. The model gets a
system prompt and must answer with a JSON object; there is a timeout per call and a
bounded number of retries. Any failure raises `SummaryUnavailable`, and the caller falls
back to the local summariser. Uses only the standard library: nothing heavy is imported
unless a summary is actually made.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

from django.conf import settings

from reviews.summaries import StrengthAnswer, Summary, clean_keywords

SYSTEM_PROMPT = (
    "너는 동료 평가를 분석하는 전문가야. 팀원들이 한 사람의 강점에 대해 쓴 답변을 받으면 "
    "그 사람을 가장 잘 나타내는 키워드를 최대 5개, 자주 함께 나온 표현을 중심으로 뽑고, "
    "두 줄짜리 총평을 써. 반드시 JSON 객체 하나로만 답해: "
    '{"keywords": ["...", "..."], "evaluation": "첫째 줄\\n둘째 줄"}'
)


class SummaryUnavailable(Exception):
    """The model could not give a usable summary (network, timeout, or malformed reply)."""


def is_configured() -> bool:
    return bool(settings.PRISM_LLM_BASE_URL and settings.PRISM_LLM_MODEL)


def _user_message(answers: list[StrengthAnswer]) -> str:
    lines = ["강점 요약:"]
    lines += [f"{i}. {a.description}" for i, a in enumerate(answers, 1) if a.description]
    lines.append("근거 사례:")
    lines += [f"{i}. {a.example}" for i, a in enumerate(answers, 1) if a.example]
    return "\n".join(lines)


def _request(payload: dict) -> dict:
    request = urllib.request.Request(  # noqa: S310 - the URL is the operator's configuration
        settings.PRISM_LLM_BASE_URL.rstrip("/") + "/chat/completions",
        data=json.dumps(payload).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.PRISM_LLM_API_KEY}",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=settings.PRISM_LLM_TIMEOUT_SECONDS) as reply:  # noqa: S310
        return json.loads(reply.read())


def _parse(reply: dict) -> Summary:
    try:
        content = reply["choices"][0]["message"]["content"]
        data = json.loads(content)
        keywords = data["keywords"]
        evaluation = data["evaluation"]
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise SummaryUnavailable(f"malformed reply: {type(exc).__name__}") from None
    if not isinstance(keywords, list) or not isinstance(evaluation, str):
        raise SummaryUnavailable("malformed reply: wrong field types")
    lines = [line.strip() for line in evaluation.strip().splitlines() if line.strip()][:2]
    return Summary(
        keywords=clean_keywords([str(k) for k in keywords]), evaluation="\n".join(lines)[:1000]
    )


def summarize(answers: list[StrengthAnswer]) -> Summary:
    payload = {
        "model": settings.PRISM_LLM_MODEL,
        "temperature": 0.2,
        "response_format": {"type": "json_object"},
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": _user_message(answers)},
        ],
    }
    attempts = max(1, settings.PRISM_LLM_RETRIES + 1)
    last_error = "no attempt"
    for attempt in range(attempts):
        try:
            return _parse(_request(payload))
        except SummaryUnavailable as exc:
            last_error = str(exc)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            last_error = type(exc).__name__
        if attempt + 1 < attempts:
            time.sleep(min(2.0, 0.25 * 2**attempt))
    raise SummaryUnavailable(f"{last_error} after {attempts} attempt(s)")
