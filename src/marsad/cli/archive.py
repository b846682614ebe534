"""The archive commands: process, ingest, search, entities, show, quarantine, serve."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict

import click

from marsad import settings
from marsad.cli.base import cli, db_option, executor_option, fail, pipeline_option, printable
from marsad.errors import InputError

__all__ = ["entities", "ingest", "process", "quarantine", "search", "serve", "show"]


def _brief(article) -> str:
    lines = [f"{article.id}  {article.title or '(no title)'}"]
    lines.append(f"  url: {article.url}  lang: {article.lang}  published: {article.published or '-'}"
                 f"  topics: {', '.join(article.topics) or '-'}")
    lines.append(f"  {len(article.paragraphs)} paragraphs, {len(article.text.split())} words; cut {len(article.removed)}:")
    lines += [f"    - [{r.reason}] {r.text[:70]}" for r in article.removed]
    if article.entities:
        names = [f"{e.name.get('ar') or e.id} ({e.id}, {len(e.mentions)})" for e in article.entities[:8]]
        more = f" … +{len(article.entities) - 8}" if len(article.entities) > 8 else ""
        lines.append(f"  entities: {'; '.join(names)}{more}")
    for quote in article.quotes[:3]:
        lines.append(f"  quote [{quote.kind}] {quote.speaker_text or '?'}: {quote.text[:70]}")
    if article.dates:
        lines.append("  dates: " + "; ".join(f"{d.text} = {d.value}" for d in article.dates[:5]))
    if "machine_translated" in article.flags:
        lines.append(f"  machine-translated: {article.flags['machine_translated']:.2f}"
                     + (f"  name variants: {article.flags['name_variants']}" if article.flags.get("name_variants") else ""))
    if article.summary:
        lines.append(f"  summary: {article.summary[:200]}{'…' if len(article.summary) > 200 else ''}")
    return "\n".join(lines)


def extractor_option(func):
    """--extractor: which HTML extraction path serves pages (the `extractor` setting)."""
    return click.option(
        "--extractor", type=click.Choice(["fast", "trafilatura", "auto"]), default=None,
        help="HTML extraction: fast, trafilatura, or auto (fast, trafilatura when unsure; default; env MARSAD_EXTRACTOR).",
    )(func)


def _use_extractor(choice: str | None) -> None:
    # The stage reads the setting; worker processes inherit the environment.
    if choice is not None:
        os.environ[settings.SETTINGS["extractor"].env] = choice


def _say_skipped(item) -> None:
    if item.kind != "archive":  # the archive's own files are only counted: they are there every time
        fail(f"skipped {item.origin!r}: {item.reason}")


follow_links_option = click.option(
    "--follow-links", is_flag=True,
    help="In folders, follow links that point outside the folder (not followed by default).")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One Article JSON object per line.")
@pipeline_option
@executor_option
@follow_links_option
@extractor_option
def process(paths: tuple[str, ...], as_json: bool, pipeline: str | None, workers: int | None,
            executor: str | None, scheduler: str | None, follow_links: bool, extractor: str | None) -> None:
    """Clean articles in PATHS (files, folders, - for stdin) and print them; store nothing."""
    from marsad.service import failure_message, process_paths

    _use_extractor(extractor)

    failures = 0
    for item, article in process_paths(paths, pipeline, workers, executor, scheduler, follow_links=follow_links,
                                       on_skip=_say_skipped):
        if article.error is not None:
            failures += 1
            fail(failure_message(item.origin, article))
            continue
        click.echo(article.to_json() if as_json else _brief(article))
    if failures:
        sys.exit(InputError.exit_code)


def _progress(enabled: bool):
    if not (enabled and settings.get("progress") and sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(unit=" articles", desc="ingest", file=sys.stderr, dynamic_ncols=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--progress/--no-progress", default=True, help="Progress bar on a terminal.")
@click.option("--batch-size", type=int, default=None, help="Articles per transaction.")
@click.option("--lang", type=click.Choice(["ar"]), default=None,
              help="WARC input: skip pages not in Arabic before cleaning (counted in the summary).")
@pipeline_option
@executor_option
@follow_links_option
@extractor_option
def ingest(paths: tuple[str, ...], db: str | None, progress: bool, batch_size: int | None,
           lang: str | None, pipeline: str | None, workers: int | None, executor: str | None,
           scheduler: str | None, follow_links: bool, extractor: str | None) -> None:
    """Clean articles in PATHS and store them in the archive (reruns are safe)."""
    from marsad.service import Archive

    _use_extractor(extractor)

    bar = _progress(progress)
    with Archive(db) as archive:
        report = archive.ingest(list(paths), on_article=(lambda *_: bar.update()) if bar else None,
                                batch_size=batch_size, pipeline=pipeline, workers=workers, lang=lang,
                                executor=executor, scheduler=scheduler, follow_links=follow_links,
                                on_skip=_say_skipped)
    if bar:
        bar.close()
    for _, message in report.failed:
        fail(message)
    click.echo(f"{report.summary()}; the archive holds {_count(db)} articles")
    if report.extractor:
        served = ", ".join(f"{path} {n}" for path, n in sorted(report.extractor.items()))
        click.echo(f"HTML pages extracted by: {served}", err=True)
    if report.failed:
        sys.exit(InputError.exit_code)


def _count(db: str | None) -> int:
    from marsad.service import Archive

    with Archive(db, readonly=True) as archive:
        return archive.count()


@cli.command()
@click.argument("query", required=False)
@db_option
@click.option("--entity", help="Only articles mentioning this entity (an id, or any of its names).")
@click.option("--json", "as_json", is_flag=True, help="One JSON hit per line.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--all-copies", is_flag=True, help="List copies of the same text as hits of their own (not folded).")
def search(query: str | None, db: str | None, entity: str | None, as_json: bool, limit: int, offset: int,
           all_copies: bool) -> None:
    """Search the archive: words, "phrases", AND / OR / NOT, parentheses; --entity for an entity.

    A hit whose text copies a higher-ranked one is folded into it and listed under `copies`."""
    from marsad.service import Archive

    if not query and not entity:
        raise click.UsageError("give a QUERY, --entity, or both")
    with Archive(db, readonly=True) as archive:
        hits = archive.search(query, limit=limit, offset=offset, entity=entity, all_copies=all_copies)
    for rank, hit in enumerate(hits, offset + 1):
        if as_json:
            click.echo(json.dumps(asdict(hit), ensure_ascii=False))
        else:
            copies = f"\n   copies: {len(hit.copies)} ({', '.join(hit.copies[:5])})" if hit.copies else ""
            click.echo(f"{rank}. {hit.title or '(no title)'}  [{hit.score:.2f}]  {hit.id}\n   {hit.url}\n   {hit.snippet}{copies}")
    if not hits and not as_json:
        click.echo("no matches", err=True)


@cli.command()
@db_option
@click.option("--type", "kind", type=click.Choice(["PER", "ORG", "LOC"]), help="Only this type.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def entities(db: str | None, kind: str | None, limit: int, as_json: bool) -> None:
    """List entities by how many articles mention them, with every name they were seen under."""
    from marsad.service import Archive

    with Archive(db, readonly=True) as archive:
        found = archive.entities(kind, limit)
    for item in found:
        if as_json:
            click.echo(json.dumps(asdict(item), ensure_ascii=False))
        else:
            name = item.name.get("ar") or item.name.get("en") or item.id
            click.echo(f"{item.articles:6}  {item.type}  {item.id}  {name}\n        names: {' / '.join(item.names_seen)}")
    if not found and not as_json:
        click.echo("no entities in the archive", err=True)


@cli.command()
@click.argument("article_id")
@db_option
def show(article_id: str, db: str | None) -> None:
    """Print one stored article as JSON."""
    from marsad.service import Archive

    with Archive(db, readonly=True) as archive:
        click.echo(archive.article(article_id).to_json())


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def quarantine(db: str | None, as_json: bool) -> None:
    """List inputs that failed, with stage and reason; rerun ingest to retry them."""
    from marsad.service import Archive

    with Archive(db, readonly=True) as archive:
        entries = archive.quarantine()
    for entry in entries:
        if as_json:
            click.echo(json.dumps(asdict(entry), ensure_ascii=False, default=str))
        else:
            click.echo(f"{entry.at}  {printable(entry.origin)}\n   [{entry.stage}] {printable(entry.reason)}")
    if not entries and not as_json:
        click.echo("quarantine is empty", err=True)


@cli.command()
@db_option
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1; env MARSAD_HOST).")
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="Port (default 8000; env MARSAD_PORT).")
def serve(db: str | None, host: str | None, port: int | None) -> None:
    """Serve the web UI and the JSON API (docs at /api/docs) until interrupted."""
    from marsad.web import serve as run

    run(db, host=host, port=port)
