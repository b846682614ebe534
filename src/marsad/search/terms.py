"""The words of a text as search terms: what the index stores and snippets highlight.

Both sides of search go through here, so an indexed article and a query can never
disagree about what a word's term is. `marsad.arabic.words` currently splits a
word at its diacritics (مُنَظَّمَة gives five pieces), so we strip diacritics first;
that is a no-op once the tokenizer keeps marks inside words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import islice
from typing import NamedTuple

from marsad.arabic import match_terms, stem, strip_diacritics, tokens, words

__all__ = ["Unmarked", "Word", "display_words", "index_terms", "index_text"]

# The marks strip_diacritics removes (harakat, Quranic marks, tatweel), as runs.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")


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


class Unmarked:
    """Display text without diacritics, with its words' terms and a way back to display offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        runs = [(m.start(), m.end()) for m in _MARKS.finditer(text)]
        # Bare offset where each run was cut, and how many marks were cut up to there.
        self._cuts, self._shifts = [0], [0]
        pieces, last = [], 0
        for start, end in runs:
            pieces.append(text[last:start])
            self._cuts.append(start - self._shifts[-1])
            self._shifts.append(self._shifts[-1] + end - start)
            last = end
        self.bare = "".join(pieces) + text[last:] if runs else text
        self.terms = list(map(stem, words(self.bare)))

    def spans(self, first: int, last: int) -> list[tuple[int, int]]:
        """Display-text offsets of words `first` to `last` (exclusive), trailing harakat included."""
        found = []
        for token in islice(tokens(self.bare), first, last):
            start, end = self._original(token.start), self._original(token.end - 1) + 1
            marks = _MARKS.match(self.text, end)
            found.append((start, marks.end() if marks else end))
        return found

    def _original(self, offset: int) -> int:
        return offset + self._shifts[bisect_right(self._cuts, offset) - 1]


def display_words(text: str) -> list[Word]:
    """Every word of display `text` with offsets into it (diacritics kept) and its term."""
    analysed = Unmarked(text)
    spans = analysed.spans(0, len(analysed.terms))
    return [Word(start, end, term) for (start, end), term in zip(spans, analysed.terms)]
