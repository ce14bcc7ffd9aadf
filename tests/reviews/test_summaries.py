"""Summaries: the local summariser on Korean input, and the OpenAI-compatible path against a
chat-completions server on loopback (success, malformed reply, timeout, 429/5xx, a non-JSON
body, a reply dripping byte by byte, and the time budget shared by a project's members)."""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reviews import llm
from reviews.models import PrismResult
from reviews.services import recompute_project, summarize_project
from reviews.summaries import StrengthAnswer, keywords_of, summarize, summarize_locally

ANSWERS = [
    StrengthAnswer("성실함", "회의록을 성실하게 정리하고 일정을 꼼꼼히 챙겼습니다."),
    StrengthAnswer("꼼꼼한 코드 리뷰", "코드 리뷰를 꼼꼼하게 해서 버그를 많이 줄였습니다."),
    StrengthAnswer("성실한 태도", "마감을 항상 지키는 성실한 팀원이었습니다."),
]


def test_local_keywords_strip_korean_particles_and_rank_by_frequency():
    keywords = keywords_of([a.description for a in ANSWERS] + [a.example for a in ANSWERS])
    assert keywords[0] == "성실"
    assert "꼼꼼" in keywords
    assert len(keywords) <= 5 and len(set(keywords)) == len(keywords)
    assert not any(k.endswith(("을", "를", "은", "는")) for k in keywords)


def test_local_summary_is_two_lines_and_deterministic():
    first, second = summarize_locally(ANSWERS), summarize_locally(list(ANSWERS))
    assert first == second
    lines = first.evaluation.split("\n")
    assert len(lines) == 2 and all(lines)
    assert all(line in " ".join(a.example for a in ANSWERS) for line in lines)


GOOD_CONTENT = json.dumps(
    {
        "keywords": ["성실", "꼼꼼", "성실", "책임감"],
        "evaluation": "성실한 팀원입니다.\n리뷰가 꼼꼼합니다.\n셋째 줄",
    }
)
# Error answers as providers send them: (status, content type, body, extra headers).
FAILURES = {
    "429": (429, "application/json", b'{"error": "rate limited"}', {"Retry-After": "0"}),
    "500": (500, "application/json", b'{"error": "internal"}', {}),
    "401": (401, "application/json", b'{"error": "bad key"}', {}),
    "html": (200, "text/html", b"<html><body>502 Bad Gateway</body></html>", {}),
}


class ChatServer:
    """A tiny OpenAI-compatible chat-completions server on loopback with scripted behaviours:
    the n-th request gets the n-th behaviour (the last one repeats). Stopped on exit."""

    def __init__(self, *script: str, drip_seconds: float = 0.2):
        self.script = list(script)
        self.requests: list[dict] = []
        self.stopping = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                outer.requests.append(
                    {
                        "path": self.path,
                        "auth": self.headers.get("Authorization"),
                        "body": json.loads(self.rfile.read(int(self.headers["Content-Length"]))),
                    }
                )
                behaviour = outer.script[min(len(outer.requests), len(outer.script)) - 1]
                try:
                    if behaviour == "drip":
                        self.drip(drip_seconds)
                    elif behaviour in FAILURES:
                        self.answer(*FAILURES[behaviour])
                    else:
                        if behaviour == "slow":
                            time.sleep(2)
                        content = GOOD_CONTENT if behaviour == "ok" else "keywords: 성실"
                        self.answer(200, "application/json", completion(content), {})
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout cases)

            def answer(self, status, content_type, body, headers):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def drip(self, seconds):
                # A well-formed answer, status line included, one byte at a time: each read
                # succeeds well within a per-operation timeout, the whole never ends in time.
                body = completion(GOOD_CONTENT)
                head = (
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode()
                self.close_connection = True
                for index in range(len(head + body)):
                    if outer.stopping.is_set():
                        return
                    self.wfile.write((head + body)[index : index + 1])
                    self.wfile.flush()
                    time.sleep(seconds)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_port}/v1"

    def __exit__(self, *exc):
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


