"""Stories on the web: /stories, /stories/{id} and their JSON twins under /api/stories.

A story page shows the articles as a timeline by source and language, the origin
marked, and copies grouped under what they copy with what each changed.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from marsad.stories.changes import copy_changes
from marsad.web.errors import BadRequest
from marsad.web.templating import render

__all__ = ["router", "stories_view", "story_view", "top_stories"]

router = APIRouter()

MAX_STORIES = 200
MAX_COMPARED = 30  # copies compared with their original on one page


def _archives(request: Request) -> Any:
    return request.app.state.archives


def _since(value: str | None) -> str | None:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise BadRequest(f"since must be a date as YYYY-MM-DD (got {value!r})") from error


def stories_view(archives: Any, limit: int, since: str | None, entity: str | None) -> dict[str, Any]:
    """Stories, newest first, each with its articles."""
    found = archives.reader().stories(limit=limit, since=_since(since), entity=entity)
    return {"limit": limit, "since": since, "entity": entity, "stories": [s.to_dict() for s in found]}


def top_stories(archive: Any, days: int = 7, limit: int = 10) -> list[dict[str, Any]]:
    """The biggest stories whose last article is within `days` of the archive's newest story."""
    from datetime import date, timedelta

    newest = archive.stories(limit=1)
    if not newest or not newest[0].last_published:
        return []
    since = (date.fromisoformat(newest[0].last_published) - timedelta(days=days)).isoformat()
    found = archive.stories(limit=MAX_STORIES, since=since)
    found.sort(key=lambda s: (-len(s.articles), s.id))
    return [s.to_dict() for s in found[:limit]]


def story_view(archives: Any, story_id: str) -> dict[str, Any]:
    """One story: its articles with relations, the timeline by source and language, copies grouped."""
    archive = archives.reader()
    view = archive.story(story_id)
    data = view.to_dict()
    by_id = {a.id: a for a in view.articles}
    for item, article in zip(data["articles"], view.articles, strict=True):
        item.update(copy_of=article.copy_of, score=article.score, published_estimate=article.published_estimate)
    lanes: dict[str, list[dict]] = {}
    for item in data["articles"]:
        lanes.setdefault(f"{item['source'] or '—'} · {item['lang'] or '—'}", []).append(item)
    data["timeline"] = [{"lane": lane, "articles": items} for lane, items in sorted(lanes.items())]
    data["copies"] = _copy_groups(archive, view, by_id)
    return data


def _copy_groups(archive: Any, view: Any, by_id: dict) -> list[dict[str, Any]]:
    groups: dict[str, list] = {}
    for article in view.articles:
        if article.copy_of and article.copy_of in by_id:
            groups.setdefault(article.copy_of, []).append(article)
    result, compared = [], 0
    for original_id, members in groups.items():
        original = archive.article(original_id)
        items = []
        for member in members:
            changes = None
            if compared < MAX_COMPARED:
                changes = asdict(copy_changes(archive.article(member.id), original))
                compared += 1
            items.append({"id": member.id, "title": member.title, "source": member.source,
                          "score": member.score, "changes": changes})
        result.append({"original": original_id, "title": original.title, "copies": items})
    return result


@router.get("/api/stories", summary="Stories, newest first", tags=["archive"])
def api_stories(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_STORIES)] = 20,
    since: Annotated[str | None, Query(description="Only stories with an article on or after this day")] = None,
    entity: Annotated[str | None, Query(description="Only stories naming this entity (id or any name)")] = None,
) -> dict[str, Any]:
    """Each story with its title, first and last day, languages, sources, origin and articles."""
    return stories_view(_archives(request), limit, since, entity)


@router.get("/api/stories/{story_id}", summary="One story", tags=["archive"])
def api_story(request: Request, story_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """A story (by its id or any of its articles' ids): articles, timeline, copies with what they changed."""
    return story_view(_archives(request), story_id)


@router.get("/stories", response_class=HTMLResponse, include_in_schema=False)
def stories_page(
    request: Request,
    since: Annotated[str | None, Query()] = None,
    entity: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    return render("stories.html", data=stories_view(_archives(request), 50, since or None, entity or None))


@router.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    return render("story.html", s=story_view(_archives(request), story_id))
