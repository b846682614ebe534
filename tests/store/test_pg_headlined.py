"""PostgreSQL follows SQLite's broad-query headline pool (store/pg_headlined.py): same pages.

The rule only applies past `BROAD` matches (2,000); here BROAD is lowered on both sides, as
it would be met on a large archive, and so is the re-ranked depth, so that a page past it
(BM25 order over every match, the headlined rows left out) is tested too.
"""

from __future__ import annotations

import pytest

from marsad.article import Article
from marsad.store import pg_headlined, postgres, sqlite, sqlite_search
from marsad.store.postgres import PostgresStore
from marsad.store.sqlite import SqliteStore

WORDS = ["غزة", "رفح", "منظمة", "الصحة", "الأمم", "المتحدة", "السودان", "مصر", "اليوم", "قال", "المساعدات", "الحدود"]
QUERIES = ["غزة", "منظمة الصحة", '"الأمم المتحدة"', "السودان OR مصر", "غزة NOT رفح", "المساعدات الحدود"]


@pytest.fixture(scope="module")
def twins(pg_cluster):
    """The same 150 articles in SQLite and PostgreSQL; a few words in most bodies, in some titles."""
    url = pg_cluster.create_database("headlined", template="marsad_template")
    with SqliteStore(":memory:") as lite, PostgresStore(url) as pg:
        for i in range(150):
            body = " ".join(WORDS[(i * k + k) % len(WORDS)] for k in range(1, 5 + i % 13))
            title = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(i % 4)) or None
            article = Article(id=f"h{i}", title=title, paragraphs=[body], text=body)
            lite.add(article)
            pg.add(article)
        # for a few words: short bodies dense with the word and no headline (best by BM25), and
        # headlines holding it over long bodies without it (fewer points, but lifted by the re-ranking)
        filler = " ".join(WORDS[8:10] * 20)
        for word in ("غزة", "السودان", "مصر"):
            for i in range(10):
                dense = Article(id=f"d{word}{i}", title=None, paragraphs=[f"{word} " * (4 + i % 3) + "اليوم"],
                                text=f"{word} " * (4 + i % 3) + "اليوم")  # fmt: skip
                titled = Article(id=f"t{word}{i}", title=f"{word} {WORDS[i % 8]}", paragraphs=[filler], text=filler)
                for article in (dense, titled):
                    lite.add(article)
                    pg.add(article)
        yield lite, pg


def pages(store, query: str) -> list[list[tuple[str, float]]]:
    return [[(h.id, round(h.score, 6)) for h in store.search(query, limit=4, offset=offset)] for offset in (0, 4, 8, 12)]


@pytest.mark.parametrize("exact", [1000, 3], ids=["every-match", "pool"])
def test_postgres_draws_a_broad_query_from_the_headlines_as_sqlite_does(twins, exact: int, monkeypatch) -> None:
    lite, pg = twins
    monkeypatch.setattr(postgres, "EXACT", exact)
    for module in (postgres, sqlite, sqlite_search):
        monkeypatch.setattr(module, "RERANK_DEPTH", 8)
    before = {query: pages(lite, query) for query in QUERIES}
    monkeypatch.setattr(sqlite_search, "BROAD", 5)
    monkeypatch.setattr(pg_headlined, "BROAD", 5)
    changed = 0
    for query in QUERIES:
        theirs = pages(lite, query)
        assert pages(pg, query) == theirs, query
        assert len(theirs[0]) == 4
        changed += theirs != before[query]
    assert changed >= 2  # the rule moved some of SQLite's pages: the headline pool is what is compared


def test_headline_rule_follows_the_counts(twins, monkeypatch) -> None:
    """Applies past BROAD matches when the headlines are at most half of them, as SQLite's rule."""
    _, pg = twins
    with pg._conn() as conn:
        from marsad.search.query import parse
        from marsad.store.pg_search import Stats

        query = parse("غزة")
        docs = Stats.read(conn, set(query.terms)).docs
        assert pg_headlined.headlines(conn, query, docs) is None  # 150 articles: not broad
        monkeypatch.setattr(pg_headlined, "BROAD", 5)
        assert pg_headlined.headlines(conn, query, docs) == "'" + next(iter(query.terms)) + "'"
        assert pg_headlined.headlines(conn, query, {term: 1 for term in docs}) is None  # fewer matches than BROAD
