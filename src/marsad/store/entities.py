"""Entity tables of the SQLite archive: who is mentioned where, under which names.

Kept beside `sqlite.py` so that module stays about articles and search. Every
function takes the open connection and runs inside the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from marsad.arabic import fold, words
from marsad.article import Article

__all__ = ["EntitySummary", "name_key", "resolve", "summaries", "write"]


@dataclass(slots=True)
class EntitySummary:
    """An entity as the archive knows it: how many articles name it, and by which names."""

    id: str
    type: str
    name: dict[str, str | None]
    articles: int
    names_seen: list[str] = field(default_factory=list)


def name_key(name: str) -> str:
    """The lookup key of a name: folded words, single spaces (as the knowledge base keys names)."""
    return " ".join(words(fold(name)))


def write(conn: sqlite3.Connection, article_pk: int, article: Article) -> None:
    """Record every entity of a newly stored article, its mentions and the names it used."""
    for entity in article.entities:
        conn.execute(
            """INSERT INTO entities (id, type, name_ar, name_en) VALUES (?, ?, ?, ?)
               ON CONFLICT (id) DO NOTHING""",
            (entity.id, entity.type, entity.name.get("ar"), entity.name.get("en")),
        )
        conn.execute(
            "INSERT OR REPLACE INTO mentions (entity_id, article_pk, count) VALUES (?, ?, ?)",
            (entity.id, article_pk, max(len(entity.mentions), 1)),
        )
        forms = Counter(m.text for m in entity.mentions)
        conn.executemany(
            """INSERT INTO entity_names (entity_id, name, key, count) VALUES (?, ?, ?, ?)
               ON CONFLICT (entity_id, name) DO UPDATE SET count = count + excluded.count""",
            [(entity.id, form, name_key(form), n) for form, n in forms.items()],
        )


def resolve(conn: sqlite3.Connection, id_or_name: str) -> list[str]:
    """Entity ids that `id_or_name` means: an id as is, else every entity that bore that name."""
    if conn.execute("SELECT 1 FROM entities WHERE id = ?", (id_or_name,)).fetchone():
        return [id_or_name]
    rows = conn.execute(
        """SELECT entity_id FROM entity_names WHERE key = ?
           GROUP BY entity_id ORDER BY sum(count) DESC""",
        (name_key(id_or_name),),
    )
    return [entity_id for (entity_id,) in rows]


def summaries(conn: sqlite3.Connection, kind: str | None = None, limit: int = 50) -> list[EntitySummary]:
    """Entities with the most articles first, each with the names it was seen under."""
    where, params = ("WHERE e.type = ?", [kind]) if kind else ("", [])
    rows = conn.execute(
        f"""SELECT e.id, e.type, e.name_ar, e.name_en, count(m.article_pk) AS n
            FROM entities e JOIN mentions m ON m.entity_id = e.id {where}
            GROUP BY e.id ORDER BY n DESC, e.id LIMIT ?""",
        [*params, limit],
    ).fetchall()
    out = []
    for entity_id, kind_, name_ar, name_en, n in rows:
        names = conn.execute(
            "SELECT name FROM entity_names WHERE entity_id = ? ORDER BY count DESC, name LIMIT 20",
            (entity_id,),
        )
        out.append(EntitySummary(entity_id, kind_, {"ar": name_ar, "en": name_en}, n, [r[0] for r in names]))
    return out
