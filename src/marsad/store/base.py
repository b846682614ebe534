"""What every archive offers: the `Store` protocol and the records it hands back.

The CLI, the service and the web pages talk to a `Store`; SQLite is the default,
PostgreSQL will implement the same protocol for archives at scale.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from typing import Protocol, runtime_checkable

from marsad import settings
from marsad.article import Article, Failure
from marsad.search.query import Query
from marsad.search.snippet import BRACKETS, Marks
from marsad.search.terms import indexed_part

__all__ = ["Hit", "IngestResult", "QuarantineEntry", "SearchFilters", "Store", "for_index"]


def for_index(article: Article) -> tuple[Article, str]:
    """The article as stored and the part of its text the search index holds.

    Past `max_index_chars` only the start is indexed and the stored article says so
    (`flags.indexed_chars`), so a search that misses a word deep in a giant page is explained.
    """
    body = indexed_part(article.text, int(settings.get("max_index_chars")))
    if len(body) < len(article.text):
        article = replace(article, flags={**article.flags, "indexed_chars": len(body)})
    return article, body


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result; `score` is positive, higher is better; `snippet` is display text."""

    id: str
    title: str | None
    url: str | None
    score: float
    snippet: str
    published: str | None
    source: str | None
    copies: tuple[str, ...] = ()  # ids of the other articles with the same text (folded into this hit)


@dataclass(frozen=True, slots=True)
class QuarantineEntry:
    """An input that failed, why and where, with the article as far as it got (JSON)."""

    origin: str
    stage: str
    reason: str
    at: str
    article_json: str | None

    def article(self) -> Article | None:
        """The quarantined article rebuilt from its JSON, or None if there was none."""
        return Article.from_dict(json.loads(self.article_json)) if self.article_json else None


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What a faceted search keeps besides its query (the web's search page and `/api/search`).

    `entity_groups`: for each entity asked for, the ids it means (an article must name one
    of each group); `kind`: it must name an entity of this type; the rest are on the row:
    `since`/`until` are a day, month or year, both inclusive.
    """

    entity_groups: tuple[tuple[str, ...], ...] = ()
    kind: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    topic: str | None = None

    @property
    def on_rows(self) -> bool:
        """True when a filter needs the article row (not just the entity tables)."""
        return bool(self.source or self.since or self.until or self.topic)


@dataclass(slots=True)
class IngestResult:
    """What an ingest run did with its inputs, for the summary line and the exit code."""

    stored: int = 0  # new articles
    duplicates: int = 0  # articles whose text was already stored
    skipped: int = 0  # inputs already done in an earlier run
    dropped: int = 0  # left out on purpose (a stage raised Drop)
    quarantined: int = 0  # failed; kept in quarantine with the reason

    @property
    def complete(self) -> bool:
        """True when every input went through (nothing newly quarantined)."""
        return self.quarantined == 0


@runtime_checkable
class Store(Protocol):
    """An archive of articles with full-text search, a record of inputs and a quarantine."""

    def add(self, article: Article) -> bool:
        """Store `article`; True if new, False if an article with its id is already stored."""
        ...

    def batch(self) -> AbstractContextManager[None]:
        """Group writes in one transaction; on error roll back this batch only."""
        ...

    def record_input(
        self, origin: str, fingerprint: str, article_id: str | None = None, *, status: str = "stored"
    ) -> None:
        """Remember that this input (at this content fingerprint) has been processed."""
        ...

    def input_done(self, origin: str, fingerprint: str) -> bool:
        """True if this input, with this exact content, was processed before."""
        ...

    def quarantine(self, origin: str, failure: Failure, article: Article | None = None) -> None:
        """Keep a failed input with its reason (replacing an earlier entry for `origin`)."""
        ...

    def release(self, origin: str) -> bool:
        """Remove `origin` from quarantine (a rerun succeeded); True if it was there."""
        ...

    def quarantined(self) -> list[QuarantineEntry]:
        """Every quarantined input, oldest first."""
        ...

    def article(self, id: str) -> Article:
        """The stored article with this id; raise NotFound if there is none."""
        ...

    def ids(self) -> Iterator[str]:
        """Every stored article id, in the order they were stored."""
        ...

    def count(self, query: str | None = None) -> int:
        """How many articles are stored, or match `query`."""
        ...

    def search(
        self, query: str | None, limit: int = 10, offset: int = 0, *, marks: Marks = BRACKETS,
        entity_ids: list[str] | None = None,
    ) -> list[Hit]:
        """Best matches first (BM25, title weighted), optionally only articles naming `entity_ids`;
        raise QueryError for a malformed query."""
        ...

    def resolve_entity(self, id_or_name: str) -> list[str]:
        """Stored entity ids that an id or any name seen in articles means."""
        ...

    def ranked(
        self, query: Query | None, filters: SearchFilters, *, newest: bool, limit: int, cap: int
    ) -> tuple[list[tuple[int, float | None]], bool]:
        """Archive keys and scores (None when by date) of the matches in the asked order, best
        (or, with `newest` or no query, newest) first; and whether every match was read (up to
        `cap`, when a filter on the rows makes counting them the same work), else only `limit`."""
        ...

    def count_matching(self, query: Query | None, filters: SearchFilters, cap: int) -> int:
        """How many articles match `query` and the entity filters, counted up to `cap`."""
        ...

    def facets(self, pks: list[int], limit: int = 10) -> dict[str, list[dict]]:
        """Counts over these articles by entity, place, entity type, topic, source and month."""
        ...

    def entities(self, kind: str | None = None, limit: int = 50) -> list:
        """Entities by article count, with the names they were seen under."""
        ...

    def close(self) -> None:
        """Release the archive (the file, connections)."""
        ...
