"""The trailing-slash redirect, relative: `/search/?q=x` goes to `/search?q=x`.

Starlette's own redirect builds an absolute URL from the request's Host header, so
anyone who can set that header picks where the redirect points. Here the Location
is a path on this server, never a host, and a path that would read as one
(`//evil.example/`) is not redirected at all.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.routing import Match

__all__ = ["slash_redirect"]


def slash_redirect(request: Request) -> RedirectResponse | None:
    """A redirect to the same path without its trailing slash, when that path has a route."""
    path = request.url.path
    if request.method not in ("GET", "HEAD") or len(path) < 2 or not path.endswith("/") or path.startswith("//"):
        return None
    target = path.rstrip("/")
    if not target or target.startswith("//") or "\\" in target:
        return None
    scope = {**request.scope, "path": target}
    if not any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
        return None
    query = request.url.query
    return RedirectResponse(target + (f"?{query}" if query else ""), status_code=307)
