"""`marsad serve` in a child process on a free loopback port, for the tests that need a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_serve(db: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Start `marsad serve --db DB` with `env` added to ours; (process, base URL) once it answers.
    Its output is kept in `process.stdout` (the access log); the caller stops it."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "marsad", "serve", "--db", str(db), "--port", str(port)],
                            env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/api/stats", timeout=2).read()
            return proc, base
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"marsad serve did not come up on port {port}: {proc.stdout.read().decode()[-2000:]}")
            time.sleep(0.2)
