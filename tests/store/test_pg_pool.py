"""PostgreSQL search paths that must leave the answer where SQLite (or ranking every match) has it:
the summed pool of a several-word query (pg_search `_SUMMED`), and name queries (pg_named)."""

from __future__ import annotations

import pytest

from marsad.article import Article, Entity, Mention
from marsad.search.query import parse
from marsad.store import pg_search, postgres, sqlite
from marsad.store.postgres import PostgresStore
from marsad.store.sqlite import SqliteStore

FILLER = ["اليوم", "قال", "المدينة", "الناس", "العام", "الأسبوع", "الماضي", "مسؤول", "أمس", "صباح"]


def _body(i: int, *words: str) -> str:
    return " ".join([*words, *(FILLER[(i + k) % len(FILLER)] for k in range(6))])


def _article(id: str, text: str, title: str | None = None, name: str | None = None) -> Article:
    article = Article(id=id, title=title, paragraphs=[text], text=text)
    if name:
        at = text.find(name)
        if at != -1:
            article.entities.append(Entity("LOC:IR", "LOC", {"ar": name}, [Mention(name, at, at + len(name))]))
    return article


@pytest.fixture(scope="module")
def twins(pg_cluster):
    """The same articles in SQLite and PostgreSQL: two words each dense in its own articles,
    a few articles holding both (twice each); a name that some articles mention as an entity
    and others only hold as a word, more often."""
    articles = []
    for i in range(30):
        articles.append(_article(f"a{i}", _body(i, *["الميناء"] * (3 + i % 2))))
        articles.append(_article(f"b{i}", _body(i, *["القمح"] * (3 + i % 2))))
    for i in range(6):
        articles.append(_article(f"ab{i}", _body(i, "الميناء", "القمح", "الميناء", "القمح", *["الشحنة"] * i)))
    for i in range(12):
        articles.append(_article(f"w{i}", _body(i, *["إيران"] * (3 + i % 3))))  # the word, no entity
        articles.append(_article(f"e{i}", _body(i + 3, "إيران", "السفارة"), name="إيران"))  # the entity, once
    url = pg_cluster.create_database("pool_names", template="marsad_template")
    with SqliteStore(":memory:") as lite, PostgresStore(url) as pg:
        for article in articles:
            lite.add(article)
            pg.add(article)
        yield lite, pg


def ids(hits) -> list[str]:
    return [hit.id for hit in hits]


@pytest.mark.parametrize("query", ["الميناء القمح", "الميناء OR القمح", "(الميناء OR القمح) NOT الشحنة"])
def test_summed_pool_holds_what_no_single_word_pool_holds(twins, query: str, monkeypatch) -> None:
    """Each word's best 8 articles hold only that word; their summed weights find the articles
    holding both: the pool meets (no ranking of every match), and the page is the one ranking
    every match gives."""
    _, pg = twins
    for module, name, value in ((postgres, "EXACT", 3), (postgres, "POOL", 8), (postgres, "RERANK_DEPTH", 2)):
        monkeypatch.setattr(module, name, value)
    with pg._conn() as conn:
        plan = pg_search.ranking(conn, parse(query), within=False, exact=3)
        assert plan.pooled and len(plan.lists) == 2
        sql, params = plan.statement(8)
        pooled = conn.execute(sql, {**params, "limit": 2}).fetchall()
        monkeypatch.setattr(pg_search, "DEEP", 0)  # no summed pool: each word's best only
        sql, params = plan.statement(8)
        alone = conn.execute(sql, {**params, "limit": 2}).fetchall()
        monkeypatch.setattr(pg_search, "DEEP", 5000)
    page = [(hit.id, round(hit.score, 6)) for hit in pg.search(query, limit=2)]
    monkeypatch.setattr(postgres, "EXACT", 10**9)  # every match ranked
    every = [(hit.id, round(hit.score, 6)) for hit in pg.search(query, limit=2)]
    # the same scores (in an OR, one word's densest articles tie: either is right)
    assert len(page) == 2 and [score for _, score in page] == [score for _, score in every]
    if " OR " not in query:
        assert page == every
        assert len(pooled) == 2 and all(row[0].startswith("ab") for row in pooled)
        assert alone == []  # the single-word pools do not meet


def test_name_query_ranks_mentioning_articles_first_as_sqlite_does(twins, monkeypatch) -> None:
    """`إيران` names an entity some articles mention: those come first on both backends, above
    articles that hold the word more often without naming the entity."""
    lite, pg = twins
    for module in (postgres, sqlite):
        monkeypatch.setattr(module, "RERANK_DEPTH", 8)
    theirs = [ids(lite.search("إيران", limit=5, offset=offset)) for offset in (0, 5, 10)]
    assert all(id.startswith("e") for id in theirs[0])  # the name step changed SQLite's order
    assert [ids(pg.search("إيران", limit=5, offset=offset)) for offset in (0, 5, 10)] == theirs
    scores = [[round(h.score, 6) for h in store.search("إيران", limit=12)] for store in (lite, pg)]
    assert scores[0] == pytest.approx(scores[1], rel=1e-6)
