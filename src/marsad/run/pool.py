"""The same pipeline on a pool of local processes (`--workers N`).

Each chunk makes two trips: extraction in the workers, template learning here (in
input order, so results do not depend on which worker ran what), then the rest of
the pipeline in the workers. `Pool.map` keeps the order of the inputs.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from functools import partial

from marsad.article import Article
from marsad.pipeline import Stats
from marsad.run.chunks import collect, learn, run_head, run_tail, shed
from marsad.run.pipelines import PipelineFactory
from marsad.sources.base import Input
from marsad.stages.residue import TemplateLearner

__all__ = ["process_chunks"]


def process_chunks(
    chunks: Iterable[list[Input]],
    factory: PipelineFactory,
    learner: TemplateLearner,
    stats: Stats,
    workers: int,
) -> Iterator[tuple[Input, Article]]:
    """Every chunk through `factory`'s pipeline on `workers` processes, in input order."""
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for items in chunks:
            size = max(1, len(items) // (workers * 4))
            heads = pool.map(run_head, [item.article for item in items], chunksize=size)
            items = shed(items, heads)
            templates = learn(learner, heads)
            articles = [h for h in heads if isinstance(h, Article)]
            tails = iter(pool.map(partial(run_tail, factory, templates), articles, chunksize=size))
            done = [h if not isinstance(h, Article) else next(tails) for h in heads]
            yield from collect(items, done, stats)
