"""One chunk of inputs through a pipeline: the helpers both executors share.

Extraction runs first (the head), the chunk's lines feed the per-source template
learner in input order, then the rest of the pipeline runs (the tail) with each
source's learned templates. Stages raise Drop; here a Drop comes back as a value,
so a worker process can return it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from marsad.article import Article
from marsad.errors import Drop
from marsad.pipeline import Pipeline, Stats
from marsad.run.pipelines import PipelineFactory, source_key
from marsad.sources.base import Input
from marsad.stages.extract_fast import extract_html_any
from marsad.stages.residue import TemplateLearner

__all__ = ["Lesson", "collect", "learn", "learn_lessons", "lesson", "run_head", "run_tail", "shed", "slim"]


_HEAD = Pipeline([extract_html_any])
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


Lesson = tuple[str, str | None] | None


def lesson(head: Article | Drop) -> Lesson:
    """What the template learner takes from one extracted article: its source key, and its
    raw text when it has one to teach; None for a drop. Small beside the article, so a
    cluster ships lessons, not articles, to the learner."""
    if not isinstance(head, Article):
        return None
    return source_key(head), (head.raw_text if head.error is None and head.raw_text else None)


def learn(learner: TemplateLearner, heads: list[Article | Drop]) -> dict[str, frozenset[str]]:
    """Feed a chunk's lines to the learner; the templates of every source in the chunk."""
    return learn_lessons(learner, [lesson(head) for head in heads])


def learn_lessons(learner: TemplateLearner, lessons: list[Lesson]) -> dict[str, frozenset[str]]:
    """`learn` from a chunk's lessons, in input order."""
    keys = set()
    for taught in lessons:
        if taught is not None:
            key, raw_text = taught
            keys.add(key)
            if raw_text:
                learner.add(key, raw_text)
    return {key: learner.templates(key) for key in keys}


def shed(items: list[Input], heads: list[Article | Drop]) -> list[Input]:
    """The chunk's inputs holding their extracted article instead of the raw page.

    Only origin and fingerprint are needed after extraction; kept as read, a chunk of
    1,000 web pages held every page's HTML (60-160 kB each) until it was written.
    """
    return [Input(i.origin, i.fingerprint, h) if isinstance(h, Article) else i for i, h in zip(items, heads)]


def slim(done: Article | Drop) -> Article | Drop:
    """The result without what the reader delivered (HTML, raw text): nothing after the
    pipeline reads it."""
    return done if isinstance(done, Drop) else replace(done, html=None, raw_text=None)


def collect(items: list[Input], done: Iterable[Article | Drop], stats: Stats) -> Iterator[tuple[Input, Article]]:
    """Pair results (a list, or a stream computing them) with their inputs in order,
    counting drops and outcomes.

    What the reader delivered (HTML, raw text) is let go here: nothing after the pipeline
    reads it, and a 20 MB page held it twice over while the store wrote the article. The
    lists are emptied as they are read, so a written article is not kept for the chunk.
    """
    for at, (item, article) in enumerate(zip(items, done)):
        items[at] = None  # type: ignore[call-overload]
        if isinstance(done, list):
            done[at] = None
        if isinstance(article, Drop):
            stats.record(None, article.reason)
        else:
            stats.record(article)
            article = slim(article)
            yield Input(item.origin, item.fingerprint, article), article
