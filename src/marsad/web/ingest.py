"""POST /api/articles: one article in the request body, through the whole pipeline into the archive.

The body is JSON (the fields of a JSONL input line: text or html, url, title,
author, published, source, lang) or the page itself as text/html or text/plain,
with the metadata in the query string. Either way it becomes the same `Input` a
file would, so an article sent over HTTP is cleaned, deduplicated and stored
exactly like one ingested from disk, and a failure lands in the quarantine.
"""

from __future__ import annotations

import json
from typing import Any

from marsad.article import Article
from marsad.errors import InputError
from marsad.sources.base import Input, failed, fingerprint
from marsad.sources.decode import declared_charset, decode
from marsad.sources.jsonl import row_article
from marsad.web.archives import Archives
from marsad.web.errors import BadRequest, WebError

__all__ = ["META", "Rejected", "UnsupportedMedia", "ingest", "parse_body"]

META = ("url", "title", "author", "published", "source", "lang")


class UnsupportedMedia(WebError):
    """A body that is neither JSON, HTML nor plain text."""

    status = 415


class Rejected(WebError):
    """The article could not be processed (kept in quarantine) or was left out."""

    status = 422


def _origin(url: str | None, fp: str) -> str:
    # The origin keys reruns: the same URL with the same bytes is recognised as done.
    return url if url else f"api:{fp}"


def parse_body(body: bytes, content_type: str, query: dict[str, str]) -> Input:
    """The raw input a request body holds; BadRequest/UnsupportedMedia say why not."""
    kind = content_type.split(";")[0].strip().lower()
    fp = fingerprint(body)
    if not body.strip():
        raise BadRequest("the request body is empty: send an article as JSON, HTML or text")
    if kind == "application/json":
        return _json_input(body, fp)
    if kind in ("text/html", "application/xhtml+xml", "text/plain"):
        meta = {key: query[key] for key in META if query.get(key)}
        origin = _origin(meta.pop("url", None), fp)
        try:
            text = decode(body, origin, declared_charset(body) if kind != "text/plain" else None)
        except InputError as error:
            raise BadRequest(error.reason) from None
        field = "raw_text" if kind == "text/plain" else "html"
        return Input(origin, fp, Article(url=origin, **{field: text}, **meta))
    raise UnsupportedMedia(
        f"cannot ingest a {kind or 'body without a Content-Type'}: send application/json, text/html or text/plain"
    )


def _json_input(body: bytes, fp: str) -> Input:
    try:
        row = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise BadRequest(f"the body is not UTF-8 ({error.reason} at byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise BadRequest(f"the body is not JSON ({error.msg} at line {error.lineno} column {error.colno})") from None
    except RecursionError:
        raise BadRequest("the body is JSON nested too deeply: send one flat object of article fields") from None
    url = row.get("url") if isinstance(row, dict) and isinstance(row.get("url"), str) else None
    origin = _origin(url, fp)
    try:
        return Input(origin, fp, row_article(row, origin))
    except InputError as error:
        # Text that is there but unusable (a lone surrogate): kept in quarantine, like a file's.
        return failed(origin, error.reason, fp)
    except ValueError as error:
        raise BadRequest(f"cannot ingest this JSON: {error}") from None


def ingest(archives: Archives, item: Input) -> tuple[int, dict[str, Any]]:
    """Run the pipeline on one input and store it: (HTTP status, what happened)."""
    done = []
    with archives.writer() as archive:
        report = archive.ingest([item], on_article=lambda _, article: done.append(article))
        if report.failed:
            raise Rejected(f"{report.failed[0][1]}; the input is kept in quarantine")
        if report.skipped:
            rows = archive.store.read("SELECT article_id FROM inputs WHERE origin = ? AND fingerprint = ?",
                                      (item.origin, item.fingerprint))
            return 200, _answer(rows[0][0] if rows else None, "unchanged", None)
    if not done:
        raise Rejected("the pipeline left this article out (see the language and cleaning rules)")
    article = done[0]
    status = "new" if report.new else "duplicate"
    return (201 if report.new else 200), _answer(article.id, status, article.title)


def _answer(article_id: str | None, status: str, title: str | None) -> dict[str, Any]:
    links = {"api": f"/api/articles/{article_id}", "page": f"/articles/{article_id}"} if article_id else {}
    return {"id": article_id, "status": status, "title": title, **links}
