"""The words of a text as search terms: what the index stores and snippets highlight.

Both sides of search go through here, so an indexed article and a query can never
disagree about what a word's term is. `marsad.arabic.words` currently splits a
word at its diacritics (مُنَظَّمَة gives five pieces), so we strip diacritics first;
that is a no-op once the tokenizer keeps marks inside words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from marsad.arabic import match_terms, stem, strip_diacritics, tokens

__all__ = ["Word", "display_words", "index_terms", "index_text"]

# Same class as marsad.arabic.normalize strips (harakat, Quranic marks, tatweel).
_MARK = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


class Word(NamedTuple):
    """A word of display text: its offsets in that text and its search term."""

    start: int
    end: int
    term: str


def index_terms(text: str) -> list[str]:
    """One search term per word of `text`, in order (phrase search relies on the order)."""
    return [term for term in match_terms(strip_diacritics(text)) if term]


def index_text(text: str | None) -> str:
    """The terms of `text` joined by spaces: what goes into the full-text index."""
    return " ".join(index_terms(text)) if text else ""


def display_words(text: str) -> list[Word]:
    """Every word of display `text` with offsets into it (diacritics kept) and its term."""
    if not _MARK.search(text):
        return [Word(t.start, t.end, stem(t.text)) for t in tokens(text)]
    # Tokenize the text without marks, then map offsets back to the original.
    kept = [i for i, char in enumerate(text) if not _MARK.match(char)]
    bare = "".join(text[i] for i in kept)
    found = []
    for token in tokens(bare):
        start, end = kept[token.start], kept[token.end - 1] + 1
        while end < len(text) and _MARK.match(text[end]):
            end += 1  # a word's trailing harakat belong to it
        found.append(Word(start, end, stem(token.text)))
    return found