def completion(content: str) -> bytes:
    return json.dumps(
        {"choices": [{"message": {"role": "assistant", "content": content}}]}
    ).encode()


MODEL_SUMMARY = llm._parse(json.loads(completion(GOOD_CONTENT)))


@pytest.fixture
def llm_settings(settings):
    settings.PRISM_LLM_API_KEY = "test-key"
    settings.PRISM_LLM_MODEL = "tiny-model"
    settings.PRISM_LLM_RETRIES = 1
    settings.PRISM_LLM_TIMEOUT_SECONDS = 1
    return settings


def test_model_summary_is_used_when_it_answers_well(llm_settings):
    with ChatServer("ok") as base_url:
        llm_settings.PRISM_LLM_BASE_URL = base_url
        summary = summarize(ANSWERS)
    assert summary == MODEL_SUMMARY
    # De-duplicated, at most five; at most two lines.
    assert summary.keywords == ["성실", "꼼꼼", "책임감"]
    assert summary.evaluation == "성실한 팀원입니다.\n리뷰가 꼼꼼합니다."


def test_a_query_on_the_base_url_is_kept_and_a_bad_url_means_the_local_summary(llm_settings):
    server = ChatServer("ok")
    with server as base_url:
        llm_settings.PRISM_LLM_BASE_URL = base_url + "/?api-version=2024-10-21"
        assert summarize(ANSWERS) == MODEL_SUMMARY
    assert server.requests[0]["path"] == "/v1/chat/completions?api-version=2024-10-21"
    for broken in ("api.example.com/v1", "http://127.0.0.1:notaport/v1"):
        llm_settings.PRISM_LLM_BASE_URL = broken
        assert summarize(ANSWERS) == summarize_locally(ANSWERS)


def test_model_request_shape(llm_settings):
    server = ChatServer("ok")
    with server as base_url:
        llm_settings.PRISM_LLM_BASE_URL = base_url
        summarize(ANSWERS)
    [request] = server.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer test-key"
    body = request["body"]
    assert body["model"] == "tiny-model" and body["response_format"] == {"type": "json_object"}
    assert body["messages"][0]["role"] == "system"
    assert "회의록" in body["messages"][1]["content"]


@pytest.mark.parametrize("behaviour", ["malformed", "slow"])
def test_bad_or_slow_model_falls_back_to_the_local_summary(llm_settings, behaviour, caplog):
    caplog.set_level(logging.DEBUG)
    server = ChatServer(behaviour)
    with server as base_url:
        llm_settings.PRISM_LLM_BASE_URL = base_url
        summary = summarize(ANSWERS)
    assert summary == summarize_locally(ANSWERS)
    assert len(server.requests) == 2  # one retry, then the fallback
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "LLM summary unavailable" in logged
    for answer in ANSWERS:  # reviewers' words never reach the log
        assert answer.example not in logged and answer.description not in logged


def test_unreachable_model_falls_back(llm_settings):
    llm_settings.PRISM_LLM_BASE_URL = "http://127.0.0.1:9/v1"
    assert summarize(ANSWERS) == summarize_locally(ANSWERS)


def test_unchanged_inputs_are_not_summarised_again(
    survey_team, django_capture_on_commit_callbacks, monkeypatch
):
    survey_team.submit(survey_team.members[1])
    survey_team.submit(survey_team.members[2])
    with django_capture_on_commit_callbacks(execute=True):
        recompute_project(project_id=survey_team.project.pk)
    assert PrismResult.objects.filter(
        project=survey_team.project, evaluation__isnull=False
    ).exists()
    calls = []
    monkeypatch.setattr("reviews.services.summarize", lambda answers: calls.append(answers))
    assert summarize_project(project_id=survey_team.project.pk) == 0
    assert calls == []


