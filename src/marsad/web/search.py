"""Faceted search: the query language of `marsad search`, narrowed by facet filters.

One SQL statement picks the first `FACET_DEPTH` matches in the asked order (best or
newest; more for a later page) with every filter applied; the page is a slice of
them and the facet counts are taken over them, so a page costs one ranking pass
whatever the archive's size. The total is exact up to `COUNT_CAP`, then "more
than". Snippets use `HTML_MARKS`: the display text is escaped first, then matches
are wrapped in <mark>.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query

from marsad.search import HTML_MARKS, index_terms, parse, snippet
from marsad.search.rank import RERANK_DEPTH, query_forms, rerank
from marsad.store import stats
from marsad.store.sqlite import BODY_WEIGHT, TITLE_WEIGHT, SqliteStore
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


@dataclass(slots=True)
class _Sql:
    """A statement under construction: WHERE clauses and their parameters, in order."""

    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.where.append(clause)
        self.params.extend(params)

    def clause(self) -> str:
        return ("WHERE " + " AND ".join(self.where)) if self.where else ""


def _index_filters(groups: list[list[str]], kind: str | None, column: str) -> _Sql:
    """Filters answered from the entity tables alone (no article row needs reading)."""
    sql = _Sql()
    for ids in groups:  # each entity asked for must be named (the ids of one name: any of them)
        marks = ", ".join("?" * len(ids))
        sql.add(f"{column} IN (SELECT article_pk FROM mentions WHERE entity_id IN ({marks}))", *ids)
    if kind:
        sql.add(f"""{column} IN (SELECT m.article_pk FROM mentions m JOIN entities e ON e.id = m.entity_id
                    WHERE e.type = ?)""", kind)
    return sql


def _row_filters(params: SearchParams, sql: _Sql) -> _Sql:
    """Filters on the article row (aliased `a`), added to `sql`."""
    if params.source:
        sql.add("a.source = ?", params.source)
    if params.since:
        sql.add("a.published >= ?", params.since)
    if params.until:
        sql.add("a.published < ?", params.until + "~")  # "~" sorts after every character of a date
    if params.topic:
        sql.add("EXISTS (SELECT 1 FROM json_each(a.data, '$.topics') t WHERE t.value = ?)", params.topic)
    return sql


def _matching(fts: str, groups: list[list[str]], kind: str | None) -> tuple[str, list]:
    """FTS rows matching the query and the entity filters. `+rowid`: a bare rowid constraint
    would be handed to FTS5, which then runs the whole query once per listed row."""
    sql = _index_filters(groups, kind, "+rowid")
    return " AND ".join(["articles_fts MATCH ?", *sql.where]), [fts, *sql.params]


def _plan(params: SearchParams, fts: str | None, groups: list[list[str]], limit: int) -> tuple[str, list, bool]:
    """SQL for (pk, score) of the matches in the asked order, and whether it reads them all
    (up to COUNT_CAP + 1, so its length is the total) or only the best `limit`.

    Each case takes the cheap path SQLite will not find by itself: relevance ranked inside
    the index; newest first by walking the `published` index backwards and probing the
    matches; a join with the article rows only when a filter needs them.
    """
    row_filters = bool(params.source or params.since or params.until or params.topic)
    newest = "ORDER BY a.published DESC"  # NULLs sort last when descending
    if fts is None or params.sort == "date":
        sql = _index_filters(groups, params.type, "a.pk")
        if fts is not None:
            where, args = _matching(fts, groups, params.type)
            sql = _Sql([f"a.pk IN (SELECT rowid FROM articles_fts WHERE {where})"], list(args))
        _row_filters(params, sql)
        # Counting needs the whole walk when rows are filtered (or, without a query, entities).
        whole = row_filters or (fts is None and bool(sql.where))
        return (f"SELECT a.pk, NULL FROM articles a INDEXED BY articles_published {sql.clause()} {newest} LIMIT ?",
                [*sql.params, COUNT_CAP + 1 if whole else limit], whole)
    rank = f"bm25(articles_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})"
    where, args = _matching(fts, groups, params.type)
    if not row_filters:
        return (f"SELECT rowid, -{rank} FROM articles_fts WHERE {where} ORDER BY {rank} LIMIT ?",
                [*args, limit], False)
    sql = _row_filters(params, _Sql())
    return (
        f"""SELECT a.pk, -f.r FROM (SELECT rowid, {rank} AS r FROM articles_fts WHERE {where}) f
            JOIN articles a ON a.pk = f.rowid {sql.clause()} ORDER BY f.r LIMIT ?""",
        [*args, *sql.params, COUNT_CAP + 1], True,
    )


def _total(store: SqliteStore, fts: str | None, groups: list[list[str]], kind: str | None) -> int:
    """How many articles match when no row filter applies (nor, without a query, any filter),
    counted up to COUNT_CAP + 1."""
    if fts is None:
        return store.read("SELECT count(*) FROM (SELECT 1 FROM articles LIMIT ?)", (COUNT_CAP + 1,))[0][0]
    where, args = _matching(fts, groups, kind)
    sql = f"SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE {where} LIMIT ?)"
    return store.read(sql, [*args, COUNT_CAP + 1])[0][0]


def faceted_search(store: SqliteStore, params: SearchParams, entity_groups: list[list[str]]) -> dict[str, Any]:
    """Hits of one page, the total, and facet counts over the best matches.

    `entity_groups` holds, for each `entity` parameter, the ids it means (from
    `Archive.resolve_entity`); a parameter that means no entity matches nothing.
    """
    query = parse(params.q) if params.q and params.q.strip() else None
    fts = query.fts if query else None
    if any(not ids for ids in entity_groups):
        return _result(params, [], 0, {}, 0)
    end = params.offset + params.size
    limit = max(FACET_DEPTH, end)
    sql, args, whole = _plan(params, fts, entity_groups, limit)
    ranked = store.read(sql, args)
    total = len(ranked) if whole or len(ranked) < limit else _total(store, fts, entity_groups, params.type)
    if query is not None and params.sort == "relevance":
        ranked = _reranked(store, ranked, query_forms(params.q or ""))
    depth = ranked[:FACET_DEPTH]
    facets = stats.facets(store, [pk for pk, _ in depth]) if depth else {}
    terms = query.terms if query else _entity_terms(store, entity_groups)
    groups: dict[int, int] = {}
    if not params.all_copies and hasattr(store, "connection"):  # copies are linked in SQLite archives
        ranked, groups = listing.fold_ranked(store.connection(), ranked)
    page = ranked[params.offset:end]
    hits = _hits(store, page, terms)
    for hit, (pk, _) in zip(hits, page, strict=True):
        group = groups.get(pk)
        hit["copies"] = listing.copy_ids(store.connection(), {pk: group}, {pk: hit["id"]})[pk] if group else []
    return _result(params, hits, total, facets, len(depth))


def _reranked(store: SqliteStore, ranked: list[tuple], forms: frozenset[tuple[str, str]]) -> list[tuple]:
    """The best matches re-ranked by their titles, as `SqliteStore.search` does."""
    top = ranked[:RERANK_DEPTH]
    if not top:
        return ranked
    marks = ", ".join("?" * len(top))
    titles = dict(store.read(f"SELECT pk, title FROM articles WHERE pk IN ({marks})", [pk for pk, _ in top]))
    moved = rerank(top, forms, title=lambda row: titles.get(row[0]), score=lambda row: row[1])
    return [(pk, score) for score, (pk, _) in moved] + ranked[RERANK_DEPTH:]


def _entity_terms(store: SqliteStore, groups: list[list[str]]) -> frozenset[str]:
    """Without a query, the names the filtered entities were seen under are what to mark."""
    ids = [i for group in groups for i in group][:20]
    if not ids:
        return frozenset()
    marks = ", ".join("?" * len(ids))
    names = store.read(f"SELECT DISTINCT name FROM entity_names WHERE entity_id IN ({marks}) LIMIT 200", ids)
    return frozenset(index_terms(" ".join(name for (name,) in names)))


def _hits(store: SqliteStore, page: list[tuple], terms: frozenset[str]) -> list[dict[str, Any]]:
    if not page:
        return []
    marks = ", ".join("?" * len(page))
    rows = store.read(
        f"SELECT pk, id, title, url, published, source, text FROM articles WHERE pk IN ({marks})",
        [pk for pk, _ in page],
    )
    by_pk = {row[0]: row for row in rows}
    hits = []
    for pk, score in page:
        _, article_id, title, url, published, source, text = by_pk[pk]
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
