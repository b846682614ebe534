"""Re-ranking: a title holding the query's words as written beats one holding only their stems."""

from __future__ import annotations

from marsad.search.rank import RERANK_DEPTH, query_forms, rerank
from marsad.store import SqliteStore


def test_written_form_in_title_beats_stem_only_and_absent():
    rows = [("منظمات تطلق برنامجا", 3.0), ("المنظمة تطلق برنامجا", 2.0), ("برنامج جديد", 2.5)]
    ranked = rerank(rows, query_forms("المنظمة"), title=lambda r: r[0], score=lambda r: r[1])
    assert [row[0] for _, row in ranked] == ["المنظمة تطلق برنامجا", "منظمات تطلق برنامجا", "برنامج جديد"]
    assert ranked[0][0] == 4.0  # every query word as written doubles the score


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
