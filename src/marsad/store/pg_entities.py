"""Entity tables of the PostgreSQL archive: the twin of `entities.py` in PostgreSQL's dialect.

Every function takes an open connection and runs inside the caller's transaction.
Rows are written in sorted order so concurrent writers lock shared rows in the same order.
"""

from __future__ import annotations

from collections import Counter

import psycopg

from marsad.article import Article
from marsad.store.entities import EntitySummary, name_key

__all__ = ["articles_mentioning", "mentioning", "resolve", "summaries", "write"]


def write(conn: psycopg.Connection, article_pk: int, article: Article) -> None:
    """Record every entity of a newly stored article, its mentions and the names it used."""
    ordered = sorted(article.entities, key=lambda e: e.id)
    if not ordered:
        return
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO entities (id, type, name_ar, name_en) VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
            [(e.id, e.type, e.name.get("ar"), e.name.get("en")) for e in ordered],
        )
        cur.executemany(
            """INSERT INTO mentions (entity_id, article_pk, count) VALUES (%s, %s, %s)
               ON CONFLICT (entity_id, article_pk) DO UPDATE SET count = excluded.count""",
            [(e.id, article_pk, max(len(e.mentions), 1)) for e in ordered],
        )
        names = sorted(
            (e.id, form, name_key(form), n) for e in ordered for form, n in Counter(m.text for m in e.mentions).items()
        )
        cur.executemany(
            """INSERT INTO entity_names (entity_id, name, key, count) VALUES (%s, %s, %s, %s)
               ON CONFLICT (entity_id, name) DO UPDATE SET count = entity_names.count + excluded.count""",
            names,
        )


def resolve(conn: psycopg.Connection, id_or_name: str) -> list[str]:
    """Entity ids that `id_or_name` means: an id as is, else every entity that bore that name."""
    if conn.execute("SELECT 1 FROM entities WHERE id = %s", (id_or_name,)).fetchone():
        return [id_or_name]
    rows = conn.execute(
        """SELECT entity_id FROM entity_names WHERE key = %s
           GROUP BY entity_id ORDER BY sum(count) DESC, entity_id""",
        (name_key(id_or_name),),
    )
    return [entity_id for (entity_id,) in rows]


def summaries(conn: psycopg.Connection, kind: str | None = None, limit: int = 50) -> list[EntitySummary]:
    """Entities with the most articles first, each with the names it was seen under."""
    where, params = ("WHERE e.type = %s", [kind]) if kind else ("", [])
    rows = conn.execute(
        f"""SELECT e.id, e.type, e.name_ar, e.name_en, count(m.article_pk) AS n
            FROM entities e JOIN mentions m ON m.entity_id = e.id {where}
            GROUP BY e.id ORDER BY n DESC, e.id LIMIT %s""",
        [*params, limit],
    ).fetchall()
    out = []
    for entity_id, kind_, name_ar, name_en, n in rows:
        names = conn.execute(
            "SELECT name FROM entity_names WHERE entity_id = %s ORDER BY count DESC, name LIMIT 20", (entity_id,)
        )
        out.append(EntitySummary(entity_id, kind_, {"ar": name_ar, "en": name_en}, n, [r[0] for r in names]))
    return out


# The newest articles mentioning an entity, by one of two plans. A rare entity: join its
# mentions and sort them. A common one (a country in tens of thousands of articles): walk the
# archive newest first (`articles_newest`) and look each article up in `mentions` until the page
# is full; sorting 33,000 mentions took 170 ms at 1 M articles, the walk 8 ms.
_JOINED = """
    SELECT a.id, a.title, a.url, a.published, a.source, a.text, sum(m.count)
    FROM mentions m JOIN articles a ON a.pk = m.article_pk
    WHERE m.entity_id = ANY(%s)
    GROUP BY a.pk ORDER BY a.published DESC NULLS LAST, a.pk DESC LIMIT %s OFFSET %s"""
_WALKED = """
    SELECT a.id, a.title, a.url, a.published, a.source, a.text, s.total
    FROM articles a CROSS JOIN LATERAL (
        SELECT sum(m.count) AS total FROM mentions m WHERE m.article_pk = a.pk AND m.entity_id = ANY(%s)) s
    WHERE s.total IS NOT NULL
    ORDER BY a.published DESC NULLS LAST, a.pk DESC LIMIT %s OFFSET %s"""
# Walk when at least one article in this many mentions the entity: a page of 10 then costs at
# most 5,000 lookups, about what joining 2,000 mentions costs.
_WALK_SHARE = 500
_JOIN_AT_MOST = 2000


def mentioning(conn: psycopg.Connection, entity_ids: list[str], limit: int, offset: int) -> list[tuple]:
    """(id, title, url, published, source, text, mention count) of the newest articles
    mentioning any of `entity_ids`, newest first (undated last, ties newest stored first)."""
    estimate = conn.execute("SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass").fetchone()[0]
    most = max(_JOIN_AT_MOST, int(max(estimate, 0)) // _WALK_SHARE)
    common = articles_mentioning(conn, entity_ids, most) > most
    return conn.execute(_WALKED if common else _JOINED, (entity_ids, limit, offset)).fetchall()


def articles_mentioning(conn: psycopg.Connection, entity_ids: list[str], up_to: int) -> int:
    """How many articles mention any of `entity_ids`, counted no further than one past `up_to`:
    callers only ask whether it is more, and a country is mentioned in a tenth of a large archive."""
    sql = "SELECT count(*) FROM (SELECT DISTINCT article_pk FROM mentions WHERE entity_id = ANY(%s) LIMIT %s) m"
    return conn.execute(sql, (entity_ids, up_to + 1)).fetchone()[0]
