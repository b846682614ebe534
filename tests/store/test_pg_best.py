"""`pg_search.best`: ranking every match while reading the terms of only the articles that can
make the page, on real news. Its answer must be the one ranking every match gives."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from marsad.article import Article
from marsad.search.query import parse
from marsad.store import pg_search, postgres
from marsad.store.postgres import PostgresStore

QUERIES = [
    "السعودية",
    "المملكة اليوم",
    "الرياض جدة",
    '"مجلس الأمن"',
    '"وزير الخارجية"',
    '"خادم الحرمين" الملك',
    "الرياض OR جدة",
    '"المملكة العربية" OR الخليج',
    "السعودية NOT الرياض",
    'المملكة NOT "ولي العهد"',
]


@pytest.fixture(scope="module")
def news(pg_cluster, request: pytest.FixtureRequest) -> PostgresStore:
    """600 real articles (SaudiNewsNet) in one PostgreSQL archive."""
    shared = Path(__file__).resolve().parents[2] / ".." / "shared"
    found = sorted((shared / "data" / "news" / "saudinewsnet").glob("saudinewsnet_*.jsonl.gz"))
    if not found:
        pytest.skip(f"needs the shared news data ({shared / 'data' / 'news'} is absent)")
    rows: list[dict] = []
    for path in found:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            rows += [row for row in map(json.loads, handle) if row.get("text")]
        if len(rows) >= 600:
            break
    url = pg_cluster.create_database("best_news", template="marsad_template")
    store = PostgresStore(url)
    store.add_many(iter(Article(id=row["id"], title=row.get("title"), paragraphs=row["text"].split("\n"),
                                text=row["text"], url=row.get("url"), source=row.get("source"))
                        for row in rows[:600]))  # fmt: skip
    request.addfinalizer(store.close)
    return store


def _plan(conn, query: str) -> pg_search.Ranking:
    return pg_search.ranking(conn, parse(query), within=False, exact=postgres.EXACT)


@pytest.mark.parametrize("query", QUERIES)
def test_bound_is_never_below_the_score(news: PostgresStore, query: str) -> None:
    """Every match is among the possible matches, with a bound at least its score."""
    with news._conn() as conn:
        plan = _plan(conn, query)
        sql, values = plan.scored(None)
        scores = dict(conn.execute(sql, {**values, "limit": 10**6}).fetchall())
        sql, values = plan.bounds(10**6)
        bounds = dict(conn.execute(sql, values).fetchall())
    assert len(scores) >= 5, "a query that matches too little tests nothing"
    assert set(scores) <= set(bounds)
    assert all(bounds[pk] >= score for pk, score in scores.items())
    assert plan.possible >= len(bounds)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("limit", [1, 5, 20])
def test_best_ranks_as_every_match_ranks(news: PostgresStore, query: str, limit: int, monkeypatch) -> None:
    """With a first round of 2 articles (and rounds 4 times larger) the answer is the same as
    ranking every match: order, scores and pks, for the search statement and the faceted one."""
    monkeypatch.setattr(pg_search, "CHECKED", 2)
    with news._conn() as conn:
        plan = _plan(conn, query)
        assert plan.possible > limit  # the bounded path is taken
        sql, values = plan.statement(None)
        every = conn.execute(sql, {**values, "limit": limit}).fetchall()
        assert pg_search.best(conn, plan, {}, limit, score=6) == every
        sql, values = plan.scored(None)
        every = conn.execute(sql, {**values, "limit": limit}).fetchall()
        assert pg_search.best(conn, plan, {}, limit, score=1, scored=True) == every


@pytest.mark.parametrize("query", ['"مجلس الأمن"', "الرياض جدة", '"خادم الحرمين" الملك'])
def test_search_pages_do_not_change_with_the_bounded_ranking(news: PostgresStore, query: str, monkeypatch) -> None:
    """`search` pages (the pool tried first, as on a large archive) are those of ranking every match."""
    monkeypatch.setattr(postgres, "EXACT", 3)
    monkeypatch.setattr(postgres, "POOL", 3)
    monkeypatch.setattr(pg_search, "CHECKED", 10**9)
    pages = [news.search(query, limit=5, offset=offset) for offset in (0, 5, 30, 45)]
    monkeypatch.setattr(pg_search, "CHECKED", 2)
    assert [news.search(query, limit=5, offset=offset) for offset in (0, 5, 30, 45)] == pages
    assert len(pages[0]) == 5
