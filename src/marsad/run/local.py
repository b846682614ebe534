"""Run a pipeline over a stream of inputs, in this process or on a local process pool.

Template residue (a site's own boilerplate lines) can only be seen across many
articles of one source, so the stream is taken in chunks: each chunk is first
extracted, its lines feed the per-source template learner, then it is cleaned with
everything learned so far. Memory stays flat whatever the stream's length. Learning
happens in this process in input order, so a pool gives the same output as one process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import PurePath

from marsad import settings
from marsad.article import Article
from marsad.errors import Drop
from marsad.pipeline import Pipeline, Stats
from marsad.sources.base import Input
from marsad.stages.compose import compose_text
from marsad.stages.dates import resolve_dates
from marsad.stages.entities import link_entities
from marsad.stages.extract import extract_html
from marsad.stages.lang import detect_lang
from marsad.stages.quotes import extract_quotes
from marsad.stages.residue import TemplateLearner, residue_stage
from marsad.stages.summary import summarize_article
from marsad.stages.topics import tag_topics
from marsad.stages.translation import translation_signal

__all__ = ["PIPELINES", "cleaning_pipeline", "default_pipeline", "process_inputs", "source_key"]

CHUNK = 1000


def source_key(article: Article) -> str:
    """What groups articles for template learning: the source, else the input's folder."""
    if article.source:
        return article.source
    return str(PurePath(article.url).parent) if article.url else ""


def cleaning_pipeline(templates: frozenset[str] = frozenset()) -> Pipeline:
    """Just the cleaning: extract, strip residue, compose the text, detect the language."""
    return Pipeline([extract_html, residue_stage(templates), compose_text, detect_lang])


def default_pipeline(templates: frozenset[str] = frozenset()) -> Pipeline:
    """Cleaning, then what the text says: entities, quotes, dates, topics, summary, MT signal."""
    analysis = [link_entities, extract_quotes, resolve_dates, tag_topics, summarize_article, translation_signal]
    return Pipeline(cleaning_pipeline(templates).stages + analysis)


PipelineFactory = Callable[[frozenset[str]], Pipeline]
PIPELINES: dict[str, PipelineFactory] = {"full": default_pipeline, "clean": cleaning_pipeline}


_HEAD = Pipeline([extract_html])
_TAILS: dict[tuple[PipelineFactory, frozenset[str]], Pipeline] = {}


def run_head(article: Article) -> Article | Drop:
    """The stages before residue (HTML extraction); a Drop comes back as a value."""
    try:
        return _HEAD(article)
    except Drop as drop:
        return drop


def run_tail(factory: PipelineFactory, templates: dict[str, frozenset[str]], article: Article) -> Article | Drop:
    """The whole pipeline for the article's source, with that source's learned templates.

    Pipelines are cached per (factory, templates) in each process, so a worker builds
    one per source only when the source's templates change.
    """
    key = (factory, templates.get(source_key(article), frozenset()))
    pipeline = _TAILS.get(key)
    if pipeline is None:
        if len(_TAILS) > 256:
            _TAILS.clear()
        pipeline = _TAILS[key] = factory(key[1])
    try:
        return pipeline(article)
    except Drop as drop:
        return drop


def learn(learner: TemplateLearner, heads: list[Article | Drop]) -> dict[str, frozenset[str]]:
    """Feed a chunk's lines to the learner; the templates of every source in the chunk."""
    keys = set()
    for article in heads:
        if isinstance(article, Article):
            keys.add(source_key(article))
            if article.error is None and article.raw_text:
                learner.add(source_key(article), article.raw_text)
    return {key: learner.templates(key) for key in keys}


def collect(items: list[Input], done: list[Article | Drop], stats: Stats) -> Iterator[tuple[Input, Article]]:
    """Pair results with their inputs in order, counting drops and outcomes."""
    for item, article in zip(items, done):
        if isinstance(article, Drop):
            stats.record(None, article.reason)
        else:
            stats.record(article)
            yield item, article


def process_inputs(
    inputs: Iterable[Input],
    stats: Stats | None = None,
    chunk: int = CHUNK,
    pipeline: PipelineFactory | str = default_pipeline,
    workers: int | None = None,
) -> Iterator[tuple[Input, Article]]:
    """Every input through `pipeline` (built per source with its learned templates), in order,
    paired with the input it came from. `pipeline` may be a name from PIPELINES; with
    `workers` > 1 the stages run on a local process pool, results still in input order."""
    stats = stats if stats is not None else Stats()
    factory = PIPELINES[pipeline] if isinstance(pipeline, str) else pipeline
    workers = settings.get("workers", workers)
    learner = TemplateLearner(min_articles=settings.get("template_min_articles"))
    stream = iter(inputs)
    chunks = iter(lambda: list(islice(stream, chunk)), [])
    if workers > 1:
        from marsad.run.pool import process_chunks

        yield from process_chunks(chunks, factory, learner, stats, workers)
        return
    for items in chunks:
        heads = [run_head(item.article) for item in items]
        templates = learn(learner, heads)
        done = [h if isinstance(h, Drop) else run_tail(factory, templates, h) for h in heads]
        yield from collect(items, done, stats)
