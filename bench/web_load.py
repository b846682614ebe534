"""Web speed: p50/p95 of the search, article and entity pages under load, beside peers.

    .venv/bin/python bench/web_load.py --n 100000 [--db PATH] [--duration 20] [--connections 4] [--postgresql]

Builds with `marsad ingest` (or reuses, with --db) an archive of real Arabic news (bench/corpus.py:
SaudiNewsNet and ANT multisource repeated to --n with distinct ids, repeats a month apart),
starts `marsad serve` on a free loopback port
and drives it with `wrk` (Debian's package) when it is installed, else with a small Python client
(threads over keep-alive connections). Each page kind cycles through many distinct URLs (40
queries and their facet/sort variants, 300 articles, 200 entities), so no single row stays hot.
Peers measured in the same run: the `/api/stats` JSON endpoint (cached aggregate) and a static
file, which show what the server and the loopback cost without any page work.
Page sizes are measured on every URL once: no HTML page may exceed 100 KB.
With --postgresql the same archive is then copied (`marsad migrate`) into a throwaway
local PostgreSQL cluster and served from there, and the same URLs measured again.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from marsad.store import SqliteStore

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import repeated
from store_speed import QUERIES

MAX_HTML = 100_000
TARGET_P95_MS = 150.0


# -- the archive ---------------------------------------------------------------


def _shifted(date: str | None, round_: int) -> str | None:
    """Each further ~11,000 rows (one pass over the corpus) land 30 days later, so timelines
    span several months."""
    if not date or not round_:
        return date
    from datetime import datetime, timedelta

    day = datetime.fromisoformat(date[:10]) + timedelta(days=30 * round_)
    return day.date().isoformat() + date[10:19]


def write_rows(path: Path, n: int) -> Path:
    """`n` corpus rows as JSONL in the reader's format, with their dates as `published`."""
    with path.open("w", encoding="utf-8") as out:
        for i, row in enumerate(repeated(n)):
            keep = {k: row.get(k) for k in ("text", "title", "url", "source")}
            keep["published"] = _shifted(row.get("date"), i // 11_000)
            out.write(json.dumps(keep, ensure_ascii=False) + "\n")
    return path


def build(path: Path, n: int) -> None:
    """`marsad ingest` (the full pipeline, both cores) over corpus rows until about `n` are stored.

    The corpus repeats some texts and equal texts are one article, so 6.5% more rows are
    written; the archive's exact count is reported with the figures.
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        rows = write_rows(Path(tmp) / "rows.jsonl", int(n * 1.065))
        cmd = [sys.executable, "-m", "marsad", "ingest", str(rows), "--db", str(path), "--no-progress",
               "--workers", str(min(os.cpu_count() or 1, 2))]
        done = subprocess.run(cmd, check=False, capture_output=True, text=True)
    print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-2000:], file=sys.stderr)
    if not path.exists():
        raise SystemExit(f"bench: ingest failed: {done.stderr[-2000:]}")
    print(f"built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


# -- what to request -------------------------------------------------------------


def urls(db: Path) -> dict[str, list[str]]:
    """Paths per page kind, drawn from the archive (fixed seed: the same set every run)."""
    pick = random.Random(7)
    with SqliteStore(db, readonly=True) as store:
        ids = [r[0] for r in store.read("SELECT id FROM articles ORDER BY random() LIMIT 300")]
        top = store.read("SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY count(*) DESC LIMIT 100")
        rest = store.read("""SELECT entity_id FROM mentions GROUP BY entity_id HAVING count(*) >= 3
                             ORDER BY random() LIMIT 100""")
        sources = [r[0] for r in store.read("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL")]
    entities = list(dict.fromkeys(r[0] for r in top + rest))
    q = urllib.parse.quote
    search = [f"/search?q={q(query)}" for query in QUERIES]
    # Variants analysts use: newest first, a second page, a source facet, an entity facet.
    search += [f"/search?q={q(query)}&sort=date" for query in QUERIES[:10]]
    search += [f"/search?q={q(query)}&page=2" for query in QUERIES[10:20]]
    search += [f"/search?q={q(query)}&source={q(pick.choice(sources))}" for query in QUERIES[20:30]]
    search += [f"/search?q={q(query)}&entity={q(pick.choice(entities[:30]))}" for query in QUERIES[30:40]]
    return {
        "search": search,
        "article": [f"/articles/{q(i)}" for i in ids],
        "entity": [f"/entities/{q(e)}" for e in entities],
        "api/stats (peer)": ["/api/stats"],
        "static file (peer)": ["/static/style.css"],
    }


# -- the server ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db: Path | str, port: int, workers: int) -> subprocess.Popen:
    """`marsad serve` in a subprocess, once it answers (and has warmed its overview)."""
    cmd = [sys.executable, "-m", "marsad", "serve", "--db", str(db), "--port", str(port)]
    env = {**os.environ, "MARSAD_ACCESS_LOG": "0", "MARSAD_WEB_WORKERS": str(workers)}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=30).read()
            time.sleep(5)  # each worker warms its archive-wide aggregates in the background
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"bench: marsad serve exited: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("bench: marsad serve did not answer within 60 s")


# -- load ------------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    requests: int
    errors: int
    seconds: float
    p50: float
    p95: float
    p99: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i - 1) % #paths + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.stderr:write(string.format('RESULT {"requests": %d, "errors": %d, "status": %d, "us": %d, ' ..
    '"p50": %d, "p95": %d, "p99": %d}\\n', summary.requests, e.connect + e.read + e.write + e.timeout,
    e.status, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def run_wrk(base: str, kind: str, paths: list[str], seconds: int, connections: int) -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        script, listing = Path(tmp) / "cycle.lua", Path(tmp) / "paths.txt"
        script.write_text(WRK_SCRIPT)
        listing.write_text("\n".join(paths) + "\n")
        cmd = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(script), base]
        done = subprocess.run(cmd, env={**os.environ, "WRK_PATHS": str(listing)},
                              capture_output=True, text=True, check=True)
    line = next(l for l in done.stderr.splitlines() if l.startswith("RESULT "))
    r = json.loads(line[len("RESULT "):])
    return Result(kind, r["requests"], r["errors"] + r["status"], r["us"] / 1e6,
                  r["p50"] / 1000, r["p95"] / 1000, r["p99"] / 1000)


def run_python(base: str, kind: str, paths: list[str], seconds: int, connections: int) -> Result:
    """The fallback client: `connections` threads, each with one keep-alive connection."""
    import http.client

    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    latencies: list[float] = []
    errors = [0]
    lock, counter = threading.Lock(), iter(range(10**9))
    stop = time.monotonic() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=10)
        while time.monotonic() < stop:
            path = paths[next(counter) % len(paths)]
            t0 = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            took = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(took)
                errors[0] += response.status >= 400
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - t0
    cuts = statistics.quantiles(latencies, n=100)
    return Result(kind, len(latencies), errors[0], took, cuts[49], cuts[94], cuts[98])


def sizes(base: str, paths: list[str]) -> tuple[int, int, int]:
    """Bytes of every page once: (median, max, how many over the limit); errors fail the bench."""
    got = []
    for path in paths:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            got.append(len(response.read()))
    return int(statistics.median(got)), max(got), sum(size > MAX_HTML for size in got)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles in a new archive")
    parser.add_argument("--db", type=Path, help="reuse (or build and keep) this archive")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per page kind")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="server processes (setting web_workers)")
    parser.add_argument("--client", choices=("wrk", "python"), default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument("--postgresql", action="store_true",
                        help="then serve the same archive from PostgreSQL (a throwaway local cluster) and measure again")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "web.db"
    if not db.exists():
        build(db, args.n)
    with SqliteStore(db, readonly=True) as store:
        count = store.count()
    plan = urls(db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(db, port, args.workers)
    try:
        print("### SQLite\n")
        report(args, count, base, plan)
    finally:
        server.terminate()
        server.wait(timeout=10)
    try:
        if args.postgresql:
            on_postgresql(args, db, count, plan)
    finally:
        tmp.cleanup()


def on_postgresql(args: argparse.Namespace, db: Path, count: int, plan: dict[str, list[str]]) -> None:
    """The same archive copied into a throwaway PostgreSQL cluster, served and measured the same way."""
    from marsad.store.pg_local import LocalCluster

    cluster = LocalCluster.start()
    try:
        url = cluster.create_database("web")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "marsad", "migrate", "--from", str(db), "--to", url],
                       check=True, capture_output=True)
        print(f"copied into PostgreSQL in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        port = free_port()
        server = serve(url, port, args.workers)
        try:
            print("\n### PostgreSQL (the same archive, `marsad migrate`d)\n")
            report(args, count, f"http://127.0.0.1:{port}", plan)
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        cluster.stop()


def report(args: argparse.Namespace, count: int, base: str, plan: dict[str, list[str]]) -> None:
    run = run_wrk if args.client == "wrk" else run_python
    print(f"archive: {count:,} articles; server: marsad serve, {args.workers} worker(s); client: {args.client}, "
          f"{args.connections} connections, {args.duration} s per page kind; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} before\n")
    print("| page | URLs | requests | req/s | errors | p50 ms | p95 ms | p99 ms | HTML median / max |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    failed = []
    for kind, paths in plan.items():
        median, biggest, over = sizes(base, paths)  # also warms each URL once
        result = run(base, kind, paths, args.duration, args.connections)
        print(f"| {kind} | {len(paths)} | {result.requests:,} | {result.rate:.0f} | {result.errors} | "
              f"{result.p50:.1f} | **{result.p95:.1f}** | {result.p99:.1f} | "
              f"{median / 1000:.1f} / {biggest / 1000:.1f} KB |", flush=True)
        if "peer" not in kind and (result.p95 > TARGET_P95_MS or over or result.errors):
            failed.append(kind)
    print(f"\nload average {os.getloadavg()[0]:.1f} after")
    print(f"target p95 <= {TARGET_P95_MS:g} ms and HTML <= {MAX_HTML // 1000} KB: "
          + ("met" if not failed else f"NOT met for {', '.join(failed)}"))


if __name__ == "__main__":
    main()
