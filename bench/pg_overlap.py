"""Where PostgreSQL's top 10 parts from SQLite's, on a kept pg_speed.py archive.

    .venv/bin/python bench/pg_overlap.py --keep DIR [--queries latency|eval|both]

DIR holds both archives (`bench/pg_speed.py --n N --keep DIR` without --no-sqlite). For
each query: top-10 overlap (by id) of PostgreSQL as shipped (a pool from the impact lists
for queries matching more than EXACT articles) and of PostgreSQL ranking every match,
each against SQLite as shipped and against SQLite without its name-query step
(`SqliteStore._named`, which PostgreSQL follows through `store/pg_named.py`). Queries
where any pair differs are listed, then the means: the pool's cost is the first column
against the second, the name step's the second against the third.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pg_speed import eval_queries
from store_speed import QUERIES, load_rows

from marsad.store import postgres
from marsad.store.pg_local import LocalCluster
from marsad.store.postgres import PostgresStore
from marsad.store.sqlite import SqliteStore

COLUMNS = ("pool vs SQLite", "every match vs SQLite", "every match vs SQLite without names",
           "pool vs SQLite without names")


def top10(store, query: str) -> list[str]:
    return [hit.id for hit in store.search(query, limit=10)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, required=True, help="a folder pg_speed.py --keep built (both archives)")
    parser.add_argument("--queries", choices=("latency", "eval", "both"), default="both")
    args = parser.parse_args()
    keep = args.keep.resolve()
    sets = {"latency": QUERIES, "eval": eval_queries(load_rows(), 25)}
    chosen = [name for name in sets if args.queries in (name, "both")]
    exact = postgres.EXACT
    cluster = LocalCluster.start(keep / "pg")
    try:
        PostgresStore(cluster.url("bench")).close()  # applies any migration added since the build
        pg = PostgresStore(cluster.url("bench"), readonly=True)
        lite = SqliteStore(keep / "bench.db", readonly=True)
        with pg, lite:
            for name in chosen:
                print(f"\n{name} queries ({len(sets[name])}):")
                means: list[list[float]] = [[] for _ in COLUMNS]
                for query in sets[name]:
                    theirs = top10(lite, query)
                    if not theirs:
                        continue
                    with_names = lite._query_names
                    lite._query_names = lambda _query: []  # type: ignore[method-assign]
                    nameless = top10(lite, query)
                    lite._query_names = with_names  # type: ignore[method-assign]
                    pooled = top10(pg, query)
                    postgres.EXACT = 10**12
                    every = top10(pg, query)
                    postgres.EXACT = exact
                    pairs = ((pooled, theirs), (every, theirs), (every, nameless), (pooled, nameless))
                    row = [len(set(ours) & set(ref)) / len(ref) for ours, ref in pairs]
                    for column, value in zip(means, row, strict=True):
                        column.append(value)
                    if min(row) < 1:
                        print(f"  {' / '.join(f'{v:.2f}' for v in row)}  {query}")
                for label, values in zip(COLUMNS, means, strict=True):
                    print(f"  mean {label}: {statistics.mean(values):.3f} ({len(values)} queries)")
    finally:
        postgres.EXACT = exact
        cluster.stop(remove=False)


if __name__ == "__main__":
    main()
