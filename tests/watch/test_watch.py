"""`marsad sources` and `marsad watch --once` against the loopback newsroom."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from clirun import run

from marsad.service import Archive

MARSAD = str(Path(sys.executable).parent / "marsad")


def listed(capsys, db):
    _, out, _ = run(capsys, "sources", "list", "--json", "--db", db)
    return {row["name"]: row for row in map(json.loads, out.splitlines())}


def stored(db):
    with Archive(db, readonly=True) as archive:
        return {archive.article(i).url: archive.article(i) for i in archive.store.ids()}


def test_sources_add_finds_feeds_on_a_home_page_and_remove_forgets_them(capsys, newsroom, archive_path):
    db = str(archive_path)
    code, out, _ = run(capsys, "sources", "add", newsroom.base + "/", "--name", "room", "--every", "15", "--db", db)
    assert code == 0
    assert f"added room: feed {newsroom.base}/feeds/0.xml" in out and "announced in <link rel=alternate>" in out
    assert f"added room-2: feed {newsroom.base}/feed.json" in out
    code, out, err = run(capsys, "sources", "add", newsroom.base + "/bad/laughs.xml", "--db", db)
    assert code == 2 and "declares entities" in err
    code, out, err = run(capsys, "sources", "add", newsroom.base + "/bad/html-feed.xml", "--db", db)
    assert f"{newsroom.base}/feed.json: already watched as 'room-2'" in err  # found again, on a common path
    assert f"sitemap {newsroom.base}/news-sitemap.xml (5 links now; common path)" in out
    rows = listed(capsys, db)
    assert set(rows) == {"room", "room-2", "127.0.0.1"} and rows["room"]["every"] == 15 and rows["room"]["last_fetch"] is None
    code, out, _ = run(capsys, "sources", "remove", "room-2", "--db", db)
    assert code == 0 and set(listed(capsys, db)) == {"room", "127.0.0.1"}
    code, _, err = run(capsys, "sources", "remove", "nothing", "--db", db)
    assert code == 5 and "no source named 'nothing'" in err


def test_watch_once_twice_stores_new_articles_and_fetches_nothing_twice(capsys, newsroom, archive_path):
    db = str(archive_path)
    for feed in ("/feeds/0.xml", "/feeds/1.xml"):
        run(capsys, "sources", "add", newsroom.base + feed, "--db", db)
    newsroom.requests.clear()
    code, out, _ = run(capsys, "watch", "--once", "--db", db)
    assert code == 0 and "cycle 1: 2 sources polled (0 not modified, 0 failed), 6 new links" in out
    urls = stored(db)
    assert len(urls) == 6 and all("utm_" not in u and "#" not in u for u in urls)
    article = urls[f"{newsroom.base}/news/1.html"]
    assert article.source == "127.0.0.1" and article.published.startswith("2026-03-01") and article.title

    # Second cycle: everything due again; one feed has news (one article undated on its page).
    with Archive(db) as archive:
        archive.store._db().execute("UPDATE sources SET next_due = '2000-01-01'")
    newsroom.publish("/feeds/1.xml", 1, published="Mon, 02 Mar 2026 09:30:00 GMT", dated_page=False)
    newsroom.requests.clear()
    code, out, _ = run(capsys, "watch", "--once", "--db", db)
    assert "2 sources polled (1 not modified, 0 failed), 1 new links, 1 pages fetched: 1 new articles" in out
    pages = [p for p, _ in newsroom.requests if p.startswith("/news/")]
    assert pages == ["/news/7.html"]  # nothing fetched twice
    conditional = [h for p, h in newsroom.requests if p.startswith("/feeds/")]
    assert all("If-None-Match" in h for h in conditional)
    assert stored(db)[f"{newsroom.base}/news/7.html"].published == "2026-03-02T09:30:00+00:00"  # from the feed
    rows = listed(capsys, db)
    assert sorted(r["share_304"] for r in rows.values()) == [0.0, 0.5]
    assert sum(r["articles"] for r in rows.values()) == 7


def test_bad_feeds_land_in_quarantine_and_the_run_goes_on(capsys, newsroom, archive_path):
    db = str(archive_path)
    bad = ["html-feed.xml", "truncated.xml", "laughs.xml", "wrong-encoding.xml", "bomb.xml", "fail", "slow.html"]
    for n in range(len(bad) + 1):
        newsroom.feeds[f"/feeds/x{n}.xml"] = []
        newsroom.publish(f"/feeds/x{n}.xml", 1)
        run(capsys, "sources", "add", f"{newsroom.base}/feeds/x{n}.xml", "--name", f"s{n}", "--db", db)
    for n, name in enumerate(bad):  # the feeds go bad after they were added
        newsroom.broken[f"/feeds/x{n}.xml"] = f"/bad/{name}"
    code, out, err = run(capsys, "watch", "--once", "--db", db)
    assert code == 2 and "8 sources polled (0 not modified, 5 failed)" in out  # 2 more read in part
    with Archive(db, readonly=True) as archive:
        reasons = {q.origin.rsplit("/", 1)[1]: q.reason for q in archive.quarantine()}
    assert "not a feed: an HTML page" in reasons["x0.xml"]
    assert "malformed feed" in reasons["x1.xml"] and "declares entities" in reasons["x2.xml"]
    assert "malformed feed" in reasons["x3.xml"] and "sitemap bomb" in reasons["x4.xml"]
    assert "HTTP 503" in reasons["x5.xml"] and "too slow" in reasons["x6.xml"]
    assert len(stored(db)) == 2  # the truncated feed's first link, and the good feed's
    rows = listed(capsys, db)
    assert rows["s0"]["failures"] == 1 and rows["s0"]["last_error"] and rows["s7"]["last_error"] is None
    assert rows["s0"]["next_due"] > rows["s7"]["next_due"]  # backed off


def test_failed_pages_are_retried_on_later_cycles_up_to_a_limit(capsys, newsroom, archive_path, monkeypatch):
    db = str(archive_path)
    monkeypatch.setenv("MARSAD_FETCH_PAGE_ATTEMPTS", "2")
    monkeypatch.setenv("MARSAD_FETCH_RETRIES", "0")
    newsroom.feeds["/feeds/mixed.xml"] = [("/bad/flaky.html", None), ("/bad/pdf", None), ("/cp1256.html", None)]
    newsroom.flaky_left = 1
    run(capsys, "sources", "add", newsroom.base + "/feeds/mixed.xml", "--db", db)
    for _ in range(3):
        with Archive(db) as archive:
            archive.store._db().execute("UPDATE sources SET next_due = '2000-01-01'")
        run(capsys, "watch", "--once", "--db", db)
    assert newsroom.hits("/bad/flaky.html") == 2  # failed once, stored on the second cycle
    assert newsroom.hits("/bad/pdf") == 2  # tried twice, then left in quarantine
    urls = stored(db)
    assert urls[f"{newsroom.base}/cp1256.html"].title == "صفحة بترميز عربي قديم"  # windows-1256 honoured
    assert f"{newsroom.base}/bad/flaky.html" in urls
    with Archive(db, readonly=True) as archive:
        assert [q.reason for q in archive.quarantine()] == ["not an HTML page (application/pdf)"]


def test_fetch_stores_pages_and_feeds_once(capsys, newsroom, archive_path):
    db = str(archive_path)
    code, out, _ = run(capsys, "fetch", newsroom.base + "/news/2.html", newsroom.base + "/feeds/0.xml", "--db", db)
    assert code == 0 and "3 new articles" in out
    run(capsys, "sources", "add", newsroom.base + "/feeds/0.xml", "--db", db)
    newsroom.requests.clear()
    run(capsys, "watch", "--once", "--db", db)
    assert not [p for p, _ in newsroom.requests if p.startswith("/news/")]


def test_watch_stops_cleanly_on_sigterm(capsys, newsroom, archive_path):
    db = str(archive_path)
    run(capsys, "sources", "add", newsroom.base + "/feeds/0.xml", "--db", db)
    service = subprocess.Popen([MARSAD, "watch", "--db", db],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while newsroom.hits("/news/3.html") == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    service.send_signal(signal.SIGTERM)
    out, err = service.communicate(timeout=60)
    assert service.returncode == 0, err
    assert "SIGTERM: finishing the current article" in err and "cycle 1:" in out
    assert f"{newsroom.base}/news/3.html" in stored(db)  # the article in hand when the signal came
    with Archive(db) as archive:
        archive.store._db().execute("UPDATE sources SET next_due = '2000-01-01'")
    code, _, _ = run(capsys, "watch", "--once", "--db", db)
    assert code == 0 and len(stored(db)) == 3  # the rest comes on the next run


def test_a_slow_host_does_not_hold_up_the_others_and_each_host_stays_polite(capsys, newsroom, archive_path,
                                                                           monkeypatch):
    from newsroom import Newsroom

    from marsad.sources.fetch import Fetcher
    from marsad.watch.cycle import Watcher

    monkeypatch.setenv("MARSAD_FETCH_DELAY", "0.1")
    monkeypatch.setenv("MARSAD_FETCH_DEADLINE", "5")
    slow = Newsroom(feeds=2, per_feed=3, first=10_000)
    slow.delay = 0.8  # every answer of this host takes 0.8 s: 8 answers, 6.4 s in all
    db = str(archive_path)
    try:
        for room in (slow, newsroom):  # the slow host's sources come first in the queue
            for feed in ("/feeds/0.xml", "/feeds/1.xml"):
                run(capsys, "sources", "add", room.base + feed, "--db", db)
        for room in (slow, newsroom):
            room.requests.clear()
            room.times.clear()
        done: dict[str, float] = {}
        with Archive(db) as archive, Fetcher() as fetcher:
            watcher = Watcher(archive, fetcher, pipeline="clean",
                              progress=lambda line: done.setdefault(line.split(":")[0], time.monotonic()))
            report = watcher.cycle()
        assert report.sources == 4 and report.new == 12 and report.sources_failed == 0
        assert len(done) == 4  # one progress line per source, written from the host threads
        slow_first = min(slow.times)
        slow_end = max(slow.times)
        fast_end = max(newsroom.times)
        assert fast_end < slow_end - 2.0, "the fast host finished while the slow one was still being read"
        assert min(newsroom.times) < slow_first + 2.5, "the fast host did not wait for the slow one"
        for room in (slow, newsroom):  # one host's requests stay fetch_delay apart
            gaps = [b - a for a, b in zip(room.times, room.times[1:])]
            assert min(gaps) >= 0.07, gaps  # 0.1 s apart when sent; arrival jitters a little
    finally:
        slow.close()
