"""PostgreSQL against SQLite on the same archive: ingest, search latency, entity filter, size, overlap.

    .venv/bin/python bench/pg_speed.py --n 100000 [--reps 5] [--url postgresql://…] [--keep DIR]
    .venv/bin/python bench/pg_speed.py --n 1000000 --bulk --more-rows --no-sqlite --keep DIR   # 1 M, PostgreSQL only

Both archives get the same articles (real news from ../shared/data/news, repeated with
fresh ids to --n, as bench/store_speed.py builds them) through the public Store API in
batches of 500, one process each. Without --url a throwaway local cluster is started
(Debian's PostgreSQL 15, default settings but fsync as configured by --fsync).
With --keep DIR both archives and the cluster are built into DIR once and reused by
later runs with the same --n (the ingest figures then come from the run that built them).

Articles carry entities found by exact name match for a dozen well-known names (the
pipeline's linker is not run at this size), so entity-filtered search has real rows.

--bulk builds the PostgreSQL archive through `add_many` with each text's terms computed
once and the secondary indexes created after the load (bench/pg_bulk_build.py);
--more-rows adds the rest of the SaudiNewsNet crawl to the distinct texts (the query
sets are still made from the first rows); --no-sqlite skips SQLite (no overlap then).

Search: the 40 latency queries of store_speed.py, and 25 queries of each of
search_eval.py's 8 classes made from this archive's titles. Reported: p50/p95 of
the per-query median over --reps runs, and top-10 overlap with SQLite: by article id,
and by text (the repeated copies of one text tie on score; either order is right).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pg_bulk_build
from search_eval import CLASSES, SEED, _kb_names, make_query
from store_speed import BATCH, NEWS, QUERIES, articles, latencies, load_rows, p

from marsad.article import Article, Entity, Mention
from marsad.store.pg_local import LocalCluster
from marsad.store.postgres import PostgresStore
from marsad.store.sqlite import SqliteStore

NAMES = {
    "LOC:SA": "السعودية", "LOC:YE": "اليمن", "LOC:IR": "إيران", "LOC:SY": "سوريا", "LOC:EG": "مصر",
    "LOC:QA": "قطر", "LOC:RU": "روسيا", "ORG:un": "الأمم المتحدة", "ORG:houthis": "الحوثيين",
    "PER:trump": "ترامب", "ORG:alhilal": "الهلال", "ORG:alnassr": "النصر",
}  # fmt: skip
ROW_COUNTS = ("articles", "mentions", "entity_names", "impacts", "lexicon")
ENTITY_QUERIES = [
    ("النفط", "LOC:SA"), ("الحرب", "LOC:YE"), ("الاتفاق النووي", "LOC:IR"), ("مجلس الأمن", "ORG:un"),
    ("المباراة", "ORG:alhilal"), ("الانتخابات", "PER:trump"), ("اللاجئين", "LOC:SY"), ("صنعاء", "ORG:houthis"),
    (None, "LOC:QA"), (None, "ORG:alnassr"),
]  # fmt: skip


def with_entities(article: Article) -> Article:
    """The article with an entity for each well-known name its text contains (every occurrence)."""
    for entity_id, name in NAMES.items():
        found, at = [], article.text.find(name)
        while at != -1 and len(found) < 50:
            found.append(Mention(name, at, at + len(name)))
            at = article.text.find(name, at + 1)
        if found:
            article.entities.append(Entity(entity_id, entity_id[:3], {"ar": name}, found))
    return article


def build(store, rows: list[dict], n: int) -> float:
    """Ingest `n` articles in batches; return seconds."""
    start = time.perf_counter()
    stream = (with_entities(a) for a in articles(rows, n))
    while batch := list(islice(stream, BATCH)):
        with store.batch():
            for article in batch:
                store.add(article)
    return time.perf_counter() - start


def eval_queries(rows: list[dict], per_class: int) -> list[str]:
    """Queries as search_eval.py makes them (each of its classes: title words, clitics,
    spellings, entity names, phrases), from the titles of this archive's articles."""
    rng = random.Random(SEED)
    kb_names = _kb_names()
    titles = [row["title"] for row in rows if row.get("title")]
    out = []
    for klass in CLASSES:
        made = [q for title in rng.sample(titles, min(len(titles), 20 * per_class))
                if (q := make_query(klass, title, rng, kb_names))]  # fmt: skip
        out += made[:per_class]
    return out


