"""HTML pages into body text and metadata (v1 scaffold)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import trafilatura

from marsad.article import Article
from marsad.errors import InputError
from marsad.pipeline import stage
from marsad.sources.decode import declared_charset, decode

__all__ = ["Extracted", "extract", "extract_html"]


@dataclass(frozen=True, slots=True)
class Extracted:
    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    published: str | None = None
    lang: str | None = None
    sitename: str | None = None


def extract(html: str | bytes, url: str | None = None) -> Extracted:
    origin = url or "<html>"
    if isinstance(html, bytes):
        html = decode(html, origin, declared_charset(html))
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None or not (doc.text or "").strip():
        raise InputError(origin, "no article text found in HTML")
    paragraphs = [line.strip() for line in doc.text.splitlines() if line.strip()]
    return Extracted(paragraphs, doc.title, doc.author, doc.date, doc.language, doc.sitename or doc.hostname)


@stage("extract", needs={"raw"}, gives={"raw_text", "title", "author", "published", "lang"})
def extract_html(article: Article) -> Article:
    if article.html is None:
        return article
    got = extract(article.html, article.url)
    return replace(article, raw_text="\n".join(got.paragraphs), html=None,
                   title=article.title or got.title, author=article.author or got.author,
                   published=article.published or got.published, lang=article.lang or got.lang,
                   source=article.source or got.sitename)
