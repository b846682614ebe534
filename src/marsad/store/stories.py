"""The archive's side of copies and stories: tables, the candidate index, and queries.

Kept apart from `sqlite.py` so another store can port it: every function takes a
DB-API connection and plain values. The candidate index holds each article's LSH band
keys (copies) and its evidence keys with its day (stories), so looking up candidates
costs a few index probes whatever the archive's size.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace

from marsad.article import Article, Provenance
from marsad.store.migrations import migration
from marsad.stories import copies

__all__ = ["Member", "StoryRow", "copy_candidates", "key_candidates", "link_rows", "members", "story_rows"]


@migration("0003_stories")
def _stories(conn: sqlite3.Connection) -> None:
    """Per-article links (story, copy group, provenance), the candidate index, and stories."""
    conn.execute(
        """CREATE TABLE article_links (
            article_pk INTEGER PRIMARY KEY REFERENCES articles (pk),
            story TEXT NOT NULL,
            day INTEGER,
            copy_group INTEGER NOT NULL,
            copy_of TEXT, copy_score REAL,
            origin TEXT, relation TEXT, score REAL,
            published_estimate TEXT,
            shingles INTEGER, signature BLOB,
            evidence TEXT NOT NULL)"""
    )
    conn.execute("CREATE INDEX article_links_story ON article_links (story)")
    conn.execute("CREATE INDEX article_links_copy_group ON article_links (copy_group)")
    conn.execute("CREATE TABLE copy_bands (key INTEGER NOT NULL, article_pk INTEGER NOT NULL)")
    conn.execute("CREATE INDEX copy_bands_key ON copy_bands (key)")
    conn.execute("CREATE TABLE story_keys (key TEXT NOT NULL, day INTEGER, article_pk INTEGER NOT NULL)")
    conn.execute("CREATE INDEX story_keys_key_day ON story_keys (key, day)")
    conn.execute(
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT, origin TEXT,
            first_published TEXT, last_published TEXT,
            size INTEGER NOT NULL,
            languages TEXT NOT NULL, sources TEXT NOT NULL)"""
    )
    conn.execute("CREATE INDEX stories_last ON stories (last_published)")


@migration("0010_copy_signatures_v2")
def _copy_signatures_v2(conn: sqlite3.Connection) -> None:
    """Copy signatures and LSH bands as `stories.copies` computes them now (numpy shingle hashes,
    42 bands of 3 rows): stored ones from the old hashing would never match new articles.
    Copy groups and stories stay as they were; only the candidate index is rebuilt."""
    rows = conn.execute(
        "SELECT l.article_pk, a.text FROM article_links l JOIN articles a ON a.pk = l.article_pk").fetchall()
    conn.execute("DELETE FROM copy_bands")
    for pk, text in rows:
        signature = copies.copy_signature(Article(text=text or ""))
        conn.execute("UPDATE article_links SET shingles = ?, signature = ? WHERE article_pk = ?",
                     (signature.size if signature else None, signature.to_bytes() if signature else None, pk))
        if signature is not None:
            conn.executemany("INSERT INTO copy_bands (key, article_pk) VALUES (?, ?)",
                             [(key, pk) for key in copies.band_keys(signature)])


@dataclass(slots=True)
class Member:
    """One article of a story, as provenance needs it."""

    pk: int
    id: str
    title: str | None
    url: str | None
    source: str | None
    lang: str | None
    published: str | None
    copy_group: int
    copy_of: str | None
    copy_score: float | None
    origin: str | None
    relation: str | None
    score: float | None
    published_estimate: str | None
    evidence_text: str
    machine_translated: float

    @property
    def evidence(self) -> dict:
        """Decoded when asked for: settling a big story reads every member, but compares few."""
        return _evidence(self.pk, self.evidence_text)


@dataclass(slots=True)
class StoryRow:
    """A story as listed: what `marsad stories --json` prints, less its articles."""

    id: str
    title: str | None
    origin: str | None
    first_published: str | None
    last_published: str | None
    size: int
    languages: list[str]
    sources: list[str]


