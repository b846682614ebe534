"""What each page and API endpoint shows, computed once as plain data.

The HTML pages and the JSON API call the same functions here (the URL picks the
format, as in datasette), so the two can never disagree. Every function returns
JSON-ready dicts and lists; unknown ids raise `NotFound`.
"""

from __future__ import annotations

from typing import Any

from marsad.article import Article
from marsad.errors import NotFound
from marsad.kb import load_kb
from marsad.store import stats
from marsad.sources.canonical import site_of
from marsad.store.sources import SourceTables
from marsad.store.stats import MT_FLAG
from marsad.web.archives import Archives
from marsad.web.search import SearchParams, faceted_search
from marsad.web.stories import top_stories

__all__ = [
    "article",
    "article_with_record",
    "entities",
    "entity",
    "overview",
    "resolve",
    "search",
    "source",
    "sources",
]

MAX_LIST = 500  # longest list one request may ask for


def overview(archives: Archives) -> dict[str, Any]:
    """Counts, articles per day, the entities of the archive's last week and the biggest sources."""

    def compute(archive: Any) -> dict[str, Any]:
        store = archive.store
        week = stats.top_entities(store, days=7, limit=15)
        return {
            "totals": stats.totals(store),
            "per_day": stats.per_day(store),
            "top_entities": week["entities"],
            "top_entities_window": week["window"],
            "sources": stats.sources(store)[:10],
            "top_stories": top_stories(archive),
        }

    return archives.cached(("overview",), compute)


def search(archives: Archives, params: SearchParams) -> dict[str, Any]:
    """A page of hits with snippets, the total and facet counts (see `web.search`)."""
    archive = archives.reader()
    groups = [archive.resolve_entity(value) for value in params.entity]
    result = faceted_search(archive.store, params, groups)
    result["entity_filters"] = [_filter_label(archive.store, value) for value in params.entity]
    return result


def _filter_label(store: Any, value: str) -> dict[str, Any]:
    found = stats.entity(store, value)
    name = (found["name"]["ar"] or found["name"]["en"]) if found else None
    return {"value": value, "name": name or value}


def article(archives: Archives, article_id: str) -> dict[str, Any]:
    """The stored article as DESIGN.md's JSON, plus what pages show about it."""
    return article_with_record(archives, article_id)[1]


def article_with_record(archives: Archives, article_id: str) -> tuple[Article, dict[str, Any]]:
    """The stored `Article` (pages mark up its spans) and `article()`'s data."""
    found = archives.reader().article(article_id)
    data = found.to_dict()
    score = found.flags.get("machine_translated")
    data["machine_translated"] = isinstance(score, (int, float)) and score >= MT_FLAG
    data["speakers"] = {e.id: e.name.get("ar") or e.name.get("en") or e.id for e in found.entities}
    return found, data


def entity(archives: Archives, entity_id: str) -> dict[str, Any]:
    """An entity with every name it was seen under, its timeline, company, quotes and latest articles."""
    store = archives.reader().store
    found = stats.entity(store, entity_id)
    if found is None:
        raise NotFound(f"no entity with id {entity_id!r}")
    known = load_kb().get(entity_id)
    found.update(
        names_seen=[{"name": name, "count": n} for name, n in stats.entity_names(store, entity_id)],
        aliases=list(known.aliases) if known else [],
        note=known.attrs.get("note") if known else None,
        per_month=stats.entity_timeline(store, entity_id),
        co_mentioned=stats.co_mentioned(store, entity_id),
        # Places say nothing: only people and organisations are looked up as speakers.
        quotes=stats.entity_quotes(store, entity_id) if found["type"] != "LOC" else [],
        latest=stats.entity_articles(store, entity_id),
    )
    return found


def resolve(archives: Archives, name: str) -> str | None:
    """The one stored entity a name means, when it means exactly one."""
    ids = archives.reader().store.resolve_entity(name)
    return ids[0] if len(ids) == 1 else None


def entities(archives: Archives, kind: str | None, limit: int, offset: int) -> dict[str, Any]:
    """Entities by article count, a page at a time."""
    items = archives.cached(("entities", kind, limit, offset),
                            lambda archive: stats.entity_list(archive.store, kind, limit, offset))
    return {"type": kind, "limit": limit, "offset": offset, "entities": items}


def sources(archives: Archives) -> dict[str, Any]:
    """Every source with its article count and date range; the watched feeds with their polling figures."""
    watched = [row.to_dict() for row in SourceTables(archives.reader().store).all()]  # live, never cached
    return {"sources": archives.cached(("sources",), lambda archive: stats.sources(archive.store)), "watched": watched}


def source(archives: Archives, name: str) -> dict[str, Any]:
    """One source: articles per day, residue cut, share flagged machine-translated."""
    found = archives.cached(("source", name), lambda archive: stats.source(archive.store, name))
    if found is None:
        raise NotFound(f"no source named {name!r}")
    watched = [row.to_dict() for row in SourceTables(archives.reader().store).all() if site_of(row.url) == name]
    return {**found, "machine_translated_threshold": MT_FLAG, "watched": watched}
