"""Watching: a cycle over 200 loopback feeds, freshness in a simulated day, a 50,000-URL sitemap.

    .venv/bin/python bench/watch_speed.py            # all four (a few minutes)
    .venv/bin/python bench/watch_speed.py --only hosts

Everything runs against tests/newsroom.py on 127.0.0.1, so `fetch_allow_private` is on and
`fetch_delay` is 0: the per-host delay spaces requests to one host, and here all 200 feeds
are one host (at the default 1 s the cycle would take 2,200 s by design). `--pipeline clean`.
- cycle: 200 feeds with 10 articles each (2,000 pages); cycle 1 fetches everything; then 5
  feeds publish one article each and cycle 2 polls all 200 again: wall time, requests, share of
  the 195 unchanged feeds answered 304, and pages requested more than once (must be 0).
- day: 20 feeds polled every 15 min (jitter 10%) on a simulated clock; 240 articles published
  at random times over 24 h; freshness = time the article was stored (the poll's simulated time
  plus the cycle's real seconds) minus its publication time; median and p95.
- hosts: a first cycle over 3 loopback hosts (10 feeds x 4 pages each) at fetch_delay 0.2 s,
  hosts polled one after the other (watch_hosts 1, as before) and side by side (watch_hosts 4).
- sitemap: peak memory (ru_maxrss growth, in a child process) of parsing a 50,000-URL news
  sitemap (the protocol's maximum), and the time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
os.environ.update(MARSAD_FETCH_ALLOW_PRIVATE="1", MARSAD_FETCH_DELAY="0", MARSAD_PROGRESS="0")

from newsroom import Newsroom, sitemap  # noqa: E402

from marsad.service import Archive  # noqa: E402
from marsad.sources.fetch import Fetcher  # noqa: E402
from marsad.store.sources import SourceTables  # noqa: E402
from marsad.watch import Watcher  # noqa: E402


def _due_all(archive: Archive) -> None:
    archive.store._db().execute("UPDATE sources SET next_due = '2000-01-01'")


def bench_cycle(feeds: int = 200, per_feed: int = 10, changed: int = 5) -> dict:
    room = Newsroom(feeds=feeds, per_feed=per_feed)
    try:
        with tempfile.TemporaryDirectory() as tmp, Archive(Path(tmp) / "a.db") as archive, Fetcher() as fetcher:
            tables = SourceTables(archive.store)
            for path in room.feeds:
                tables.add(path, room.base + path, "feed", 30)
            watcher = Watcher(archive, fetcher, pipeline="clean", seed=1)
            first = watcher.cycle()
            for path in list(room.feeds)[:changed]:
                room.publish(path, 1)
            _due_all(archive)
            second = watcher.cycle()
            pages = Counter(urlsplit(p).path for p, _ in room.requests if p.startswith("/news/"))
            return {
                "feeds": feeds, "pages": feeds * per_feed,
                "cycle1_s": round(first.seconds, 1), "cycle1_requests": first.requests, "cycle1_new": first.new,
                "cycle1_articles_per_s": round(first.new / first.seconds, 1),
                "cycle2_s": round(second.seconds, 2), "cycle2_requests": second.requests, "cycle2_new": second.new,
                "cycle2_304_share_of_unchanged": round(second.not_modified / (feeds - changed), 4),
                "pages_requested_twice": sum(1 for n in pages.values() if n > 1),
                "archive_articles": archive.count(),
            }
    finally:
        room.close()


def bench_day(feeds: int = 20, articles: int = 240, every: int = 15, seed: int = 3) -> dict:
    rng = random.Random(seed)
    room = Newsroom(feeds=feeds, per_feed=0)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    schedule = sorted((start + timedelta(seconds=rng.uniform(0, 86_400)), rng.choice(list(room.feeds)))
                      for _ in range(articles))
    clock = {"now": start}
    published: dict[str, datetime] = {}
    fresh: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as tmp, Archive(Path(tmp) / "a.db") as archive, Fetcher() as fetcher:
            tables = SourceTables(archive.store)
            for path in room.feeds:
                tables.add(path, room.base + path, "feed", every)
            watcher = Watcher(archive, fetcher, pipeline="clean", now=lambda: clock["now"], seed=seed)
            archive.store._db().execute("UPDATE sources SET next_due = ?", (start.isoformat(timespec="seconds"),))
            end, polls, cycles = start + timedelta(days=1, hours=1), 0, 0
            while clock["now"] < end:
                due = min(datetime.fromisoformat(s.next_due) for s in tables.all())
                upcoming = schedule[0][0] if schedule else end
                clock["now"] = max(clock["now"], min(due, upcoming))
                while schedule and schedule[0][0] <= clock["now"]:
                    when, feed = schedule.pop(0)
                    for path in room.publish(feed, 1):
                        published[room.base + path] = when
                if due > clock["now"]:
                    continue
                real = time.perf_counter()
                report = watcher.cycle()
                took = timedelta(seconds=time.perf_counter() - real)
                polls, cycles = polls + report.sources, cycles + 1
                rows = archive.store.read("SELECT url FROM source_pages WHERE status = 'stored' AND last_try IS NOT NULL")
                for (url,) in rows:
                    if url in published:
                        fresh.append((clock["now"] + took - published.pop(url)).total_seconds())
                clock["now"] += took
            fresh.sort()
            return {
                "feeds": feeds, "articles_published": articles, "stored": len(fresh), "never_stored": len(published),
                "interval_min": every, "polls": polls, "cycles": cycles,
                "freshness_median_s": round(statistics.median(fresh), 1),
                "freshness_p95_s": round(fresh[int(0.95 * (len(fresh) - 1))], 1),
                "target_p95_s": every * 60 + 60,
            }
    finally:
        room.close()


def _hosts_cycle(rooms: list[Newsroom], width: int) -> dict:
    os.environ["MARSAD_WATCH_HOSTS"] = str(width)
    for room in rooms:
        room.requests.clear()
    with tempfile.TemporaryDirectory() as tmp, Archive(Path(tmp) / "a.db") as archive, Fetcher() as fetcher:
        tables = SourceTables(archive.store)
        for h, room in enumerate(rooms):
            for path in room.feeds:
                tables.add(f"h{h}{path}", room.base + path, "feed", 30)
        report = Watcher(archive, fetcher, pipeline="clean", seed=1).cycle()
        pages = Counter((room.base, urlsplit(p).path) for room in rooms for p, _ in room.requests
                        if p.startswith("/news/"))
        return {"watch_hosts": width, "wall_s": round(report.seconds, 2), "requests": report.requests,
                "new": report.new, "failed": report.pages_failed + report.sources_failed,
                "pages_requested_twice": sum(1 for n in pages.values() if n > 1), "stored": archive.count()}


def bench_hosts(hosts: int = 3, feeds: int = 10, per_feed: int = 4, delay: float = 0.2, reps: int = 2) -> dict:
    """One first cycle over `hosts` loopback hosts, polled one after the other (watch_hosts 1,
    the peer: how cycles ran before) and side by side (watch_hosts 4), alternating, each on a
    fresh archive; `fetch_delay` `delay` s, as a polite crawler spaces its requests to one host."""
    os.environ["MARSAD_FETCH_DELAY"] = str(delay)
    rooms = [Newsroom(feeds=feeds, per_feed=per_feed, first=h * 100_000) for h in range(hosts)]
    try:
        runs = [_hosts_cycle(rooms, width) for _ in range(reps) for width in (1, 4)]
    finally:
        os.environ["MARSAD_FETCH_DELAY"] = "0"
        for room in rooms:
            room.close()
    median = {w: statistics.median(r["wall_s"] for r in runs if r["watch_hosts"] == w) for w in (1, 4)}
    return {"hosts": hosts, "feeds": hosts * feeds, "pages": hosts * feeds * per_feed, "fetch_delay_s": delay,
            "runs": runs, "median_wall_s": median, "speedup": round(median[1] / median[4], 2),
            "load_average": os.getloadavg()}


_SITEMAP_CHILD = """
import os, resource, sys, time, json
from marsad.sources.feeds import parse_feed
rss = lambda: int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
data = open({path!r}, "rb").read()
before = rss()
start = time.perf_counter()
parsed = parse_feed(data, "sitemap.xml", "application/xml")
took = time.perf_counter() - start
print(json.dumps({{"urls": len(parsed.entries), "sitemap_mb": round(len(data) / 1e6, 1), "parse_s": round(took, 2),
                  "rss_growth_mb": round(rss() - before, 1),
                  "process_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}}))
"""


def bench_sitemap() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sitemap.xml"
        path.write_bytes(sitemap("https://news.example", [f"/2026/03/01/story-{i}.html" for i in range(50_000)]))
        code = _SITEMAP_CHILD.format(path=str(path))
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["cycle", "day", "sitemap", "hosts"])
    args = parser.parse_args()
    benches = {"cycle": bench_cycle, "day": bench_day, "sitemap": bench_sitemap, "hosts": bench_hosts}
    result = {name: func() for name, func in benches.items() if args.only in (None, name)}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
