"""Lets simplejwt import `django.test.signals` without running `django/test/__init__.py`.

simplejwt 5.5's settings module does `from django.test.signals import setting_changed`. The
signal is Django's own `django.core.signals.setting_changed` (django.test.signals imports it
from there), but importing a submodule first runs its package's `__init__`, and
`django.test`'s loads the test client, the test cases, unittest and more: 20–25 ms of the
first signed-in request of a cold start (issue 17), in a process that never runs a test.

Python takes a submodule it finds in `sys.modules` as it is, without importing the parent
package. So, installed by the Lambda handler before anything can import simplejwt, this
registers Django's real `django/test/signals.py` under its real name, loaded lazily
(`importlib.util.LazyLoader`: the file runs when simplejwt first reads `setting_changed`).
Same file, same receivers, same signal object: only the package's `__init__` is skipped.
Where `django.test` is already loaded (the test suite), it does nothing.

Why a shim: upstream's fix is one line (import the signal from django.core.signals), not
released in the version pinned here. tests/foundation/test_cold_imports.py fails when
simplejwt stops importing it this way, when the signal moves, or when either version changes.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

# The versions this was checked against (requirements.txt); the test compares.
CHECKED_VERSIONS = {"djangorestframework_simplejwt": "5.5.1", "Django": "6.1.3"}
PACKAGE = "django.test"
MODULE = "django.test.signals"


def install() -> None:
    """Register django/test/signals.py as `django.test.signals`, unless `django.test` (or
    the module) is already loaded."""
    if PACKAGE in sys.modules or MODULE in sys.modules:
        return
    import django

    source = Path(django.__file__).parent / "test" / "signals.py"
    spec = importlib.util.spec_from_file_location(MODULE, source)
    if spec is None or spec.loader is None:  # not where Django keeps it: import as usual
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE] = module
    spec.loader.exec_module(module)
