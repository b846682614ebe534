"""Aggregates over the archive for the overview, entity, source and search pages.

Every function takes a store (SQLite or PostgreSQL) and reads through its public
`read()`, so the SQL of these views lives here and not in the store; what the two
write differently (JSON fields, date shapes, index hints) comes from `dialect.py`. The work of each is bounded:
queries walk indexes (`articles_published`, the `mentions` keys) or a capped set of
rows, and where a view looks at a sample (co-mentions, quotes, facets) it says how
many rows it looked at, so pages can tell readers.

An article's day is the first ten characters of `published` (ISO 8601); articles
without a date are counted apart as "undated", never guessed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from marsad.store.base import Store
from marsad.store.dialect import dialect_of

__all__ = [
    "MT_FLAG",
    "article_rows",
    "co_mentioned",
    "entity",
    "entity_articles",
    "entity_list",
    "entity_names",
    "entity_quotes",
    "entity_timeline",
    "facets",
    "last_day",
    "names_seen",
    "per_day",
    "source",
    "sources",
    "titles",
    "top_entities",
    "totals",
    "version",
]

# An article counts as flagged machine-translated from this score up (flags.machine_translated).
MT_FLAG = 0.5
# Only well-formed ISO dates go into day buckets; anything else counts as undated.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def version(store: Store) -> tuple[int, int]:
    """Changes whenever an article is added or an input quarantined: a cache key for aggregates."""
    row = store.read("SELECT (SELECT coalesce(max(pk), 0) FROM articles), (SELECT count(*) FROM quarantine)")[0]
    return row[0], row[1]


def totals(store: Store) -> dict[str, Any]:
    """Counts of articles, sources, entities, mentions and quarantined inputs; the date range."""
    dated = dialect_of(store).dated
    row = store.read(
        f"""SELECT (SELECT count(*) FROM articles),
                   (SELECT count(DISTINCT source) FROM articles),
                   (SELECT count(*) FROM entities),
                   (SELECT count(*) FROM mentions),
                   (SELECT count(*) FROM quarantine),
                   (SELECT min(substr(published, 1, 10)) FROM articles a WHERE {dated}),
                   (SELECT max(substr(published, 1, 10)) FROM articles a WHERE {dated})"""
    )[0]
    keys = ("articles", "sources", "entities", "mentions", "quarantined", "first_day", "last_day")
    return dict(zip(keys, row, strict=True))


def per_day(store: Store, source: str | None = None, days: int | None = None) -> list[tuple[str, int]]:
    """Articles per publication day, oldest first; `days` keeps the last ones up to the newest."""
    where, params = ("AND a.source = ?", [source]) if source is not None else ("", [])
    rows = store.read(
        f"""SELECT substr(a.published, 1, 10) AS day, count(*) FROM articles a
            WHERE {dialect_of(store).dated} {where} GROUP BY day ORDER BY day""",
        params,
    )
    return [(day, n) for day, n in rows][-days:] if days else [(day, n) for day, n in rows]


def _day_after(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def top_entities(store: Store, days: int = 7, limit: int = 10) -> dict[str, Any]:
    """Entities in the most articles over the last `days` days of the archive (up to its newest
    article, so an archive of old news still shows its last week); all time when undated."""
    last = last_day(store)
    if last is None:
        window, where, params = None, "", []
    else:
        first = (date.fromisoformat(last) - timedelta(days=days - 1)).isoformat()
        window = (first, last)
        where, params = "WHERE a.published >= ? AND a.published < ?", [first, _day_after(last)]
    rows = store.read(
        f"""SELECT e.id, e.type, e.name_ar, e.name_en, count(*) AS n
            FROM articles a JOIN mentions m ON m.article_pk = a.pk JOIN entities e ON e.id = m.entity_id
            {where} GROUP BY e.id ORDER BY n DESC, e.id LIMIT ?""",
        [*params, limit],
    )
    return {"window": window, "entities": [_entity_row(row) for row in rows]}


def last_day(store: Store) -> str | None:
    """The newest publication day in the archive (through the published index)."""
    return store.read(f"SELECT max(substr(published, 1, 10)) FROM articles a WHERE {dialect_of(store).dated}")[0][0]


def _entity_row(row: Sequence[Any]) -> dict[str, Any]:
    entity_id, kind, name_ar, name_en, n = row
    return {"id": entity_id, "type": kind, "name": {"ar": name_ar, "en": name_en}, "articles": n}


def sources(store: Store) -> list[dict[str, Any]]:
    """Every source with its article count and first and last day, biggest first."""
    rows = store.read(
        """SELECT source, count(*) AS n, min(substr(published, 1, 10)), max(substr(published, 1, 10))
           FROM articles WHERE source IS NOT NULL GROUP BY source ORDER BY n DESC, source"""
    )
    return [{"name": name, "articles": n, "first_day": first, "last_day": last} for name, n, first, last in rows]


def source(store: Store, name: str) -> dict[str, Any] | None:
    """One source: articles, how much cleaning cut from them, how many look machine-translated."""
    sql = dialect_of(store)
    # json_extract: SQLite's own; on PostgreSQL the function migration 0003_stories made (numbers, booleans)
    row = store.read(
        f"""SELECT count(*),
                  sum(CASE WHEN {sql.json_length('data', 'removed')} > 0 THEN 1 ELSE 0 END),
                  sum(coalesce((SELECT sum(length({sql.item_text('r', 'text')}))
                                FROM {sql.json_items('data', 'removed', 'r')}), 0)),
                  sum(length(text)),
                  sum(CASE WHEN coalesce(json_extract(data, '$.flags.machine_translated'), 0) >= ? THEN 1 ELSE 0 END),
                  sum(CASE WHEN published IS NULL THEN 1 ELSE 0 END)
           FROM articles WHERE source = ?""",
        (MT_FLAG, name),
    )[0]
    articles, with_cuts, cut_chars, kept_chars, flagged, undated = row
    if not articles:
        return None
    cut_chars, kept_chars = int(cut_chars or 0), int(kept_chars or 0)
    return {
        "name": name,
        "articles": articles,
        "undated": undated,
        "with_residue": with_cuts,
        "residue_share": with_cuts / articles,
        "residue_chars_share": cut_chars / ((cut_chars + kept_chars) or 1),
        "machine_translated": flagged,
        "machine_translated_share": flagged / articles,
        "per_day": per_day(store, name),
    }


def entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    """An entity's type, names and how many articles mention it; None if it is not stored."""
    rows = store.read(
        """SELECT e.id, e.type, e.name_ar, e.name_en,
                  (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)
           FROM entities e WHERE e.id = ?""",
        (entity_id,),
    )
    return _entity_row(rows[0]) if rows else None


