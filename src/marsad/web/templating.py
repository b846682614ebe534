"""The Jinja2 environment every HTML page is rendered with, and the error page.

Kept apart from the routes so that the security middleware can render an error page
without importing the pages (which import the API, which imports the middleware).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from marsad.web import charts
from marsad.web.render import TYPE_LABELS, entity_url, safe_link, topic_label

__all__ = ["error_html", "render"]


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
