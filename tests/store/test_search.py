"""Searching the SQLite archive: Arabic variants, operators, ranking, snippets, bad queries."""

from __future__ import annotations

import sqlite3

import pytest

from marsad.article import Article
from marsad.errors import QueryError
from marsad.search import HTML_MARKS, Marks
from marsad.store import SqliteStore


def _add(store: SqliteStore, id: str, text: str, title: str = "خبر") -> None:
    url, source, published = "https://example.org/news/1", "example.org", "2024-03-07"
    store.add(
        Article(id=id, title=title, text=text, paragraphs=[text], url=url, source=source, published=published)
    )


@pytest.fixture
def news(store: SqliteStore) -> SqliteStore:
    """A small archive where each article uses one spelling of its key words."""
    _add(store, "who", "أعلنت منظمة الصحة العالمية عن حملة تطعيم جديدة في المدارس.")
    _add(store, "un", "قال الأمين العام للأمم المتحدة إن المساعدات لم تصل بعد.")
    _add(store, "apart", "الأمم الأفريقية اجتمعت في القاهرة، والولايات المتحدة تراقب.")
    _add(store, "gaza", "وصلت قافلة الإغاثة إلى مدينة غزة صباح اليوم بعد تأخير طويل.")
    _add(store, "egypt", "فتحت مصر معبر رفح أمام المصابين القادمين من غزة.")
    _add(store, "israel", "أعلنت إسرائيل إغلاق المعابر يوم الخميس.")
    return store


def _ids(store: SqliteStore, query: str) -> set[str]:
    return {hit.id for hit in store.search(query, limit=50)}


@pytest.mark.parametrize("query", ["منظمة", "لمنظمة", "المنظمة", "والمنظمة", "منظمه", "مُنَظَّمَةُ", "منظمـــة"])
def test_search_finds_clitic_orthographic_and_diacritic_variants(news: SqliteStore, query: str) -> None:
    assert _ids(news, query) == {"who"}


@pytest.mark.parametrize("query", ["اسرائيل", "إسرائيل", "لإسرائيل", "وإسرائيل"])
def test_search_folds_hamza_seats(news: SqliteStore, query: str) -> None:
    assert _ids(news, query) == {"israel"}


def test_search_finds_diacritised_text_by_plain_query(store: SqliteStore) -> None:
    _add(store, "voc", "وَقَّعَتِ الحُكُومَةُ اتِّفَاقًا مَعَ المُنَظَّمَةِ الدَّوْلِيَّةِ.")
    assert _ids(store, "الحكومة المنظمة") == {"voc"}
    assert _ids(store, "اتفاق") == {"voc"}


def test_search_ta_marbuta_and_ha_match(news: SqliteStore) -> None:
    assert _ids(news, "غزه") == _ids(news, "غزة") == {"gaza", "egypt"}


def test_search_words_are_anded(news: SqliteStore) -> None:
    assert _ids(news, "غزة رفح") == {"egypt"}


def test_search_phrase_needs_adjacent_words(news: SqliteStore) -> None:
    assert _ids(news, "الأمم المتحدة") == {"un", "apart"}
    assert _ids(news, '"الأمم المتحدة"') == {"un"}
    assert _ids(news, '"للأمم المتحدة"') == {"un"}


def test_search_or_and_not(news: SqliteStore) -> None:
    assert _ids(news, "رفح OR القاهرة") == {"egypt", "apart"}
    assert _ids(news, "رفح أو القاهرة") == {"egypt", "apart"}
    assert _ids(news, "غزة NOT مصر") == {"gaza"}
    assert _ids(news, "(رفح OR القاهرة) NOT مصر") == {"apart"}


def test_search_title_match_beats_body_mention(store: SqliteStore) -> None:
    _add(
        store,
        "body",
        "تحدث التقرير عن الاقتصاد والتعليم، وذكر السودان مرة واحدة في آخره.",
        title="تقرير اقتصادي",
    )
    _add(
        store,
        "title",
        "تحدث التقرير عن الاقتصاد والتعليم، وذكر الحرب مرة واحدة في آخره.",
        title="أزمة السودان",
    )
    _add(store, "other", "لا علاقة لهذا الخبر بالموضوع إطلاقا.")
    hits = store.search("السودان")
    assert [hit.id for hit in hits] == ["title", "body"]
    assert hits[0].score > hits[1].score > 0


def test_search_hit_fields(news: SqliteStore) -> None:
    (hit,) = news.search("رفح")
    assert (hit.id, hit.title, hit.url, hit.source, hit.published) == (
        "egypt",
        "خبر",
        "https://example.org/news/1",
        "example.org",
        "2024-03-07",
    )


def test_search_snippet_marks_match_in_display_text(store: SqliteStore) -> None:
    filler = " ".join(["وتابع المتحدث حديثه عن الأوضاع العامة"] * 12)
    text = f"{filler}\n\nوقالت لمنظمةِ الإغاثة إن الوضع صعب. {filler}"
    _add(store, "long", text)
    (hit,) = store.search("منظمة الإغاثة")
    assert "[لمنظمةِ] [الإغاثة]" in hit.snippet  # as written, diacritic and clitic kept
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "\n" not in hit.snippet
    assert 25 <= len(hit.snippet.split()) <= 35


def test_search_snippet_markers_are_configurable_and_escape_html(store: SqliteStore) -> None:
    _add(store, "xss", "نشر الموقع <script>alert(1)</script> خبرا عن غزة.")
    (hit,) = store.search("غزة", marks=HTML_MARKS)
    assert "<mark>غزة</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    (hit,) = store.search("غزة", marks=Marks("«", "»", "..."))
    assert "«غزة»" in hit.snippet


def test_search_snippet_for_title_only_match_starts_the_text(store: SqliteStore) -> None:
    _add(store, "t", "نص لا يذكر الكلمة المطلوبة أبدا.", title="زلزال في تركيا")
    (hit,) = store.search("زلزال")
    assert hit.snippet == "نص لا يذكر الكلمة المطلوبة أبدا."


def test_search_limit_offset_and_count(store: SqliteStore) -> None:
    for n in range(15):
        _add(store, f"n{n}", "خبر عن غزة " + "تفاصيل " * n)
    first, second = store.search("غزة", limit=10), store.search("غزة", limit=10, offset=10)
    assert len(first) == 10 and len(second) == 5
    assert not {h.id for h in first} & {h.id for h in second}
    assert store.count("غزة") == 15
    assert [h.score for h in first] == sorted((h.score for h in first), reverse=True)


def test_search_no_match_is_empty(news: SqliteStore) -> None:
    assert news.search("كمبيوتر") == []
    assert news.count("كمبيوتر") == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ("؟! ،", "no words"),
        ('"الأمم المتحدة', "unbalanced quote"),
        ("(غزة OR رفح", "unbalanced parenthesis"),
        ("غزة)", "unbalanced parenthesis"),
        ("NOT غزة", "NOT .* nothing before it"),
        ("غزة OR", "OR needs a word after it"),
    ],
)
def test_search_malformed_query_raises_query_error(news: SqliteStore, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        news.search(query)
    with pytest.raises(QueryError, match=message):
        news.count(query)


@pytest.mark.parametrize(
    "query", ["غزة*", "title:غزة", "NEAR(غزة رفح)", "^غزة", "غزة + رفح", "'غزة'", "{غزة}"]
)
def test_search_fts5_syntax_in_queries_is_just_text(news: SqliteStore, query: str) -> None:
    try:
        news.search(query)
    except sqlite3.Error as exc:  # pragma: no cover - the failure we guard against
        pytest.fail(f"sqlite error leaked: {exc}")
