"""Run the default pipeline over a stream of inputs in this process.

Template residue (a site's own boilerplate lines) can only be seen across many
articles of one source, so the stream is taken in chunks: each chunk is first
extracted, its lines feed the per-source template learner, then it is cleaned with
everything learned so far. Memory stays flat whatever the stream's length.
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
from marsad.stages.extract import extract_html
from marsad.stages.lang import detect_lang
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
    """Cleaning, then what the text says: dates, topics, summary, machine-translation signal."""
    analysis = [resolve_dates, tag_topics, summarize_article, translation_signal]
    return Pipeline(cleaning_pipeline(templates).stages + analysis)


PipelineFactory = Callable[[frozenset[str]], Pipeline]
PIPELINES: dict[str, PipelineFactory] = {"full": default_pipeline, "clean": cleaning_pipeline}


class _Cleaner:
    """The pipeline split around the residue stage, with templates learned per source."""

    def __init__(self, min_articles: int, factory: PipelineFactory) -> None:
        self.factory = factory
        self.learner = TemplateLearner(min_articles=min_articles)
        self.head = Pipeline([extract_html])
        self._tails: dict[str, tuple[frozenset[str], Pipeline]] = {}

    def tail(self, key: str) -> Pipeline:
        """The pipeline for one source, rebuilt only when its templates changed."""
        templates = self.learner.templates(key)
        cached = self._tails.get(key)
        if cached is None or cached[0] != templates:
            pipeline = self.factory(templates)
            cached = self._tails[key] = (templates, pipeline)
        return cached[1]

    def chunk(self, items: list[Input], stats: Stats) -> Iterator[tuple[Input, Article]]:
        heads: list[tuple[Input, Article]] = []
        for item in items:
            try:
                article = self.head(item.article)
            except Drop as drop:
                stats.record(None, drop.reason)
                continue
            if article.error is None and article.raw_text:
                self.learner.add(source_key(article), article.raw_text)
            heads.append((item, article))
        tails = {key: self.tail(key) for key in {source_key(a) for _, a in heads}}
        for item, article in heads:
            try:
                done = tails[source_key(article)](article)
            except Drop as drop:
                stats.record(None, drop.reason)
                continue
            stats.record(done)
            yield item, done


def process_inputs(
    inputs: Iterable[Input],
    stats: Stats | None = None,
    chunk: int = CHUNK,
    pipeline: PipelineFactory | str = default_pipeline,
) -> Iterator[tuple[Input, Article]]:
    """Every input through `pipeline` (built per source with its learned templates), in order,
    paired with the input it came from. `pipeline` may be a name from PIPELINES."""
    stats = stats if stats is not None else Stats()
    if isinstance(pipeline, str):
        pipeline = PIPELINES[pipeline]
    cleaner = _Cleaner(settings.get("template_min_articles"), pipeline)
    stream = iter(inputs)
    while items := list(islice(stream, chunk)):
        yield from cleaner.chunk(items, stats)
