"""Archive speed: ingest articles/s into SQLite + FTS5, and search latency, against a plain-FTS5 peer.

    .venv/bin/python bench/store_speed.py --n 100000 [--db PATH] [--reps 7]
    .venv/bin/python bench/store_speed.py --n 100000 --db /tmp/speed.db --reuse   # search only, on the kept archive


Articles are real news (SaudiNewsNet, ANT multisource) from ../shared/data/news, repeated
with distinct ids to reach --n. The peer, built in the same run on the same rows, is what
one would write without marsad's Arabic terms: the same articles table with an FTS5 index
(external content, default unicode61 tokenizer) over the raw title and text, and FTS5's
built-in snippet(). It shows what the terms cost in speed and what they buy in matches.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from marsad.article import Article
from marsad.store import SqliteStore
from marsad.store import sqlite as sqlite_store
from marsad.store import sqlite_search

NEWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "news"
FILES = ("saudinewsnet/saudinewsnet_*.jsonl.gz", "ant_multisource_v2.1_2018-04/ant_multisource_*.jsonl.gz")
BATCH = 500

# Realistic analyst queries: 1-3 words, phrases, OR and NOT.
QUERIES = [
    "السعودية",
    "اليمن",
    "الحوثيين",
    "داعش",
    "إيران",
    "سوريا",
    "ترامب",
    "غزة",
    "القدس",
    "النفط",
    "وزير الخارجية",
    "الملك سلمان",
    "ولي العهد",
    "أسعار النفط",
    "كرة القدم",
    "الأمم المتحدة",
    "مجلس الأمن الدولي",
    "الهلال النصر",
    "وزارة الصحة",
    "فيروس كورونا",
    "البنك المركزي",
    "التحالف العربي اليمن",
    "هيئة الأمر بالمعروف",
    "المنتخب السعودي",
    "الاتحاد الأوروبي",
    '"مجلس الأمن"',
    '"الأمم المتحدة"',
    '"ولي العهد"',
    '"وزارة الداخلية"',
    '"كأس العالم"',
    "إيران OR تركيا",
    "الهلال OR النصر OR الأهلي",
    "مصر OR الأردن",
    "سوريا NOT روسيا",
    "(اليمن OR سوريا) الأمم المتحدة",
    "لمنظمة",
    "والسعودية",
    "للرياض",
    "بالمملكة",
    "منظمه",
]
# Variant spellings whose match counts show what the Arabic terms add over raw tokens.
VARIANTS = ["منظمة", "لمنظمة", "المنظمة", "منظمه", "السعودية", "والسعودية", "للسعودية", "إسرائيل", "اسرائيل"]


def load_rows() -> list[dict]:
    rows = []
    for pattern in FILES:
        for path in sorted(NEWS.glob(pattern)):
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                rows += [row for row in map(json.loads, handle) if row.get("text")]
    return rows


def articles(rows: list[dict], n: int) -> Iterator[Article]:
    """`n` articles: the rows again and again, each round with fresh ids."""
    for i in range(n):
        row = rows[i % len(rows)]
        paragraphs = [p.strip() for p in row["text"].split("\n") if p.strip()]
        yield Article(
            id=f"{row['id']}#{i // len(rows)}", url=row.get("url"), source=row.get("source"),
            title=row.get("title"), published=row.get("date"), lang="ar",
            text="\n\n".join(paragraphs), paragraphs=paragraphs,
        )  # fmt: skip


def build_ours(path: str, rows: list[dict], n: int) -> float:
    """Ingest through the public API in batches; return seconds."""
    start = time.perf_counter()
    with SqliteStore(path) as store:
        batch = []
        for article in articles(rows, n):
            batch.append(article)
            if len(batch) == BATCH:
                _commit(store, batch)
        _commit(store, batch)
    return time.perf_counter() - start


def _commit(store: SqliteStore, batch: list[Article]) -> None:
    with store.batch():
        for article in batch:
            store.add(article)
    batch.clear()


PEER_SCHEMA = [
    """CREATE TABLE articles (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT, source TEXT,
       title TEXT, author TEXT, published TEXT, lang TEXT, text TEXT NOT NULL, data TEXT NOT NULL,
       ingested_at TEXT NOT NULL)""",
    "CREATE VIRTUAL TABLE peer_fts USING fts5 (title, text, content='articles', content_rowid='pk')",
    "INSERT INTO peer_fts (peer_fts, rank) VALUES ('rank', 'bm25(5.0, 1.0)')",
]


def build_peer(path: str, rows: list[dict], n: int) -> float:
    """The same rows into the plain FTS5 peer, same pragmas and batches; return seconds."""
    start = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "cache_size = -32000"):
        conn.execute(f"PRAGMA {pragma}")
    for statement in PEER_SCHEMA:
        conn.execute(statement)
    conn.execute("BEGIN")
    for i, a in enumerate(articles(rows, n), 1):
        data = a.to_dict()
        del data["text"], data["paragraphs"]
        cur = conn.execute(
            "INSERT INTO articles (id, url, source, title, published, lang, text, data, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, datetime('now')) ON CONFLICT (id) DO NOTHING",
            (
                a.id,
                a.url,
                a.source,
                a.title,
                a.published,
                a.lang,
                a.text,
                json.dumps(data, ensure_ascii=False),
            ),
        )
        conn.execute(
            "INSERT INTO peer_fts (rowid, title, text) VALUES (?, ?, ?)", (cur.lastrowid, a.title, a.text)
        )
        if i % BATCH == 0:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


# ORDER BY rank lets FTS5 sort inside, so snippet() runs for the 10 rows returned only.
_PEER_SEARCH = """
    SELECT a.id, a.title, a.url, a.published, a.source, f.snippet, -f.rank
    FROM (SELECT rowid, snippet(peer_fts, 1, '[', ']', '…', 30) AS snippet, rank FROM peer_fts
          WHERE peer_fts MATCH ? ORDER BY rank LIMIT 10) f
    JOIN articles a ON a.pk = f.rowid
    ORDER BY f.rank"""


def peer_query(query: str) -> str:
    """The same query for plain FTS5: raw words quoted, phrases and operators kept."""
    out: list[str] = []
    for part in re.findall(r'"[^"]*"|[()]|[^\s()"]+', query):
        if part not in ("AND", "OR", "NOT", ")") and out and out[-1] not in ("AND", "OR", "NOT", "("):
            out.append("AND")  # FTS5 does not take an implicit AND after a parenthesis
        out.append(part if part in ("AND", "OR", "NOT", "(", ")") or part.startswith('"') else f'"{part}"')
    return " ".join(out)


def latencies(runs: list[Callable[[str], object]], queries: list[str], reps: int) -> list[list[float]]:
    """Per system, the median milliseconds of each query over `reps` runs, after one warm-up run.
    The systems take turns on every repetition, so load from other work hits them alike."""
    per_system: list[list[float]] = [[] for _ in runs]
    for query in queries:
        times: list[list[float]] = [[] for _ in runs]
        for run in runs:
            run(query)
        for _ in range(reps):
            for run, spent in zip(runs, times, strict=True):
                start = time.perf_counter()
                run(query)
                spent.append((time.perf_counter() - start) * 1000)
        for medians, spent in zip(per_system, times, strict=True):
            medians.append(statistics.median(spent))
    return per_system


def bm25_only(store: SqliteStore, query: str) -> object:
    """The same search with the title re-ranking of the best matches turned off: its cost."""
    keep = sqlite_store.RERANK_DEPTH, sqlite_store.rerank
    sqlite_store.RERANK_DEPTH = 0
    sqlite_store.rerank = lambda rows, *_, **__: [(row[6], row) for row in rows]
    try:
        return store.search(query, limit=10)
    finally:
        sqlite_store.RERANK_DEPTH, sqlite_store.rerank = keep


def agreement(store: SqliteStore, queries: list[str]) -> tuple[int, int]:
    """For how many queries the first 10 and the first 40 results are those of scoring every
    match by BM25 (the headline pool of `sqlite_search` turned off)."""
    keep, same10, same40 = sqlite_search.BROAD, 0, 0
    for query in queries:
        drawn = [hit.id for hit in store.search(query, limit=40)]
        sqlite_search.BROAD = 1 << 62
        try:
            full = [hit.id for hit in store.search(query, limit=40)]
        finally:
            sqlite_search.BROAD = keep
        same10 += drawn[:10] == full[:10]
        same40 += drawn == full
    return same10, same40


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles to ingest")
    parser.add_argument("--db", help="archive path (default: a temporary folder, removed after)")
    parser.add_argument("--reps", type=int, default=7, help="timed runs per query (median taken)")
    parser.add_argument("--reuse", action="store_true",
                        help="with --db: search the archive (and peer) a previous run kept there, build nothing")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="marsad-bench-")
    ours = args.db or os.path.join(tmp.name, "ours.db")
    peer = ours + ".peer.db"
    build = not (args.reuse and args.db and Path(ours).exists() and Path(peer).exists())
    if build:
        for stale in (ours, peer):
            for suffix in ("", "-wal", "-shm"):
                Path(stale + suffix).unlink(missing_ok=True)
        rows = load_rows()
        print(f"{len(rows)} distinct real articles, {args.n} to ingest (batches of {BATCH})")
        ours_s = build_ours(ours, rows, args.n)
        peer_s = build_peer(peer, rows, args.n)
        start = time.perf_counter()
        with SqliteStore(ours) as store:
            store.optimize()
        optimize_s = time.perf_counter() - start
    pconn = sqlite3.connect(peer, isolation_level=None)
    if build:
        pconn.execute("INSERT INTO peer_fts (peer_fts) VALUES ('optimize')")

    store = SqliteStore(ours, readonly=True)
    ours_ms, bm25_ms, peer_ms = latencies(
        [lambda q: store.search(q, limit=10), lambda q: bm25_only(store, q),
         lambda q: pconn.execute(_PEER_SEARCH, (peer_query(q),)).fetchall()], QUERIES, args.reps)
    size = {name: os.path.getsize(path) / 2**20 for name, path in (("ours", ours), ("peer", peer))}

    if build:
        print(f"\ningest (one process, store.add in batches of {BATCH}):")
        print(f"  marsad terms : {args.n / ours_s:8.0f} articles/s  ({ours_s:.1f} s, file {size['ours']:.0f} MiB)")
        print(f"  plain FTS5   : {args.n / peer_s:8.0f} articles/s  ({peer_s:.1f} s, file {size['peer']:.0f} MiB)")
        print(f"  index optimize (ours, once after the build): {optimize_s:.1f} s")
    else:
        print(f"archive kept at {ours} ({store.count()} articles), built by an earlier run")
    print(f"\nsearch, top 10 with snippets, {len(QUERIES)} queries, median of {args.reps} runs each (taking turns):")
    for name, ms in (("marsad terms", ours_ms), ("no re-rank", bm25_ms), ("plain FTS5", peer_ms)):
        print(f"  {name:12} : p50 {p(ms, 0.5):6.1f} ms   p95 {p(ms, 0.95):6.1f} ms   max {max(ms):6.1f} ms")
    print("\nbroad queries' pool drawn from the headlines (sqlite_search.BROAD): results as with every match scored")
    same = agreement(store, QUERIES)
    print(f"  top 10 identical for {same[0]} of {len(QUERIES)} queries, top 40 in the same order for {same[1]}")
    print("\nslowest queries (ours):")
    for ms, query in sorted(zip(ours_ms, QUERIES), reverse=True)[:5]:
        print(f"  {ms:6.1f} ms  {query}  ({store.count(query)} matches)")
    print("\nmatches for spelling variants (ours vs plain FTS5):")
    for query in VARIANTS:
        theirs = pconn.execute("SELECT count(*) FROM peer_fts WHERE peer_fts MATCH ?", (peer_query(query),))
        print(f"  {query:12} {store.count(query):7d}  {theirs.fetchone()[0]:7d}")
    store.close()
    pconn.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
