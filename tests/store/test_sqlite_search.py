"""The SQLite search pool: a broad query scores only the articles whose headline holds one of
its words, and that leaves the results as scoring every match would."""

from __future__ import annotations

import pytest

from marsad.search import parse
from marsad.store import SqliteStore, sqlite_search


@pytest.fixture
def harbour(news_article) -> SqliteStore:
    """12 articles naming the harbour in their headline, 30 only in their body (3 of them six
    times: BM25 puts those first), 60 not at all."""
    store = SqliteStore(":memory:")
    with store.batch():
        for i in range(60):
            store.add(news_article(id=f"other{i}", title=f"مباراة الدوري {i}", paragraphs=[f"فاز الفريق {i} في المباراة."]))
        for i in range(12):
            store.add(news_article(id=f"head{i}", title=f"الميناء يستقبل السفينة رقم {i}",
                                   paragraphs=[f"وصلت السفينة {i} صباح اليوم بعد رحلة طويلة. " + "وتحدث البحارة. " * i]))
        for i in range(30):
            store.add(news_article(id=f"body{i}", title=f"تقرير اقتصادي {i}",
                                   paragraphs=["الميناء يعمل والميناء يتوسع. " * 3 if i < 3 else "ارتفعت الصادرات. والميناء يتوسع."]))
    yield store
    store.close()


def test_a_broad_query_draws_its_pool_from_the_headlines(harbour, monkeypatch):
    db, query = harbour._db(), parse("الميناء")
    monkeypatch.setattr(sqlite_search, "BROAD", 1 << 62)
    scored_all = sqlite_search.pool(db, query, 50, sqlite_search.TermCounts(), 1)
    assert len(scored_all) == 42 and [row[0] for row in scored_all[:3]] == ["body0", "body1", "body2"]
    monkeypatch.setattr(sqlite_search, "BROAD", 10)
    drawn = sqlite_search.pool(db, query, 5, sqlite_search.TermCounts(), 1)
    headlined = [row for row in scored_all if row[0].startswith("head")]
    assert drawn == headlined[:5]  # the same rows and scores, in the same order
    # too few headlines to fill the pool: every match is scored
    assert sqlite_search.pool(db, query, 20, sqlite_search.TermCounts(), 1) == scored_all[:20]


def test_search_results_do_not_change_when_the_pool_comes_from_the_headlines(harbour, monkeypatch):
    monkeypatch.setattr("marsad.store.sqlite.RERANK_DEPTH", 8)  # a pool the 12 headlines fill
    monkeypatch.setattr(sqlite_search, "BROAD", 1 << 62)
    every = [(hit.id, hit.score, hit.snippet) for hit in harbour.search("الميناء", limit=5)]
    monkeypatch.setattr(sqlite_search, "BROAD", 10)
    drawn = [(hit.id, hit.score, hit.snippet) for hit in harbour.search("الميناء", limit=5)]
    # the three body-only articles BM25 ranked first fall below every headline once re-ranked
    assert drawn == every and all(hit_id.startswith("head") for hit_id, _, _ in drawn)


def test_term_counts_are_counted_again_once_the_archive_changes(harbour, news_article):
    counts, db = sqlite_search.TermCounts(), harbour._db()
    term = parse("الميناء").fts.strip('"')
    assert counts.of(db, term, 1) == (42, 12)
    harbour.add(news_article(id="late", title="الميناء يغلق", paragraphs=["أغلق الميناء أبوابه."]))
    assert counts.of(db, term, 1) == (42, 12)  # same version: the counts kept
    assert counts.of(db, term, 2) == (43, 13)


def test_paging_on_through_a_broad_query_reaches_every_match(harbour, monkeypatch):
    monkeypatch.setattr("marsad.store.sqlite.RERANK_DEPTH", 8)
    monkeypatch.setattr(sqlite_search, "RERANK_DEPTH", 8)
    monkeypatch.setattr(sqlite_search, "BROAD", 10)
    seen = [hit.id for offset in range(0, 60, 4) for hit in harbour.search("الميناء", limit=4, offset=offset)]
    assert len(seen) == 42 and len(set(seen)) == 42  # 12 headlines and 30 body-only articles, once each
