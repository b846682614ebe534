"""Which stored articles an export takes: by language, date, source, query, copies."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from marsad.article import Article

__all__ = ["Filters", "select"]

# Ids fetched per search page when a store has no `matches` of its own.
_PAGE = 1000


@dataclass(frozen=True, slots=True)
class Filters:
    """What to keep; None keeps everything. `since` is an ISO date compared with `published`."""

    lang: str | None = None
    since: str | None = None
    source: str | None = None
    query: str | None = None
    no_copies: bool = False

    def keeps(self, article: Article) -> bool:
        """Whether `article` passes every filter but the query (the store answers that)."""
        if self.lang is not None and article.lang != self.lang:
            return False
        if self.since is not None and not (article.published and article.published[:10] >= self.since):
            return False
        if self.source is not None and article.source != self.source:
            return False
        return not (self.no_copies and _copy_of(article))


def _copy_of(article: Article) -> str | None:
    return article.provenance.copy_of


def _ids(store, query: str | None) -> Iterator[str]:
    if query is None:
        yield from store.ids()
    elif hasattr(store, "matches"):
        yield from store.matches(query)
    else:
        offset = 0
        while hits := store.search(query, limit=_PAGE, offset=offset):
            yield from (hit.id for hit in hits)
            offset += len(hits)


def select(store, filters: Filters) -> Iterator[Article]:
    """Stored articles that pass `filters`, one at a time in stored order (search order with
    a query on a store without `matches`)."""
    for article_id in _ids(store, filters.query):
        article = store.article(article_id)
        if filters.keeps(article):
            yield article