def overlap(pg: PostgresStore, lite: SqliteStore, queries: list[str]) -> tuple[float, float, int]:
    """Mean top-10 overlap with SQLite over queries SQLite finds something for: by id, by text."""
    by_id, by_text = [], []
    for query in queries:
        theirs = [h.id for h in lite.search(query, limit=10)]
        if not theirs:
            continue
        ours = [h.id for h in pg.search(query, limit=10)]
        by_id.append(len(set(ours) & set(theirs)) / len(theirs))
        texts = lambda ids: sorted(i.split("#")[0] for i in ids)  # noqa: E731  (copy marker dropped)
        common = sum(min(texts(ours).count(t), texts(theirs).count(t)) for t in set(texts(theirs)))
        by_text.append(common / len(theirs))
    return statistics.mean(by_id), statistics.mean(by_text), len(by_id)


def pg_sizes(store: PostgresStore) -> dict[str, float]:
    (row,) = store.read(
        """SELECT pg_database_size(current_database()), pg_total_relation_size('articles'),
                  pg_relation_size('articles_terms'), pg_indexes_size('articles'),
                  pg_total_relation_size('mentions') + pg_total_relation_size('entity_names')
                  + pg_total_relation_size('entities'),
                  pg_total_relation_size('impacts'), pg_total_relation_size('lexicon')"""
    )
    names = ("database", "articles+toast+indexes", "gin", "article indexes", "entity tables",
             "impact lists (table+index)", "lexicon")  # fmt: skip
    return dict(zip(names, (v / 2**20 for v in row)))


def pg_relations(store: PostgresStore) -> list[tuple[str, str, float]]:
    """Every table (with its TOAST) and index of 1 MiB or more: name, kind, MiB."""
    rows = store.read(
        """SELECT c.relname, CASE c.relkind WHEN 'i' THEN 'index' ELSE 'table' END,
                  CASE c.relkind WHEN 'i' THEN pg_relation_size(c.oid) ELSE pg_table_size(c.oid) END
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i') ORDER BY 3 DESC"""
    )
    return [(name, kind, size / 2**20) for name, kind, size in rows if size >= 2**20]


