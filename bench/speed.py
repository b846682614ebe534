"""Speed and memory of cleaning, ingest and search, each beside a peer from the same run.

    .venv/bin/python bench/speed.py                 # cleaning + ingest (about a minute)
    .venv/bin/python bench/speed.py --full          # + 100,000-article ingest: peak memory, search
    taskset -c 0 .venv/bin/python bench/speed.py    # pin to one core

Machines here are shared and noisy, so every figure is a median of repeats and is
given as a ratio to a peer measured in the same run:
- cleaning: the default pipeline on text dumps vs one tokenization pass of the same texts;
- ingest: clean + store in SQLite with FTS vs clean only (what storing costs), with the
  `clean` pipeline (the full pipeline's speed is the `stage_*`/`pipeline_*` figures);
- search: our stemmed, clitic-aware index end to end (query parse, BM25, snippets)
  vs a bare FTS5 MATCH on the same archive (what our query layer costs).
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import repeated, write_jsonl

from marsad.arabic import words
from marsad.article import Article
from marsad.run.local import process_inputs
from marsad.run.pipelines import cleaning_pipeline
from marsad.service import Archive
from marsad.sources.base import Input

QUERIES = [
    "السعودية", "وزير الخارجية", "الأمم المتحدة", "النفط", "لمنظمة", "الرئيس الأمريكي",
    '"مجلس الأمن"', "اليمن OR سوريا", "كرة القدم", "الاقتصاد NOT النفط", "فيسبوك", "الحوثيين",
    "ارتفاع الأسعار", "الانتخابات", "المملكة", "التعليم", "الصحة العالمية", "ترامب", "إيران", "مصر",
]


def median_rate(func, n: int, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return n / statistics.median(times)


def bench_clean(n: int) -> dict:
    """Cleaning only (extract, residue, compose, language) as `marsad ingest` runs it, vs tokenizing."""
    texts = [f"{r.get('title') or ''}\n{r['text']}" for r in repeated(n)]

    def clean() -> None:
        inputs = (Input(f"t{i}", "", Article(url=f"t{i}.txt", raw_text=t)) for i, t in enumerate(texts))
        for _ in process_inputs(inputs, pipeline=cleaning_pipeline):
            pass

    def tokenize() -> None:
        for text in texts:
            words(text)

    ours, peer = median_rate(clean, n), median_rate(tokenize, n)
    return {"clean_articles_per_s": round(ours), "tokenize_articles_per_s": round(peer),
            "clean_vs_tokenize": round(peer / ours, 1)}


def bench_stages(n: int) -> dict:
    """Articles/s of every stage of the default pipeline and of the whole, on the same texts."""
    from marsad.run.pipelines import default_pipeline

    pipeline = default_pipeline()
    articles = [Article(url=f"t{i}.txt", raw_text=f"{r.get('title') or ''}\n{r['text']}")
                for i, r in enumerate(repeated(n))]
    spent = dict.fromkeys(pipeline.names, 0.0)
    for stage in pipeline.stages:  # warm every model and cache once
        articles[0] = stage(articles[0])
    for i, article in enumerate(articles):
        for stage in pipeline.stages:
            start = time.perf_counter()
            article = stage(article)
            spent[stage.name] += time.perf_counter() - start
        articles[i] = article
    total = sum(spent.values())
    out = {f"stage_{name}_articles_per_s": round(n / t) if t else None for name, t in spent.items()}
    words_per_article = statistics.mean(len(a.text.split()) for a in articles)
    return out | {"pipeline_articles_per_s": round(n / total), "pipeline_words_per_article": round(words_per_article)}


def bench_ingest(n: int, tmp: Path) -> dict:
    source = write_jsonl(tmp / "ingest.jsonl", n)

    def ingest() -> None:
        db = tmp / "ingest.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        with Archive(db) as archive:
            archive.ingest([str(source)], pipeline="clean")

    def clean_only() -> None:
        from marsad.service import process_paths

        for _ in process_paths([str(source)], "clean"):
            pass

    ours, peer = median_rate(ingest, n, 3), median_rate(clean_only, n, 3)
    return {"ingest_articles_per_s": round(ours), "clean_only_articles_per_s": round(peer),
            "store_share_of_ingest_time": round(1 - ours / peer, 2)}


def bench_full(n: int, tmp: Path) -> dict:
    source = write_jsonl(tmp / "full.jsonl", n)
    db = tmp / "full.db"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "marsad", "ingest", str(source), "--db", str(db), "--no-progress",
                           "--pipeline", "clean"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 2):  # 2: some inputs quarantined (real pages with no text)
        sys.exit(f"bench: ingest failed:\n{done.stderr[-2000:]}")
    print(done.stdout.strip(), flush=True)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"full_ingest_articles": n, "full_ingest_s": round(elapsed, 1),
            "full_ingest_articles_per_s": round(n / elapsed), "full_ingest_peak_rss_mb": round(peak_mb),
            **bench_search(db)}


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def bench_search(db: Path, rounds: int = 5) -> dict:
    ours, peer = [], []
    with Archive(db, readonly=True) as archive:
        for query in QUERIES:
            archive.search(query)  # warm the page cache once
        for _ in range(rounds):
            for query in QUERIES:
                start = time.perf_counter()
                archive.search(query, limit=10)
                ours.append((time.perf_counter() - start) * 1000)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    table = conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%fts5%' LIMIT 1").fetchone()[0]
    bare = [w for q in QUERIES for w in words(q) if w not in ("OR", "NOT")]
    for _ in range(rounds):
        for word in bare:
            start = time.perf_counter()
            conn.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rank LIMIT 10",
                         (json.dumps(word, ensure_ascii=False),)).fetchall()
            peer.append((time.perf_counter() - start) * 1000)
    p50, p95 = _percentiles(ours)
    b50, b95 = _percentiles(peer)
    return {"search_p50_ms": round(p50, 2), "search_p95_ms": round(p95, 2),
            "bare_fts5_p50_ms": round(b50, 2), "bare_fts5_p95_ms": round(b95, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean-n", type=int, default=3000)
    parser.add_argument("--ingest-n", type=int, default=5000)
    parser.add_argument("--stages-n", type=int, default=2000)
    parser.add_argument("--full", action="store_true", help="also ingest --full-n articles and time search")
    parser.add_argument("--full-n", type=int, default=100_000)
    args = parser.parse_args()
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        results |= bench_clean(args.clean_n)
        print(json.dumps(results, ensure_ascii=False), flush=True)
        results |= bench_stages(args.stages_n)
        print(json.dumps(results, ensure_ascii=False), flush=True)
        results |= bench_ingest(args.ingest_n, tmp)
        print(json.dumps(results, ensure_ascii=False), flush=True)
        if args.full:
            results |= bench_full(args.full_n, tmp)
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
