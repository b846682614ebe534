"""Faceted search: the query language of `marsad search`, narrowed by facet filters.

The store picks the first `FACET_DEPTH` matches in the asked order (best or newest;
more for a later page) with every filter applied, in one statement (`Store.ranked`:
FTS5 on SQLite, GIN on PostgreSQL); the page is a slice of
them and the facet counts are taken over them, so a page costs one ranking pass
whatever the archive's size. The total is exact up to `COUNT_CAP`, then "more
than". Snippets use `HTML_MARKS`: the display text is escaped first, then matches
are wrapped in <mark>.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query

from marsad.search import HTML_MARKS, index_terms, parse, snippet
from marsad.search.rank import RERANK_DEPTH, query_forms, rerank
from marsad.store import stats
from marsad.store.base import SearchFilters, Store
from marsad.stories import listing
from marsad.web.errors import BadRequest

__all__ = ["COUNT_CAP", "FACET_DEPTH", "MAX_SIZE", "MAX_WINDOW", "SearchParams", "faceted_search", "search_params"]

FACET_DEPTH = 200  # facets count over this many best matches
COUNT_CAP = 10_000  # totals past this read "more than 10,000"
MAX_SIZE = 100  # results per page
MAX_WINDOW = 1_000  # no page reaches past this many results: narrow the search instead
TYPES = ("PER", "ORG", "LOC")
SORTS = ("relevance", "date")
_DAY = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True, slots=True)
class SearchParams:
    """What a search page or `/api/search` was asked for, validated."""

    q: str | None = None
    entity: tuple[str, ...] = ()
    type: str | None = None
    topic: str | None = None
    source: str | None = None
    since: str | None = None  # "from": a day, month or year, inclusive
    until: str | None = None  # "to": a day, month or year, inclusive
    sort: str = "relevance"
    page: int = 1
    size: int = 20
    all_copies: bool = False  # list copies of one text as hits of their own

    def __post_init__(self) -> None:
        if not 1 <= self.size <= MAX_SIZE:
            raise BadRequest(f"size must be between 1 and {MAX_SIZE} (got {self.size})")
        if self.page < 1:
            raise BadRequest(f"page must be 1 or more (got {self.page})")
        if self.page * self.size > MAX_WINDOW:
            raise BadRequest(f"results past the first {MAX_WINDOW:,} are not served: narrow the search")
        if self.sort not in SORTS:
            raise BadRequest(f"sort must be one of {', '.join(SORTS)} (got {self.sort!r})")
        if self.type is not None and self.type not in TYPES:
            raise BadRequest(f"type must be one of {', '.join(TYPES)} (got {self.type!r})")
        for name, value in (("from", self.since), ("to", self.until)):
            if value is not None and not _DAY.fullmatch(value):
                raise BadRequest(f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD (got {value!r})")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def query_string(self, **changes: Any) -> str:
        """This search as URL parameters, with `changes` applied (page resets unless given).

        A search page builds dozens of these (every facet link), so no validation here:
        the values come from a validated search and the changes from our own templates.
        """
        values = {"page": 1, **{name: getattr(self, name) for name in _FIELDS if name != "page"}, **changes}
        pairs = [("q", values["q"]), *(("entity", e) for e in values["entity"]), ("type", values["type"]),
                 ("topic", values["topic"]), ("source", values["source"]), ("from", values["since"]),
                 ("to", values["until"])]
        if values["sort"] != "relevance":
            pairs.append(("sort", values["sort"]))
        if values["page"] != 1:
            pairs.append(("page", str(values["page"])))
        if values["size"] != 20:
            pairs.append(("size", str(values["size"])))
        if values["all_copies"]:
            pairs.append(("all_copies", "true"))
        return urlencode([(k, v) for k, v in pairs if v])

    def without_entity(self, entity_id: str) -> str:
        return self.query_string(entity=tuple(e for e in self.entity if e != entity_id))

    def filters(self) -> dict[str, Any]:
        """The filters in force, as the API reports them."""
        data = asdict(self)
        data["from"], data["to"] = data.pop("since"), data.pop("until")
        for key in ("q", "sort", "page", "size"):
            data.pop(key)
        data["entity"] = list(self.entity)
        return {k: v for k, v in data.items() if v}


_FIELDS = tuple(f.name for f in fields(SearchParams))


def faceted_search(store: Store, params: SearchParams, entity_groups: list[list[str]]) -> dict[str, Any]:
    """Hits of one page, the total, and facet counts over the best matches.

    `entity_groups` holds, for each `entity` parameter, the ids it means (from
    `Archive.resolve_entity`); a parameter that means no entity matches nothing.
    """
    query = parse(params.q) if params.q and params.q.strip() else None
    if any(not ids for ids in entity_groups):
        return _result(params, [], 0, {}, 0)
    filters = SearchFilters(tuple(tuple(ids) for ids in entity_groups), params.type, params.source,
                            params.since, params.until, params.topic)
    end = params.offset + params.size
    limit = max(FACET_DEPTH, end)
    ranked, whole = store.ranked(query, filters, newest=params.sort == "date", limit=limit, cap=COUNT_CAP + 1)
    total = len(ranked) if whole or len(ranked) < limit else store.count_matching(query, filters, COUNT_CAP + 1)
    if query is not None and params.sort == "relevance":
        ranked = _reranked(store, ranked, query_forms(params.q or ""))
    depth = ranked[:FACET_DEPTH]
    facets = store.facets([pk for pk, _ in depth]) if depth else {}
    terms = query.terms if query else _entity_terms(store, entity_groups)
    groups: dict[int, int] = {}
    if not params.all_copies and hasattr(store, "connection"):  # copies are linked in both stores
        ranked, groups = listing.fold_ranked(store.connection(), ranked)
    page = ranked[params.offset:end]
    hits = _hits(store, page, terms)
    for hit, (pk, _) in zip(hits, page, strict=True):
        group = groups.get(pk)
        hit["copies"] = listing.copy_ids(store.connection(), {pk: group}, {pk: hit["id"]})[pk] if group else []
    return _result(params, hits, total, facets, len(depth))


def _reranked(store: Store, ranked: list[tuple], forms: frozenset[tuple[str, str]]) -> list[tuple]:
    """The best matches re-ranked by their titles, as the stores' `search` does."""
    top = ranked[:RERANK_DEPTH]
    if not top:
        return ranked
    titles = stats.titles(store, [pk for pk, _ in top])
    moved = rerank(top, forms, title=lambda row: titles.get(row[0]), score=lambda row: row[1])
    return [(pk, score) for score, (pk, _) in moved] + ranked[RERANK_DEPTH:]


