"""Entity tables of the PostgreSQL archive: the twin of `entities.py` in PostgreSQL's dialect.

Every function takes an open connection and runs inside the caller's transaction.
Rows are written in sorted order so concurrent writers lock shared rows in the same order.
"""

from __future__ import annotations

from collections import Counter

import psycopg

from marsad.article import Article
from marsad.store.entities import EntitySummary, name_key

__all__ = ["resolve", "summaries", "write"]


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
