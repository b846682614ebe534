"""A LocalCluster's workers give way to the one writer on the cores they share.

The writer is the run's serial path: every article waits for it, and on two cores it
shares them with two busy workers. With equal priority it gets two thirds of a core,
falls behind, and leaves a backlog that it writes alone at the end while a core idles.
A few steps of niceness on the workers let the writer run whenever it has work; the
workers still get everything it leaves. Only for workers marsad starts itself: a
cluster someone else runs (`--scheduler`) is theirs to tune.
"""

from __future__ import annotations

import os

from distributed import WorkerPlugin

__all__ = ["NICENESS", "GiveWay"]

NICENESS = 3  # CFS weight 526 against the writer's 1024: the writer gets a core when it wants one


class GiveWay(WorkerPlugin):
    """Raise the niceness of every thread of the worker process by `niceness` (Linux keeps
    one per thread; threads started later inherit it)."""

    idempotent = True

    def __init__(self, niceness: int = NICENESS) -> None:
        self.niceness = niceness

    def setup(self, worker) -> None:
        try:
            threads = [int(tid) for tid in os.listdir("/proc/self/task")]
        except OSError:  # not Linux: the process's own value
            threads = [0]
        for tid in threads:
            try:
                os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + self.niceness)
            except OSError:
                continue
