"""Errors the web layer raises itself, each with its HTTP status.

Errors of the archive map to statuses in `app.py` (NotFound 404, QueryError 400,
InputError 422, StoreError 503). A client sees a message meant for people, never
a traceback, a file path or a token.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = ["BadRequest", "Forbidden", "TooLarge", "Unauthorized", "Unavailable", "WebError"]


class WebError(Exception):
    """An HTTP error with a message for the client."""

    status = 500
    headers: ClassVar[dict[str, str]] = {}

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(WebError):
    """Parameters or a body that cannot be understood."""

    status = 400


class Unauthorized(WebError):
    """No valid API token."""

    status = 401
    headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": 'Bearer realm="marsad"'}


class Forbidden(WebError):
    """An action this server does not allow (ingest with no token configured)."""

    status = 403


class TooLarge(WebError):
    """A request body over `max_request_bytes`."""

    status = 413


class Unavailable(WebError):
    """The archive cannot answer now (locked, missing, damaged)."""

    status = 503
