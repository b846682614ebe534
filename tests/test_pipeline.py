import pickle

import pytest

from marsad.article import Article
from marsad.errors import Drop, PipelineError
from marsad.pipeline import Pipeline, Stats, stage


@stage("upper", needs={"raw"}, gives={"paragraphs"})
def split_lines(article: Article) -> Article:
    article.paragraphs = article.raw_text.splitlines()
    return article


@stage("count", needs={"paragraphs"}, gives={"flags"})
def count_paragraphs(article: Article) -> Article:
    article.flags["paragraphs"] = len(article.paragraphs)
    return article


@stage("explode", needs={"paragraphs"})
def explode(article: Article) -> Article:
    raise ZeroDivisionError("boom")


@stage("short", needs={"paragraphs"})
def drop_short(article: Article) -> Article:
    if len(article.paragraphs) < 2:
        raise Drop("too short")
    return article


def test_pipeline_runs_stages_in_order(make_article):
    done = Pipeline([split_lines, count_paragraphs])(make_article(raw_text="أ\nب\nج"))
    assert done.paragraphs == ["أ", "ب", "ج"] and done.flags["paragraphs"] == 3


def test_pipeline_in_an_impossible_order_is_rejected_when_built():
    with pytest.raises(PipelineError, match="'count' needs paragraphs"):
        Pipeline([count_paragraphs, split_lines])


def test_a_failing_stage_becomes_the_articles_error_not_a_crash(make_article):
    done = Pipeline([split_lines, explode, count_paragraphs])(make_article())
    assert done.error.stage == "explode"
    assert done.error.reason == "ZeroDivisionError: boom"
    assert "paragraphs" not in done.flags


def test_run_counts_processed_dropped_and_failed(make_article):
    stats = Stats()
    articles = [make_article(raw_text="أ\nب"), make_article(raw_text="أ"), make_article(raw_text="أ\nب")]
    pipeline = Pipeline([split_lines, drop_short])
    out = list(pipeline.run(articles, stats))
    assert len(out) == 2 and stats.processed == 2 and stats.dropped == {"too short": 1}
    failing = Pipeline([split_lines, explode])
    list(failing.run([make_article()], stats))
    assert stats.failed == {"explode": 1}


def test_stages_and_pipelines_pickle_for_process_pools(make_article):
    pipeline = pickle.loads(pickle.dumps(Pipeline([split_lines, count_paragraphs])))
    assert pipeline(make_article(raw_text="أ\nب")).flags["paragraphs"] == 2
