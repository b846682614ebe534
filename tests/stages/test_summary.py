"""Summaries: one to three of the article's own sentences, verbatim, in their order."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.article import Article
from marsad.errors import PipelineError
from marsad.pipeline import Pipeline
from marsad.run.pipelines import default_pipeline
from marsad.stages.summary import select_sentences, split_sentences, summarize, summarize_article

# Written by us: a wire story with a lede, details, a quote and a closing background line.
TITLE = "الأردن يفتح معبر جابر أمام حركة الشاحنات بعد إغلاق دام أسبوعين"
PARAGRAPHS = [
    (
        "عمان - أعلنت وزارة الداخلية الأردنية، اليوم الأحد، إعادة فتح معبر جابر الحدودي مع سوريا أمام "
        "حركة الشاحنات والمسافرين، بعد إغلاق دام أسبوعين بسبب تدهور الوضع الأمني في الجانب السوري."
    ),
    (
        "وقال المتحدث باسم الوزارة إن المعبر سيعمل من السابعة صباحا حتى الخامسة مساء، وإن الإجراءات "
        "الأمنية شددت على البوابات. وأضاف أن نحو 300 شاحنة كانت تنتظر العبور منذ الأسبوع الماضي."
    ),
    "الاقتصاد والتجارة",
    (
        "وقال رئيس نقابة أصحاب الشاحنات: «خسر القطاع أكثر من 2.5 مليون دينار خلال فترة الإغلاق. نأمل "
        "ألا يتكرر ذلك.» وطالب الحكومة بتعويض السائقين المتضررين."
    ),
    (
        "ويعد معبر جابر المنفذ البري الرئيسي بين البلدين، وكان قد أعيد افتتاحه عام 2018 بعد إغلاق "
        "استمر ثلاث سنوات."
    ),
]
TEXT = "\n\n".join(PARAGRAPHS)


def summary_sentences(summary: str, text: str) -> list[str]:
    """The summary cut back into the sentences of `text` it was built from (distinct sentences only)."""
    return [s for p in text.split("\n\n") for s in split_sentences(p) if s in summary]


# ------------------------------------------------------------------ sentence splitting
@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("قال الوزير، في مؤتمر صحفي، إن الخطة جاهزة.", ["قال الوزير، في مؤتمر صحفي، إن الخطة جاهزة."]),
        ("هل انتهت الأزمة؟ لا أحد يعرف! وربما تطول.", ["هل انتهت الأزمة؟", "لا أحد يعرف!", "وربما تطول."]),
        (
            "بلغ النمو 3.5 في المئة هذا العام. وتوقع المزيد.",
            ["بلغ النمو 3.5 في المئة هذا العام.", "وتوقع المزيد."],
        ),
        ("التقى د. أحمد الوفد أمس. ثم غادر.", ["التقى د. أحمد الوفد أمس.", "ثم غادر."]),
        ("افتتح المبنى عام 2015 م. وحضره الوزير.", ["افتتح المبنى عام 2015 م.", "وحضره الوزير."]),
        ("الابتدائية.وأشار المدير إلى ذلك.", ["الابتدائية.", "وأشار المدير إلى ذلك."]),
        ("عنوان بلا نقطة", ["عنوان بلا نقطة"]),
    ],
)
def test_summary_split_sentences_arabic_punctuation(paragraph, expected):
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("قال: «الوضع صعب. لكننا نعمل» ثم غادر.", ["قال: «الوضع صعب. لكننا نعمل» ثم غادر."]),
        ("قال: “الوضع صعب. لكننا نعمل” ثم غادر.", ["قال: “الوضع صعب. لكننا نعمل” ثم غادر."]),
        ("قال: «الوضع صعب. لكننا نعمل.» ثم غادر.", ["قال: «الوضع صعب. لكننا نعمل.»", "ثم غادر."]),
    ],
)
def test_summary_split_does_not_end_inside_a_quotation(paragraph, expected):
    assert split_sentences(paragraph) == expected


def test_summary_split_keeps_closing_quote_with_its_sentence():
    paragraph = "وأضاف: «نحن مستعدون.» وغادر بعدها."
    assert split_sentences(paragraph) == ["وأضاف: «نحن مستعدون.»", "وغادر بعدها."]


# ------------------------------------------------------------------ choosing sentences
def test_summary_sentences_are_verbatim_and_at_most_three():
    summary = summarize(TEXT, TITLE)
    chosen = summary_sentences(summary, TEXT)
    assert 1 <= len(chosen) <= 3
    assert all(s in TEXT for s in chosen)
    assert summary == " ".join(chosen)


def test_summary_starts_with_the_lede():
    assert summarize(TEXT, TITLE).startswith(split_sentences(PARAGRAPHS[0])[0])


def test_summary_keeps_article_order():
    summary = summarize(TEXT, TITLE)
    positions = [TEXT.index(s) for s in summary_sentences(summary, TEXT)]
    assert positions == sorted(positions)


def test_summary_never_picks_a_subheading():
    assert "الاقتصاد والتجارة" not in summarize(TEXT, TITLE)


@pytest.mark.parametrize("limit", [1, 2])
def test_summary_respects_max_sentences(limit):
    assert len(summary_sentences(summarize(TEXT, TITLE, max_sentences=limit), TEXT)) <= limit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أعلنت الحكومة استقالتها اليوم.", "أعلنت الحكومة استقالتها اليوم."),
        ("أعلنت الحكومة استقالتها اليوم. وقبلها الرئيس.", "أعلنت الحكومة استقالتها اليوم. وقبلها الرئيس."),
        ("", ""),
    ],
)
def test_summary_short_article_is_its_own_summary(text, expected):
    assert summarize(text) == expected


def test_summary_without_title_still_summarizes():
    chosen = summary_sentences(summarize(TEXT), TEXT)
    assert 1 <= len(chosen) <= 3


# Arabic words and punctuation, so random texts have sentences, commas and quotes.
_WORDS = st.sampled_from(
    ["قال", "الوزير", "إن", "الحكومة", "ستعمل", "على", "خطة", "في", "غزة", "3.5", "د.", "«نعم»", "“لا”"]
)
_PUNCT = st.sampled_from(["", "", "،", ".", "؟", "!", "…", "\n\n"])
_TEXTS = st.lists(st.tuples(_WORDS, _PUNCT), max_size=80).map(lambda parts: " ".join(w + p for w, p in parts))


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_summary_any_text_gives_verbatim_sentences(text):
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    chosen = select_sentences(paragraphs, "الحكومة والخطة")
    assert len(chosen) <= 3
    assert all(sentence and sentence in text for sentence in chosen)
    assert summarize(text, "الحكومة والخطة") == " ".join(
        select_sentences([p for p in text.split("\n") if p.strip()], "الحكومة والخطة")
    )


# ------------------------------------------------------------------ the stage
def test_summary_stage_fills_summary(news_article):
    article = summarize_article(news_article(paragraphs=PARAGRAPHS, title=TITLE))
    assert article.summary
    assert all(s in article.text for s in summary_sentences(article.summary, article.text))


def test_summary_stage_declares_needs_and_gives():
    assert summarize_article.needs == {"text", "paragraphs"}  # after compose: sentences must match text
    assert summarize_article.gives == {"summary"}
    with pytest.raises(PipelineError):
        Pipeline([summarize_article])


def test_summary_stage_pickles():
    assert pickle.loads(pickle.dumps(summarize_article)) is summarize_article


def test_summary_seed_through_the_pipeline(seed_text):
    run = Pipeline([*default_pipeline().stages, summarize_article])
    article = run(Article(url="seed.txt", raw_text=seed_text))
    assert article.error is None
    chosen = summary_sentences(article.summary, article.text)
    assert 1 <= len(chosen) <= 3
    assert article.summary == " ".join(chosen)
    assert "تعمق الأمم المتحدة تعاونها مع منظمة التعاون الإسلامي" in chosen[0]
    assert "اشترك" not in article.summary and "[ad_" not in article.summary
