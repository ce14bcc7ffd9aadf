"""A stand-in for `django_stubs_ext.monkeypatch()`, the one call django-tasks-db makes to it.

django-tasks-db 0.13's `__init__` runs `django_stubs_ext.monkeypatch()`, which gives some
forty Django classes a `__class_getitem__` so type hints may subscript them. To reach them it
imports the admin, sitemaps, syndication, generic views and forms, every process, every cold
start (≈15–20 ms of PRism's, issue 17), though the admin is only for staff.

What django-tasks-db needs of it at run time is narrower: its modules subscript Django 6's
task classes in code Python evaluates on import (`class TaskResult(BaseTaskResult[P, T])`,
annotations on Python 3.13), and nothing else. So, installed from settings before any app
loads, this registers a module named `django_stubs_ext` whose `monkeypatch()` patches those
classes the way the library does, and which turns into the real package the moment anything
asks it for something else (its type aliases, say).

Why a shim and not another fix: django-tasks-db has no setting for it, the call is
unconditional at import, and waiting for upstream leaves every cold start paying.
tests/foundation/test_cold_imports.py fails when either library changes in a way that could
make this wrong: another use of django_stubs_ext in django-tasks-db, a changed list of task
classes, or other versions than the ones checked here.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Iterable
from typing import Any

# The versions this was checked against (requirements.txt); the test compares.
CHECKED_VERSIONS = {"django-tasks-db": "0.13.0", "django-stubs-ext": "6.1.2"}
# django.tasks classes django-stubs-ext makes subscriptable on Django >= 6.
TASK_CLASSES = ("Task", "TaskContext", "TaskResult")
MODULE = "django_stubs_ext"


def _class_getitem_for(patched: type) -> classmethod[Any, [Any], Any]:
    # As django-stubs-ext does: defer to a later `__class_getitem__` in the MRO (a Generic
    # base), else subscripting is a no-op that returns the class.
    def __class_getitem__(cls: type, item: Any) -> Any:
        mro = cls.__mro__
        for base in mro[mro.index(patched) + 1 : -1]:
            getitem = base.__dict__.get("__class_getitem__")
            if getitem is not None:
                return getitem.__get__(None, cls)(item)
        return cls

    return classmethod(__class_getitem__)


def monkeypatch(extra_classes: Iterable[type] | None = None) -> None:
    """What django-tasks-db needs of `django_stubs_ext.monkeypatch()`: Django's task classes
    (and any `extra_classes`) accept subscripts."""
    tasks = importlib.import_module("django.tasks")
    for cls in [getattr(tasks, name) for name in TASK_CLASSES] + list(extra_classes or ()):
        cls.__class_getitem__ = _class_getitem_for(cls)


class _StandIn(types.ModuleType):
    monkeypatch: Callable[[Iterable[type] | None], None]

    def __getattr__(self, name: str) -> Any:
        # Anything but monkeypatch: hand over to the real package.
        if name.startswith("__"):
            raise AttributeError(name)
        if sys.modules.get(MODULE) is self:
            del sys.modules[MODULE]
        return getattr(importlib.import_module(MODULE), name)


def install() -> None:
    """Register the stand-in unless the real package is already loaded."""
    if MODULE in sys.modules:
        return
    stand_in = _StandIn(MODULE, __doc__)
    stand_in.monkeypatch = monkeypatch
    stand_in.__file__ = __file__
    sys.modules[MODULE] = stand_in
