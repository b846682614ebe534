"""What every `marsad` command shares: the command group, the common options, error lines."""

from __future__ import annotations

import click

from marsad import settings

__all__ = ["DB_HELP", "cli", "db_option", "executor_option", "fail", "pipeline_option", "printable"]

DB_HELP = f"Archive: a file, or a postgresql:// URL (default {settings.SETTINGS['db'].default}; env {settings.SETTINGS['db'].env})."


def fail(message: str) -> None:
    click.echo(f"marsad: {message}", err=True)


def pipeline_option(func):
    func = click.option(
        "--workers", type=click.IntRange(1, 256), default=None,
        help="Processes to run the pipeline on (default 1; env MARSAD_WORKERS).",
    )(func)
    return click.option(
        "--pipeline", type=click.Choice(["full", "clean"]), default=None,
        help="full: every stage (default; env MARSAD_PIPELINE); clean: cleaning only, for bulk corpora.",
    )(func)


def executor_option(func):
    func = click.option(
        "--scheduler", default=None, metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://host:8786 (env MARSAD_SCHEDULER); none starts a LocalCluster.",
    )(func)
    return click.option(
        "--executor", type=click.Choice(["local", "dask"]), default=None,
        help="local: this process or a process pool (default; env MARSAD_EXECUTOR); dask: a Dask cluster.",
    )(func)


def printable(text: str) -> str:
    """`text` safe for a terminal: control characters (escape sequences), bidi overrides and
    other invisible ones shown as escapes, as repr() shows them; Arabic and spaces untouched."""
    return "".join(c if c.isprintable() or c == " " else ascii(c)[1:-1] for c in text)


def db_option(func):
    # A plain string: the archive itself says what is wrong with it (a folder: exit 4, not 2).
    return click.option("--db", default=None, help=DB_HELP)(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marsad")
def cli() -> None:
    """marsad: Arabic news from the web into a clean, searchable archive."""