def _entity_terms(store: Store, groups: list[list[str]]) -> frozenset[str]:
    """Without a query, the names the filtered entities were seen under are what to mark."""
    names = stats.names_seen(store, [i for group in groups for i in group][:20])
    return frozenset(index_terms(" ".join(names)))


def _hits(store: Store, page: list[tuple], terms: frozenset[str]) -> list[dict[str, Any]]:
    by_pk = stats.article_rows(store, [pk for pk, _ in page])
    hits = []
    for pk, score in page:
        article_id, title, url, published, source, text = by_pk[pk]
        hits.append({"id": article_id, "title": title, "url": url, "published": published, "source": source,
                     "score": round(score, 6) if score is not None else None,
                     "snippet": snippet(text, terms, marks=HTML_MARKS)})
    return hits


def _result(params: SearchParams, hits: list, total: int, facets: dict, depth: int) -> dict[str, Any]:
    more = params.offset + len(hits) < min(total, MAX_WINDOW)
    return {
        "query": params.q,
        "filters": params.filters(),
        "sort": params.sort,
        "page": params.page,
        "size": params.size,
        "total": min(total, COUNT_CAP),
        "total_exact": total <= COUNT_CAP,
        "hits": hits,
        "facets": facets,
        "facet_depth": depth,
        "next": params.query_string(page=params.page + 1) if more else None,
        "prev": params.query_string(page=params.page - 1) if params.page > 1 else None,
    }


def search_params(
    q: Annotated[str | None, Query(description="Words, \"phrases\", AND / OR / NOT, parentheses", max_length=1000)] = None,
    entity: Annotated[list[str], Query(description="Only articles naming this entity (id or any name); repeatable")] = [],  # noqa: B006
    type: Annotated[str | None, Query(pattern="^(PER|ORG|LOC)$", description="PER, ORG or LOC")] = None,
    topic: Annotated[str | None, Query(description="Only articles on this topic (e.g. economy)")] = None,
    source: Annotated[str | None, Query(description="Only articles from this source")] = None,
    since: Annotated[str | None, Query(alias="from", description="From this date (YYYY, YYYY-MM or YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(alias="to", description="Up to this date, inclusive")] = None,
    sort: Annotated[str, Query(pattern="^(relevance|date)$", description="relevance or date (newest first)")] = "relevance",
    page: Annotated[int, Query(ge=1, description="1 for the first page")] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_SIZE, description="Hits per page")] = 20,
    all_copies: Annotated[bool, Query(description="List copies of one text as hits of their own")] = False,
) -> SearchParams:
    """The search parameters shared by /search and /api/search."""
    return SearchParams(q or None, tuple(e for e in entity if e.strip())[:10], type or None, topic or None,
                        source or None, since or None, until or None, sort, page, size, all_copies)
