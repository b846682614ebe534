"""Many articles into the PostgreSQL archive at once: the rows `add` writes, through COPY.

`add` costs a few round trips per article (the row, the totals, the entity rows),
which is what a large load or a migration waits on. Here a whole list goes to the
server in one COPY per table into temporary tables, then one INSERT … SELECT per
archive table with the same conflict rules as `add`: an id already stored (or seen
earlier in the list) is skipped with its entities, an entity's first type and names
win, mention counts are the article's, name counts add up. The result is the archive
one batch of `add` calls over the same list leaves (checked by the tests), ingest
times aside.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import psycopg

from marsad.article import Article
from marsad.store.base import for_index
from marsad.store.entities import name_key
from marsad.store.pg_search import terms_vector
from marsad.store.sqlite import _encode

__all__ = ["write"]

_COLUMNS = "id, url, source, title, author, published, lang, text, data, ingested_at, terms, top_terms, length"
# staging tables of this session, emptied at commit (and here, for a second call in one batch)
_STAGING = [
    """CREATE TEMP TABLE IF NOT EXISTS bulk_articles (seq integer, id text, url text, source text,
       title text, author text, published text, lang text, text text, data text, ingested_at text,
       terms tsvector, top_terms tsvector, length integer) ON COMMIT DELETE ROWS""",
    """CREATE TEMP TABLE IF NOT EXISTS bulk_mentions (entity_id text, article_pk bigint, count integer)
       ON COMMIT DELETE ROWS""",
    """CREATE TEMP TABLE IF NOT EXISTS bulk_names (entity_id text, name text, key text, count integer)
       ON COMMIT DELETE ROWS""",
    "TRUNCATE bulk_articles, bulk_mentions, bulk_names",
]


def rows(articles: Iterable[Article], now: str) -> list[tuple[Article, tuple]]:
    """Each article as stored with its articles row, as `add` builds them.

    Raises ValueError, as `add` does, for an article without an id or one that failed a
    stage, before anything is written.
    """
    out = []
    for article in articles:
        if not article.id:
            raise ValueError("cannot store an article without an id")
        if article.error is not None:
            raise ValueError(
                f"article {article.id!r} failed at {article.error.stage!r}: quarantine it instead")
        a, body = for_index(article)
        vector, top_vector, length = terms_vector(a.title, body)
        row = (a.id, a.url, a.source, a.title, a.author, a.published, a.lang, a.text, _encode(a), now,
               vector, top_vector, length)  # fmt: skip
        out.append((a, row))
    return out


def write(conn: psycopg.Connection, articles: Iterable[Article], now: str) -> list[int]:
    """Store the articles (inside the caller's transaction); return the new rows' pks in list order."""
    prepared = rows(articles, now)
    if not prepared:
        return []
    for statement in _STAGING:
        conn.execute(statement)
    with conn.cursor() as cur:
        with cur.copy(f"COPY bulk_articles (seq, {_COLUMNS}) FROM STDIN") as copy:
            for seq, (_, row) in enumerate(prepared):
                copy.write_row((seq, *row))
        new = cur.execute(
            f"""INSERT INTO articles ({_COLUMNS}) SELECT {_COLUMNS} FROM bulk_articles ORDER BY seq
                ON CONFLICT (id) DO NOTHING RETURNING pk, id"""
        ).fetchall()
    if not new:
        return []
    # a repeated id is skipped by ON CONFLICT (spending a pk number, as `add` does): the first one is stored
    pk_of = {id: pk for pk, id in new}
    stored = [(article, row) for article, row in prepared if pk_of.pop(article.id, None) is not None]
    pk_of = {id: pk for pk, id in new}
    conn.execute("UPDATE totals SET articles = articles + %s, terms = terms + %s",
                 (len(stored), sum(row[-1] for _, row in stored)))  # fmt: skip
    _entities(conn, [(pk_of[article.id], article) for article, _ in stored])
    return [pk_of[article.id] for article, _ in stored]


def _entities(conn: psycopg.Connection, stored: list[tuple[int, Article]]) -> None:
    """The entity, mention and name rows of the new articles, with `pg_entities.write`'s rules."""
    first: dict[str, tuple] = {}
    mentions: dict[tuple[str, int], int] = {}
    names: Counter[tuple[str, str]] = Counter()
    for pk, article in stored:
        for entity in sorted(article.entities, key=lambda e: e.id):
            names_of = (entity.name.get("ar"), entity.name.get("en"))
            first.setdefault(entity.id, (entity.id, entity.type, *names_of))
            mentions[(entity.id, pk)] = max(len(entity.mentions), 1)
            for form, n in Counter(m.text for m in entity.mentions).items():
                names[(entity.id, form)] += n
    if not first:
        return
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO entities (id, type, name_ar, name_en) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (id) DO NOTHING",
            sorted(first.values()),
        )
        with cur.copy("COPY bulk_mentions (entity_id, article_pk, count) FROM STDIN") as copy:
            for (entity_id, pk), count in mentions.items():
                copy.write_row((entity_id, pk, count))
        cur.execute("""INSERT INTO mentions (entity_id, article_pk, count)
                       SELECT entity_id, article_pk, count FROM bulk_mentions ORDER BY entity_id, article_pk""")
        with cur.copy("COPY bulk_names (entity_id, name, key, count) FROM STDIN") as copy:
            for (entity_id, form), n in names.items():
                copy.write_row((entity_id, form, name_key(form), n))
        cur.execute(
            """INSERT INTO entity_names (entity_id, name, key, count)
               SELECT entity_id, name, key, count FROM bulk_names ORDER BY entity_id, name
               ON CONFLICT (entity_id, name) DO UPDATE SET count = entity_names.count + excluded.count"""
        )
