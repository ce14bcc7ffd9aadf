"""`make run`: the port is a variable, and a taken port is reported before any set-up."""

from __future__ import annotations

import shutil
import socket
import subprocess

import pytest

from tests.subprocesses import ROOT, clean_environment, run_python


def check_port(port: str) -> subprocess.CompletedProcess:
    return run_python("scripts/check_port.py", "127.0.0.1", port, env=clean_environment())


def test_a_taken_port_is_reported_with_the_way_out():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        done = check_port(str(port))
    assert done.returncode == 1
    assert f"127.0.0.1:{port}" in done.stderr
    assert f"make run PORT={port + 1}" in done.stderr


def test_a_free_port_passes_and_a_bad_one_is_refused():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert check_port(str(port)).returncode == 0
    refused = check_port("80a")
    assert refused.returncode == 2 and "PORT must be a number" in refused.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_checks_the_chosen_port_before_migrating_and_serves_on_it():
    done = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = done.stdout.splitlines()
    check = next(i for i, line in enumerate(lines) if "check_port.py 127.0.0.1 8123" in line)
    migrate = next(i for i, line in enumerate(lines) if "manage.py migrate" in line)
    assert check < migrate
    assert any("runserver 127.0.0.1:8123" in line for line in lines)
