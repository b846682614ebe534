"""Bounded work per article: analysis on a prefix past a size, skipped past a time budget (issue 15)."""

import time

from marsad.article import Article, Mention
from marsad.pipeline import Bounds, Pipeline, Stage
from marsad.run.pipelines import default_pipeline

PARAGRAPH = "قال الأمين العام للأمم المتحدة أنطونيو غوتيريش إن الوضع في السودان كارثي."


def _composed(paragraphs: list[str]) -> Article:
    return Article(id="x", text="\n\n".join(paragraphs), paragraphs=list(paragraphs), lang="ar")


def _seen(article: Article) -> Article:
    article.entities = []
    article.flags = {**article.flags, "seen": len(article.text), "paragraphs_seen": len(article.paragraphs)}
    return article


SEEN = Stage("seen", _seen, frozenset(), frozenset({"flags"}))  # a composed article comes in


def test_a_long_text_is_analysed_on_a_prefix_cut_at_a_paragraph_and_flagged():
    article = _composed([PARAGRAPH] * 100)
    bounds = Bounds(frozenset({"seen"}), max_chars=1000, seconds=60)
    done = Pipeline([SEEN], bounds)(article)
    assert done.text == article.text and len(done.paragraphs) == 100  # the text is whole
    assert done.flags["seen"] == done.flags["analysed_chars"] <= 1000
    assert article.text[: done.flags["analysed_chars"]].endswith(PARAGRAPH)
    assert done.flags["paragraphs_seen"] == done.flags["analysed_chars"] // (len(PARAGRAPH) + 2) + 1


def test_a_short_text_is_analysed_whole_without_a_flag():
    done = Pipeline([SEEN], Bounds(frozenset({"seen"}), 1000, 60))(_composed([PARAGRAPH]))
    assert done.flags == {"seen": len(PARAGRAPH), "paragraphs_seen": 1}


def test_past_the_time_budget_the_remaining_analysis_is_skipped_and_flagged():
    def slow(article: Article) -> Article:
        time.sleep(0.05)
        return article

    stages = [Stage("cleaning", slow), Stage("first", slow), SEEN, Stage("other", _seen)]
    bounds = Bounds(frozenset({"first", "seen", "other"}), 10_000, seconds=0.01)
    done = Pipeline(stages, bounds)(_composed([PARAGRAPH]))
    # Cleaning's time is not counted: the first analysis stage runs, the budget ends there.
    assert done.flags == {"skipped_stages": ["seen", "other"]}
    assert done.error is None


def test_entities_found_on_the_prefix_point_into_the_whole_text(monkeypatch):
    monkeypatch.setenv("MARSAD_MAX_ANALYSIS_CHARS", "400")
    filler = "وتحدث التقرير عن أحوال الطقس في المنطقة خلال الأسبوع المقبل دون تغيير يذكر."
    article = Article(url="t.txt", raw_text="\n".join([PARAGRAPH, *[filler] * 40, PARAGRAPH]))
    done = default_pipeline()(article)
    assert done.error is None and done.flags["analysed_chars"] <= 400
    mentions: list[Mention] = [m for e in done.entities for m in e.mentions]
    assert mentions and all(done.text[m.start : m.end] == m.text and m.end <= 400 for m in mentions)
