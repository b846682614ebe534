"""A large PostgreSQL archive for bench/pg_speed.py, built in minutes rather than hours.

`store.add` costs a few round trips per article and computes each text's terms in
Python; at a million articles that was ~2.3 hours here. This builds the same kind of
archive (the articles of pg_speed.py, with their entities) through `PostgresStore.add_many`
(COPY; the tests check it writes what `add` writes) in chunks of CHUNK articles, each
chunk one batch, and with two shortcuts that belong to the benchmark, not the store:

- The benchmark repeats a few tens of thousands of real texts with fresh ids, so each
  text's terms are computed once (`pg_search.terms_vector` memoised by title and body).
- The secondary indexes (not the keys `add_many` relies on) are dropped before the load
  and created again after it from their own definitions, so the schema is the same.

What differs from a `store.add` build in batches of 500: the impact lists' BM25 weights
use the average length when each chunk was written (CHUNK articles, not 500), as they
would with batches of that size.
"""

from __future__ import annotations

import functools
import gzip
import json
import time
from collections.abc import Callable, Iterator
from itertools import islice

import psycopg

from marsad.article import Article
from marsad.store import pg_bulk
from marsad.store.postgres import PostgresStore

CHUNK = 10_000
DEFERRED = ["articles", "impacts", "mentions", "entity_names"]  # their non-key indexes wait for the end


def more_rows(rows: list[dict], news) -> list[dict]:
    """`rows` then every SaudiNewsNet article of the full crawl not among them (the same kind of
    rows), so the first len(rows) are unchanged and queries made from them stay the same."""
    seen = {row["id"] for row in rows}
    extra = []
    for path in sorted((news / "saudinewsnet_full").glob("saudinewsnet_*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for row in map(json.loads, handle):
                if row.get("text") and row["id"] not in seen:
                    seen.add(row["id"])
                    extra.append(row)
    return rows + extra


def drop_indexes(conn: psycopg.Connection) -> list[str]:
    """Drop the secondary indexes of the big tables; return their definitions."""
    found = conn.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
           ORDER BY i.indexname""",
        (DEFERRED,),
    ).fetchall()
    for name, _ in found:
        conn.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in found]


def build(url: str, stream: Iterator[Article], n: int, *, defer: bool = True,
          log: Callable[[str], None] = print) -> dict[str, float]:
    """Load `n` articles from `stream` into the empty archive at `url`; seconds per phase.
    `defer=False` keeps every index during the load (to measure what deferring saves)."""
    original = pg_bulk.terms_vector
    pg_bulk.terms_vector = functools.lru_cache(maxsize=None)(original)  # type: ignore[assignment]
    spent = {}
    try:
        PostgresStore(url).close()  # the schema, migrated
        with psycopg.connect(url, autocommit=True) as conn:
            definitions = drop_indexes(conn) if defer else []
        start = time.perf_counter()
        done = 0
        with PostgresStore(url, timeout=3600) as store:
            while chunk := list(islice(stream, CHUNK)):
                done += store.add_many(chunk)
                if done % 100_000 < CHUNK:
                    log(f"  {done:>9,} articles, {time.perf_counter() - start:7.0f} s")
        spent["load"] = time.perf_counter() - start
        start = time.perf_counter()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '1GB'")
            for definition in definitions:
                conn.execute(definition)
        spent["indexes"] = time.perf_counter() - start
        start = time.perf_counter()
        with PostgresStore(url) as store:
            store.optimize()
        spent["vacuum analyze"] = time.perf_counter() - start
        assert done == n, f"{done} articles stored of {n}"
    finally:
        pg_bulk.terms_vector = original  # type: ignore[assignment]
    return spent
