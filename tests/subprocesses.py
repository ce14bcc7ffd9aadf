"""Running this interpreter in a fresh process, from the repository root."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Variables that configure PRism: a child starts from none of the test run's values.
CONFIGURATION_PREFIXES = ("DJANGO_", "PRISM_", "DATABASE_URL", "ORACLE_", "EMAIL_", "AWS_")


def clean_environment(**variables: str) -> dict[str, str]:
    """This process's environment without PRism's configuration, plus `variables`."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(CONFIGURATION_PREFIXES)}
    return {**inherited, "DJANGO_SETTINGS_MODULE": "prism.settings", **variables}


def run_python(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    """`python *args` from the repository root with `env`; output captured as text."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
