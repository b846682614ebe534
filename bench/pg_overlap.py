"""Top-10 overlap of PostgreSQL with SQLite on a kept pg_speed.py archive, with and without the
broad-query headline pool on each side.

    .venv/bin/python bench/pg_overlap.py --keep DIR

DIR holds both archives (`bench/pg_speed.py --n N --keep DIR` without --no-sqlite). SQLite
ranks a broad query (more than `sqlite_search.BROAD` matches, headlines at most half of
them) over the articles whose headline holds one of its words (`sqlite_search.pool`);
PostgreSQL follows the same rule (`store/pg_headlined.py`). Each side's rule is switched
off by setting its BROAD past any archive, so the table shows what the rule does to the
overlap on the 40 latency queries and the 200 search_eval queries of pg_speed.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pg_speed import eval_queries, overlap
from store_speed import QUERIES, load_rows

from marsad.store import pg_headlined, sqlite_search
from marsad.store.pg_local import LocalCluster
from marsad.store.postgres import PostgresStore
from marsad.store.sqlite import SqliteStore

OFF = 10**12


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, required=True, help="the folder pg_speed.py --keep built (both archives)")
    args = parser.parse_args()
    keep = args.keep.resolve()
    broad = sqlite_search.BROAD
    cluster = LocalCluster.start(keep / "pg")
    sets = [("latency queries", QUERIES), ("search_eval queries", eval_queries(load_rows(), 25))]
    try:
        with PostgresStore(cluster.url("bench"), readonly=True) as pg, SqliteStore(keep / "bench.db", readonly=True) as lite:
            print(f"{pg.count():,} articles in PostgreSQL, {lite.count():,} in SQLite")
            for lite_rule in (True, False):
                for pg_rule in (True, False):
                    sqlite_search.BROAD = broad if lite_rule else OFF
                    pg_headlined.BROAD = broad if pg_rule else OFF
                    cells = []
                    for label, queries in sets:
                        by_id, by_text, counted = overlap(pg, lite, queries)
                        cells.append(f"{label} {by_id:.3f} (by text {by_text:.3f}, {counted} queries)")
                    print(f"SQLite headline pool {'on ' if lite_rule else 'off'}, PostgreSQL's {'on ' if pg_rule else 'off'}: "
                          + "; ".join(cells))  # fmt: skip
    finally:
        cluster.stop(remove=False)


if __name__ == "__main__":
    main()
