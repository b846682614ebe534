"""`published` from the page first, else from where the link was found.

A feed entry, a news sitemap or a WARC record says when it saw an article; the page
itself usually says better. Readers leave their date in `flags["published_hint"]`;
after extraction this stage uses it only if the page gave none, and removes it.
"""

from __future__ import annotations

from dataclasses import replace

from marsad.article import Article
from marsad.pipeline import stage

__all__ = ["HINT", "published_hint"]

HINT = "published_hint"


@stage("published-hint", needs={"published"}, gives={"published"})
def published_hint(article: Article) -> Article:
    """Fill `published` from the reader's hint when the page had no date of its own."""
    if HINT not in article.flags:
        return article
    flags = {k: v for k, v in article.flags.items() if k != HINT}
    return replace(article, published=article.published or article.flags[HINT], flags=flags)
