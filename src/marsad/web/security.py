"""What every response carries and every request is held to, as one ASGI middleware.

- Security headers on every response, errors included: a strict Content-Security-Policy
  (scripts and styles only from our own /static, no inline code, no framing), nosniff,
  and no Referer, so a click through to a source site never tells it what an analyst
  searched for.
- Request bodies over `max_request_bytes` get 413, announced (Content-Length) or not
  (chunked bodies are counted as they arrive).
- Any exception that escapes the app becomes a generic 500 (JSON under /api/, HTML
  elsewhere); the traceback goes to the server log only.
- HEAD is answered as GET without the body (uptime monitors and `curl -I` send it; the
  routes are declared for GET only).

The API token is compared in constant time and never written to a log or a response.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from marsad.web.errors import Forbidden, Unauthorized
from marsad.web.templating import error_html

__all__ = ["CSP", "SECURITY_HEADERS", "Guard", "check_token"]

log = logging.getLogger("marsad.web")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class _BodyTooLarge(Exception):
    pass


class Guard:
    """Wraps the app: headers on, oversized bodies off, tracebacks in."""

    def __init__(self, app: Callable, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            scope, send = {**scope, "method": "GET"}, _without_body(send)
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        if self._declared_size(scope) > self.max_body:
            await self._error(scope, send_with_headers, 413, self._too_large())
            return
        try:
            await self.app(scope, self._counting(receive), send_with_headers)
        except _BodyTooLarge:
            if not started:
                await self._error(scope, send_with_headers, 413, self._too_large())
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await self._error(scope, send_with_headers, 500, "internal error: the server log has the details")

    def _too_large(self) -> str:
        return f"request body is over the {self.max_body:,} byte limit (setting max_request_bytes)"

    @staticmethod
    def _declared_size(scope: Scope) -> int:
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return 0
        return 0

    def _counting(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _BodyTooLarge
            return message

        return counted

    @staticmethod
    async def _error(scope: Scope, send: Send, status: int, message: str) -> None:
        if scope.get("path", "").startswith("/api/"):
            body = json.dumps({"error": {"status": status, "message": message}}).encode()
            kind = b"application/json"
        else:
            body, kind = error_html(status, message).encode(), b"text/html; charset=utf-8"
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                   (b"connection", b"close")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _without_body(send: Send) -> Send:
    """`send` for a HEAD request: status and headers (Content-Length included) as for GET, no body."""

    async def headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return headers_only


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode()).digest()


def check_token(authorization: str | None, token: str) -> None:
    """Raise unless `authorization` is `Bearer <token>`; the comparison takes constant time."""
    if not token:
        raise Forbidden("ingest over HTTP is turned off: set MARSAD_API_TOKEN on the server to turn it on")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("an API token is required: send 'Authorization: Bearer <token>'")
    # Digests first: compare_digest on the raw strings would leak the token's length.
    if not hmac.compare_digest(_digest(given.strip()), _digest(token)):
        raise Unauthorized("the API token is not valid")
