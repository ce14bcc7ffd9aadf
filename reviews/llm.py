"""An OpenAI-compatible chat-completions client for review summaries.

Configured by PRISM_LLM_BASE_URL, PRISM_LLM_API_KEY and PRISM_LLM_MODEL. The model gets a
system prompt and must answer with a JSON object. Each call has a total deadline
(PRISM_LLM_TIMEOUT_SECONDS, connect to last byte: a server that drips its reply byte by byte
is cut off at the deadline, not merely between bytes); 429 and 5xx answers, timeouts and
malformed replies are retried a bounded number of times (PRISM_LLM_RETRIES), other 4xx are
not. A run may also carry a `TimeBudget` (PRISM_LLM_TOTAL_SECONDS for a project's members):
no call outlives it. Any failure raises `SummaryUnavailable`, and the caller falls back to
the local summariser. Uses only the standard library: nothing heavy is imported unless a
summary is actually made.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from reviews.summaries import StrengthAnswer, Summary, TimeBudget, clean_keywords

# A summary reply is a few hundred bytes; anything far larger is not one.
MAX_REPLY_BYTES = 1_000_000
# The longest Retry-After honoured; a longer wait is not worth holding a worker for.
MAX_RETRY_AFTER_SECONDS = 10.0

SYSTEM_PROMPT = (
    "너는 동료 평가를 분석하는 전문가야. 팀원들이 한 사람의 강점에 대해 쓴 답변을 받으면 "
    "그 사람을 가장 잘 나타내는 키워드를 최대 5개, 자주 함께 나온 표현을 중심으로 뽑고, "
    "두 줄짜리 총평을 써. 반드시 JSON 객체 하나로만 답해: "
    '{"keywords": ["...", "..."], "evaluation": "첫째 줄\\n둘째 줄"}'
)


class SummaryUnavailable(Exception):
    """The model could not give a usable summary (network, timeout, or malformed reply)."""


class RetryableFailure(SummaryUnavailable):
    """A failure worth another attempt (timeouts, 429, 5xx, a garbled reply)."""

    def __init__(self, reason: str, *, wait_seconds: float = 0.0):
        super().__init__(reason)
        self.wait_seconds = wait_seconds


def is_configured() -> bool:
    return bool(settings.PRISM_LLM_BASE_URL and settings.PRISM_LLM_MODEL)


def _user_message(answers: list[StrengthAnswer]) -> str:
    lines = ["강점 요약:"]
    lines += [f"{i}. {a.description}" for i, a in enumerate(answers, 1) if a.description]
    lines.append("근거 사례:")
    lines += [f"{i}. {a.example}" for i, a in enumerate(answers, 1) if a.example]
    return "\n".join(lines)


def _retry_after(reply: http.client.HTTPResponse) -> float:
    try:
        return min(MAX_RETRY_AFTER_SECONDS, max(0.0, float(reply.getheader("Retry-After", "0"))))
    except ValueError:  # an HTTP date: not worth parsing for a best-effort summary
        return 0.0


def _request(payload: dict, *, deadline: float) -> dict:
    """POST `payload` and return the decoded JSON reply, all before `deadline` (monotonic).

    The socket timeout bounds each operation; a watchdog shuts the socket down at the
    deadline, which ends a reply that keeps trickling in.
    """
    url = urlsplit(settings.PRISM_LLM_BASE_URL)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise SummaryUnavailable("no time left for a call")
    try:
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError("not an http(s) URL")
        connection_class = (
            http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(url.hostname, url.port, timeout=remaining)
    except ValueError:  # a misconfigured base URL (no scheme, a bad port): the local summary
        raise SummaryUnavailable("PRISM_LLM_BASE_URL is not a usable URL") from None
    # The endpoint under the base path; a query on the base URL (e.g. `?api-version=`) is
    # kept for it.
    target = url.path.rstrip("/") + "/chat/completions" + (f"?{url.query}" if url.query else "")
    cut_off = threading.Event()

    def cut() -> None:
        cut_off.set()
        if connection.sock is not None:
            with contextlib.suppress(OSError):  # already closed
                connection.sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(remaining, cut)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request(
            "POST",
            target,
            body=json.dumps(payload).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.PRISM_LLM_API_KEY}",
            },
        )
        reply = connection.getresponse()
        body = reply.read(MAX_REPLY_BYTES + 1)
    except (OSError, http.client.HTTPException) as exc:
        if cut_off.is_set():
            raise RetryableFailure("timed out (deadline for the call)") from None
        raise RetryableFailure(f"{type(exc).__name__}") from None
    finally:
        watchdog.cancel()
        connection.close()
    if cut_off.is_set():  # a reply without a length may end quietly when cut
        raise RetryableFailure("timed out (deadline for the call)")
    if reply.status == 429 or reply.status >= 500:
        raise RetryableFailure(f"HTTP {reply.status}", wait_seconds=_retry_after(reply))
    if reply.status != 200:
        raise SummaryUnavailable(f"HTTP {reply.status}")  # e.g. a wrong key: retrying won't help
    if len(body) > MAX_REPLY_BYTES:
        raise SummaryUnavailable("reply too large")
    try:
        decoded: dict[str, Any] = json.loads(body)
    except ValueError:
        raise RetryableFailure("non-JSON reply") from None
    return decoded


def _parse(reply: dict) -> Summary:
    try:
        content = reply["choices"][0]["message"]["content"]
        data = json.loads(content)
        keywords = data["keywords"]
        evaluation = data["evaluation"]
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise RetryableFailure(f"malformed reply: {type(exc).__name__}") from None
    if not isinstance(keywords, list) or not isinstance(evaluation, str):
        raise RetryableFailure("malformed reply: wrong field types")
    lines = [line.strip() for line in evaluation.strip().splitlines() if line.strip()][:2]
    return Summary(
        keywords=clean_keywords([str(k) for k in keywords]), evaluation="\n".join(lines)[:1000]
    )


def summarize(answers: list[StrengthAnswer], *, budget: TimeBudget | None = None) -> Summary:
    """The model's summary of `answers`, within the per-call deadline and `budget`."""
    payload = {
        "model": settings.PRISM_LLM_MODEL,
        "temperature": 0.2,
        "response_format": {"type": "json_object"},
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": _user_message(answers)},
        ],
    }
    run_deadline = budget.deadline if budget is not None else float("inf")
    attempts = max(1, settings.PRISM_LLM_RETRIES + 1)
    last_error, made = "the run's time budget is spent", 0
    for attempt in range(1, attempts + 1):
        started = time.monotonic()
        if started >= run_deadline:
            break
        made = attempt
        deadline = min(started + settings.PRISM_LLM_TIMEOUT_SECONDS, run_deadline)
        try:
            return _parse(_request(payload, deadline=deadline))
        except RetryableFailure as exc:
            last_error, wait = str(exc), max(exc.wait_seconds, min(2.0, 0.25 * 2 ** (attempt - 1)))
        if attempt < attempts:
            if time.monotonic() + wait >= run_deadline:
                break  # waiting would outlast the budget
            time.sleep(wait)
    raise SummaryUnavailable(f"{last_error} after {made} attempt(s)")