def report_latency(name: str, ms: list[float]) -> None:
    print(f"  {name:24}: p50 {p(ms, 0.5):7.1f} ms   p95 {p(ms, 0.95):7.1f} ms   max {max(ms):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles in each archive")
    parser.add_argument("--reps", type=int, default=5, help="timed runs per query (median taken)")
    parser.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway local cluster)")
    parser.add_argument("--per-class", type=int, default=25, help="search_eval queries per class (8 classes)")
    parser.add_argument("--fsync", action="store_true", help="local cluster with fsync on (default off, as tests)")
    parser.add_argument("--slowest", type=int, default=0, help="list this many slowest queries on PostgreSQL")
    parser.add_argument("--keep", type=Path, help="build both archives and the cluster here once; reuse them after")
    parser.add_argument("--bulk", action="store_true", help="build PostgreSQL through add_many (pg_bulk_build.py)")
    parser.add_argument("--more-rows", action="store_true", help="all of SaudiNewsNet's crawl as distinct texts")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only (no SQLite build, no overlap)")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="marsad-pgbench-")
    keep = args.keep.resolve() if args.keep else None
    built_file = keep / f"built-{args.n}.json" if keep else None
    built = json.loads(built_file.read_text()) if built_file and built_file.exists() else None
    if keep and args.url:
        parser.error("--keep keeps a local cluster: give it without --url")
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    cluster = None if args.url else LocalCluster.start(keep / "pg" if keep else None, fsync=args.fsync)
    url = args.url or (cluster.url("bench") if built else cluster.create_database("bench"))
    try:
        first = load_rows()
        rows = pg_bulk_build.more_rows(first, NEWS) if args.more_rows else first
        print(f"{len(rows)} distinct real articles, {args.n} per archive")
        lite_path = None if args.no_sqlite else os.path.join(keep or tmp.name, "bench.db")
        if built:
            lite_s, pg_s = built["sqlite_s"], built["postgres_s"]
            with PostgresStore(url) as pg:  # applies any migration added since the build
                pg.optimize()
            print(f"reusing the archives built in {keep} ({built['at']}): {built.get('phases', '')}")
        else:
            lite_s = phases = None
            if lite_path:
                with SqliteStore(lite_path) as lite:
                    lite_s = build(lite, rows, args.n)
                    lite.optimize()
            if args.bulk:
                stream = (with_entities(a) for a in articles(rows, args.n))
                phases = pg_bulk_build.build(url, stream, args.n)
                pg_s = sum(phases.values())
                print("PostgreSQL bulk build, s per phase:", {k: round(v) for k, v in phases.items()})
            else:
                with PostgresStore(url) as pg:
                    pg_s = build(pg, rows, args.n)
                    pg.optimize()
            if built_file:
                at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
                built_file.write_text(json.dumps({"sqlite_s": lite_s, "postgres_s": pg_s, "at": at, "phases": phases}))
        how = "add_many in chunks, terms once per text, indexes after" if args.bulk else "store.add in batches"
        print(f"\ningest ({how}; article + terms + entity rows):")
        if lite_s:
            print(f"  SQLite     : {args.n / lite_s:7.0f} articles/s ({lite_s:.1f} s), file {os.path.getsize(lite_path) / 2**20:.0f} MiB")
        print(f"  PostgreSQL : {args.n / pg_s:7.0f} articles/s ({pg_s:.1f} s)")
        lite = SqliteStore(lite_path, readonly=True) if lite_path else None
        pg = PostgresStore(url, readonly=True)
        for name, size in pg_sizes(pg).items():
            print(f"  PostgreSQL {name}: {size:.0f} MiB")
        for name, kind, size in pg_relations(pg):
            print(f"    {kind:5} {name:32} {size:9.1f} MiB")
        counted = {table: pg.read(f"SELECT count(*) FROM {table}")[0][0] for table in ROW_COUNTS}
        print("  PostgreSQL rows:", ", ".join(f"{table} {n:,}" for table, n in counted.items()))
        fts = lite.read("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'articles_fts%'") if lite and _has_dbstat(lite) else None
        if fts and fts[0][0]:
            print(f"  SQLite FTS5 index: {fts[0][0] / 2**20:.0f} MiB")

        systems = [("SQLite", lite), ("PostgreSQL", pg)] if lite else [("PostgreSQL", pg)]
        generated = eval_queries(first, args.per_class)
        for label, queries in (("latency queries (40)", QUERIES), (f"search_eval queries ({len(generated)})", generated)):
            print(f"\nsearch, top 10 with snippets, {label}, median of {args.reps} runs each:")
            runs = [lambda q, s=store: s.search(q, limit=10) for _, store in systems]
            measured = latencies(runs, queries, args.reps)
            for (name, _), ms in zip(systems, measured, strict=True):
                report_latency(name, ms)
            pg_ms, other_ms = measured[-1], measured[0] if lite else [float("nan")] * len(queries)
            for ms, other, query in sorted(zip(pg_ms, other_ms, queries), reverse=True)[: args.slowest]:
                print(f"    {ms:7.1f} ms (SQLite {other:6.1f} ms, {pg.count(query)} matches): {query}")
            if lite:
                by_id, by_text, counted = overlap(pg, lite, queries)
                print(f"  top-10 overlap with SQLite over {counted} queries: by id {by_id:.3f}, by text {by_text:.3f}")

        print(f"\nentity-filtered search ({len(ENTITY_QUERIES)} query+entity pairs, two without a query):")
        keyed = [f"{q}\t{e}" for q, e in ENTITY_QUERIES]
        runs = [lambda k, s=store: s.search(k.split("\t")[0] if k.split("\t")[0] != "None" else None,
                                            limit=10, entity_ids=[k.split("\t")[1]]) for _, store in systems]  # fmt: skip
        for (name, _), ms in zip(systems, latencies(runs, keyed, args.reps), strict=True):
            report_latency(name, ms)
        if lite:
            lite.close()
        pg.close()
    finally:
        if cluster is not None:
            cluster.stop(remove=keep is None)
        tmp.cleanup()


def _has_dbstat(store: SqliteStore) -> bool:
    try:
        store.read("SELECT 1 FROM dbstat LIMIT 1")
        return True
    except Exception:
        return False


if __name__ == "__main__":
    main()
