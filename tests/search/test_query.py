"""The query language, index terms and snippets, without an archive."""

from __future__ import annotations

import pytest

from marsad.arabic import match_terms
from marsad.errors import QueryError
from marsad.search import BRACKETS, HTML_MARKS, display_words, index_terms, parse, snippet
from marsad.search.query import And, Not, Or, Term


def test_query_words_become_quoted_stems_anded() -> None:
    query = parse("لمنظمة الصحة")
    assert query.node == And((Term(("منظم",)), Term(("صحه",))))
    assert query.fts == '"منظم" AND "صحه"'


def test_query_variants_parse_to_the_same_terms() -> None:
    forms = ["لمنظمة", "المنظمة", "منظمه", "مُنَظَّمَة", "والمنظمة"]
    assert {parse(form).fts for form in forms} == {'"منظم"'}


def test_query_phrase_is_one_fts_phrase_of_stems() -> None:
    query = parse('"الأمم المتحدة" غزة')
    assert query.node == And((Term(("امم", "متحد")), Term(("غزه",))))
    assert query.fts == '"امم متحد" AND "غزه"'


@pytest.mark.parametrize(
    ("text", "fts"),
    [
        ("غزة OR رفح", '"غزه" OR "رفح"'),
        ("غزة أو رفح", '"غزه" OR "رفح"'),
        ("غزة و رفح", '"غزه" AND "رفح"'),
        ("غزة AND رفح", '"غزه" AND "رفح"'),
        ("غزة NOT مصر", '"غزه" NOT "مصر"'),
        ("غزة AND NOT مصر", '"غزه" NOT "مصر"'),
        ("غزة رفح NOT مصر", '("غزه" AND "رفح") NOT "مصر"'),
        ("غزة NOT مصر NOT تونس", '"غزه" NOT ("مصر" OR "تونس")'),
        ("(غزة OR رفح) معبر", '("غزه" OR "رفح") AND "معبر"'),
        ("غزة OR رفح معبر", '"غزه" OR ("رفح" AND "معبر")'),  # AND binds tighter than OR
        ("((غزة))", '"غزه"'),
    ],
)
def test_query_operators(text: str, fts: str) -> None:
    assert parse(text).fts == fts


def test_query_lowercase_operators_are_words() -> None:
    assert parse("war and peace").fts == '"war" AND "and" AND "peace"'


def test_query_operator_inside_quotes_is_a_word() -> None:
    assert parse('"OR"').node == Term(("or",))


def test_query_punctuation_only_words_are_ignored() -> None:
    assert parse("غزة ، رفح ؟").fts == '"غزه" AND "رفح"'


def test_query_word_with_inner_punctuation_is_a_phrase() -> None:
    assert parse("U.N.").node == Term(("u", "n"))


def test_query_highlight_terms_leave_out_excluded_words() -> None:
    assert parse("(غزة OR رفح) NOT مصر").terms == {"غزه", "رفح"}
    assert isinstance(parse("غزة NOT مصر").node, Not)
    assert isinstance(parse("غزة OR مصر").node, Or)


