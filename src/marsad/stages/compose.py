"""From kept paragraphs to the article's final text and its stable id.

The id hashes the match form of the clean text, so a repost of the same story
with other residue, other spacing or other hamza spelling gets the same id and
is stored once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from marsad.arabic import fold, repair
from marsad.article import Article
from marsad.errors import InputError
from marsad.pipeline import stage

__all__ = ["article_id", "compose_text"]


_SPACES = re.compile(r"\s+")  # the same characters str.split() splits on
_PIECE = 200_000


def _match_key(text: str) -> Iterator[str]:
    """The pieces of " ".join(fold(text).split()), a text of any size folded a piece at a time.

    Pieces are cut before a plain space, which folding keeps and never joins to a neighbour,
    so the pieces of the key are exactly those of the whole key (and a megabyte text never
    needs a list of all its words, nor several folded copies of itself at once)."""
    start, first = 0, True
    while start < len(text):
        end = text.find(" ", start + _PIECE)
        end = len(text) if end < 0 else end
        key = _SPACES.sub(" ", fold(text[start:end])).strip()
        if key:
            yield key if first else " " + key
            first = False
        start = end


def article_id(text: str) -> str:
    """A 16-hex-digit id from the folded text, with whitespace made irrelevant."""
    digest = hashlib.blake2b(digest_size=8)
    for piece in _match_key(text):
        digest.update(piece.encode("utf-8"))
    return digest.hexdigest()


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
