"""`marsad alerts`: subscribe (double opt-in), list, remove, send, webhook."""

from __future__ import annotations

import json
import sys

import click

from marsad.cli.base import cli, db_option, fail
from marsad.errors import NotFound

__all__ = ["alerts"]


@cli.group()
def alerts() -> None:
    """Saved searches and entity watches, by e-mail (double opt-in) and webhook."""


def _watch_options(func):
    func = click.option("--entity", default=None, help="An entity to watch: its id or any of its names.")(func)
    return click.option("--query", default=None, help="A saved search, in the search query language.")(func)


@alerts.command()
@click.argument("email")
@_watch_options
@click.option("--every", type=click.Choice(["instant", "daily"]), default="instant", show_default=True,
              help="One mail per new batch, or one digest a day.")
@db_option
def subscribe(email: str, query: str | None, entity: str | None, every: str, db: str | None) -> None:
    """Sign EMAIL up; it gets one confirmation mail and nothing else until it confirms."""
    from marsad.alerts.delivery import mail_confirmation
    from marsad.alerts.subscriptions import resolver
    from marsad.alerts.subscriptions import subscribe as sign_up
    from marsad.service import Archive

    with Archive(db) as archive:
        signup = sign_up(archive.store, email, query=query, entity=entity, every=every, resolve=resolver(archive))
        if signup.subscription is None:
            click.echo(f"{email}: {signup.note}")
            return
        mailed = signup.token is not None and mail_confirmation(archive.store, signup.token)
    sub = signup.subscription
    click.echo(f"subscription {sub.id} for {sub.target} ({sub.what}, {sub.every}): {signup.note.split(';')[0]}")
    if signup.token is not None:
        click.echo("confirmation mail sent" if mailed else
                   "confirmation mail not sent yet (see the error above); `marsad alerts send` retries it")


@alerts.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per subscription.")
@click.option("--all", "show_all", is_flag=True, help="Removed subscriptions too.")
@db_option
def list_(as_json: bool, show_all: bool, db: str | None) -> None:
    """Every subscription: id, status, address or URL, what it watches, how often."""
    from marsad.alerts.subscriptions import listed
    from marsad.service import Archive

    with Archive(db) as archive:
        found = [s for s in listed(archive.store) if show_all or s.status != "removed"]
    for sub in found:
        if as_json:
            click.echo(json.dumps(sub.to_dict(), ensure_ascii=False))
            continue
        kind = "query" if sub.query else "entity"
        click.echo(f"{sub.id:>5}  {sub.status:<8} {sub.channel:<8} {sub.target}  {kind}: {sub.what}  ({sub.every})")


@alerts.command()
@click.argument("ids", nargs=-1, type=int, required=True)
@db_option
def remove(ids: tuple[int, ...], db: str | None) -> None:
    """End the subscriptions IDS (see `marsad alerts list`); nothing queued for them is sent."""
    from marsad.alerts.subscriptions import remove as end
    from marsad.service import Archive

    with Archive(db) as archive:
        ended = end(archive.store, list(ids))
    click.echo(f"removed {ended} subscription{'s' if ended != 1 else ''}")
    if ended < len(ids):
        fail(f"{len(ids) - ended} of the ids given were unknown or removed already")
        sys.exit(NotFound.exit_code)


@alerts.command()
@db_option
def send(db: str | None) -> None:
    """Match articles stored since the last delivery and send every alert that is due."""
    from marsad.alerts import deliver
    from marsad.service import Archive

    with Archive(db) as archive:
        report = deliver(archive)
    for failure in report.failures:
        fail(failure)
    click.echo(report.summary())


@alerts.command()
@click.argument("url")
@_watch_options
@click.option("--secret", required=True, help="Signing secret, whsec_ + base64 (Standard Webhooks).")
@db_option
def webhook(url: str, query: str | None, entity: str | None, secret: str, db: str | None) -> None:
    """POST each new match to URL as signed JSON (retried, sent once)."""
    from marsad.alerts.subscriptions import resolver
    from marsad.alerts.webhooks import add
    from marsad.service import Archive

    with Archive(db) as archive:
        sub = add(archive.store, url, secret, query=query, entity=entity, resolve=resolver(archive))
    click.echo(f"webhook {sub.id}: {sub.target} ({sub.what}) is active")
