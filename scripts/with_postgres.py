#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster on 127.0.0.1.

    python scripts/with_postgres.py -- pytest -q

Creates a cluster in a temporary folder (initdb refuses root, so as root it runs as the
`postgres` user), starts it on a free port with fsync off, exports DATABASE_URL to the
command (with PRISM_TEST_ON_POSTGRES=1: there a PostgreSQL-only test that skips fails),
and stops the server (by its PID) and removes the folder afterwards.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def server_bindir() -> Path:
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(out.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists():
            return Path(folder)
    sys.exit("PostgreSQL server binaries not found: install them (apt-get install -y postgresql).")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


def main() -> int:
    argv = sys.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        sys.exit(__doc__)
    bindir = server_bindir()
    workdir = Path(tempfile.mkdtemp(prefix="prism-pg-"))
    data = workdir / "data"
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    port = free_port()
    subprocess.run(
        as_server_user(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "prism",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale",
                "C",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir} -c fsync=off -c max_connections=200"
    )
    subprocess.run(
        as_server_user(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-l",
                str(workdir / "server.log"),
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    pid = int((data / "postmaster.pid").read_text().split()[0])
    try:
        env = dict(
            os.environ,
            DATABASE_URL=f"postgres://prism@127.0.0.1:{port}/postgres",
            # The suite fails a PostgreSQL-only test that skips in this pass (tests/conftest.py).
            PRISM_TEST_ON_POSTGRES="1",
        )
        return subprocess.run(argv, env=env, check=False).returncode
    finally:
        os.kill(pid, signal.SIGINT)  # PostgreSQL's "fast" shutdown
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
