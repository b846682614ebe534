"""Template residue: short lines one source stamps on many of its articles.

A site's own slogan, section banner or app promotion follows no pattern we could
write down, but it repeats verbatim across that site's articles while the news
does not. `TemplateLearner` counts short lines per source over a stream of
articles; the residue stage then cuts a line whose `template_key` is in its
source's set.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import islice

from marsad.arabic import fold

__all__ = ["TemplateLearner", "learn_templates", "template_key"]

_TRAILING_CLOSERS = "\"'”“»«)]}* "
_SENTENCE_END = frozenset(".!?؟…:؛")
_WORDS = re.compile(r"\S+")  # what str.split() separates


def template_key(line: str) -> str:
    """The form under which template lines are counted and matched."""
    return " ".join(fold(line).split())


class TemplateLearner:
    """Short lines that repeat verbatim across articles of one source.

    A line is a template of a source when it is in at least `min_articles` of
    its articles and in at least `min_share` of them, so that a sentence a
    developing story repeats in a few articles is not taken for one. Sentences
    (eight words or more, ending in punctuation) are never counted.

    Memory stays bounded on a stream of any length: only lines of at most
    `max_words` words are counted, once per article, and when more than
    `capacity` distinct lines are held the rarest are forgotten (lossy counting).
    A true template recurs in most articles of its source, so it keeps coming
    back and survives; a line forgotten once only loses its early count.
    """

    def __init__(self, min_articles: int = 3, max_words: int = 20, *, min_share: float = 0.05,
                 capacity: int = 200_000) -> None:
        self.min_articles, self.max_words = min_articles, max_words
        self.min_share, self.capacity = min_share, capacity
        self._counts: dict[str, Counter[str]] = {}
        self._articles: Counter[str] = Counter()
        self._size = 0
        self._floor = 1

    def add(self, source_key: str, raw_text: str) -> None:
        """Count the short lines of one article of `source_key`."""
        self._articles[source_key] += 1
        keys = {template_key(line) for line in raw_text.splitlines() if self._candidate(line)}
        counts = self._counts.setdefault(source_key, Counter())
        for key in keys:
            if key not in counts:
                self._size += 1
            counts[key] += 1
        if self._size > self.capacity:
            self._forget()

    def _candidate(self, line: str) -> bool:
        """Short lines, but not sentences: a news sentence repeated by a developing story stays."""
        # A megabyte line is no template: count its words only as far as the limit.
        words = len(line.split()) if len(line) < 4096 else sum(1 for _ in islice(_WORDS.finditer(line), self.max_words + 1))
        if not words or words > self.max_words:
            return False
        return words < 8 or line.rstrip(_TRAILING_CLOSERS)[-1:] not in _SENTENCE_END

    def _forget(self) -> None:
        """Drop the rarest lines until a quarter of the capacity is free again."""
        while self._size > self.capacity * 3 // 4:
            for counts in self._counts.values():
                for key in [k for k, c in counts.items() if c <= self._floor]:
                    del counts[key]
            self._size = sum(len(c) for c in self._counts.values())
            self._floor += 1

    def templates(self, source_key: str) -> frozenset[str]:
        """Lines seen in enough articles of this source to be its template."""
        need = max(self.min_articles, round(self.min_share * self._articles[source_key]))
        counts = self._counts.get(source_key, Counter())
        return frozenset(key for key, count in counts.items() if count >= need)

    def all_templates(self) -> dict[str, frozenset[str]]:
        """Every source's template set, ready for `StripResidue`."""
        return {source: self.templates(source) for source in self._counts}


def learn_templates(
    texts_by_source: Iterable[tuple[str, str]], min_articles: int = 3, max_words: int = 20
) -> dict[str, frozenset[str]]:
    """Template lines per source from a stream of (source, raw text) pairs."""
    learner = TemplateLearner(min_articles, max_words)
    for source, text in texts_by_source:
        learner.add(source, text)
    return learner.all_templates()
