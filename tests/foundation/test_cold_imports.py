"""A cold start imports only what its first request needs (issue 17).

- simplejwt loads when a token is read, not at start-up (DRF's schema module imports the
  authentication class; simplejwt's settings import django.test).
- django-tasks-db's `django_stubs_ext.monkeypatch()` is served by prism/typing_patch_shim.py,
  so the admin's options, sitemaps and syndication are not imported for a typing patch. The
  checks below fail when either library changes in a way the shim must follow.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
from pathlib import Path

from prism import typing_patch_shim
from tests.subprocesses import clean_environment, run_python

STARTUP_REPORT = """
import json, sys
import prism.lambda_handler as lambda_handler
watched = {watched!r}
loaded_at_start = [m for m in watched if m in sys.modules]
event = {{
    "version": "2.0", "routeKey": "$default", "rawPath": "/api/v1/users/me",
    "rawQueryString": "", "isBase64Encoded": False,
    "headers": {{"host": "localhost", "authorization": "Bearer not-a-token"}},
    "requestContext": {{"http": {{"method": "GET", "path": "/api/v1/users/me",
                                  "sourceIp": "192.0.2.1"}}, "stage": "$default"}},
}}
status = lambda_handler.handler(event, None)["statusCode"]
print(json.dumps({{"atStart": loaded_at_start, "status": status,
                   "jwtAfterToken": "rest_framework_simplejwt.tokens" in sys.modules}}))
"""

NOT_AT_START = [
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.tokens",
    "django_stubs_ext.patch",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
]


def test_the_handler_starts_without_simplejwt_or_the_typing_patch_and_loads_jwt_on_a_token():
    env = clean_environment(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="cold-imports-" + "k" * 48,
        DJANGO_ALLOWED_HOSTS="localhost",
    )
    done = run_python("-c", STARTUP_REPORT.format(watched=NOT_AT_START), env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])

    assert report["atStart"] == []
    assert report["status"] == 401
    assert report["jwtAfterToken"] is True


def test_django_tasks_db_uses_django_stubs_ext_only_for_the_one_call_the_shim_serves():
    package = Path(importlib.util.find_spec("django_tasks_db").origin).parent
    uses = []
    for source in sorted(package.rglob("*.py")):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names]
                module = getattr(node, "module", None) or ""
                if "django_stubs_ext" in module or any("django_stubs_ext" in n for n in names):
                    uses.append((source.name, "import", module or names[0]))
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "django_stubs_ext"
            ):
                uses.append((source.name, "attribute", node.attr))

    assert uses == [
        ("__init__.py", "import", "django_stubs_ext"),
        ("__init__.py", "attribute", "monkeypatch"),
    ]


def test_the_shim_patches_the_task_classes_django_stubs_ext_patches():
    script = (
        "from django.conf import settings; settings.configure()\n"
        "from django_stubs_ext.patch import _need_generic\n"
        "print(sorted(g.cls.__name__ for g in _need_generic\n"
        "             if g.cls.__module__.startswith('django.tasks')))\n"
    )
    done = run_python("-c", script, env=clean_environment())
    assert done.returncode == 0, done.stderr[-2000:]

    assert done.stdout.strip() == str(sorted(typing_patch_shim.TASK_CLASSES))


def test_the_libraries_are_the_versions_the_shim_was_checked_against():
    installed = {
        name: importlib.metadata.version(name) for name in typing_patch_shim.CHECKED_VERSIONS
    }

    assert installed == typing_patch_shim.CHECKED_VERSIONS


def test_the_stand_in_hands_over_to_the_real_package_for_anything_else():
    script = (
        "import sys\n"
        "from prism import typing_patch_shim\n"
        "typing_patch_shim.install()\n"
        "import django_stubs_ext\n"
        "assert django_stubs_ext.monkeypatch is typing_patch_shim.monkeypatch\n"
        "alias = django_stubs_ext.StrOrPromise\n"
        "print(sys.modules['django_stubs_ext'].__name__, alias is not None,\n"
        "      type(sys.modules['django_stubs_ext']).__name__)\n"
    )
    done = run_python("-c", script, env=clean_environment())
    assert done.returncode == 0, done.stderr[-2000:]

    assert done.stdout.strip() == "django_stubs_ext True module"
