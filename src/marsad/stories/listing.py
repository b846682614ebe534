"""What people ask of stories: the list, one story with its articles, search hits folded by copy.

Thin over store/stories.py, so the CLI, the API and the web pages say the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from marsad.errors import NotFound
from marsad.store import stories as tables
from marsad.store.base import Hit
from marsad.store.stories import StoryRow

__all__ = ["StoryArticle", "StoryView", "fold_copies", "fold_ranked", "story", "story_list"]


@dataclass(slots=True)
class StoryArticle:
    """One article as a story lists it."""

    id: str
    title: str | None
    url: str | None
    source: str | None
    lang: str | None
    published: str | None
    relation: str | None
    copy_of: str | None = None
    score: float | None = None
    published_estimate: str | None = None


@dataclass(slots=True)
class StoryView:
    """A story and its articles, oldest first: the shape of `marsad stories --json`."""

    id: str
    title: str | None
    first_published: str | None
    last_published: str | None
    languages: list[str]
    sources: list[str]
    origin: str | None
    articles: list[StoryArticle] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSON form of the issue: the article fields people need, nothing internal."""
        keys = ("id", "title", "url", "source", "lang", "published", "relation")
        return {
            "id": self.id, "title": self.title, "first_published": self.first_published,
            "last_published": self.last_published, "languages": self.languages, "sources": self.sources,
            "origin": self.origin,
            "articles": [{k: getattr(a, k) for k in keys} for a in self.articles],
        }


def _view(conn, row: StoryRow) -> StoryView:
    members = tables.members(conn, row.id)
    members.sort(key=lambda m: ((m.published or m.published_estimate or "9999")[:10], m.pk))
    articles = [StoryArticle(m.id, m.title, m.url, m.source, m.lang, m.published, m.relation, m.copy_of,
                             m.score, m.published_estimate) for m in members]
    return StoryView(row.id, row.title, row.first_published, row.last_published, row.languages, row.sources,
                     row.origin, articles)


def story_list(conn, *, limit: int = 20, since: str | None = None,
               entity_ids: list[str] | None = None) -> list[StoryView]:
    """Stories, newest first, each with its articles."""
    if entity_ids is not None and not entity_ids:
        return []
    return [_view(conn, row) for row in tables.story_rows(conn, limit=limit, since=since, entity_ids=entity_ids)]


def story(conn, id: str) -> StoryView:
    """One story, by its id or the id of any of its articles; NotFound otherwise."""
    row = tables.story_row(conn, id)
    if row is None:
        story_id = tables.story_of_article(conn, id)
        row = tables.story_row(conn, story_id) if story_id else None
    if row is None:
        raise NotFound(f"no story or article with id {id!r}")
    return _view(conn, row)


def fold_copies(conn, hits: list[Hit], limit: int) -> list[Hit]:
    """Fold each hit whose text copies a higher-ranked hit into it; list the group's others in `copies`."""
    groups = tables.copy_groups(conn, [h.id for h in hits])
    kept: list[Hit] = []
    seen: set[int] = set()
    for hit in hits:
        group = groups.get(hit.id)
        if group is not None and group in seen:
            continue
        if group is not None:
            seen.add(group)
            others = [i for i in tables.group_ids(conn, group) if i != hit.id]
            hit = replace(hit, copies=tuple(others))
        kept.append(hit)
        if len(kept) == limit:
            break
    return kept


def fold_ranked(conn, ranked: list[tuple[int, float]]) -> tuple[list[tuple[int, float]], dict[int, list[str]]]:
    """Ranked (pk, score) rows with later copies of a kept row's text left out, and each kept
    row's other copy ids (by pk) for the page to show."""
    groups = tables.copy_groups_by_pk(conn, [pk for pk, _ in ranked])
    kept, seen, copies = [], set(), {}
    for pk, score in ranked:
        group = groups.get(pk)
        if group is not None and group in seen:
            continue
        kept.append((pk, score))
        if group is not None:
            seen.add(group)
            copies[pk] = group
    return kept, copies


def copy_ids(conn, pk_groups: dict[int, int], ids: dict[int, str]) -> dict[int, list[str]]:
    """The other articles of each listed pk's copy group."""
    return {pk: [i for i in tables.group_ids(conn, group) if i != ids.get(pk)] for pk, group in pk_groups.items()}
