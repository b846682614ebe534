"""robots.txt, fetched once per host and kept for an hour, obeyed for every URL.

Following RFC 9309: a missing robots.txt (4xx) allows everything; one that cannot be
read (5xx, timeout, refused) disallows the host for now, since we cannot know what
its owner wants. A Crawl-delay longer than our own per-host delay is honoured (up to 60 s). The file is fetched through the same fetcher, so it has the same
timeouts, size cap and SSRF guard (trafilatura once hung on a robots.txt).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from marsad.sources.guard import FetchError

__all__ = ["RobotsCache"]

_MAX_BYTES = 512_000
_TTL = 3600.0
_MAX_CRAWL_DELAY = 60.0  # a Crawl-delay above this would stall a watch cycle on one host


class RobotsCache:
    """Per-host robots.txt rules for one fetcher."""

    def __init__(self, fetcher: Any) -> None:
        """`fetcher` is the `Fetcher` these rules are for (it fetches robots.txt itself)."""
        self.fetcher = fetcher
        self._rules: dict[str, tuple[float, RobotFileParser | None, str]] = {}

    def _load(self, root: str) -> tuple[RobotFileParser | None, str]:
        parser = RobotFileParser()
        try:
            response = self.fetcher.get(root + "/robots.txt", max_bytes=_MAX_BYTES, robots=False)
        except FetchError as error:
            if error.status is not None and 400 <= error.status < 500:
                parser.allow_all = True
                return parser, ""
            return None, error.reason
        parser.parse(response.content.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay("marsad")
        if delay:
            self.fetcher.host_delays[root] = min(float(delay), _MAX_CRAWL_DELAY)
        return parser, ""

    def allowed(self, url: str) -> bool:
        """True if robots.txt lets our user agent fetch `url`; raises when it cannot be read."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        now = self.fetcher.clock()
        cached = self._rules.get(root)
        if cached is None or now - cached[0] > _TTL:
            cached = (now, *self._load(root))
            self._rules[root] = cached
        parser, why = cached[1], cached[2]
        if parser is None:
            raise FetchError(url, f"robots.txt unreadable, so not fetched ({why})")
        return parser.can_fetch("marsad", url)
