"""From kept paragraphs to the article's final text and its stable id.

The id hashes the match form of the clean text, so a repost of the same story
with other residue, other spacing or other hamza spelling gets the same id and
is stored once.
"""

from __future__ import annotations

import hashlib

from marsad.arabic import fold, repair
from marsad.article import Article
from marsad.errors import InputError
from marsad.pipeline import stage

__all__ = ["article_id", "compose_text"]


def article_id(text: str) -> str:
    """A 16-hex-digit id from the folded text, with whitespace made irrelevant."""
    key = " ".join(fold(text).split())
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


@stage("compose", needs={"paragraphs"}, gives={"text", "id"})
def compose_text(article: Article) -> Article:
    """Repair clear damage in each paragraph, join them, and give the article its id."""
    # One repair over all lines at once: three regex passes per article, not per paragraph.
    repaired = repair("\n".join(article.paragraphs)).split("\n")
    paragraphs = [p.strip() for p in repaired if p.strip()]
    if not paragraphs:
        raise InputError(article.url or "<input>", "no article text left after removing residue")
    article.paragraphs = paragraphs
    article.text = "\n\n".join(paragraphs)
    if article.title:
        article.title = repair(article.title)
    article.id = article_id(article.text)
    return article