def entity_list(store: Store, kind: str | None = None, limit: int = 50, offset: int = 0,
                names: int = 5) -> list[dict[str, Any]]:
    """Entities by how many articles name them, each with its `names` most used surface forms."""
    where, params = ("WHERE e.type = ?", [kind]) if kind else ("", [])
    rows = store.read(
        f"""SELECT e.id, e.type, e.name_ar, e.name_en, count(*) AS n
            FROM mentions m JOIN entities e ON e.id = m.entity_id {where}
            GROUP BY e.id ORDER BY n DESC, e.id LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    found = [_entity_row(row) for row in rows]
    if found:
        marks = ", ".join("?" * len(found))
        seen: dict[str, list[str]] = {}
        for entity_id, name in store.read(
            f"""SELECT entity_id, name FROM entity_names WHERE entity_id IN ({marks})
                ORDER BY entity_id, count DESC, name""", [e["id"] for e in found]):
            seen.setdefault(entity_id, []).append(name)
        for item in found:
            item["names_seen"] = seen.get(item["id"], [])[:names]
    return found


def entity_names(store: Store, entity_id: str, limit: int = 30) -> list[tuple[str, int]]:
    """Every surface form the entity was written as, most frequent first."""
    sql = "SELECT name, count FROM entity_names WHERE entity_id = ? ORDER BY count DESC, name LIMIT ?"
    return [(name, n) for name, n in store.read(sql, (entity_id, limit))]


def _common(store: Store, entity_id: str, share: int) -> bool:
    """Whether the entity is named in over 1/`share` of the archive: then one pass over the
    published index (which holds every article's date) beats reading each of its rows."""
    # max(pk) stands for the article count (rows are never deleted) and costs one index seek.
    sql = "SELECT count(*) > (SELECT coalesce(max(pk), 0) / ? FROM articles) FROM mentions WHERE entity_id = ?"
    return bool(store.read(sql, (share, entity_id))[0][0])


def entity_timeline(store: Store, entity_id: str) -> list[tuple[str, int]]:
    """Articles mentioning the entity per month of publication, oldest first."""
    # Reading a row costs about as much as ten index entries (measured at 100,000 articles).
    sql = dialect_of(store)
    source = f"articles a {sql.by_published}" if _common(store, entity_id, 10) else "articles a"
    rows = store.read(
        f"""SELECT substr(a.published, 1, 7) AS month, count(*) FROM {source}
            WHERE a.pk IN (SELECT article_pk FROM mentions WHERE entity_id = ?) AND {sql.dated}
            GROUP BY month ORDER BY month""",
        (entity_id,),
    )
    return [(month, n) for month, n in rows]


def co_mentioned(store: Store, entity_id: str, depth: int = 300, limit: int = 15) -> dict[str, Any]:
    """Entities named in the same articles, over the `depth` latest articles that name this one."""
    rows = store.read(
        """WITH recent AS (SELECT article_pk FROM mentions WHERE entity_id = ?
                           ORDER BY article_pk DESC LIMIT ?)
           SELECT e.id, e.type, e.name_ar, e.name_en, count(*) AS n
           FROM recent r JOIN mentions m ON m.article_pk = r.article_pk JOIN entities e ON e.id = m.entity_id
           WHERE m.entity_id != ? GROUP BY e.id ORDER BY n DESC, e.id LIMIT ?""",
        (entity_id, depth, entity_id, limit),
    )
    return {"depth": depth, "entities": [_entity_row(row) for row in rows]}


def entity_quotes(store: Store, entity_id: str, depth: int = 300, limit: int = 20) -> list[dict[str, Any]]:
    """Quotes attributed to the entity, from the `depth` latest articles that name it."""
    sql = dialect_of(store)
    rows = store.read(
        f"""WITH recent AS (SELECT article_pk FROM mentions WHERE entity_id = ?
                            ORDER BY article_pk DESC LIMIT ?)
           SELECT a.id, a.title, a.published, {sql.item_text('q', 'text')}
           FROM recent r JOIN articles a ON a.pk = r.article_pk CROSS JOIN {sql.json_items('a.data', 'quotes', 'q')}
           WHERE {sql.item_text('q', 'speaker')} = ? ORDER BY r.article_pk DESC LIMIT ?""",
        (entity_id, depth, entity_id, limit),
    )
    return [{"article": aid, "title": title, "published": published, "text": text}
            for aid, title, published, text in rows]


def entity_articles(store: Store, entity_id: str, limit: int = 10) -> list[dict[str, Any]]:
    """The newest articles naming the entity (by publication date, undated last)."""
    # For a common entity, walking the published index from the newest end stops after
    # `limit` hits (SQLite would otherwise sort them all); a rare one's rows are few to sort.
    sql = dialect_of(store)
    source = f"articles a {sql.by_published}" if _common(store, entity_id, 50) else "articles a"
    rows = store.read(
        f"""SELECT a.id, a.title, a.published, a.source FROM {source}
            WHERE a.pk IN (SELECT article_pk FROM mentions WHERE entity_id = ?)
            ORDER BY {sql.newest} LIMIT ?""",
        (entity_id, limit),
    )
    return [{"id": aid, "title": title, "published": published, "source": src}
            for aid, title, published, src in rows]


def facets(store: Store, pks: Sequence[int], limit: int = 10) -> dict[str, list[dict[str, Any]]]:
    """Counts over a set of articles (a search's best hits): by entity, entity type, place,
    topic, source and month of publication."""
    hits = list(pks)
    marks = ", ".join("?" * len(hits))
    # One pass over the mentions of the hits gives the entity, place and type counts.
    rows = store.read(
        f"""SELECT m.article_pk, m.entity_id, e.type FROM mentions m JOIN entities e ON e.id = m.entity_id
            WHERE m.article_pk IN ({marks})""", hits) if hits else []
    per_entity: Counter[str] = Counter(entity_id for _, entity_id, _ in rows)
    kinds = {entity_id: kind for _, entity_id, kind in rows}
    per_type = Counter(kind for _, kind in {(pk, kind) for pk, _, kind in rows})
    ranked = sorted(per_entity.items(), key=lambda kv: (-kv[1], kv[0]))
    people = [entity_id for entity_id, _ in ranked if kinds[entity_id] != "LOC"][:limit]
    places = [entity_id for entity_id, _ in ranked if kinds[entity_id] == "LOC"][:limit]
    named = _named(store, people + places)
    return {
        "entity": [{**named[i], "articles": per_entity[i]} for i in people],
        "place": [{**named[i], "articles": per_entity[i]} for i in places],
        "type": _counts(sorted(per_type.items(), key=lambda kv: (-kv[1], kv[0]))),
        **_row_facets(store, hits, limit),
    }


def _named(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Type and names of these entities, by id."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = store.read(f"SELECT id, type, name_ar, name_en FROM entities WHERE id IN ({marks})", ids)
    return {i: {"id": i, "type": kind, "name": {"ar": ar, "en": en}} for i, kind, ar, en in rows}


def _row_facets(store: Store, hits: list[int], limit: int) -> dict[str, list[dict[str, Any]]]:
    """Topic, source and month counts, from one read of each article row."""
    topics_json = dialect_of(store).json_text("a.data", "topics")
    marks = ", ".join("?" * len(hits))
    rows = store.read(f"SELECT a.source, a.published, {topics_json} FROM articles a WHERE a.pk IN ({marks})",
                      hits) if hits else []
    topics: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for source_, published, topic_list in rows:
        topics.update(json.loads(topic_list) if topic_list else ())
        if source_ is not None:
            sources[source_] += 1
        if published and _ISO_DAY.match(published):
            months[published[:7]] += 1
    by_count = lambda counts: sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return {"topic": _counts(by_count(topics)), "source": _counts(by_count(sources)),
            "month": _counts(sorted(months.items()))}


def _counts(rows: list[tuple]) -> list[dict[str, Any]]:
    return [{"value": value, "count": n} for value, n in rows]


def article_rows(store: Store, pks: Sequence[int]) -> dict[int, tuple]:
    """(id, title, url, published, source, text) of these articles, by archive key: what a hit shows."""
    if not pks:
        return {}
    marks = ", ".join("?" * len(pks))
    rows = store.read(f"SELECT pk, id, title, url, published, source, text FROM articles WHERE pk IN ({marks})",
                      list(pks))
    return {row[0]: tuple(row[1:]) for row in rows}


def titles(store: Store, pks: Sequence[int]) -> dict[int, str | None]:
    """The titles of these articles, by archive key (for re-ranking a page by its titles)."""
    if not pks:
        return {}
    marks = ", ".join("?" * len(pks))
    return dict(store.read(f"SELECT pk, title FROM articles WHERE pk IN ({marks})", list(pks)))


def names_seen(store: Store, entity_ids: Sequence[str], limit: int = 200) -> list[str]:
    """Names these entities were seen under in articles (what to mark in a snippet)."""
    if not entity_ids:
        return []
    marks = ", ".join("?" * len(entity_ids))
    sql = f"SELECT DISTINCT name FROM entity_names WHERE entity_id IN ({marks}) LIMIT ?"
    return [name for (name,) in store.read(sql, [*entity_ids, limit])]
