"""The ASGI app behind `marsad serve`: pages, the JSON API, static files, errors, security.

`create_app(db)` builds it for one archive (an SQLite file or a PostgreSQL URL);
`serve()` runs it with uvicorn.
Errors map to statuses here once for pages and API alike: JSON under /api/, an
HTML page elsewhere, with a message for people and never a traceback.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from marsad import settings
from marsad.errors import InputError, NotFound, QueryError, ReadOnlyStore, StoreError, StoreLocked
from marsad.service import Archive
from marsad.web import accesslog, alerts, api, feeds, pages, stories, views
from marsad.web.archives import Archives
from marsad.web.errors import WebError
from marsad.web.security import Guard
from marsad.web.slashes import slash_redirect
from marsad.web.templating import render

__all__ = ["create_app", "serve"]

log = logging.getLogger("marsad.web")
STATIC = Path(__file__).parent / "static"
_HTTP_MESSAGES = {404: "no such page", 405: "method not allowed here"}


def _reply(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"status": status, "message": message}}, status, headers=headers)
    response = render("error.html", status, status=status, message=message)
    response.headers.update(headers or {})
    return response


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {item.get('msg', 'invalid')}" if where else item.get("msg", "invalid"))
    return "; ".join(parts) or "invalid request"


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, error: WebError) -> Response:
        return _reply(request, error.status, error.message, error.headers)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        # Our own message: the store's names the archive file, which clients need not know.
        what = "article" if "/articles/" in request.url.path else "item"
        message = str(error) if "archive" not in str(error) else f"no {what} with this id"
        return _reply(request, 404, message)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, error: QueryError) -> Response:
        return _reply(request, 400, str(error))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, error: InputError) -> Response:
        return _reply(request, 422, error.reason)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> Response:
        log.error("archive error on %s: %s", request.url.path, error)
        busy = isinstance(error, StoreLocked)
        message = "the archive is busy, try again shortly" if busy else "the archive is not available"
        return _reply(request, 503, message, {"Retry-After": "2"} if busy else None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        return _reply(request, 400, _validation_message(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        redirect = slash_redirect(request) if error.status_code == 404 else None
        if redirect is not None:
            return redirect
        return _reply(request, error.status_code, _HTTP_MESSAGES.get(error.status_code, str(error.detail)))


def create_app(
    db: str | Path | None = None, *, token: str | None = None, max_request_bytes: int | None = None,
    warm: bool = False, readonly: bool = False,
) -> FastAPI:
    """The web app over the archive at `db`, a file or a PostgreSQL URL (which must exist; `serve` creates it).

    `warm` computes the archive-wide aggregates (overview, sources) in the background at
    startup: on a large archive they read every row once, and the first visitor should
    not wait for that. `readonly` serves an archive nobody may write to: POST is off.
    """
    app = FastAPI(
        lifespan=_lifespan(warm),
        title="marsad",
        summary="Arabic news archive: search, articles, entities, sources.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN; /api/docs renders the schema instead
        redoc_url=None,
        redirect_slashes=False,  # ours is relative (web/slashes.py)
    )
    app.state.archives = Archives(settings.get("db", db))
    app.state.token = settings.get("api_token", token)
    app.state.readonly = readonly
    if readonly:
        _refuse_writes(app)
    accesslog.install(bool(settings.get("access_log_query")))
    app.include_router(api.router)
    app.include_router(feeds.router)  # before the pages: /entities/{id}.atom would match /entities/{id}
    app.include_router(alerts.router)
    app.include_router(pages.router)
    app.include_router(stories.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _install_errors(app)
    app.add_middleware(Guard, max_body=int(settings.get("max_request_bytes", max_request_bytes)))
    return app


def _refuse_writes(app: FastAPI) -> None:
    """On an archive nobody may write to, every request that would write (POST /api/articles,
    the alert sign-up forms) gets 403 with the reason, before any of it runs."""

    @app.middleware("http")
    async def read_only(request: Request, call_next: Callable) -> Response:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return await call_next(request)
        return _reply(request, 403, "this archive is served read-only: nothing can be written to it here")


THREADS = 8  # request threads per process, each with its own SQLite connection and page cache


def _lifespan(warm: bool) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Fewer threads than anyio's default 40: memory stays bounded (a page cache per
        # connection), and a couple of cores cannot run more queries at once anyway.
        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
        if warm:
            threading.Thread(target=_warm, args=(app,), name="marsad-warm-up", daemon=True).start()
        try:
            yield
        finally:
            app.state.archives.close()

    return lifespan


def _warm(app: FastAPI) -> None:
    try:
        views.overview(app.state.archives)
        views.sources(app.state.archives)
    except Exception:  # a broken archive shows itself on the first request instead
        log.exception("warming the overview failed")


def worker_app() -> FastAPI:
    """The app of one worker process, configured from the environment (see `serve`)."""
    return create_app(warm=True, readonly=not _writable(settings.get("db")))


def _writable(db: str | Path | None) -> bool:
    """Open the archive for writing (creating it, applying migrations, so read-only readers
    find a ready file); False when nobody may write to it, which is then served read-only."""
    try:
        with Archive(db):
            return True
    except ReadOnlyStore:
        with Archive(db, readonly=True):  # it must at least open for reading
            return False


def serve(db: str | None = None, host: str | None = None, port: int | None = None) -> None:
    """Run the app with uvicorn until interrupted; create the archive if it is not there yet.

    With the `web_workers` setting above 1, that many processes share the port; each builds
    its own app from the environment, so the archive path goes there. An archive nobody
    may write to is served read-only, with POST /api/articles off.
    """
    import uvicorn

    from marsad.store.factory import location

    path = location(settings.get("db", db))
    readonly = not _writable(path)
    host, port, workers = settings.get("host", host), int(settings.get("port", port)), int(settings.get("web_workers"))
    access_log = bool(settings.get("access_log"))
    options = {"host": host, "port": port, "access_log": access_log, "server_header": False,
               "proxy_headers": False, "log_level": "info" if access_log else "warning"}
    mode = " read-only (POST is off)" if readonly else ""
    print(f"marsad: serving {_shown(path)}{mode} on http://{host}:{port}/ (API docs at /api/docs)", flush=True)
    if workers > 1:
        _run_workers(path, workers, options)
    else:
        uvicorn.run(create_app(path, warm=True, readonly=readonly), **options)


def _shown(path: str | Path) -> str:
    """The archive as messages name it: a URL without its password."""
    from marsad.store.factory import is_url

    if not is_url(path):
        return str(path)
    from marsad.store.postgres import redact

    return redact(str(path))


def _run_workers(path: str | Path, workers: int, options: dict) -> None:
    """Several processes on one listening socket (uvicorn's multiprocess supervisor)."""
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    os.environ[settings.SETTINGS["db"].env] = str(path)
    config = uvicorn.Config("marsad.web.app:worker_app", factory=True, workers=workers, **options)
    sock = config.bind_socket()
    # uvicorn makes this socket with protocol 0, so asyncio never sets TCP_NODELAY on its
    # connections and every keep-alive response waits ~40 ms for a delayed ACK. Accepted
    # sockets inherit the option from the listening one.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        Multiprocess(config, sockets=[sock]).run()
    except KeyboardInterrupt:
        pass
