"""Words with their offsets, in display text or in the match form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["Token", "tokens", "word_matches", "words"]

# A letter or digit of any script, then letters, digits, Arabic diacritics and tatweel
# (combining marks are not \w, and a word must not split at its harakat); an inner
# apostrophe or hyphen keeps Latin words like "al-Sisi" together.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_PART = rf"[^\W_](?:[^\W_]|[{_MARKS}])*"
_WORD = re.compile(rf"{_PART}(?:['’\-]{_PART})*")


class Token(NamedTuple):
    """A word and where it stands in the text it came from."""

    text: str
    start: int
    end: int


def tokens(text: str) -> Iterator[Token]:
    """Every word of `text` with character offsets, so spans can point back into it."""
    for match in _WORD.finditer(text):
        yield Token(match.group(), match.start(), match.end())


def words(text: str) -> list[str]:
    """Just the words, for counting and matching where offsets do not matter."""
    return _WORD.findall(text)


def word_matches(text: str) -> list[re.Match[str]]:
    """Every word of `text` as its regex match (`.group()`, `.span()`): words and offsets in
    one pass without a Token each, for snippets of long texts."""
    return list(_WORD.finditer(text))
