"""Bounded work per article: analysis on a prefix past a size, skipped past a time budget (issue 15)."""

import subprocess
import sys
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


def test_a_giant_text_is_stored_whole_but_indexed_only_up_to_max_index_chars(monkeypatch, tmp_path):
    from marsad.service import Archive

    monkeypatch.setenv("MARSAD_MAX_INDEX_CHARS", "2000")
    filler = "وتحدث التقرير عن أحوال الطقس في المنطقة خلال الأسبوع المقبل دون تغيير يذكر."
    page = tmp_path / "long.txt"
    page.write_text(" ".join([filler] * 60 + ["وأعلنت شركة زمردستان عن أرباحها."]), encoding="utf-8")
    with Archive(tmp_path / "a.db") as archive:
        assert archive.ingest([str(page)], pipeline="clean").new == 1
        (stored,) = [archive.article(i) for i in archive.store.ids()]
        assert stored.text.endswith("زمردستان عن أرباحها.")  # stored and shown whole
        assert 1000 <= stored.flags["indexed_chars"] <= 2000
        assert stored.text[stored.flags["indexed_chars"]] == " "  # cut between words
        assert archive.store.search("أحوال الطقس")  # a word in the indexed start is found
        assert not archive.store.search("زمردستان")  # one past the cap is not (the flag says why)


def test_an_ordinary_article_carries_no_index_flag(tmp_path):
    from marsad.service import Archive

    page = tmp_path / "short.txt"
    page.write_text(PARAGRAPH, encoding="utf-8")
    with Archive(tmp_path / "a.db") as archive:
        archive.ingest([str(page)], pipeline="clean")
        (stored,) = [archive.article(i) for i in archive.store.ids()]
        assert "indexed_chars" not in stored.flags and archive.store.search("غوتيريش")


def test_what_the_reader_delivered_is_let_go_once_the_pipeline_is_done(tmp_path):
    from marsad.run.local import process_inputs
    from marsad.sources.files import read_inputs

    page = tmp_path / "page.html"
    page.write_text(f"<html><body><article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>",
                    encoding="utf-8")
    ((item, article),) = list(process_inputs(read_inputs([str(page)]), pipeline="clean"))
    assert article.text and article.html is None and article.raw_text is None
    assert item.article is article and item.origin.endswith("page.html") and item.fingerprint


def test_a_stage_loading_its_model_on_first_use_does_not_cut_the_first_article_short():
    loaded = []

    def lazy(article: Article) -> Article:
        if not loaded:
            time.sleep(0.4)  # a model loading on first use
            loaded.append(True)
        return _seen(article)

    after = Stage("after", lambda a: a, frozenset(), frozenset())
    bounds = Bounds(frozenset({"lazy", "after"}), max_chars=10_000, seconds=0.2)
    done = Pipeline([Stage("lazy", lazy, frozenset(), frozenset({"flags"})), after], bounds)(_composed([PARAGRAPH]))
    assert done.flags["seen"] and "skipped_stages" not in done.flags


def test_once_warm_the_loaded_models_are_out_of_the_collectors_sight():
    # A fresh process, so this session's earlier warm-ups do not decide the answer.
    script = (
        "import gc\n"
        "from marsad.article import Article\n"
        "from marsad.run.pipelines import default_pipeline\n"
        "before = gc.get_freeze_count()\n"
        "default_pipeline()(Article(id='a', raw_text='قال وزير الخارجية في الرياض إن المحادثات بناءة.'))\n"
        "print(before, gc.get_freeze_count(), gc.get_threshold()[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    before, frozen, young = map(int, out)
    assert before == 0 and frozen > 50_000  # the NER model, name lists, KB: over a hundred thousand objects
    assert young > 700  # larger than Python's default young generation
