"""The JSON API under /api/: the same views as the pages, as JSON.

Errors are `{"error": {"status": …, "message": …}}`. Lists are paged with limits
(`size` ≤ 100 per search page, `limit` ≤ 500 entities), and no search page reaches
past the first 1,000 results. POST /api/articles needs `Authorization: Bearer <token>`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from marsad.web import views
from marsad.web.ingest import ingest, parse_body
from marsad.web.search import SearchParams, search_params
from marsad.web.security import check_token

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["archive"])

EntityType = Annotated[str | None, Query(pattern="^(PER|ORG|LOC)$", description="PER, ORG or LOC")]


def _archives(request: Request) -> Any:
    return request.app.state.archives


@router.get("/search", summary="Search articles, with facets")
def api_search(request: Request, params: Annotated[SearchParams, Depends(search_params)]) -> dict[str, Any]:
    """Hits of one page (snippets are HTML: the text escaped, matches in `<mark>`), the total
    (exact up to 10,000), and counts by entity, type, place, topic, source and month over the
    best 200 matches. `next` and `prev` are the query strings of the neighbouring pages."""
    return views.search(_archives(request), params)


@router.get("/articles/{article_id}", summary="One article")
def api_article(request: Request, article_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """The article as DESIGN.md's Article JSON (text, entities with offsets, quotes, dates,
    topics, summary, what cleaning removed, flags)."""
    return views.article(_archives(request), article_id)


@router.get("/entities", summary="Entities by article count")
def api_entities(
    request: Request,
    type: EntityType = None,
    limit: Annotated[int, Query(ge=1, le=views.MAX_LIST)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> dict[str, Any]:
    """People, organisations and places, most mentioned first, with the names they were seen under."""
    return views.entities(_archives(request), type, limit, offset)


@router.get("/entities/{entity_id}", summary="One entity")
def api_entity(request: Request, entity_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """Names seen, mentions per month, co-mentioned entities (over its latest 300 articles),
    quotes attributed to it and its latest articles."""
    return views.entity(_archives(request), entity_id)


@router.get("/sources", summary="Sources")
def api_sources(request: Request) -> dict[str, Any]:
    """Every source with its article count and first and last day."""
    return views.sources(_archives(request))


@router.get("/sources/{name:path}", summary="One source")
def api_source(request: Request, name: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
    """Articles per day, share with residue cut (and of characters cut), share flagged machine-translated."""
    return views.source(_archives(request), name)


@router.get("/stats", summary="Archive overview")
def api_stats(request: Request) -> dict[str, Any]:
    """Counts, articles per day, the top entities of the archive's last 7 days, the biggest sources."""
    return views.overview(_archives(request))


@router.post(
    "/articles",
    summary="Ingest one article",
    status_code=201,
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"type": "object", "properties": {
            k: {"type": "string"} for k in ("text", "html", "url", "title", "author", "published", "source", "lang")}}},
        "text/html": {"schema": {"type": "string"}},
        "text/plain": {"schema": {"type": "string"}}}}},
)
async def api_ingest(
    request: Request, authorization: Annotated[str | None, Header(include_in_schema=False)] = None
) -> JSONResponse:
    """Clean and store one article through the whole pipeline. Needs `Authorization: Bearer <token>`
    (setting api_token). JSON bodies carry `text` or `html` and optional metadata; HTML and text
    bodies take `url`, `title`, `source`, `published`, `author`, `lang` from the query string.
    201 for a new article, 200 when its text (or this exact input) is already stored."""
    check_token(authorization, request.app.state.token)
    body = await request.body()
    item = parse_body(body, request.headers.get("content-type", ""), dict(request.query_params))
    status, answer = await run_in_threadpool(ingest, _archives(request), item)
    return JSONResponse(answer, status_code=status)
