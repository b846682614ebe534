"""Several `marsad ingest` processes writing into one PostgreSQL archive at once.

    .venv/bin/python bench/pg_writers.py [--rows 2000] [--writers 4] [--pipeline clean]

Real articles from ../shared/data/news are cut into 8 JSONL files; writer k of 4 ingests
files 2k..2k+3 (mod 8), every other writer in reverse order, so every file (every
input) goes through two writers at once, and every pair of neighbours shares two files. The reference is one `marsad ingest` of all 8 files into SQLite.
Checked: the PostgreSQL archive holds exactly the reference's article ids (none lost),
each once (none doubled: also what the unique key guarantees), every input once in
the ledger, and the writers' "new" counts add up to the archive's size. Reported:
wall time and distinct articles/s for the writers together, against one process
ingesting the same 8 files into a fresh PostgreSQL archive, in the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import rows as news_rows

from marsad.store.pg_local import LocalCluster
from marsad.store.postgres import PostgresStore

FILES = 8


def write_inputs(folder: Path, count: int) -> list[Path]:
    """`count` real articles split over FILES JSONL files."""
    rows = list(islice(news_rows(), count))
    paths = []
    for k in range(FILES):
        path = folder / f"part-{k}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for row in rows[k::FILES]:
                handle.write(json.dumps({key: row.get(key) for key in ("text", "title", "url", "source")},
                                        ensure_ascii=False) + "\n")  # fmt: skip
        paths.append(path)
    return paths


def ingest(paths: list[Path], db: str, pipeline: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "marsad", "ingest", *map(str, paths), "--db", db, "--pipeline", pipeline,
               "--no-progress"]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(procs: list[subprocess.Popen]) -> list[int]:
    """Wait for every process; return each one's count of new articles (from its summary line)."""
    new = []
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode != 0:
            sys.exit(f"ingest failed ({proc.returncode}): {err.strip()[-2000:]}")
        new.append(int(re.search(r"(\d+) new article", out).group(1)))
    return new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2000, help="distinct inputs over the 8 files")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--pipeline", choices=["clean", "full"], default="clean")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="marsad-writers-")
    folder = Path(tmp.name)
    paths = write_inputs(folder, args.rows)
    cluster = LocalCluster.start()
    try:
        reference = str(folder / "reference.db")
        finish([ingest(paths, reference, args.pipeline)])
        expected = sorted(row[0] for row in sqlite3.connect(reference).execute("SELECT id FROM articles"))

        alone_url = cluster.create_database("alone")
        start = time.perf_counter()
        finish([ingest(paths, alone_url, args.pipeline)])
        alone_s = time.perf_counter() - start

        url = cluster.create_database("writers")
        PostgresStore(url).close()  # schema in place before the race starts
        step = FILES // args.writers
        shares = [[paths[(step * k + j) % FILES] for j in range(4)][:: 1 if k % 2 == 0 else -1]
                  for k in range(args.writers)]  # fmt: skip
        start = time.perf_counter()
        new = finish([ingest(share, url, args.pipeline) for share in shares])
        writers_s = time.perf_counter() - start

        with PostgresStore(url, readonly=True) as store:
            ids = list(store.ids())
            (inputs, origins) = store.read("SELECT count(*), count(DISTINCT origin) FROM inputs")[0]
            quarantined = len(store.quarantined())
        lost = len(set(expected) - set(ids))
        extra = len(set(ids) - set(expected))
        doubled = len(ids) - len(set(ids))
        print(f"{args.rows} inputs in {FILES} JSONL files, pipeline {args.pipeline}; {len(expected)} distinct articles")
        print(f"{args.writers} writers, each on 4 files (every input through {4 * args.writers // FILES} writers): "
              f"new per writer {new}")
        print(f"  lost {lost}, unexpected {extra}, doubled {doubled}; sum of new {sum(new)} = archive {len(ids)}: "
              f"{sum(new) == len(ids)}; inputs {inputs} rows, {origins} distinct origins; quarantined {quarantined}")
        print(f"  {args.writers} writers: {writers_s:.1f} s wall, {len(ids) / writers_s:.1f} distinct articles/s "
              f"({sum(len(s) for s in shares) * args.rows / FILES / writers_s:.1f} inputs/s handled)")
        print(f"  1 process, same 8 files: {alone_s:.1f} s wall, {len(expected) / alone_s:.1f} articles/s")
        if lost or extra or doubled or sum(new) != len(ids):
            sys.exit("writers lost or doubled articles")
    finally:
        cluster.stop()
        tmp.cleanup()


if __name__ == "__main__":
    main()
