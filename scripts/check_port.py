#!/usr/bin/env python3
"""Fail fast, with a clear message, when `make run` could not listen on its port.

    python scripts/check_port.py 127.0.0.1 8000

Run before migrating and seeding, so a taken port is reported first, not after them.
"""

from __future__ import annotations

import socket
import sys


def main(host: str, port_text: str) -> int:
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        print(f"PORT must be a number from 1 to 65535, not {port_text!r}.", file=sys.stderr)
        return 2
    port = int(port_text)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the dev server does: a port left in TIME_WAIT is free, a listening one is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            print(
                f"Cannot serve on {host}:{port}: {exc.strerror}. Another server (an earlier "
                f"`make run`?) is using it: stop it, or choose a port: make run PORT={port + 1}",
                file=sys.stderr,
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