def test_llm_module_is_not_configured_by_default():
    assert llm.is_configured() is False


def test_local_summary_does_not_repeat_a_sentence_two_reviewers_wrote():
    same = "질문에 친절하게 답해 주어서 많이 배웠습니다."
    answers = [
        StrengthAnswer("친절", same),
        StrengthAnswer("친절", same),
        StrengthAnswer("프로토타입", "Figma 프로토타입을 빠르게 만들어 주었습니다."),
    ]
    lines = summarize_locally(answers).evaluation.split("\n")
    assert lines == [same, "Figma 프로토타입을 빠르게 만들어 주었습니다."]


# --- Failures of a real provider: rate limits, errors, garbage, a reply that never ends -------


@pytest.mark.parametrize("failure", ["429", "500"])
def test_a_rate_limit_or_server_error_is_retried_and_the_next_answer_used(llm_settings, failure):
    server = ChatServer(failure, "ok")
    with server as base_url:
        llm_settings.PRISM_LLM_BASE_URL = base_url
        summary = summarize(ANSWERS)
    assert summary == MODEL_SUMMARY
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("failure", "reason"),
    [("429", "HTTP 429"), ("500", "HTTP 500"), ("html", "non-JSON reply")],
)
def test_a_model_that_keeps_failing_gives_way_to_the_local_summary(
    llm_settings, caplog, failure, reason
):
    server = ChatServer(failure)
    with server as base_url:
        llm_settings.PRISM_LLM_BASE_URL = base_url
        summary = summarize(ANSWERS)
    assert summary == summarize_locally(ANSWERS)
    assert len(server.requests) == 2  # one retry
    assert f"LLM summary unavailable ({reason} after 2 attempt(s))" in caplog.text


def test_a_refused_key_is_not_retried(llm_settings, caplog):
    server = ChatServer("401")
    with server as base_url:
        llm_settings.PRISM_LLM_BASE_URL = base_url
        assert summarize(ANSWERS) == summarize_locally(ANSWERS)
    assert len(server.requests) == 1
    assert "LLM summary unavailable (HTTP 401)" in caplog.text


def test_a_dripping_reply_is_cut_at_the_deadline_of_the_call(llm_settings, caplog):
    """One byte every 0.2 s never trips a per-read timeout of 1 s; the call's deadline does."""
    llm_settings.PRISM_LLM_RETRIES = 0
    server = ChatServer("drip", drip_seconds=0.2)
    with server as base_url:
        llm_settings.PRISM_LLM_BASE_URL = base_url
        started = time.monotonic()
        summary = summarize(ANSWERS)
        elapsed = time.monotonic() - started
    assert summary == summarize_locally(ANSWERS)
    assert 0.9 < elapsed < 2.0, elapsed
    assert "timed out (deadline for the call) after 1 attempt(s)" in caplog.text


def test_a_projects_members_share_one_time_budget_for_the_model(survey_team, llm_settings, caplog):
    """Without the budget: about 2.3 s per member (two 1 s attempts) for each of four."""
    for member in survey_team.members[:3]:
        survey_team.submit(member)
    recompute_project(project_id=survey_team.project.pk)  # its summary task is not run here
    results = PrismResult.objects.filter(project=survey_team.project)
    assert results.count() == 4
    llm_settings.PRISM_LLM_TOTAL_SECONDS = 2
    server = ChatServer("slow")  # each answer takes 2 s: every call times out after 1 s
    with server as base_url:
        llm_settings.PRISM_LLM_BASE_URL = base_url
        started = time.monotonic()
        assert summarize_project(project_id=survey_team.project.pk) == 4
        elapsed = time.monotonic() - started
    assert elapsed < 3.0, elapsed
    assert len(server.requests) == 2  # the first member's call and its retry, then no more
    assert caplog.text.count("the run's time budget is spent after 0 attempt(s)") == 3
    assert all(result.evaluation for result in results)
