"""The BM25 pool a SQLite search re-ranks, drawn with as little scoring as the ranking allows.

FTS5's bm25() reads every matching row's term positions and length, about a microsecond
a row: السعودية matches 24,095 articles of the 100k benchmark archive, and scoring them
all was four fifths of its search time. The re-ranking (`search.rank`) raises the score
of an article whose headline holds a query word (up to four times) and leaves every
other article's as it was, so when a query is broad and enough headlines hold one of
its words, the pool is drawn from those articles only, each still scored by bm25() over
headline and body. On the benchmark's 52 broad and narrow queries the first 10 results
came out the same, and the first 40 for all but one (bench/RESULTS.md, issue 16); a
narrow query, where an article with the words only in its body may still rank, is
scored in full as before.

The pool's rows carry the article's key instead of its text: texts are read for the
page shown, not for the 40 rows re-ranked.
"""

from __future__ import annotations

import sqlite3

from marsad.search.query import Node, Not, Or, Query, Term
from marsad.search.rank import RERANK_DEPTH
from marsad.store.sqlite_faceted import BODY_WEIGHT, TITLE_WEIGHT

__all__ = ["BROAD", "HEADLINED", "MENTIONING", "SEARCH", "TermCounts", "pool", "texts"]

# bm25() is negative, lower is better. Called directly it sorts ~30% faster than a configured `rank`.
# `{within}` is empty, `MENTIONING` to keep an entity's articles only, or `HEADLINED`.
SEARCH = f"""
    SELECT a.id, a.title, a.url, a.published, a.source, a.pk, -f.bm25
    FROM (SELECT rowid, bm25(articles_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS bm25 FROM articles_fts
          WHERE articles_fts MATCH ?{{within}} ORDER BY bm25 LIMIT ? OFFSET ?) f
    JOIN articles a ON a.pk = f.rowid
    ORDER BY f.bm25"""
# `+rowid` keeps FTS5 from re-running the query once per listed row (14 s on 100k articles).
MENTIONING = " AND +rowid IN (SELECT article_pk FROM mentions WHERE entity_id IN ({ids}))"
HEADLINED = " AND +rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
# A query matching more articles than this is broad: its pool may come from the headlines.
BROAD = 2000
_COUNT = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
_KEPT_TERMS = 32_768  # counts kept at most, as a word memo: a read-only archive asked everything stays small


class TermCounts:
    """How many articles hold a term, and hold it in their headline: counted once per term
    while the archive stays as it is (a count reads the term's whole list, 1 ms for السعودية).

    `version` is anything that changes when the archive does (the store passes SQLite's
    data_version with its own connection's change count)."""

    def __init__(self) -> None:
        self.version: object = None
        self.counts: dict[str, tuple[int, int]] = {}

    def of(self, db: sqlite3.Connection, term: str, version: object) -> tuple[int, int]:
        """(articles holding `term`, articles whose headline holds it)."""
        if version != self.version or len(self.counts) >= _KEPT_TERMS:
            self.version, self.counts = version, {}
        if term not in self.counts:
            quoted = _quoted(term)
            self.counts[term] = (db.execute(_COUNT, (quoted,)).fetchone()[0],
                                 db.execute(_COUNT, ("{title}: " + quoted,)).fetchone()[0])
        return self.counts[term]


def pool(db: sqlite3.Connection, query: Query, size: int, counts: TermCounts, version: object) -> list[tuple]:
    """The best `size` matches of `query` by BM25: (id, title, url, published, source, pk, score).

    A broad query (about more than `BROAD` matches) whose terms' headlines number at most
    half its matches has its first `RERANK_DEPTH` rows, the ones re-ranked, drawn from the
    articles whose headline holds one of its terms, when they fill them. Past those, a deeper
    page goes on in BM25 order over every match, leaving out the rows already drawn, so paging
    on reaches the articles that hold the words in their body only, each once.
    """
    docs = {term: counts.of(db, term, version) for term in query.terms}
    matches = _matches(query.node, docs) if docs else 0
    if matches > BROAD:
        headlines = sum(titles for _, titles in docs.values())
        if headlines <= matches // 2:
            headlined = "{title}: (" + " OR ".join(map(_quoted, sorted(docs))) + ")"
            depth = min(size, RERANK_DEPTH)
            rows = db.execute(SEARCH.format(within=HEADLINED), (query.fts, headlined, depth, 0)).fetchall()
            if len(rows) == depth:
                if size == depth:
                    return rows
                drawn = {row[5] for row in rows}
                every = db.execute(SEARCH.format(within=""), (query.fts, size, 0)).fetchall()
                return rows + [row for row in every if row[5] not in drawn][: size - depth]
    return db.execute(SEARCH.format(within=""), (query.fts, size, 0)).fetchall()


def _matches(node: Node, docs: dict[str, tuple[int, int]]) -> int:
    """At most how many articles `node` matches, from its terms' counts (terms under a NOT
    are not counted, and only narrow the match)."""
    if isinstance(node, Term):
        return min(docs.get(term, (0, 0))[0] for term in node.terms)
    if isinstance(node, Not):
        return _matches(node.keep, docs)
    found = [_matches(part, docs) for part in node.parts]
    return sum(found) if isinstance(node, Or) else min(found)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def texts(db: sqlite3.Connection, pks: list[int]) -> dict[int, str]:
    """The display text of each of these articles, by key."""
    if not pks:
        return {}
    sql = f"SELECT pk, text FROM articles WHERE pk IN ({', '.join('?' * len(pks))})"
    return dict(db.execute(sql, pks).fetchall())
