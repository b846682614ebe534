"""Re-ranking: a title holding the query's words as written beats one holding only their stems,
and of two titles holding them, the shorter (more about them) comes first."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from marsad.article import Article
from marsad.search.query import parse
from marsad.search.rank import RERANK_DEPTH, query_forms, rerank
from marsad.store import SqliteStore


def test_written_form_in_title_beats_stem_only_and_absent():
    rows = [("منظمات تطلق برنامجا", 3.0), ("المنظمة تطلق برنامجا", 2.0), ("برنامج جديد", 2.5)]
    ranked = rerank(rows, query_forms("المنظمة"), title=lambda r: r[0], score=lambda r: r[1])
    assert [row[0] for _, row in ranked] == ["المنظمة تطلق برنامجا", "منظمات تطلق برنامجا", "برنامج جديد"]
    assert ranked[0][0] > 3.0 and ranked[2][0] == 2.5  # the title only ever adds


def test_of_two_titles_holding_the_words_the_shorter_comes_first():
    rows = [("الألعاب النارية ترسم لوحة جمالية في سماء المملكة", 11.0),
            ("الألعاب النارية وحماية الطفل", 10.8)]
    ranked = rerank(rows, query_forms("النارية الالعاب"), title=lambda r: r[0], score=lambda r: r[1])
    assert [row[0] for _, row in ranked] == ["الألعاب النارية وحماية الطفل",
                                             "الألعاب النارية ترسم لوحة جمالية في سماء المملكة"]
    far = [("الألعاب النارية ترسم لوحة جمالية في سماء المملكة", 20.0), ("الألعاب النارية وحماية الطفل", 10.8)]
    ranked = rerank(far, query_forms("النارية الالعاب"), title=lambda r: r[0], score=lambda r: r[1])
    assert ranked[0][1] == far[0]  # a tie-breaker among headlines with the words, not a length filter


def test_every_word_as_written_beats_a_higher_bm25_with_one_word_by_stem_only():
    # dev-split headlines of bench/search_eval.py with their BM25 there (query نهضه typed for نهضة)
    rows = [("مصر تدخل جولة جديدة من مفاوضات «سد النهضة» بسقف توقعات منخفض ونفاد صبر", 9.80),
            ("دار الأزياء العراقية تعيش نهضة جديدة بعد تغير إدارتها", 7.81)]
    ranked = rerank(rows, query_forms("جديدة نهضه"), title=lambda r: r[0], score=lambda r: r[1])
    assert ranked[0][1] == rows[1]


def test_only_the_best_depth_move_and_operators_are_not_words():
    assert {form for form, _, _ in query_forms("غزة AND (مصر OR NOT الأردن)")} == {"غزه", "مصر", "الاردن"}
    rows = [(f"خبر {i}", 100.0 - i) for i in range(RERANK_DEPTH)] + [("غزة", 1.0)]
    ranked = rerank(rows, query_forms("غزة"), title=lambda r: r[0], score=lambda r: r[1])
    assert ranked[-1] == (1.0, ("غزة", 1.0))


def test_store_search_puts_the_headline_with_the_typed_words_first(store, news_article):
    body = "قالت منظمة إنسانية إن منظمة الإغاثة تواجه صعوبات في منظمة العمل. " * 3
    store.add(news_article(id="stems", title="منظمة إنسانية تحذر", paragraphs=[body]))
    store.add(news_article(id="typed", title="المنظمة تحذر من المجاعة",
                           paragraphs=["قالت منظمة إغاثة إن الوضع خطير في المنطقة."]))
    hits = store.search("المنظمة")
    assert [hit.id for hit in hits] == ["typed", "stems"]
    if isinstance(store, SqliteStore):  # (the PostgreSQL twin ranks by the same BM25: tests/store/test_postgres.py)
        bm25 = dict(store.read("SELECT a.id, -bm25(articles_fts, 5.0, 1.0) FROM articles_fts"
                               " JOIN articles a ON a.pk = articles_fts.rowid WHERE articles_fts MATCH 'منظم'"))
        assert bm25["stems"] > bm25["typed"]  # BM25 alone puts the other first


_DAY = "data/news/saudinewsnet_full/saudinewsnet_2015-07-21.jsonl.gz"
_PICKED = {556: "الكونغرس", 741: "الألعاب", 935: "الألعاب", 1624: "الكونغرس"}  # lines of that day


def _day_articles(shared: Path, first: int) -> list[Article]:
    """That day's first `first` articles (background for BM25's idf) and the four picked ones."""
    found = []
    with gzip.open(shared / _DAY, "rt", encoding="utf-8") as handle:
        for i, row in enumerate(map(json.loads, handle)):
            if (i < first or i in _PICKED) and row.get("title") and row.get("text"):
                assert i not in _PICKED or _PICKED[i] in row["title"], f"line {i} of {_DAY} changed"
                found.append(Article(id=f"line{i}", title=row["title"], text=row["text"],
                                     paragraphs=row["text"].split("\n"), url=f"https://example.org/{i}"))
    return found


def test_real_headlines_rank_as_the_typed_words_say_in_both_stores(store, shared):
    with store.batch():
        for article in _day_articles(shared, 150):
            store.add(article)
    for query, wanted, bm25_first in (
        ("النارية الالعاب", "line741", "line935"),  # both hold the words; 741 is a 4-word headline
        ("الكونغرس وبعلى", "line556", "line1624"),  # على as written (behind و ب) only in 556's headline
    ):
        if isinstance(store, SqliteStore):  # BM25 alone puts the other first
            plain = store.read("SELECT a.id FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid"
                               " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0)",
                               (parse(query).fts,))
            assert plain[0][0] == bm25_first
        hits = store.search(query, limit=3)
        assert [hit.id for hit in hits[:2]] == [wanted, bm25_first]


def test_store_search_finds_a_rare_word_typed_behind_clitics(store, news_article):
    # bench/search_eval.py's dev queries وإمارتي للدرجات and ومسنون العيد found nothing before
    store.add(news_article(id="target", title="مسنون يحتفلون بالعيد في دار الرعاية",
                           paragraphs=["احتفل مسنون في دار الرعاية بالعيد مع أسرهم."]))
    store.add(news_article(id="other", title="العيد في الرياض", paragraphs=["احتفالات العيد في الرياض."]))
    assert [hit.id for hit in store.search("ومسنون العيد")] == ["target"]
    assert [hit.id for hit in store.search("مسنون")] == ["target"]
