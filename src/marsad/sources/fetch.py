"""A polite, bounded HTTP fetcher: the only way marsad talks to the web.

Everything a crawler needs to be a good guest and to survive hostile servers:
robots.txt obeyed; one request at a time per host, `fetch_delay` seconds apart (also
when several threads share the fetcher);
conditional GET from remembered validators; a size cap checked while streaming;
connect and read timeouts plus an overall deadline (a server trickling one byte a
second never trips a read timeout); redirects followed by hand, at most
`fetch_max_redirects`, each hop through the SSRF guard; retries with doubling
backoff on 5xx, timeouts and dropped connections. Every failure is a `FetchError`
whose message names the URL and the reason.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import httpx

from marsad import settings
from marsad.sources.guard import FetchError, check_peer, check_url

__all__ = ["FetchError", "Fetcher", "Response", "Validators", "user_agent"]

_RETRY_STATUS = frozenset({500, 502, 503, 504, 429})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def user_agent() -> str:
    """`marsad/<version>`: site owners can see who we are and find us."""
    try:
        return f"marsad/{version('marsad')} (+https://github.com/marsad)"
    except PackageNotFoundError:
        return "marsad/0"


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said identifies its last answer, for a conditional GET next time."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class Response:
    """A fetched URL: status 200 with `content`, or 304 (`not_modified`) with none."""

    url: str
    status: int
    content: bytes = b""
    content_type: str = ""
    charset: str | None = None
    validators: Validators = field(default_factory=Validators)
    requests: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Fetcher:
    """One polite client for a run; `robots` decides whether a URL may be fetched at all.

    `clock`/`sleep` are injectable so a simulated day can run in seconds.
    """

    def __init__(self, *, delay: float | None = None, allow_private: bool | None = None,
                 max_bytes: int | None = None, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 obey_robots: bool = True) -> None:
        self.delay = settings.get("fetch_delay", delay)
        self.allow_private = settings.get("fetch_allow_private", allow_private)
        self.max_bytes = settings.get("fetch_max_bytes", max_bytes)
        self.max_redirects = settings.get("fetch_max_redirects")
        self.retries = settings.get("fetch_retries")
        self.backoff = settings.get("fetch_backoff")
        self.deadline = settings.get("fetch_deadline")
        self.sleep, self.clock = sleep, clock
        self.requests = 0
        self._lock = threading.Lock()
        self._next_at: dict[str, float] = {}
        self.host_delays: dict[str, float] = {}  # robots.txt Crawl-delay per scheme://host
        timeout = httpx.Timeout(settings.get("fetch_read_timeout"), connect=settings.get("fetch_connect_timeout"))
        connections = settings.get("fetch_connections")
        self.client = httpx.Client(
            timeout=timeout, follow_redirects=False, transport=transport, trust_env=False,
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
            headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"},
        )
        from marsad.sources.robots import RobotsCache

        self.robots = RobotsCache(self) if obey_robots else None

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, validators: Validators | None = None, *, accept: str = "*/*",
            max_bytes: int | None = None, robots: bool = True) -> Response:
        """GET `url` following redirects; raise `FetchError` naming `url` and why it failed."""
        validators = validators or Validators()
        current, first = url, self.requests
        for _ in range(self.max_redirects + 1):
            try:
                check_url(current, self.allow_private)
            except FetchError as error:
                raise FetchError(url, error.reason if current == url else f"redirected to {current}: {error.reason}")
            if robots and self.robots is not None and not self.robots.allowed(current):
                raise FetchError(url, f"disallowed by robots.txt ({current})")
            response = self._with_retries(url, current, validators, accept, max_bytes or self.max_bytes)
            if isinstance(response, str):
                current = response
                continue
            response.requests = self.requests - first
            return response
        raise FetchError(url, f"more than {self.max_redirects} redirects (setting fetch_max_redirects)")

    def _with_retries(self, origin: str, url: str, validators: Validators, accept: str,
                      max_bytes: int) -> Response | str:
        attempt = 0
        while True:
            try:
                return self._once(origin, url, validators, accept, max_bytes)
            except _Retryable as error:
                if attempt >= self.retries:
                    raise FetchError(origin, f"{error} (after {attempt + 1} tries)") from None
                self.sleep(self.backoff * 2**attempt)
                attempt += 1

    def _wait_turn(self, url: str) -> None:
        """Take the host's next free slot (under a lock: threads polling different sources may
        reach the same host), then sleep until it comes."""
        key = _host_key(url)
        with self._lock:
            now = self.clock()
            slot = max(now, self._next_at.get(key, now))
            self._next_at[key] = slot + self._gap(key)
            self.requests += 1
        if slot > now:
            self.sleep(slot - now)

    def _gap(self, key: str) -> float:
        """Seconds between two requests to the host `key`: ours, or its robots.txt Crawl-delay."""
        return max(self.delay, self.host_delays.get(key, 0.0))

    def _done(self, url: str) -> None:
        """The host's next request waits `delay` after this one ended, not only after it began:
        a request held up on its way out (a busy interpreter, a slow connect) must not let
        the next one reach the server right behind it."""
        key = _host_key(url)
        with self._lock:
            after = self.clock() + self._gap(key)
            self._next_at[key] = max(self._next_at.get(key, after), after)

    def _once(self, origin: str, url: str, validators: Validators, accept: str, max_bytes: int) -> Response | str:
        headers = {"Accept": accept}
        if validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        self._wait_turn(url)
        try:
            return self._exchange(origin, url, headers, max_bytes)
        finally:
            self._done(url)

    def _exchange(self, origin: str, url: str, headers: dict[str, str], max_bytes: int) -> Response | str:
        try:
            with self.client.stream("GET", url, headers=headers) as answer:
                return self._read(origin, url, answer, max_bytes)
        except httpx.TimeoutException as error:
            raise _Retryable(f"timed out ({type(error).__name__})") from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as error:
            raise _Retryable(f"connection broken ({error or type(error).__name__})") from None
        except httpx.ConnectError as error:
            raise FetchError(origin, f"cannot connect ({error})") from None
        except httpx.DecodingError as error:
            raise FetchError(origin, f"bad compressed body ({error})") from None
        except httpx.HTTPError as error:
            raise FetchError(origin, f"{type(error).__name__}: {error}") from None

    def _read(self, origin: str, url: str, answer: httpx.Response, max_bytes: int) -> Response | str:
        stream = answer.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        check_peer(url, peer[0] if peer else None, self.allow_private)
        status = answer.status_code
        if status in _REDIRECTS and "location" in answer.headers:
            return urljoin(url, answer.headers["location"])
        if status in _RETRY_STATUS:
            raise _Retryable(f"HTTP {status}")
        if status == 304:
            return Response(url, 304, validators=_validators(answer))
        if status >= 400 or status != 200:
            raise FetchError(origin, f"HTTP {status} {answer.reason_phrase}".rstrip(), status)
        declared = answer.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(origin, f"too large: {int(declared):,} bytes declared, over the {max_bytes:,} "
                                     "byte cap (setting fetch_max_bytes)")
        content = self._body(origin, answer, max_bytes)
        kind = answer.headers.get("content-type", "")
        return Response(url, 200, content, kind.split(";")[0].strip().lower(), answer.charset_encoding,
                        _validators(answer))

    def _body(self, origin: str, answer: httpx.Response, max_bytes: int) -> bytes:
        started, chunks, size = self.clock(), [], 0
        for chunk in answer.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(origin, f"too large: over the {max_bytes:,} byte cap (setting fetch_max_bytes)")
            if self.clock() - started > self.deadline:
                raise _Retryable(f"too slow: body not complete after {self.deadline:g} s (setting fetch_deadline)")
            chunks.append(chunk)
        return b"".join(chunks)


class _Retryable(Exception):
    """A failure worth another try later in this call (5xx, timeout, dropped connection)."""


def _validators(answer: httpx.Response) -> Validators:
    return Validators(answer.headers.get("etag"), answer.headers.get("last-modified"))
