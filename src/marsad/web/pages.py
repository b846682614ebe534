"""The HTML pages: the views of `views.py` rendered with Jinja2 templates, right to left.

Templates autoescape everything; the only markup that reaches a page unescaped is
built here from escaped pieces (`render.annotated_text`, search snippets made
with HTML_MARKS, `charts`). Pages work without JavaScript; htmx (vendored, served
from /static) only makes links and forms swap the page in place.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from marsad.errors import NotFound
from marsad.web import charts, views
from marsad.web.api import search_params
from marsad.web.render import TYPE_LABELS, annotated_text, entity_url, safe_link, topic_label
from marsad.web.search import SearchParams

__all__ = ["MAX_TEXT_CHARS", "error_html", "render", "router"]

router = APIRouter(include_in_schema=False)

# Longer texts and lists are cut on the page (the whole is a link away, and in the JSON),
# so that no page passes 100 KB however much an article carries.
MAX_TEXT_CHARS = 20_000
MAX_LISTED = 25  # removals, quotes, dates, entities shown beside the text


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("marsad.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(topic=topic_label, type_label=lambda t: TYPE_LABELS.get(t, t), entity_url=entity_url,
                       safe_link=safe_link, number=lambda n: f"{n:,}" if isinstance(n, int) else n,
                       percent=lambda x: f"{100 * x:.1f}%", q=lambda s: quote(str(s), safe=""),
                       day=lambda s: (s or "")[:10])
    env.globals.update(timeline=charts.timeline, bar_chart=charts.bar_chart, fill_months=charts.fill_months)
    return env


def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A template rendered into a response."""
    return HTMLResponse(_env().get_template(name).render(**context), status_code=status_code)


def error_html(status: int, message: str) -> str:
    """The error page as a string (also used where no request is at hand)."""
    return _env().get_template("error.html").render(status=status, message=message)


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


@router.get("/sources/{name}", response_class=HTMLResponse)
def source_page(request: Request, name: str) -> HTMLResponse:
    return render("source.html", s=views.source(_archives(request), name))


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI description as a page (Swagger UI would need inline scripts and a CDN)."""
    schema = request.app.openapi()
    return render("docs.html", schema=schema, paths=schema.get("paths", {}))
