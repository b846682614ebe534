"""Run a pipeline over a stream of inputs, in this process or on a local process pool.

Template residue (a site's own boilerplate lines) can only be seen across many
articles of one source, so the stream is taken in chunks: each chunk is first
extracted, its lines feed the per-source template learner, then it is cleaned with
everything learned so far. Memory stays flat whatever the stream's length. Learning
happens in this process in input order, so a pool gives the same output as one process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from marsad import settings
from marsad.article import Article
from marsad.errors import Drop
from marsad.pipeline import Stats
from marsad.run.chunks import collect, learn, run_head, run_tail
from marsad.run.malloc import return_large_frees
from marsad.run.pipelines import PIPELINES, PipelineFactory, default_pipeline
from marsad.sources.base import Input
from marsad.stages.residue import TemplateLearner

__all__ = ["process_inputs"]

CHUNK = 1000


def process_inputs(
    inputs: Iterable[Input],
    stats: Stats | None = None,
    chunk: int | None = None,
    pipeline: PipelineFactory | str = default_pipeline,
    workers: int | None = None,
    executor: str | None = None,
    scheduler: str | None = None,
) -> Iterator[tuple[Input, Article]]:
    """Every input through `pipeline` (built per source with its learned templates), in order,
    paired with the input it came from. `pipeline` may be a name from PIPELINES; with
    `workers` > 1 the stages run on a local process pool, with `executor="dask"` on a Dask
    cluster (`scheduler`, else a LocalCluster of `workers`); results always in input order."""
    return_large_frees()
    stats = stats if stats is not None else Stats()
    factory = PIPELINES[pipeline] if isinstance(pipeline, str) else pipeline
    workers = settings.get("workers", workers)
    learner = TemplateLearner(min_articles=settings.get("template_min_articles"))
    stream, size = iter(inputs), chunk or CHUNK
    chunks = iter(lambda: list(islice(stream, size)), [])  # for the executors that extract remotely
    if settings.get("executor", executor) == "dask":
        from marsad.run.dask import process_chunks as on_dask

        scheduler = settings.get("scheduler", scheduler) or None
        yield from on_dask(chunks, factory, learner, stats, workers, scheduler)
        return
    if workers > 1:
        from marsad.run.pool import process_chunks

        yield from process_chunks(chunks, factory, learner, stats, workers)
        return
    for items, heads in _headed(stream, size):
        yield from collect(items, _tailed(factory, learn(learner, heads), heads), stats)


def _tailed(factory: PipelineFactory, templates: dict[str, frozenset[str]],
            heads: list[Article | Drop]) -> Iterator[Article | Drop]:
    """The chunk's tails one at a time, as the writer asks for them.

    Run all at once, a chunk's 1,000 finished articles (entities, mentions, story keys)
    waited for the writer together: about 100 MB of the full pipeline's peak.
    """
    for at, head in enumerate(heads):
        heads[at] = None  # type: ignore[call-overload]
        yield head if isinstance(head, Drop) else run_tail(factory, templates, head)


def _headed(stream: Iterator[Input], chunk: int) -> Iterator[tuple[list[Input], list[Article | Drop]]]:
    """Chunks of inputs with their extracted heads, each page's HTML let go once extracted.

    A chunk of 1,000 web pages held as HTML strings was most of a WARC ingest's peak
    memory; their extracted text is a small fraction of it.
    """
    while True:
        items, heads = [], []
        for item in islice(stream, chunk):
            heads.append(run_head(item.article))
            item.article.html = None
            items.append(item)
        if not items:
            return
        yield items, heads
