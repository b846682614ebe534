"""Peak memory of `marsad ingest` with the full pipeline, at growing batch sizes.

    .venv/bin/python bench/memory.py --sizes 3000 15000 100000
    .venv/bin/python bench/memory.py --export-db archive.db      # peak RSS of marsad export

Each size is one `marsad ingest FILE.jsonl --pipeline full` in its own process,
into a fresh archive; its peak RSS comes from the kernel (`wait4` ru_maxrss) and
its RSS is sampled every few seconds to show the curve. Inputs are real articles:
the ~46,000 distinct articles of SaudiNewsNet (full, 18 days), the ANT
multi-source month and ANT JawharaFM, in that order; past their end they are
cycled, each repeat with a marker inside its first paragraph so its text and id
differ (corpus.repeated does the same for the smaller set). Each input carries its
source's publication date as `published`, as a crawled page or feed entry does. The target (issue 12):
peak ≤ 500 MB at 100k and ≤ 1.3 × the 3k peak.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import NEWS, require  # noqa: E402

SETS = ("saudinewsnet_full/*.jsonl.gz", "ant_multisource_v2.1_2018-04/*.jsonl.gz", "ant_jawharafm_v1.1/*.jsonl.gz")


def _distinct(root: Path) -> Iterator[dict]:
    for pattern in SETS:
        for path in sorted(root.glob(pattern)):
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for row in map(json.loads, handle):
                    if (row.get("text") or "").strip():
                        yield row


def cycled(n: int, root: Path = NEWS) -> Iterator[dict]:
    """`n` real articles; past the distinct ones, repeats with a per-copy marker."""
    i, round_ = 0, 0
    while True:
        for row in _distinct(root):
            if i == n:
                return
            if round_:
                first, _, rest = row["text"].partition("\n")
                row = dict(row, text=f"{first} (نسخة {i})\n{rest}", url=f"{row.get('url') or row['id']}#{round_}")
            published = row.get("date") or row.get("date_extracted")
            yield {k: row.get(k) for k in ("text", "title", "url", "source")} | {"published": published}
            i += 1
        round_ += 1


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _stored(db: Path) -> int | None:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM inputs").fetchone()[0]
    except sqlite3.Error:
        return None


def ingest(source: Path, db: Path, pipeline: str, log: Path | None = None) -> dict:
    """One `marsad ingest` process: seconds, peak RSS (MB), and (seconds, inputs done, RSS MB)
    sampled along the way (also appended to `log` as they come, for runs cut short)."""
    command = [sys.executable, "-m", "marsad", "ingest", str(source), "--db", str(db), "--no-progress",
               "--pipeline", pipeline]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, float]] = []

    def sample() -> None:
        while child.poll() is None:
            rss = _rss_mb(child.pid)
            if rss is not None:
                samples.append((round(time.perf_counter() - start), _stored(db), round(rss)))
                if log is not None:
                    with log.open("a") as handle:
                        handle.write(json.dumps(samples[-1]) + "\n")
            time.sleep(10)

    threading.Thread(target=sample, daemon=True).start()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    out, err = child.communicate()
    if child.returncode not in (0, 2):  # 2: some inputs quarantined
        sys.exit(f"bench: ingest failed:\n{err[-2000:]}")
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024), "summary": out.strip(),
            "rss_samples": samples[:: max(1, len(samples) // 12)]}  # (s, inputs done, MB)


def export_peaks(db: Path, out: Path) -> None:
    """Peak RSS of `marsad export` of an existing archive, in each format (it should not grow
    with the archive: one article, or one Parquet row group, at a time)."""
    for fmt in ("jsonl", "parquet"):
        target = out / f"export.{fmt}"
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "marsad", "export", str(target), "--db", str(db),
                                  "--format", fmt], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        done, err = child.communicate()
        if child.returncode:
            sys.exit(f"bench: export failed:\n{err[-2000:]}")
        print(json.dumps({"export": fmt, "summary": done.strip(), "seconds": round(time.perf_counter() - start, 1),
                          "peak_rss_mb": round(usage.ru_maxrss / 1024), "mb": round(target.stat().st_size / 1e6)}),
              flush=True)
        target.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 15000, 100_000])
    parser.add_argument("--pipeline", default="full", choices=["full", "clean"])
    parser.add_argument("--tmp", type=Path, default=None, help="Folder for the inputs and archives.")
    parser.add_argument("--log", type=Path, default=None, help="Append RSS samples here as they come.")
    parser.add_argument("--export-db", type=Path, default=None,
                        help="Only measure `marsad export` of this archive (both formats).")
    args = parser.parse_args()
    if args.export_db:
        with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
            export_peaks(args.export_db, Path(tmp))
        return
    require(NEWS)
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        results = {}
        for n in args.sizes:
            source = Path(tmp) / f"in-{n}.jsonl"
            with source.open("w", encoding="utf-8") as out:
                for row in cycled(n):
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
            result = ingest(source, Path(tmp) / f"{n}.db", args.pipeline, args.log)
            result["articles_per_s"] = round(n / result["seconds"], 1)
            results[n] = result
            print(json.dumps({"articles": n, "pipeline": args.pipeline, **result}, ensure_ascii=False), flush=True)
            source.unlink()
        first, last = results[args.sizes[0]], results[args.sizes[-1]]
        print(json.dumps({"ratio_last_to_first_peak": round(last["peak_rss_mb"] / first["peak_rss_mb"], 2)}))


if __name__ == "__main__":
    main()
