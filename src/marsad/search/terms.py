"""The words of a text as search terms: what the index stores and snippets highlight.

Both sides of search go through `marsad.arabic` here, so an indexed article, a query
and a snippet can never disagree about what a word's term is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from marsad.arabic import fold, match_terms, stem, tokens, word_count
from marsad.arabic.tokenize import word_matches

__all__ = [
    "Word", "clitic_rests", "display_words", "index_terms", "index_text", "indexed_part", "terms_and_spans",
    "word_readings",
]


class Word(NamedTuple):
    """A word of display text: its offsets in that text and its search term."""

    start: int
    end: int
    term: str


# One or two clitic letters: a conjunction, then a preposition (وب, فل…), or either alone.
_CHAINS = tuple(c + p for c in "وف" for p in "بكل") + tuple("وفبكل")
_SEEN = 3  # occurrences in our corpus lexicon under which the stemmer could not tell a clitic from a letter
_MIN_REST = 3


def clitic_rests(folded: str) -> list[str]:
    """For a folded word our corpus (almost) never saw that starts with و ف ب ك ل: what follows
    one or two of those letters, at least three letters long (وامارتي → امارتي; وبافغانيا →
    بافغانيا, افغانيا). The indexer keeps such letters when the rest is unknown too (ومسنون
    could be a word), so a query asks for every reading; a known word (وزير) has none."""
    if len(folded) <= _MIN_REST or folded[0] not in "وفبكل" or word_count(folded) >= _SEEN:
        return []
    return [folded[len(chain):] for chain in _CHAINS
            if folded.startswith(chain) and len(folded) - len(chain) >= _MIN_REST]


def word_readings(word: str) -> list[str]:
    """The search terms a query word may stand for: its own term first, then the terms of
    its `clitic_rests` (ليعايد: ليعايد, يعايد), each once."""
    readings = [stem(word)]
    for rest in clitic_rests(fold(word)):
        term = stem(rest)
        if term and term not in readings:
            readings.append(term)
    return readings


def index_terms(text: str) -> list[str]:
    """One search term per word of `text`, in order (phrase search relies on the order)."""
    return [term for term in match_terms(text) if term]


_PIECE = 100_000  # characters: a huge text is indexed piece by piece, so no list holds all its terms
_SPACE = re.compile(r"\s")


def index_text(text: str | None) -> str:
    """The terms of `text` joined by spaces: what goes into the full-text index."""
    if not text:
        return ""
    if len(text) <= _PIECE:
        return " ".join(index_terms(text))
    return " ".join(part for part in (" ".join(index_terms(p)) for p in _pieces(text)) if part)


def indexed_part(text: str, limit: int) -> str:
    """The start of `text` the search index holds: at most `limit` characters, cut at a space.

    A 20 MB one-line page made SQLite build the doclists of millions of positions for one
    row (tens of megabytes for text nobody searches); the whole text is still stored and shown.
    """
    if len(text) <= limit:
        return text
    found = text.rfind(" ", limit // 2, limit + 1)
    return text[: found if found > 0 else limit]


def _pieces(text: str) -> Iterator[str]:
    """`text` cut at spaces into pieces of about `_PIECE` characters (no word spans a space)."""
    start = 0
    while start < len(text):
        found = _SPACE.search(text, start + _PIECE)
        end = found.start() if found else len(text)
        yield text[start:end]
        start = end


def terms_and_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The term and the offsets of every word of display `text`, empty terms included, so
    indexes match `tokens()`; one pass over the text."""
    found = word_matches(text)
    return [stem(match.group()) for match in found], [match.span() for match in found]


def display_words(text: str) -> list[Word]:
    """Every word of display `text` with its offsets (diacritics kept) and its term."""
    return [Word(token.start, token.end, stem(token.text)) for token in tokens(text)]
