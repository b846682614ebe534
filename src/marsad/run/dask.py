"""The same pipeline on a Dask cluster (`--executor dask`), one writer here.

Each chunk of inputs is cut into batches. A batch is extracted on a worker (the
head); its lessons (source and raw lines) come back here and feed the template
learner in input order, as in the local executors, so the output cannot depend on
which worker ran what. The rest of the pipeline (the tail) runs on the worker that
holds the batch's heads, and ends with the keys the story linker needs, so the one
writer here only looks candidates up and inserts.

Results stream back batch by batch in input order: the writer stores the first
batch of a chunk while the workers compute the rest. Workers never wait on the
writer: while one chunk's tails run, the next chunk is already extracted (heads go
first, by priority), learned from and queued, so there is always a chunk of tails
ahead of them. Workers are long-lived processes: each loads the models the first
time a stage needs them and keeps them, like a pool process. A worker that dies
mid-run is Dask's to handle: the scheduler reruns its lost batches elsewhere, and
the results are the same whoever computes them. A scheduler that goes away ends the
run with `ExecutorError`; everything written before is kept, and a rerun skips it by
the ledger.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from contextlib import contextmanager

from marsad.article import Article
from marsad.errors import Drop, ExecutorError
from marsad.pipeline import Stats
from marsad.run.chunks import Lesson, collect, learn_lessons, lesson, run_head, run_tail, slim
from marsad.run.pipelines import PipelineFactory
from marsad.sources.base import Input
from marsad.stages.residue import TemplateLearner

__all__ = ["dask_client", "process_chunks"]

# Articles per task: small enough that results stream to the writer and the workers end a
# chunk together, big enough that a task's overhead (a few ms) is nothing beside its work.
_BATCH = 50
# Extraction and learning run ahead of the tails, so a chunk's tails are queued before
# the workers finish the one before.
_HEAD_PRIORITY = 1
# A LocalCluster shares this machine's cores with the writer: Dask's own periodic work
# (sampling each worker's stack every 10 ms for the dashboard's profile, polling memory
# every 100 ms, system stats every 500 ms) is CPU the stages and the writer want.
_LOCAL_CLUSTER = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.tick.interval": "200ms",
}


def heads(articles: list[Article]) -> list[Article | Drop]:
    """Extraction for one batch, on a worker."""
    return [run_head(article) for article in articles]


def lessons(done: list[Article | Drop]) -> list[Lesson]:
    """What the learner needs from one batch's heads: a fraction of the articles' size."""
    return [lesson(head) for head in done]


def tails(factory: PipelineFactory, templates: dict[str, frozenset[str]], done: list[Article | Drop]) -> list:
    """The rest of the pipeline for one batch's heads, on the worker that holds them; what the
    reader delivered stays there (nothing after the pipeline reads it)."""
    return [d if isinstance(d, Drop) else slim(run_tail(factory, templates, d)) for d in done]


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
    import dask

    with dask.config.set(_LOCAL_CLUSTER):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    with cluster, Client(cluster, set_as_default=False) as client:
        from marsad.run.dask_workers import GiveWay

        client.register_plugin(GiveWay())
        yield client


class _Chunk:
    """One chunk on the cluster: its inputs by batch, the futures of its heads and lessons,
    and (once learned from) of its tails."""

    def __init__(self, client, items: list[Input]) -> None:
        batches = [items[at : at + _BATCH] for at in range(0, len(items), _BATCH)]
        # Only origin and fingerprint are needed here from now on: the pages went with the tasks.
        self.items = [[Input(i.origin, i.fingerprint, Article(id=i.article.id)) for i in batch] for batch in batches]
        self.heads = client.map(heads, [[i.article for i in batch] for batch in batches], pure=False,
                                priority=_HEAD_PRIORITY)
        self.lessons = client.map(lessons, self.heads, pure=False, priority=_HEAD_PRIORITY)
        self.tails: list | None = None

    def learned(self) -> bool:
        return all(future.done() for future in self.lessons)

    def queue_tails(self, client, factory: PipelineFactory, learner: TemplateLearner) -> None:
        """Learn from the chunk's lessons (waiting for them if need be) and queue its tails."""
        taught = [one for batch in client.gather(self.lessons) for one in batch]
        templates = learn_lessons(learner, taught)
        self.tails = [client.submit(tails, factory, templates, future, pure=False) for future in self.heads]
        self.heads = self.lessons = []


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
        upcoming = iter(chunks)

        def start() -> _Chunk | None:
            items = next(upcoming, None)
            if items is None:
                return None
            with _cluster_errors(scheduler):
                return _Chunk(client, items)

        current, following = start(), None
        while current is not None:
            with _cluster_errors(scheduler):
                if current.tails is None:
                    current.queue_tails(client, factory, learner)
            following = following or start()
            for items, future in zip(current.items, current.tails):
                with _cluster_errors(scheduler):
                    if following is not None and following.tails is None and following.learned():
                        following.queue_tails(client, factory, learner)
                    done = future.result()
                future.release()
                yield from collect(items, done, stats)
            current, following = following, None


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
