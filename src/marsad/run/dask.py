"""The same pipeline on a Dask cluster (`--executor dask`), one writer here.

Each chunk of inputs is cut into batches. A batch is extracted on a worker (the
head); its lines come back here and feed the template learner in input order, as
in the local executors, so the output cannot depend on which worker ran what. The
rest of the pipeline (the tail) runs on the worker that holds the batch's heads.
Results are gathered in input order and handed to the one writer.

Workers are long-lived processes: each loads the models the first time a stage
needs them and keeps them, like a pool process. While one chunk's tails run, the
next chunk is already extracted and learned from, so workers do not idle between
chunks. A worker that dies mid-run is Dask's to handle: the scheduler reruns its
lost batches elsewhere, and the results are the same whoever computes them. A
scheduler that goes away ends the run with `ExecutorError`; everything written
before is kept, and a rerun skips it by the ledger.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from contextlib import contextmanager

from marsad.article import Article
from marsad.errors import Drop, ExecutorError
from marsad.pipeline import Stats
from marsad.run.chunks import collect, learn, run_head, run_tail, shed
from marsad.run.pipelines import PipelineFactory
from marsad.sources.base import Input
from marsad.stages.residue import TemplateLearner

__all__ = ["dask_client", "process_chunks"]

# Batches per worker in a chunk: small enough to balance, big enough to amortise a task.
_BATCHES_PER_WORKER = 4
# Chunks in flight: the one being gathered and the one queued behind it.
_AHEAD = 2


def heads(articles: list[Article]) -> list[Article | Drop]:
    """Extraction for one batch, on a worker."""
    return [run_head(article) for article in articles]


def tails(factory: PipelineFactory, templates: dict[str, frozenset[str]], done: list[Article | Drop]) -> list:
    """The rest of the pipeline for one batch's heads, on the worker that holds them."""
    return [d if isinstance(d, Drop) else run_tail(factory, templates, d) for d in done]


def _batches(items: list, workers: int) -> list[list]:
    size = max(1, -(-len(items) // (workers * _BATCHES_PER_WORKER)))
    return [items[i : i + size] for i in range(0, len(items), size)]


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator:
    """A client on `scheduler`, or on a LocalCluster of `workers` one-thread processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ExecutorError("--executor dask needs Dask: pip install 'marsad[dask]'") from error
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        with client:
            yield client
        return
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    with cluster, Client(cluster, set_as_default=False) as client:
        yield client


class _Chunk:
    """One chunk on the cluster: its inputs, and the futures of its batches' tails."""

    def __init__(self, items: list[Input], futures: list) -> None:
        self.items, self.futures = items, futures


def _submit(
    client, items: list[Input], factory: PipelineFactory, learner: TemplateLearner, workers: int
) -> _Chunk:
    """Extract a chunk on the cluster, learn from it here, and queue its tails."""
    batches = _batches([item.article for item in items], workers)
    head_futures = client.map(heads, batches, pure=False)
    extracted = [head for batch in client.gather(head_futures) for head in batch]
    templates = learn(learner, extracted)
    tail_futures = [client.submit(tails, factory, templates, future, pure=False) for future in head_futures]
    return _Chunk(shed(items, extracted), tail_futures)


def process_chunks(
    chunks: Iterable[list[Input]],
    factory: PipelineFactory,
    learner: TemplateLearner,
    stats: Stats,
    workers: int,
    scheduler: str | None = None,
) -> Iterator[tuple[Input, Article]]:
    """Every chunk through `factory`'s pipeline on a Dask cluster, results in input order."""
    with dask_client(scheduler, workers) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        queue: deque[_Chunk] = deque()
        for items in chunks:
            with _cluster_errors(scheduler):
                queue.append(_submit(client, items, factory, learner, workers))
            if len(queue) >= _AHEAD:
                yield from _results(client, queue.popleft(), stats, scheduler)
        while queue:
            yield from _results(client, queue.popleft(), stats, scheduler)


def _results(client, chunk: _Chunk, stats: Stats, scheduler: str | None) -> Iterator[tuple[Input, Article]]:
    with _cluster_errors(scheduler):
        done = [result for batch in client.gather(chunk.futures) for result in batch]
    yield from collect(chunk.items, done, stats)


@contextmanager
def _cluster_errors(scheduler: str | None) -> Iterator[None]:
    """Dask's ways of saying the cluster is gone, as one ExecutorError for people."""
    from distributed import KilledWorker

    try:
        yield
    except (OSError, TimeoutError, CancelledError) as error:
        where = f"the Dask scheduler at {scheduler}" if scheduler else "the local Dask cluster"
        raise ExecutorError(f"lost {where} mid-run ({type(error).__name__}: {error or 'connection closed'}); "
                            "what was stored is kept: rerun the same command to finish") from error
    except KilledWorker as error:
        message = f"a batch killed every Dask worker that ran it ({error}); what was stored is kept"
        raise ExecutorError(message) from error
