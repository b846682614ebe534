"""`marsad export`: the clean corpus as JSONL or Parquet, for people building corpora."""

from __future__ import annotations

from datetime import date

import click

from marsad.cli.base import cli, db_option

__all__ = ["export"]


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-03-31") from None


@cli.command()
@click.argument("out")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True,
              help="jsonl: one Article JSON per line; parquet: one typed column per field (pyarrow).")
@click.option("--lang", help="Only articles in this language (ISO 639-1, e.g. ar).")
@click.option("--since", callback=_iso_date, metavar="DATE", help="Only articles published on or after DATE.")
@click.option("--source", help="Only articles from this source (site or feed name).")
@click.option("--query", help="Only articles matching this search query (same language as `marsad search`).")
@click.option("--no-copies", is_flag=True,
              help="One text per copy group: leave out articles that copy another.")
def export(out: str, db: str | None, fmt: str, lang: str | None, since: str | None, source: str | None,
           query: str | None, no_copies: bool) -> None:
    """Write every stored article that passes the filters to OUT (- for stdout, JSONL only)."""
    from marsad.export import Filters, select, write
    from marsad.service import Archive

    filters = Filters(lang=lang, since=since, source=source, query=query, no_copies=no_copies)
    with Archive(db, readonly=True) as archive:
        count = write(select(archive.store, filters), out, fmt)
    click.echo(f"exported {count} article{'s' if count != 1 else ''} to {out}", err=out == "-")