def insert_link(conn, pk: int, story: str, day: int | None, copy_group: int, shingles: int | None,
                signature: bytes | None, evidence: dict, bands: Iterable[int], keys: Iterable[str]) -> None:
    """Index a newly stored article: its link row, its LSH bands, its evidence keys."""
    conn.execute(
        """INSERT INTO article_links (article_pk, story, day, copy_group, shingles, signature, evidence)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        (pk, story, day, copy_group, shingles, signature, json.dumps(evidence, ensure_ascii=False)),
    )
    conn.executemany("INSERT INTO copy_bands (key, article_pk) VALUES (?, ?)", [(k, pk) for k in bands])
    conn.executemany("INSERT INTO story_keys (key, day, article_pk) VALUES (?, ?, ?)", [(k, day, pk) for k in keys])


def copy_candidates(conn, bands: list[int], limit: int = 200) -> list[tuple[int, int, bytes, int]]:
    """Articles sharing an LSH band: (pk, copy_group, signature, shingles)."""
    if not bands:
        return []
    marks = ", ".join("?" * len(bands))
    sql = f"""SELECT l.article_pk, l.copy_group, l.signature, l.shingles FROM article_links l
              WHERE l.article_pk IN (SELECT DISTINCT article_pk FROM copy_bands WHERE key IN ({marks}) LIMIT ?)"""
    return conn.execute(sql, (*bands, limit)).fetchall()


def key_candidates(conn, keys: list[str], day: int | None, window: int, per_key: int) -> set[int]:
    """Articles sharing an evidence key within `window` days (any day when either side is undated)."""
    found: set[int] = set()
    for key in keys:
        if day is None:
            rows = conn.execute(
                "SELECT article_pk FROM story_keys WHERE key = ? ORDER BY article_pk DESC LIMIT ?", (key, per_key))
        else:
            rows = conn.execute(
                """SELECT article_pk FROM (SELECT article_pk FROM story_keys WHERE key = ? AND day BETWEEN ? AND ?
                   ORDER BY article_pk DESC LIMIT ?) dated UNION ALL
                   SELECT article_pk FROM (SELECT article_pk FROM story_keys WHERE key = ? AND day IS NULL
                   ORDER BY article_pk DESC LIMIT ?) undated""",
                (key, day - window, day + window, per_key, key, per_key // 4))
        found.update(pk for (pk,) in rows)
    return found


def link_rows(conn, pks: Iterable[int]) -> dict[int, tuple[str, int | None, int, dict]]:
    """story, day, copy group and evidence of each article pk."""
    pks = list(pks)
    result = {}
    for start in range(0, len(pks), 500):
        chunk = pks[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT article_pk, story, day, copy_group, evidence FROM article_links WHERE article_pk IN ({marks})"
        for pk, story, day, group, data in conn.execute(sql, chunk):
            result[pk] = (story, day, group, _evidence(pk, data))
    return result


_MEMO_SIZE = 4096
_MEMO: dict[tuple[int, int], dict] = {}  # insertion order is recency: a hit moves to the end
_MEMO_LOCK = threading.Lock()  # the web app's threads share it


def _evidence(pk: int, data: str) -> dict:
    """Stored evidence, decoded; read-only, since one dict serves every caller.

    The same recent articles are candidates of hundreds of later ones (185 lookups per
    article at 6,000 articles), and decoding them again and again was a quarter of the
    writer's time; 4,096 articles held 98% of the lookups of a 6,000-article ingest.
    Keyed by the article and the text's hash, not by the text (2.5 kB a key), and
    decoded without interning its keys, which had doubled the decoding time: once the
    candidates of an article outnumber the memo, decoding was half of the writer's time.
    """
    key = (pk, hash(data))
    with _MEMO_LOCK:
        found = _MEMO.pop(key, None)
    if found is None:
        found = json.loads(data)
    with _MEMO_LOCK:
        while len(_MEMO) >= _MEMO_SIZE:
            del _MEMO[next(iter(_MEMO))]
        _MEMO[key] = found
    return found


def story_sizes(conn, stories: Iterable[str]) -> dict[str, int]:
    stories = list(stories)
    marks = ", ".join("?" * len(stories))
    sql = f"SELECT story, count(*) FROM article_links WHERE story IN ({marks}) GROUP BY story"
    return dict(conn.execute(sql, stories).fetchall()) if stories else {}


def relabel_story(conn, old: Iterable[str], new: str) -> None:
    """Merge stories: every article of `old` now belongs to `new`."""
    for story in old:
        conn.execute("UPDATE article_links SET story = ? WHERE story = ?", (new, story))
        conn.execute("DELETE FROM stories WHERE id = ?", (story,))


def relabel_copy_group(conn, old: Iterable[int], new: int) -> None:
    for group in old:
        conn.execute("UPDATE article_links SET copy_group = ? WHERE copy_group = ?", (new, group))


_MEMBER = """SELECT a.pk, a.id, a.title, a.url, a.source, a.lang, a.published, l.copy_group, l.copy_of, l.copy_score,
                    l.origin, l.relation, l.score, l.published_estimate, l.evidence,
                    coalesce(json_extract(a.data, '$.flags.machine_translated'), 0)
             FROM article_links l JOIN articles a ON a.pk = l.article_pk"""


def members(conn, story: str) -> list[Member]:
    """Every article of a story, in ingest order."""
    rows = conn.execute(f"{_MEMBER} WHERE l.story = ? ORDER BY a.pk", (story,)).fetchall()
    return [Member(*row[:15], float(row[15] or 0)) for row in rows]


def copy_group_members(conn, group: int) -> list[tuple[int, str, str | None]]:
    """(pk, id, published) of every article in one copy group."""
    sql = """SELECT a.pk, a.id, a.published FROM article_links l JOIN articles a ON a.pk = l.article_pk
             WHERE l.copy_group = ? ORDER BY a.pk"""
    return conn.execute(sql, (group,)).fetchall()


def set_copy_of(conn, pk: int, copy_of: str | None, score: float | None) -> None:
    conn.execute("UPDATE article_links SET copy_of = ?, copy_score = ? WHERE article_pk = ?", (copy_of, score, pk))


def set_provenance(conn, pk: int, origin: str | None, relation: str | None, score: float | None,
                   estimate: str | None) -> None:
    conn.execute(
        "UPDATE article_links SET origin = ?, relation = ?, score = ?, published_estimate = ? WHERE article_pk = ?",
        (origin, relation, score, estimate, pk))


def save_story(conn, row: StoryRow) -> None:
    conn.execute(
        """INSERT INTO stories (id, title, origin, first_published, last_published, size, languages, sources)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title,
           origin = excluded.origin, first_published = excluded.first_published,
           last_published = excluded.last_published, size = excluded.size,
           languages = excluded.languages, sources = excluded.sources""",
        (row.id, row.title, row.origin, row.first_published, row.last_published, row.size,
         json.dumps(row.languages), json.dumps(row.sources, ensure_ascii=False)))


def story_rows(conn, *, limit: int, since: str | None = None, entity_ids: list[str] | None = None) -> list[StoryRow]:
    """Stories, newest first (by their last article), optionally since a date or naming an entity."""
    where, params = [], []
    if since:
        where.append("s.last_published >= ?")
        params.append(since)
    if entity_ids:
        marks = ", ".join("?" * len(entity_ids))
        where.append(f"""s.id IN (SELECT l.story FROM mentions m JOIN article_links l ON l.article_pk = m.article_pk
                         WHERE m.entity_id IN ({marks}))""")
        params.extend(entity_ids)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    sql = f"""SELECT s.id, s.title, s.origin, s.first_published, s.last_published, s.size, s.languages, s.sources
              FROM stories s {clause} ORDER BY s.last_published IS NULL, s.last_published DESC, s.size DESC, s.id
              LIMIT ?"""
    return [_story(row) for row in conn.execute(sql, (*params, limit))]


def story_row(conn, story: str) -> StoryRow | None:
    row = conn.execute(
        """SELECT id, title, origin, first_published, last_published, size, languages, sources
           FROM stories WHERE id = ?""", (story,)).fetchone()
    return _story(row) if row else None


def _story(row: tuple) -> StoryRow:
    return StoryRow(*row[:6], json.loads(row[6]), json.loads(row[7]))


def story_of_article(conn, article_id: str) -> str | None:
    row = conn.execute(
        "SELECT l.story FROM article_links l JOIN articles a ON a.pk = l.article_pk WHERE a.id = ?",
        (article_id,)).fetchone()
    return row[0] if row else None


def overlay(conn, article_id: str) -> tuple | None:
    """(story, copy_of, origin, relation, score, published_estimate) of a stored article."""
    return conn.execute(
        """SELECT l.story, l.copy_of, l.origin, l.relation, l.score, l.published_estimate
           FROM article_links l JOIN articles a ON a.pk = l.article_pk WHERE a.id = ?""", (article_id,)).fetchone()


def copy_groups(conn, article_ids: list[str]) -> dict[str, int]:
    """The copy group of each article id (articles not linked yet are left out)."""
    if not article_ids:
        return {}
    marks = ", ".join("?" * len(article_ids))
    sql = f"""SELECT a.id, l.copy_group FROM articles a JOIN article_links l ON l.article_pk = a.pk
              WHERE a.id IN ({marks})"""
    return dict(conn.execute(sql, article_ids).fetchall())


def group_ids(conn, group: int, limit: int = 100) -> list[str]:
    sql = """SELECT a.id FROM article_links l JOIN articles a ON a.pk = l.article_pk
             WHERE l.copy_group = ? ORDER BY a.pk LIMIT ?"""
    return [row[0] for row in conn.execute(sql, (group, limit))]


def clear(conn) -> None:
    """Forget every link (before a rebuild, inside its transaction)."""
    for table in ("article_links", "copy_bands", "story_keys", "stories"):
        conn.execute(f"DELETE FROM {table}")


def unlinked(conn) -> list[tuple[int, str]]:
    """Stored articles with no link row yet (stored before stories existed), in ingest order."""
    return conn.execute(
        """SELECT a.pk, a.id FROM articles a LEFT JOIN article_links l ON l.article_pk = a.pk
           WHERE l.article_pk IS NULL ORDER BY a.pk""").fetchall()


def signatures(conn, pks: list[int]) -> dict[int, tuple[bytes, int]]:
    """Stored copy signatures (bytes, shingle count) by article pk; texts too short to sign are left out."""
    marks = ", ".join("?" * len(pks))
    sql = f"SELECT article_pk, signature, shingles FROM article_links WHERE article_pk IN ({marks})"
    return {pk: (data, size) for pk, data, size in conn.execute(sql, pks) if data is not None}


def with_links(article: Article, links: tuple | None) -> Article:
    """The article with its story, provenance and estimate from the link row (as stored now)."""
    if links is None:
        return article
    story, copy_of, origin, relation, score, estimate = links
    return replace(article, story=story, published_estimate=estimate,
                   provenance=Provenance(origin=origin, copy_of=copy_of, relation=relation, score=score))


def copy_groups_by_pk(conn, pks: list[int]) -> dict[int, int]:
    """The copy group of each article pk (articles not linked yet are left out)."""
    result: dict[int, int] = {}
    for start in range(0, len(pks), 500):
        chunk = pks[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT article_pk, copy_group FROM article_links WHERE article_pk IN ({marks})"
        result.update(conn.execute(sql, chunk).fetchall())
    return result
