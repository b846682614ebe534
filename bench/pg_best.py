"""Ranking every match against `pg_search.best` on a kept pg_speed.py archive, query by query.

    .venv/bin/python bench/pg_best.py --keep DIR [--n 1000000] [--reps 3] [--slowest 12]

DIR is an archive `bench/pg_speed.py --keep DIR` built (its cluster is started and stopped
again). For the 40 latency queries and the 200 search_eval queries pg_speed.py times, each
search (top 10 with snippets, as pg_speed.py) runs once the old way (every match ranked
when the pool falls short: `pg_search.CHECKED` set past any archive) and once through
`best`, taking turns, --reps times; reported: p50/p95/max of each way's per-query medians,
their ratio, and whether the two give the same page (ids and scores) for every query, also
at a deeper page (offset 30).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pg_speed import eval_queries
from store_speed import QUERIES, load_rows, p

from marsad.store import pg_search
from marsad.store.pg_local import LocalCluster
from marsad.store.postgres import PostgresStore

EVERY = 10**12  # CHECKED past any archive: every match ranked, as before `best`


def timed(store: PostgresStore, query: str, checked: int, offset: int = 0) -> tuple[float, list]:
    pg_search.CHECKED = checked
    start = time.perf_counter()
    hits = store.search(query, limit=10, offset=offset)
    return (time.perf_counter() - start) * 1000, [(h.id, round(h.score, 9)) for h in hits]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, required=True, help="the folder pg_speed.py --keep built")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--slowest", type=int, default=12)
    args = parser.parse_args()
    checked = pg_search.CHECKED
    cluster = LocalCluster.start(args.keep.resolve() / "pg")
    try:
        print(f"load average at start: {os.getloadavg()}")
        PostgresStore(cluster.url("bench")).close()  # applies any migration added since the build
        with PostgresStore(cluster.url("bench"), readonly=True) as store:
            total = store.count()
            print(f"{total:,} articles")
            sets = [("latency queries", QUERIES), ("search_eval queries", eval_queries(load_rows(), 25))]
            for label, queries in sets:
                before, after, differ = [], [], []
                for query in queries:
                    old, new = [], []
                    for _ in range(args.reps):
                        ms, old_hits = timed(store, query, EVERY)
                        old.append(ms)
                        ms, new_hits = timed(store, query, checked)
                        new.append(ms)
                    deep = [timed(store, query, c, offset=30)[1] for c in (EVERY, checked)]
                    before.append(statistics.median(old))
                    after.append(statistics.median(new))
                    if old_hits != new_hits or deep[0] != deep[1]:
                        differ.append(query)
                print(f"\n{label} ({len(queries)}), top 10 with snippets, median of {args.reps} runs:")
                for name, ms in (("every match", before), ("best", after)):
                    print(f"  {name:12}: p50 {p(ms, 0.5):7.1f} ms   p95 {p(ms, 0.95):7.1f} ms   max {max(ms):7.1f} ms")
                print(f"  ratio every match / best: p50 {p(before, 0.5) / p(after, 0.5):.2f}, "
                      f"p95 {p(before, 0.95) / p(after, 0.95):.2f}")  # fmt: skip
                print(f"  queries whose page 1 or page 4 differ: {len(differ)} {differ[:5]}")
                for old_ms, new_ms, query in sorted(zip(before, after, queries), key=lambda t: -t[1])[: args.slowest]:
                    print(f"    best {new_ms:7.1f} ms (every match {old_ms:7.1f} ms, {store.count(query)} matches): {query}")
        print(f"load average at end: {os.getloadavg()}")
    finally:
        pg_search.CHECKED = checked
        cluster.stop(remove=False)


if __name__ == "__main__":
    main()
