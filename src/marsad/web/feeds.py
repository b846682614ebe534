"""Atom feeds: /search.atom (every search filter applies) and /entities/{id}.atom.

Both are the search page's own query, newest first, so a feed shows exactly what the
page would; links in them point under `public_url`, where readers reach the site.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from marsad.alerts.feeds import FeedEntry, atom, timestamp
from marsad.alerts.mailer import public_url
from marsad.errors import NotFound
from marsad.store import stats
from marsad.store import stories as links
from marsad.web import views
from marsad.web.render import entity_url, safe_link
from marsad.web.search import SearchParams, search_params

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
MEDIA = "application/atom+xml; charset=utf-8"


def _entries(archives: Any, hits: list[dict]) -> list[FeedEntry]:
    if not hits:
        return []
    marks = ", ".join("?" * len(hits))
    stored = dict(archives.reader().store.read(f"SELECT id, ingested_at FROM articles WHERE id IN ({marks})",
                                               [h["id"] for h in hits]))
    base = public_url()
    store = archives.reader().store
    linked = hasattr(store, "connection")  # stories are kept in SQLite archives
    entries = []
    for hit in hits:
        published = timestamp(hit["published"], "") if hit["published"] else None
        story = links.story_of_article(store.connection(), hit["id"]) if linked else None
        entries.append(FeedEntry(f"{base}/articles/{hit['id']}", hit["title"],
                                 timestamp(hit["published"], stored.get(hit["id"], "")), published,
                                 hit["source"], hit["snippet"], safe_link(hit["url"]),
                                 tuple(f"{base}/articles/{c}" for c in hit.get("copies") or ()),
                                 f"{base}/stories/{story}" if story else None))
    return entries


def _feed(request: Request, params: SearchParams, title: str, page: str) -> Response:
    archives = request.app.state.archives
    data = views.search(archives, replace(params, sort="date", page=1))
    base = public_url()
    self_url = f"{base}{request.url.path}" + (f"?{request.url.query}" if request.url.query else "")
    return Response(atom(title, self_url, base + page, _entries(archives, data["hits"])), media_type=MEDIA)


@router.get("/search.atom")
def search_feed(request: Request, params: Annotated[SearchParams, Depends(search_params)]) -> Response:
    """The newest articles a search finds, with every filter of the search page."""
    title = f"مرصد: {params.q}" if params.q else "مرصد: أحدث المقالات"
    return _feed(request, params, title, f"/search?{params.query_string(sort='date')}")


@router.get("/entities/{entity_id}.atom")
def entity_feed(request: Request, entity_id: str) -> Response:
    """The newest articles naming an entity (by id, or by a name that means one entity)."""
    archives = request.app.state.archives
    store = archives.reader().store
    record = stats.entity(store, entity_id)
    if record is None:  # a name instead of an id: the one entity it means, if it means one
        found = views.resolve(archives, entity_id)
        record = stats.entity(store, found) if found else None
    if record is None:
        raise NotFound(f"no entity with id {entity_id!r}")
    name = record["name"]["ar"] or record["name"]["en"] or record["id"]
    return _feed(request, SearchParams(entity=(record["id"],)), f"مرصد: {name}", entity_url(record["id"]))
