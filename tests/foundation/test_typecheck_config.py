"""`make typecheck` covers what it should (issue 16).

mypy's module patterns match whole name parts only (`*.services`, not `*_services`), so a
service or selector module named by topic is strict only if pyproject.toml names it, and a
new app package is checked only if `packages` lists it. These read the configuration the
way mypy does and fail when a module would silently be checked less than intended.
"""

from __future__ import annotations

import io
from pathlib import Path

from mypy.config_parser import parse_config_file
from mypy.options import Options

ROOT = Path(__file__).resolve().parents[2]
# Packages at the top of the repository that are not part of the application.
NOT_APPLICATION = {"tests", "bench", "scripts"}
# Module names (the last part) that hold typed reads and writes for other modules.
STRICT_NAME_ENDINGS = ("services", "selectors", "read_models")
# Packages whose every module is strict, but for the screens' HTTP modules (views,
# serializers, URL tables), which are checked as every app's are.
STRICT_PACKAGES = ("screens", "prism.task_queue")
HTTP_NAME_ENDINGS = ("views", "serializers", "urls")


def mypy_options() -> Options:
    options = Options()
    errors = io.StringIO()
    parse_config_file(options, lambda: None, str(ROOT / "pyproject.toml"), io.StringIO(), errors)
    assert errors.getvalue() == ""
    return options


def application_modules() -> list[str]:
    modules = []
    for init in sorted(ROOT.glob("*/__init__.py")):
        package = init.parent.name
        if package in NOT_APPLICATION:
            continue
        for path in sorted(init.parent.rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules.append(".".join(parts))
    return modules


def is_strict(options: Options, module: str) -> bool:
    checked = options.clone_for_module(module)
    return all(
        (
            checked.disallow_untyped_defs,
            checked.disallow_incomplete_defs,
            checked.disallow_untyped_calls,
            checked.disallow_any_generics,
            checked.warn_return_any,
        )
    )


def test_every_application_package_is_checked() -> None:
    packages = {init.parent.name for init in ROOT.glob("*/__init__.py")} - NOT_APPLICATION
    assert sorted(packages - set(mypy_options().packages or [])) == []


def test_services_selectors_read_models_and_screens_are_strict() -> None:
    options = mypy_options()
    should_be_strict = [
        module
        for module in application_modules()
        if module.rsplit(".", 1)[-1].endswith(STRICT_NAME_ENDINGS)
        or (
            any(module == p or module.startswith(p + ".") for p in STRICT_PACKAGES)
            and not module.endswith(HTTP_NAME_ENDINGS)
        )
    ]
    assert "accounts.services" in should_be_strict
    assert [module for module in should_be_strict if not is_strict(options, module)] == []


def test_the_rest_is_checked_but_not_strict() -> None:
    options = mypy_options()
    view = options.clone_for_module("accounts.views")
    assert view.check_untyped_defs
    assert not view.disallow_untyped_defs
