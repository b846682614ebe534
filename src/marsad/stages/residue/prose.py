"""Sentence-shaped runs of Arabic prose: what residue cleaning must never lose whole.

Residue is short, or Latin script, or a list of names and buttons; an article's
text is made of sentences. A run of Arabic words that ends a sentence and is
longer than `MIN_PROSE_CHARS` is almost never residue (the length is measured in
bench/RESULTS-residue.md), so when cleaning would leave an article with no text at
all, such runs are kept and the article is flagged.
"""

from __future__ import annotations

import re

from marsad.article import Removal
from marsad.stages.residue.rules import ARABIC_LETTER

__all__ = ["MIN_PROSE_CHARS", "keep_prose", "prose_runs"]

# No inserted residue line of the residue evaluation (dev part) holds a run this long; of
# what today's rules cut from 30,668 SaudiNewsNet articles, only "other articles by the
# writer" lists whose headlines are glued together do. See bench/RESULTS-residue.md.
MIN_PROSE_CHARS = 120
_SENTENCE = re.compile(r"[^.!؟?…]*[.!؟?…]+[\"'”»)\]]*(?=\s|$)")
_TOKEN = re.compile(r"\S+")
_LATIN = re.compile(r"[A-Za-z{}<>=;#_\\|]")
_MIN_WORDS = 6


def _arabic_token(token: str) -> bool:
    """An Arabic word, or a number or mark that prose puts between words."""
    if ARABIC_LETTER.search(token):
        return len(ARABIC_LETTER.findall(token)) > len(_LATIN.findall(token))
    return not _LATIN.search(token)


def prose_runs(text: str, min_chars: int = MIN_PROSE_CHARS) -> list[tuple[int, int]]:
    """Spans of `text` that are sentence-shaped Arabic prose of at least `min_chars` characters.

    A run is the longest stretch of Arabic words (with the numbers and marks prose
    puts between them) that ends a sentence; it must hold `_MIN_WORDS` words.
    """
    runs: list[tuple[int, int]] = []
    for sentence in _SENTENCE.finditer(text):
        start = end = sentence.end()
        words = 0
        for token in reversed(list(_TOKEN.finditer(text, sentence.start(), sentence.end()))):
            if not _arabic_token(token.group()):
                break
            start, words = token.start(), words + bool(ARABIC_LETTER.search(token.group()))
        if words >= _MIN_WORDS and end - start >= min_chars:
            runs.append((start, end))
    return runs


def keep_prose(removed: list[Removal]) -> tuple[list[str], list[Removal]]:
    """The prose runs in `removed` to keep as paragraphs, and what stays cut.

    Headlines are not looked into: a title cut as such is the article's, not its text.
    Each kept run leaves the rest of its cut, under the same reason.
    """
    kept: list[str] = []
    still: list[Removal] = []
    for cut in removed:
        runs = [] if cut.reason == "title" else prose_runs(cut.text)
        if not runs:
            still.append(cut)
            continue
        kept.append(" ".join(cut.text[a:b].strip() for a, b in runs))
        last = 0
        for a, b in runs + [(len(cut.text), len(cut.text))]:
            rest = cut.text[last:a].strip()
            if rest:
                still.append(Removal(rest, cut.reason))
            last = b
    return kept, still
