"""The HTML pages: the views of `views.py` rendered with Jinja2 templates, right to left.

Templates autoescape everything; the only markup that reaches a page unescaped is
built here from escaped pieces (`render.annotated_text`, search snippets made
with HTML_MARKS, `charts`). Pages work without JavaScript; htmx (vendored, served
from /static) only makes links and forms swap the page in place.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from marsad.errors import NotFound
from marsad.web import charts, views
from marsad.web.render import annotated_text, entity_url
from marsad.web.search import SearchParams, search_params
from marsad.web.templating import render

__all__ = ["MAX_TEXT_CHARS", "router"]

router = APIRouter(include_in_schema=False)

# Longer texts and lists are cut on the page (the whole is a link away, and in the JSON),
# so that no page passes 100 KB however much an article carries.
MAX_TEXT_CHARS = 20_000
MAX_LISTED = 25  # removals, quotes, dates, entities shown beside the text


def _archives(request: Request) -> Any:
    return request.app.state.archives


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request) -> HTMLResponse:
    return render("overview.html", data=views.overview(_archives(request)))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, params: Annotated[SearchParams, Depends(search_params)]) -> HTMLResponse:
    return render("search.html", data=views.search(_archives(request), params), params=params, q=params.q)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, full: Annotated[bool, Query()] = False) -> HTMLResponse:
    found, data = views.article_with_record(_archives(request), article_id)
    limit = None if full else MAX_TEXT_CHARS
    body = annotated_text(found, data["speakers"], limit)
    entities = sorted(data["entities"], key=lambda e: (e["type"], -len(e["mentions"])))
    return render("article.html", a=data, body=body, cut=limit is not None and len(found.text) > limit,
                  most=MAX_LISTED, entities=entities[:MAX_LISTED])


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    type: Annotated[str | None, Query(pattern="^(PER|ORG|LOC)$")] = None,
    page: Annotated[int, Query(ge=1, le=200)] = 1,
) -> HTMLResponse:
    size = 50
    data = views.entities(_archives(request), type, size, (page - 1) * size)
    return render("entities.html", data=data, page=page, size=size, kind=type)


@router.get("/entities/{entity_id}", response_class=HTMLResponse, response_model=None)
def entity_page(request: Request, entity_id: str) -> HTMLResponse | RedirectResponse:
    archives = _archives(request)
    try:
        data = views.entity(archives, entity_id)
    except NotFound:
        # A name instead of an id: go to the one entity it means, if it means one.
        found = views.resolve(archives, entity_id)
        if found is None or found == entity_id:
            raise
        return RedirectResponse(entity_url(found), status_code=303)
    return render("entity.html", e=data, chart=charts.month_chart(data["per_month"], "المقالات في كل شهر"))


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    return render("sources.html", data=views.sources(_archives(request)))


@router.get("/sources/{name:path}", response_class=HTMLResponse)
def source_page(request: Request, name: str) -> HTMLResponse:
    return render("source.html", s=views.source(_archives(request), name))


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI description as a page (Swagger UI would need inline scripts and a CDN)."""
    schema = request.app.openapi()
    return render("docs.html", schema=schema, paths=schema.get("paths", {}))
