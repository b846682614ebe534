"""What feeds and sitemaps hand on: article links, and the errors that stop reading them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.sources.guard import FetchError

__all__ = ["Entry", "FeedError", "Parsed", "refuse_entities"]

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


class FeedError(FetchError):
    """A feed or sitemap that cannot be read: not one, malformed, or unsafe."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One article link a feed or sitemap announces, with what it says about it."""

    url: str
    published: str | None = None
    title: str | None = None


@dataclass(slots=True)
class Parsed:
    """What a feed or sitemap holds: article links, child sitemaps, and any damage seen."""

    kind: str
    entries: list[Entry]
    sitemaps: list[str]
    problem: str | None = None


def refuse_entities(data: bytes, url: str) -> None:
    """Raise for XML that declares entities: no feed needs them, and bombs are made of them."""
    if _ENTITY_DECL.search(data[:65536]):
        raise FeedError(url, "XML declares entities (refused: entity expansion, e.g. billion laughs)")
