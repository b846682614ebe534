"""The watching commands: sources add|list|remove, watch, fetch."""

from __future__ import annotations

import json
import signal
import sys
import threading
from contextlib import contextmanager
from urllib.parse import urlsplit

import click

from marsad import settings
from marsad.cli.base import cli, db_option, fail
from marsad.errors import InputError

__all__ = ["fetch", "sources", "watch"]


def _fetcher():
    from marsad.sources.fetch import Fetcher

    return Fetcher()


@contextmanager
def _stop_on_signals():
    """SIGTERM and SIGINT set an event instead of killing us: the current article finishes."""
    stop = threading.Event()

    def handler(signum, frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt  # a second signal: stop now
        click.echo(f"marsad: {signal.Signals(signum).name}: finishing the current article, then stopping", err=True)
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _unique_name(taken: set[str], wanted: str) -> str:
    name, n = wanted, 2
    while name in taken:
        name, n = f"{wanted}-{n}", n + 1
    taken.add(name)
    return name


@cli.group()
def sources() -> None:
    """Feeds, sitemaps and sites that `marsad watch` polls."""


@sources.command("add")
@click.argument("url")
@click.option("--name", help="Short name (default: the site's host).")
@click.option("--every", type=click.IntRange(1, 100_000), default=None,
              help="Minutes between polls (default 30; env MARSAD_WATCH_EVERY).")
@db_option
def sources_add(url: str, name: str | None, every: int | None, db: str | None) -> None:
    """Watch URL: an RSS/Atom/JSON feed, a (news) sitemap or index, or a home page (its feeds are found)."""
    from marsad.service import Archive
    from marsad.sources.guard import FetchError
    from marsad.store.sources import SourceTables
    from marsad.watch import discover

    with _fetcher() as fetcher:
        try:
            found, refused = discover(fetcher, url)
        except FetchError as error:
            fail(f"cannot add {url!r}: {error.reason}")
            sys.exit(InputError.exit_code)
    if not found:
        for line in refused:
            click.echo(f"  not a feed: {line}", err=True)
        fail(f"cannot add {url!r}: no feed or sitemap found on the page")
        sys.exit(InputError.exit_code)
    every = settings.get("watch_every", every)
    added = 0
    with Archive(db) as archive:
        tables = SourceTables(archive.store)
        taken = tables.names()
        for item in found:
            known = tables.get(item.url)
            if known is not None:
                fail(f"{item.url}: already watched as {known.name!r}")
                continue
            wanted = _unique_name(taken, name or (urlsplit(item.url).hostname or "source").removeprefix("www."))
            row = tables.add(wanted, item.url, item.kind, every)
            added += 1
            click.echo(f"added {row.name}: {item.kind} {item.url} ({item.links} links now; {item.how}), every {every} min")
    if not added:
        sys.exit(InputError.exit_code)


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
@db_option
def sources_list(as_json: bool, db: str | None) -> None:
    """Each source: last fetch, next due, articles stored, last error, share of polls answered 304."""
    from marsad.service import Archive
    from marsad.store.sources import SourceTables

    with Archive(db) as archive:
        rows = SourceTables(archive.store).all()
    for row in rows:
        if as_json:
            click.echo(json.dumps(row.to_dict(), ensure_ascii=False))
            continue
        share = f"{row.share_304:.0%}" if row.share_304 is not None else "-"
        click.echo(f"{row.name}  {row.kind}  {row.url}  every {row.every} min\n"
                   f"   last fetch {row.last_fetch or 'never'}  next due {row.next_due}  articles {row.articles}"
                   f"  304 {share} of {row.polls} polls  pages failed {row.pages_failed}"
                   + (f"\n   last error: {row.last_error}" if row.last_error else ""))
    if not rows and not as_json:
        click.echo("no sources; add one with `marsad sources add URL`", err=True)


@sources.command("remove")
@click.argument("name_or_url")
@db_option
def sources_remove(name_or_url: str, db: str | None) -> None:
    """Stop watching a source (its stored articles stay)."""
    from marsad.errors import NotFound
    from marsad.service import Archive
    from marsad.store.sources import SourceTables

    with Archive(db) as archive:
        row = SourceTables(archive.store).remove(name_or_url)
    if row is None:
        raise NotFound(f"no source named {name_or_url!r}")
    click.echo(f"removed {row.name} ({row.url}); its {row.articles} articles stay in the archive")


def _pipeline_choice(func):
    return click.option("--pipeline", type=click.Choice(["full", "clean"]), default=None,
                        help="full (default; env MARSAD_PIPELINE) or clean.")(func)


@cli.command()
@click.option("--once", is_flag=True, help="One cycle over the due sources, then exit.")
@db_option
@_pipeline_choice
def watch(once: bool, db: str | None, pipeline: str | None) -> None:
    """Poll due sources, fetch new articles and store them; runs until SIGTERM/SIGINT."""
    from marsad.service import Archive
    from marsad.watch import Watcher

    progress = (lambda line: click.echo(f"  {line}", err=True))
    failed = 0
    with _stop_on_signals() as stop, Archive(db) as archive, _fetcher() as fetcher:
        watcher = Watcher(archive, fetcher, pipeline=pipeline, stop=stop, progress=progress)
        cycle = 0
        while not stop.is_set():
            cycle += 1
            report = watcher.cycle()
            failed += report.pages_failed + report.sources_failed
            click.echo(f"cycle {cycle}: {report.summary()}")
            if once:
                break
            stop.wait(max(1.0, min(watcher.seconds_to_next(), 60.0)))
    if once and failed:
        sys.exit(InputError.exit_code)


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@db_option
@_pipeline_choice
def fetch(urls: tuple[str, ...], db: str | None, pipeline: str | None) -> None:
    """Fetch pages or feeds once and store their articles (robots.txt, delays and limits apply)."""
    from marsad.service import Archive
    from marsad.watch import Watcher

    with _stop_on_signals() as stop, Archive(db) as archive, _fetcher() as fetcher:
        watcher = Watcher(archive, fetcher, pipeline=pipeline, stop=stop,
                          progress=lambda line: click.echo(f"  {line}", err=True))
        report = watcher.fetch(urls)
    click.echo(f"fetched: {report.summary()}")
    if report.pages_failed or report.sources_failed:
        sys.exit(InputError.exit_code)
