"""One watch cycle: poll every due source, fetch the new article pages, store them.

A source is polled with a conditional GET; a 304 costs one request and nothing
else. New links are canonicalised and checked against the page table, so an article
linked from three feeds, or still listed tomorrow, is fetched once. Pages go through
the ordinary ingest (pipeline, ledger, quarantine), one source at a time, so a stop
request lets the articles already fetched finish and be stored before we exit.

Sources on different hosts are polled side by side (`watch_hosts` threads, one host
each), so a slow or distant host does not hold up the others; within a host the
fetcher still makes one request at a time, `fetch_delay` apart.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from marsad import settings
from marsad.article import Article, Failure
from marsad.errors import StoreError
from marsad.service import Archive, IngestReport
from marsad.sources.base import Input
from marsad.sources.canonical import canonical_url
from marsad.sources.feeds import Entry, FeedError, kind_of, parse_feed
from marsad.sources.fetch import Fetcher, Validators
from marsad.sources.guard import FetchError
from marsad.sources.pages import fetch_failed, page_input
from marsad.store.sources import SourceRow, SourceTables
from marsad.watch.discover import ACCEPT

__all__ = ["CycleReport", "Watcher", "next_due"]

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
MAX_CHILD_SITEMAPS = 50


@dataclass(slots=True)
class CycleReport:
    """What one cycle (or one `marsad fetch`) did, for its one-line summary."""

    sources: int = 0
    not_modified: int = 0
    sources_failed: int = 0
    links: int = 0
    pages: int = 0
    new: int = 0
    duplicates: int = 0
    pages_failed: int = 0
    requests: int = 0
    seconds: float = 0.0

    def add(self, ingest: IngestReport) -> None:
        self.new += ingest.new
        self.duplicates += ingest.duplicates + ingest.skipped
        self.pages_failed += len(ingest.failed)

    def merge(self, other: CycleReport) -> None:
        """Add the counts of another part of the same cycle (requests and seconds are the cycle's)."""
        for name in ("sources", "not_modified", "sources_failed", "links", "pages", "new", "duplicates",
                     "pages_failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self) -> str:
        return (f"{self.sources} sources polled ({self.not_modified} not modified, {self.sources_failed} failed), "
                f"{self.links} new links, {self.pages} pages fetched: {self.new} new articles, "
                f"{self.duplicates} already stored, {self.pages_failed} failed; "
                f"{self.requests} requests in {self.seconds:.1f} s")


def next_due(now: datetime, every: int, failures: int, rng: random.Random) -> datetime:
    """When to poll again: the interval, doubled per failure in a row (capped), with jitter."""
    minutes = float(every * 2 ** min(failures, 16))
    minutes = min(minutes, max(float(settings.get("watch_max_backoff")), float(every)))
    jitter = settings.get("watch_jitter")
    return now + timedelta(minutes=minutes * (1 + rng.uniform(-jitter, jitter)))


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class Watcher:
    """Polls sources of one archive through one fetcher; `stop` ends a cycle early and cleanly."""

    def __init__(self, archive: Archive, fetcher: Fetcher, *, pipeline: str | None = None,
                 stop: threading.Event | None = None, progress: Callable[[str], None] | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC), seed: int | None = None) -> None:
        self.archive, self.fetcher, self.pipeline = archive, fetcher, pipeline
        self.tables = SourceTables(archive.store)
        self.stop = stop or threading.Event()
        self.progress = progress or (lambda line: None)
        self.now = now
        self.rng = random.Random(seed)
        self.attempts = settings.get("fetch_page_attempts")

    # -- a cycle -----------------------------------------------------------------

    def cycle(self) -> CycleReport:
        """Poll every source due now, different hosts side by side (setting `watch_hosts`);
        returns what happened."""
        report, started, requests = CycleReport(), time.monotonic(), self.fetcher.requests
        hosts: dict[str, list[SourceRow]] = {}
        for source in self.tables.due(_iso(self.now())):
            hosts.setdefault(_host(source.url), []).append(source)
        width = min(int(settings.get("watch_hosts")), len(hosts))
        if width <= 1 or str(self.archive.path) == ":memory:":
            self._poll_all([s for group in hosts.values() for s in group], report)
        else:
            seeds = [self.rng.random() for _ in hosts]
            with ThreadPoolExecutor(width, thread_name_prefix="marsad-watch") as pool:
                for part in pool.map(self._poll_host, hosts.values(), seeds):
                    report.merge(part)
        report.requests = self.fetcher.requests - requests
        report.seconds = time.monotonic() - started
        return report

    def _poll_host(self, sources: list[SourceRow], seed: float) -> CycleReport:
        """One host's sources, in a thread of their own with their own archive connection
        (SQLite connections stay in their thread; writers take turns per transaction)."""
        part = CycleReport()
        with Archive(self.archive.path) as archive:
            twin = Watcher(archive, self.fetcher, pipeline=self.pipeline, stop=self.stop, progress=self.progress,
                           now=self.now, seed=seed)
            twin._poll_all(sources, part)
        return part

    def _poll_all(self, sources: list[SourceRow], report: CycleReport) -> None:
        for source in sources:
            if self.stop.is_set():
                break
            try:
                self._poll(source, report)
            except StoreError:
                raise  # the archive itself is in trouble: stop rather than lose writes
            except Exception as error:  # noqa: BLE001 - one source's surprise must not stop the service
                reason = f"{type(error).__name__}: {error}"
                report.sources_failed += 1
                self.archive.store.quarantine(source.url, Failure("watch", reason))
                self._polled(source, False, reason)
                self.progress(f"{source.name}: failed: {reason}")

    def seconds_to_next(self) -> float:
        """Seconds until the next source is due (0 if one is due now, 60 if none is watched)."""
        dues = [s.next_due for s in self.tables.all()]
        if not dues:
            return 60.0
        return max(0.0, (datetime.fromisoformat(min(dues)) - self.now()).total_seconds())

    def _poll(self, source: SourceRow, report: CycleReport) -> None:
        report.sources += 1
        store = self.archive.store
        seen: list[tuple[str, Validators]] = []
        try:
            entries, not_modified, problem = self._entries(source.url, seen)
        except FetchError as error:
            report.sources_failed += 1
            store.quarantine(source.url, Failure("feed" if isinstance(error, FeedError) else "fetch", error.reason))
            self._polled(source, False, error.reason)
            self.progress(f"{source.name}: failed: {error.reason}")
            return
        if problem:
            store.quarantine(source.url, Failure("feed", problem))
        else:
            store.release(source.url)
        report.not_modified += not_modified
        todo = self._todo(entries + self._retries(source), report)
        ingest = self._store(todo, source.id, report)
        if not self.stop.is_set():
            for url, validators in seen:
                self.tables.remember(url, validators.etag, validators.last_modified)
        self._polled(source, not_modified, problem)
        state = "not modified" if not_modified else f"{len(entries)} links"
        self.progress(f"{source.name}: {state}, {len(todo)} to fetch, {ingest.new} new, {len(ingest.failed)} failed")

    def _polled(self, source: SourceRow, not_modified: bool, error: str | None) -> None:
        failures = source.failures + 1 if error else 0
        due = next_due(self.now(), source.every, failures, self.rng)
        self.tables.polled(source.id, not_modified=not_modified, error=error, next_due=_iso(due))

    # -- links -------------------------------------------------------------------

    def _get_listing(self, url: str, seen: list[tuple[str, Validators]]):
        etag, modified = self.tables.validators(url)
        response = self.fetcher.get(url, Validators(etag, modified), accept=ACCEPT)
        if response.not_modified:
            return None
        parsed = parse_feed(response.content, url, response.content_type, self.fetcher.max_bytes)
        seen.append((url, response.validators))
        return parsed

    def _entries(self, url: str, seen: list[tuple[str, Validators]]) -> tuple[list[Entry], bool, str | None]:
        """Links at `url` (children of a sitemap index included), whether it was a 304, damage seen.

        Validators go to `seen`, to be remembered only once the links are dealt with: a cycle
        stopped halfway must not turn the next poll into a 304 that hides them.
        """
        parsed = self._get_listing(url, seen)
        if parsed is None:
            return [], True, None
        entries = list(parsed.entries)
        for child in parsed.sitemaps[:MAX_CHILD_SITEMAPS]:
            try:
                sub = self._get_listing(child, seen)
            except FetchError as error:
                self.archive.store.quarantine(child, Failure("feed", error.reason))
                continue
            if sub is not None:
                entries.extend(sub.entries)  # one level only: an index of indexes is not followed
        return entries, False, parsed.problem

    def _retries(self, source: SourceRow) -> list[Entry]:
        rows = self.archive.store.read(
            "SELECT url, published FROM source_pages WHERE source_id = ? AND status = 'failed' AND attempts < ?",
            (source.id, self.attempts))
        return [Entry(url, published) for url, published in rows]

    def _todo(self, entries: Iterable[Entry], report: CycleReport) -> list[tuple[str, str | None]]:
        todo: dict[str, str | None] = {}
        for entry in entries:
            try:
                url = canonical_url(entry.url)
            except ValueError:
                continue
            if url not in todo and url.startswith(("http://", "https://")) and self.tables.to_fetch(url, self.attempts):
                todo[url] = entry.published
        report.links += len(todo)
        return list(todo.items())

    # -- pages -------------------------------------------------------------------

    def _pages(self, todo: list[tuple[str, str | None]], source_id: int | None, report: CycleReport,
               origins: dict[str, tuple[str, str | None]]) -> Iterator[Input]:
        for url, published in todo:
            if self.stop.is_set():
                return
            report.pages += 1
            try:
                response = self.fetcher.get(url, accept=PAGE_ACCEPT)
                item = page_input(response.url, response, published)
            except FetchError as error:
                item = fetch_failed(url, error.reason)
            origins[item.origin] = (url, published)
            if item.fingerprint and self.archive.store.input_done(item.origin, item.fingerprint):
                self.tables.page_tried(url, source_id, published)  # stored before, e.g. by `marsad fetch`
                report.duplicates += 1
                continue
            yield item

    def _recorder(self, source_id: int | None, origins: dict[str, tuple[str, str | None]]):
        def record(item: Input, article: Article) -> None:
            url, published = origins.get(item.origin, (item.origin, None))
            error = article.error.reason if article.error else None
            self.tables.page_tried(url, source_id, published, article_id=article.id or None, error=error)

        return record

    def _store(self, todo: list[tuple[str, str | None]], source_id: int | None, report: CycleReport) -> IngestReport:
        origins: dict[str, tuple[str, str | None]] = {}
        ingest = self.archive.ingest(self._pages(todo, source_id, report, origins),
                                     on_article=self._recorder(source_id, origins), pipeline=self.pipeline, workers=1)
        report.add(ingest)
        return ingest

    # -- marsad fetch ------------------------------------------------------------

    def fetch(self, urls: Iterable[str]) -> CycleReport:
        """Fetch pages or feeds once: a page is stored, a feed's or sitemap's articles are."""
        report, started, requests = CycleReport(), time.monotonic(), self.fetcher.requests
        for url in urls:
            if self.stop.is_set():
                break
            self._fetch_one(url, report)
        report.requests = self.fetcher.requests - requests
        report.seconds = time.monotonic() - started
        return report

    def _fetch_one(self, url: str, report: CycleReport) -> None:
        store = self.archive.store
        try:
            response = self.fetcher.get(url, accept=PAGE_ACCEPT)
        except FetchError as error:
            report.pages_failed += 1
            store.quarantine(url, Failure("fetch", error.reason))
            self.progress(f"{url}: failed: {error.reason}")
            return
        if kind_of(response.content, response.content_type) in ("html", "unknown"):
            report.pages += 1
            item = page_input(response.url, response)
            origins = {item.origin: (canonical_url(url), None)}
            report.add(self.archive.ingest([item], on_article=self._recorder(None, origins),
                                           pipeline=self.pipeline, workers=1))
            return
        try:
            parsed = parse_feed(response.content, url, response.content_type, self.fetcher.max_bytes)
        except FetchError as error:
            report.sources_failed += 1
            store.quarantine(url, Failure("feed", error.reason))
            self.progress(f"{url}: failed: {error.reason}")
            return
        report.sources += 1
        self._store(self._todo(parsed.entries, report), None, report)