@pytest.mark.parametrize("text", ['غزة"', 'غزة"رفح', "title:غزة*", "NEAR(غزة", "^غزة", "-غزة"])
def test_query_never_passes_fts5_syntax_through(text: str) -> None:
    try:
        fts = parse(text).fts
    except QueryError:
        return
    inside = fts.replace('"', " ").split()
    assert all(part in ("AND", "OR", "NOT", "(", ")") or part.strip("()") for part in inside)
    assert not set("*^:+{}") & set(fts)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty query"),
        ("\t\n ", "empty query"),
        ("!!! ... ؟؟", "no words to search for"),
        ("AND OR", "no words to search for"),
        ('"غزة', 'unbalanced quote: the " at character 1 is never closed'),
        ('غزة "رفح', 'unbalanced quote: the " at character 5'),
        ("(غزة", "the \\( at character 1 is never closed"),
        ("غزة)", "the \\) at character 4 has no \\("),
        ("(غزة))", "the \\) at character 6 has no \\("),
        ("()غزة", "empty parentheses at character 1"),
        ('"" غزة', "empty phrase"),
        ("NOT غزة", "NOT at character 1 has nothing before it"),
        ("غزة OR NOT رفح", "NOT at character 8 has nothing before it"),
        ("(NOT غزة)", "NOT at character 2 has nothing before it"),
        ("غزة NOT", "NOT needs a word after it, but the query ends there"),
        ("غزة AND", "AND needs a word after it"),
        ("غزة OR", "OR needs a word after it"),
        ("غزة OR OR رفح", "OR needs a word after it, at character 8"),
        ("غزة " * 300, "query too long"),
    ],
)
def test_query_malformed_raises_query_error(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse(text)


def test_query_error_exit_code() -> None:
    with pytest.raises(QueryError) as caught:
        parse("(")
    assert caught.value.exit_code == 3


def test_terms_match_the_arabic_normal_form() -> None:
    text = "قالت منظمة الصحة العالمية"
    assert index_terms(text) == match_terms(text)


def test_terms_keep_diacritised_words_whole() -> None:
    assert index_terms("مُنَظَّمَةُ الأُمَمِ") == index_terms("منظمة الأمم") == ["منظم", "امم"]


def test_snippet_windows_around_the_densest_cluster() -> None:
    text = " ".join(["تمهيد"] * 40 + ["قالت", "منظمة", "الصحة", "العالمية"] + ["ختام"] * 40)
    cut = snippet(text, parse("منظمة الصحة").terms, size=10)
    assert cut.startswith("…") and cut.endswith("…")
    assert "قالت [منظمة] [الصحة] العالمية" in cut
    assert len(cut.strip("…").split()) == 10


def test_snippet_prefers_distinct_words_over_repeats() -> None:
    text = "غزة غزة غزة غزة " + "حشو " * 30 + "غزة ورفح معا " + "حشو " * 30
    cut = snippet(text, parse("غزة رفح").terms, size=8)
    assert "[غزة] [ورفح]" in cut


def test_snippet_without_match_is_the_start() -> None:
    text = "جملة أولى قصيرة. " * 20
    cut = snippet(text, {"غير"}, size=6)
    assert cut == "جملة أولى قصيرة. جملة أولى قصيرة…"


def test_snippet_short_text_is_whole_and_unmarked_ends() -> None:
    assert snippet("وصلت القافلة إلى غزة.", {"غزه"}) == "وصلت القافلة إلى [غزة]."


def test_snippet_html_marks_escape_text_not_markers() -> None:
    cut = snippet('خبر <b onclick="x">عاجل</b> من غزة & رفح', {"غزه"}, marks=HTML_MARKS)
    assert cut == "خبر &lt;b onclick=&quot;x&quot;&gt;عاجل&lt;/b&gt; من <mark>غزة</mark> &amp; رفح"


def test_snippet_empty_text() -> None:
    assert snippet("", {"غزه"}, marks=BRACKETS) == ""


def test_display_words_offsets_cover_diacritised_words() -> None:
    text = "وَقَّعَتِ الحُكُومَةُ، اتِّفَاقًا"
    found = display_words(text)
    assert [text[w.start : w.end] for w in found] == ["وَقَّعَتِ", "الحُكُومَةُ", "اتِّفَاقًا"]
    assert [w.term for w in found] == index_terms(text)


def test_snippet_marks_whole_diacritised_word() -> None:
    assert snippet("وقّعت الحُكُومَةُ اتفاقاً", {"حكوم"}) == "وقّعت [الحُكُومَةُ] اتفاقاً"


def test_query_word_the_corpus_never_saw_also_asks_for_it_without_its_clitics() -> None:
    # ومسنون, ليعايد: the index keeps و and ل when the rest is unknown too, so the query asks for both readings
    assert parse("ومسنون").node == Or((Term((index_terms("ومسنون")[0],)), Term((index_terms("مسنون")[0],))))
    query = parse("ليعايد القيادة")
    assert set(index_terms("يعايد")) <= query.terms and set(index_terms("ليعايد")) <= query.terms
    assert parse("وزير").node == Term(tuple(index_terms("وزير")))  # a word our corpus knows: one reading
    assert parse('"ومسنون العيد"').node == Term(tuple(index_terms("ومسنون العيد")))  # a phrase stays one phrase
