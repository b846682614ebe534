"""The full pipeline on a Dask LocalCluster (1 and 2 workers) against the local executor.

    .venv/bin/python bench/dask_speed.py --n 10000

Every run is one `marsad ingest FILE --pipeline full` process into a fresh archive,
on the same N real articles (memory.cycled: SaudiNewsNet full, ANT multi-source,
ANT JawharaFM, cycled with a per-copy marker past their end). Runs, in order:
local in-process (the peer), Dask with 1 worker (its overhead), Dask with 2 workers
(the speed-up), the local process pool with 2 workers (the other 2-core peer), and
the box's own ceiling: two independent local processes at once, each on one half of
the articles into its own archive (no coordination at all, so no executor on these
two cores can beat it; its CPU time against the peer's shows what two busy cores cost
each other on this machine).
The load average is printed beside each run: on a shared machine two workers only
get two cores when nobody else wants them, so each run's CPU time (the command and
every worker process it started, from `wait4`) is reported too: what Dask costs in
CPU does not depend on the load. The main process's own CPU (reader, template
learner, the one writer, and a LocalCluster's scheduler) is reported apart from its
workers': a 2-core run can be no faster than `two_core_bound_s` = max(CPU / 2, main
process CPU). Archives of every run must hold the same articles (checked here).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import NEWS, require
from memory import cycled

RUNS = {
    "local, 1 process": [],
    "dask, 1 worker": ["--executor", "dask", "--workers", "1"],
    "dask, 2 workers": ["--executor", "dask", "--workers", "2"],
    "local pool, 2 processes": ["--workers", "2"],
    "ceiling: 2 independent halves": [],
}
_HALVES = "ceiling: 2 independent halves"


# `marsad ARGS` in this process, writing its own CPU seconds (not its workers') to a file at exit:
# the main process reads, learns templates, writes the archive and runs the Dask client and a
# LocalCluster's scheduler; a 2-core run can be no faster than this process's CPU time.
_OWN_CPU = """
import atexit, resource, sys
def _own(path=sys.argv[1]):
    usage = resource.getrusage(resource.RUSAGE_SELF)
    open(path, "w").write(str(usage.ru_utime + usage.ru_stime))
atexit.register(_own)
sys.argv = ["marsad", *sys.argv[2:]]
from marsad.cli import main
main()
"""


def _ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY pk")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--runs", nargs="+", default=list(RUNS), choices=list(RUNS))
    args = parser.parse_args()
    require(NEWS)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for row in cycled(args.n):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        rows = source.read_text(encoding="utf-8").splitlines(keepends=True)
        halves = [Path(tmp) / "first-half.jsonl", Path(tmp) / "second-half.jsonl"]
        halves[0].write_text("".join(rows[: len(rows) // 2]), encoding="utf-8")
        halves[1].write_text("".join(rows[len(rows) // 2 :]), encoding="utf-8")
        seconds, cpu, ids = {}, {}, {}
        for name in args.runs:
            db = Path(tmp) / f"{len(seconds)}.db"
            load = os.getloadavg()[0]
            start = time.perf_counter()
            jobs = [(source, db)] if name != _HALVES else [(half, db.with_suffix(f".{k}.db")) for k, half in enumerate(halves)]
            children = []
            for k, (inputs, archive) in enumerate(jobs):
                own = Path(tmp) / f"{len(seconds)}.{k}.cpu"
                command = ["ingest", str(inputs), "--db", str(archive), "--no-progress", "--pipeline", "full", *RUNS[name]]
                children.append((own, subprocess.Popen([sys.executable, "-c", _OWN_CPU, str(own), *command],
                                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
            cpu[name] = main_cpu = 0.0
            for own, child in children:
                _, _, usage = os.wait4(child.pid, 0)
                cpu[name] += usage.ru_utime + usage.ru_stime  # the command and the workers it reaped
                main_cpu = max(main_cpu, float(own.read_text()) if own.exists() else float("nan"))
            seconds[name] = time.perf_counter() - start
            ids[name] = [i for _, archive in jobs for i in _ids(archive)]
            print(json.dumps({"run": name, "articles": args.n, "seconds": round(seconds[name], 1),
                              "articles_per_s": round(args.n / seconds[name], 1), "cpu_s": round(cpu[name], 1),
                              "main_process_cpu_s": round(main_cpu, 1), "workers_cpu_s": round(cpu[name] - main_cpu, 1),
                              "two_core_bound_s": round(max(cpu[name] / 2, main_cpu), 1),
                              "articles_per_cpu_s": round(args.n / cpu[name], 1), "load_before": round(load, 1),
                              "same_articles_as_first": ids[name] == ids[args.runs[0]] if name != _HALVES else None,
                              "stored": len(ids[name])}, ensure_ascii=False),
                  flush=True)
        peer, peer_cpu = seconds[args.runs[0]], cpu[args.runs[0]]
        print(json.dumps({name: {"wall_speed_up": round(peer / seconds[name], 2),
                                 "cpu_overhead": round(cpu[name] / peer_cpu - 1, 3)} for name in seconds}))


if __name__ == "__main__":
    main()
