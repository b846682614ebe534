"""How much of a full-pipeline ingest's CPU time the garbage collector takes.

    .venv/bin/python bench/gc_share.py --n 1000 [--executor dask --workers 1]

One `marsad ingest FILE --pipeline full` of N real articles (memory.cycled) into a fresh
archive, in a process that times every collection (`gc.callbacks`) and reports it at exit
beside its own CPU time. With `--executor dask` each worker process reports too (the wrapper
is inherited through PYTHONPATH's `sitecustomize`). Run it on two commits to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import NEWS, require  # noqa: E402
from memory import cycled  # noqa: E402

# Loaded by every Python process started with the folder on PYTHONPATH: the CLI and its workers.
_SITECUSTOMIZE = """
import atexit, gc, json, os, resource, sys, threading, time
_spent = {"gc_s": 0.0, "collections": [0, 0, 0]}
_start = [0.0]
def _timed(phase, info):
    if phase == "start":
        _start[0] = time.perf_counter()
    else:
        _spent["gc_s"] += time.perf_counter() - _start[0]
        _spent["collections"][info["generation"]] += 1
gc.callbacks.append(_timed)
def _report():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    line = dict(_spent, pid=os.getpid(), cpu_s=usage.ru_utime + usage.ru_stime, argv=" ".join(sys.argv)[:60])
    with open(os.path.join(os.environ["GC_SHARE_OUT"], str(os.getpid())), "w") as out:
        out.write(json.dumps(line))
atexit.register(_report)
def _often():  # Dask workers may end without atexit: report every second as well
    while True:
        time.sleep(1)
        _report()
threading.Thread(target=_often, daemon=True).start()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--executor", default="local", choices=["local", "dask"])
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    require(NEWS)
    with tempfile.TemporaryDirectory() as tmp:
        folder, reports = Path(tmp) / "site", Path(tmp) / "reports"
        folder.mkdir()
        reports.mkdir()
        (folder / "sitecustomize.py").write_text(_SITECUSTOMIZE)
        source = Path(tmp) / "in.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for row in cycled(args.n):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        command = [sys.executable, "-m", "marsad", "ingest", str(source), "--db", str(Path(tmp) / "a.db"),
                   "--no-progress", "--pipeline", "full", "--executor", args.executor]
        if args.executor == "dask":
            command += ["--workers", str(args.workers)]
        path = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH")) if p)
        env = dict(os.environ, PYTHONPATH=path, GC_SHARE_OUT=str(reports))
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        rows = [json.loads(p.read_text()) for p in reports.iterdir()]
        rows = [r for r in rows if "marsad" in r["argv"] or "spawn" in r["argv"] or r["cpu_s"] > 1]
        for row in sorted(rows, key=lambda r: -r["cpu_s"]):
            print(json.dumps({"process": row["argv"][:40], "cpu_s": round(row["cpu_s"], 1),
                              "gc_s": round(row["gc_s"], 2), "gc_share": round(row["gc_s"] / row["cpu_s"], 3),
                              "collections_by_generation": row["collections"]}, ensure_ascii=False))
        cpu, spent = sum(r["cpu_s"] for r in rows), sum(r["gc_s"] for r in rows)
        print(json.dumps({"articles": args.n, "executor": args.executor, "cpu_s": round(cpu, 1),
                          "gc_s": round(spent, 2), "gc_share": round(spent / cpu, 3)}))


if __name__ == "__main__":
    main()
