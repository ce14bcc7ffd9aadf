"""Console logging: every line once, through the root's one handler."""

from __future__ import annotations

from tests.subprocesses import clean_environment, run_python

EMIT = (
    "import django, logging; django.setup(); "
    "logging.getLogger('django.tasks').info('task state'); "
    "logging.getLogger('django.utils.autoreload').info('watching'); "
    "logging.getLogger('django.server').info('GET /healthcheck'); "
    "logging.getLogger('prism.errors').warning('app line')"
)


def test_django_lines_are_printed_once():
    done = run_python("-c", EMIT, env=clean_environment(), timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "INFO django.tasks task state",
        "INFO django.utils.autoreload watching",
        "INFO django.server GET /healthcheck",
        "WARNING prism.errors app line",
    ]


def test_a_higher_level_quiets_django_but_keeps_the_dev_servers_requests():
    done = run_python("-c", EMIT, env=clean_environment(PRISM_LOG_LEVEL="WARNING"), timeout=60)
    assert done.stderr.splitlines() == [
        "INFO django.server GET /healthcheck",
        "WARNING prism.errors app line",
    ]
