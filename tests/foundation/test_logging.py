"""Console logging: every line once, through the root's one handler."""

from __future__ import annotations

from tests.subprocesses import clean_environment, run_python

EMIT = (
    "import django, logging; django.setup(); "
    "logging.getLogger('django.tasks').info('task state'); "
    "logging.getLogger('django.utils.autoreload').info('watching'); "
    "logging.getLogger('django.server').info('GET /healthcheck'); "
    "logging.getLogger('prism.access').info('GET /healthcheck 200 1.0ms'); "
    "logging.getLogger('prism.errors').warning('app line')"
)


def test_django_lines_are_printed_once_and_each_request_once():
    # The dev server's own request line would repeat the access line (and show the raw path).
    done = run_python("-c", EMIT, env=clean_environment(), timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "INFO django.tasks task state",
        "INFO django.utils.autoreload watching",
        "INFO prism.access GET /healthcheck 200 1.0ms",
        "WARNING prism.errors app line",
    ]


def test_a_higher_level_quiets_django_and_requests():
    done = run_python("-c", EMIT, env=clean_environment(PRISM_LOG_LEVEL="WARNING"), timeout=60)
    assert done.stderr.splitlines() == ["WARNING prism.errors app line"]
