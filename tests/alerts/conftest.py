"""Fixtures of the alert tests: a real SMTP server on loopback, a webhook receiver, a live server."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import re
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from serving import free_port, start_serve

PUBLIC = "https://alerts.example.test"


class Mailbox:
    """Mails an aiosmtpd server on loopback received, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self.delay = 0.0  # seconds each mail waits before the server takes it (a slow server)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def wait(self, count: int, timeout: float = 15.0) -> list[EmailMessage]:
        """Wait until `count` mails are in, then return them all."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"expected {count} mails, got {len(self.messages)}"
        return list(self.messages)

    def quiet(self, count: int, wait: float = 0.6) -> None:
        """Nothing beyond `count` mails arrives within `wait` seconds."""
        time.sleep(wait)
        assert len(self.messages) == count, [m["Subject"] for m in self.messages]


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def link_in(message: EmailMessage, kind: str) -> str:
    return re.search(rf"{re.escape(PUBLIC)}/alerts/{kind}/\S+", text_of(message)).group(0)


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch, smtp_port: int) -> Iterator[Mailbox]:
    """A real SMTP server on loopback; the smtp_* and public_url settings point at it."""
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    for name, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port), "SMTP_STARTTLS": "0",
                        "SMTP_FROM": "alerts@marsad.test", "PUBLIC_URL": PUBLIC}.items():
        monkeypatch.setenv(f"MARSAD_{name}", value)
    try:
        yield box
    finally:
        controller.stop()


class Receiver:
    """Webhook deliveries received over real HTTP: (headers, body) each."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, str], bytes]] = []
        self.delay = 0.0
        self.status = 200
        self.url = ""

    def wait(self, count: int, timeout: float = 10.0) -> list[tuple[dict[str, str], bytes]]:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.calls) >= count, f"expected {count} webhook calls, got {len(self.calls)}"
        return list(self.calls)

    def payloads(self) -> list[dict]:
        return [json.loads(body) for _, body in self.calls]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """An HTTP endpoint on loopback that records webhook POSTs (it can be made slow or failing)."""
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            time.sleep(state.delay)
            state.calls.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(state.status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def alert_server(tmp_path: Path, mailbox: Mailbox, smtp_port: int) -> Iterator[tuple[str, Path]]:
    """`marsad serve` on a free port over a fresh archive, mailing through `mailbox`: (base URL, db)."""
    from marsad.service import Archive

    db = tmp_path / "alerts.db"
    Archive(db).close()
    proc, base = start_serve(db, {"MARSAD_WEB_WORKERS": "1", "MARSAD_ACCESS_LOG": "0"})
    try:
        yield base, db
    finally:
        proc.terminate()
        proc.wait(timeout=10)
