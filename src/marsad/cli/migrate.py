"""`marsad migrate`: move an archive to another backend (an SQLite file into PostgreSQL)."""

from __future__ import annotations

import click

from marsad.cli.base import cli

__all__ = ["migrate"]


@cli.command()
@click.option("--from", "source", required=True, help="Archive to copy from: a file path or a postgresql:// URL.")
@click.option("--to", "target", required=True, help="Archive to copy into: a postgresql:// URL or a file path.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=1000, show_default=True,
              help="Articles per transaction in the target.")
def migrate(source: str, target: str, batch_size: int) -> None:
    """Copy every article, entity, input and quarantine entry into another archive.

    Resumable: an interrupted copy keeps its finished batches, and the same command
    again copies the rest. It ends by checking the counts of both archives, then, if the
    source had stories, links stories and copies in the target again (they are derived).
    """
    from marsad.store.copy import copy_archive
    from marsad.store.factory import open_store

    if source == target:
        raise click.UsageError("--from and --to name the same archive")
    with open_store(source, readonly=True) as origin, open_store(target) as destination:
        report = copy_archive(origin, destination, batch_size=batch_size)
        click.echo(report.summary())
        if report.copied and origin.read("SELECT 1 FROM article_links LIMIT 1"):  # derived: link them again
            from marsad.stories.linker import rebuild_stories

            click.echo(f"linked stories and copies over {rebuild_stories(destination)} articles")
