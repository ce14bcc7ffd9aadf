"""A cold start imports only what its first request needs (issue 17).

- simplejwt loads when a token is read, not at start-up (DRF's schema module imports the
  authentication class; simplejwt's settings import django.test).
- django-tasks-db's `django_stubs_ext.monkeypatch()` is served by prism/typing_patch_shim.py,
  so the admin's options, sitemaps and syndication are not imported for a typing patch. The
  checks below fail when either library changes in a way the shim must follow.
- simplejwt's `from django.test.signals import setting_changed` loads that one file, not the
  django.test package (prism/simplejwt_signal_shim.py); checked the same way.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
from pathlib import Path

from prism import simplejwt_signal_shim, typing_patch_shim
from tests.subprocesses import clean_environment, run_python

STARTUP_REPORT = """
import json, sys
# As in the Lambda package, which goes without the OpenAPI generator (it imports django.test).
sys.modules["drf_spectacular"] = sys.modules["drf_spectacular_sidecar"] = None
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
from django.core.signals import setting_changed
receivers = sorted(r[1]().__qualname__ for r in setting_changed.receivers if r[1]() is not None)
print(json.dumps({{"atStart": loaded_at_start, "status": status,
                   "jwtAfterToken": "rest_framework_simplejwt.tokens" in sys.modules,
                   "djangoTest": "django.test" in sys.modules,
                   "signalsFile": sys.modules["django.test.signals"].__file__,
                   "receivers": receivers}}))
"""

DJANGO_TEST_SIGNALS = Path(importlib.util.find_spec("django").origin).parent / "test" / "signals.py"

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
    # simplejwt read django.test.signals without the django.test package...
    assert report["djangoTest"] is False
    # ...from Django's own file, whose receivers are connected beside simplejwt's.
    assert Path(report["signalsFile"]) == DJANGO_TEST_SIGNALS
    assert {"reload_api_settings", "clear_cache_handlers", "reset_cache"} <= set(
        report["receivers"]
    )


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


def _imports_of(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text())
    return [
        (node.module or "", alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    ]


def test_simplejwt_still_takes_setting_changed_from_django_test_signals():
    # If this fails because simplejwt imports the signal from django.core.signals, the shim
    # is no longer needed: remove prism/simplejwt_signal_shim.py.
    package = Path(importlib.util.find_spec("rest_framework_simplejwt").origin).parent
    from_django_test = sorted(
        (source.relative_to(package).as_posix(), module, name)
        for source in package.rglob("*.py")
        for module, name in _imports_of(source)
        if module == "django.test" or module.startswith("django.test.")
    )

    assert from_django_test == [("settings.py", "django.test.signals", "setting_changed")]


def test_django_test_signals_is_a_module_the_shim_may_load_on_its_own():
    from django.core import signals as core_signals
    from django.test import signals as test_signals

    # The same signal object, whichever module simplejwt takes it from.
    assert test_signals.setting_changed is core_signals.setting_changed
    # The file imports nothing of django.test itself (it would run the package's __init__).
    assert not [m for m, _ in _imports_of(DJANGO_TEST_SIGNALS) if m.startswith("django.test")]


def test_the_signal_shim_does_nothing_where_django_test_is_loaded():
    script = (
        "import sys, django.test\n"
        "from prism import simplejwt_signal_shim\n"
        "simplejwt_signal_shim.install()\n"
        "import django.test.signals\n"
        "print(type(sys.modules['django.test.signals'].__spec__.loader).__name__,\n"
        "      django.test.signals is sys.modules['django.test.signals'])\n"
    )
    done = run_python("-c", script, env=clean_environment())
    assert done.returncode == 0, done.stderr[-2000:]

    assert done.stdout.strip() == "SourceFileLoader True"


def test_the_libraries_are_the_versions_the_signal_shim_was_checked_against():
    installed = {
        name: importlib.metadata.version(name) for name in simplejwt_signal_shim.CHECKED_VERSIONS
    }

    assert installed == simplejwt_signal_shim.CHECKED_VERSIONS
