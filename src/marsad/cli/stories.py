"""`marsad stories` and `marsad story`: the same event across sources, days and languages."""

from __future__ import annotations

import json

import click

from marsad.cli.base import cli, db_option

__all__ = ["stories", "story"]


def _date(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from error


def _print_story(view, articles: bool = True) -> None:
    span = view.first_published or "?"
    if view.last_published and view.last_published != view.first_published:
        span += f" … {view.last_published}"
    click.echo(f"{view.id}  {view.title or '(no title)'}\n   {span}  {len(view.articles)} articles  "
               f"languages: {', '.join(view.languages) or '-'}  sources: {', '.join(view.sources) or '-'}")
    if not articles:
        return
    for item in view.articles:
        mark = "*" if item.id == view.origin else " "
        copy = f" of {item.copy_of}" if item.copy_of else ""
        when = item.published or (f"~{item.published_estimate}" if item.published_estimate else "-")
        click.echo(f"   {mark} {item.id}  {when}  {item.lang or '-'}  {item.source or '-'}  "
                   f"{item.relation or '-'}{copy}  {item.title or ''}")


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON story per line.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--since", type=str, default=None, help="Only stories with an article on or after this date.")
@click.option("--entity", help="Only stories mentioning this entity (an id, or any of its names).")
@click.option("--rebuild", is_flag=True, help="Recompute every copy group and story (one transaction).")
def stories(db: str | None, as_json: bool, limit: int, since: str | None, entity: str | None,
            rebuild: bool) -> None:
    """Stories, newest first: the articles about one event, their origin and how each relates to it."""
    from marsad.service import Archive

    since = _date(since) if since else None
    if rebuild:
        with Archive(db) as archive:
            count = archive.rebuild_stories()
        click.echo(f"rebuilt stories over {count} articles", err=True)
    with Archive(db, readonly=True) as archive:
        found = archive.stories(limit=limit, since=since, entity=entity)
    for view in found:
        if as_json:
            click.echo(json.dumps(view.to_dict(), ensure_ascii=False))
        else:
            _print_story(view, articles=False)
    if not found and not as_json:
        click.echo("no stories", err=True)


@cli.command()
@click.argument("story_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The story as one JSON object.")
def story(story_id: str, db: str | None, as_json: bool) -> None:
    """One story with its articles (origin marked *); STORY_ID is a story id or any article id."""
    from marsad.service import Archive

    with Archive(db, readonly=True) as archive:
        view = archive.story(story_id)
    if as_json:
        click.echo(json.dumps(view.to_dict(), ensure_ascii=False))
    else:
        _print_story(view)
