"""The best BM25 matches re-ranked: a headline that holds the query's own words comes first.

The index holds stems, so BM25 cannot tell الملتقى typed as written from any word of
the same stem. A headline that carries the words the user typed, in their folded
written form, is the best single sign that an article is the one asked for: on
the dev split of bench/search_eval.py it raises the MRR of title-word queries from
0.91 to 0.97 and of variant-spelled ones from 0.78 to 0.92 (bench/RESULTS.md).
Of two headlines holding the words, the shorter is the more about them, as BM25
would say of a field of its own.
Only the best `RERANK_DEPTH` matches move, so a page costs one more look at a few
short titles, whatever the archive's size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import fsum
from typing import TypeVar

from marsad.arabic import fold, stem, words
from marsad.arabic.memo import word_memo
from marsad.arabic.stem import strip_proclitics
from marsad.search.terms import clitic_rests

__all__ = [
    "RERANK_DEPTH", "TITLE_FORM_BONUS", "TITLE_LENGTH_POWER", "TITLE_STEM_BONUS", "TITLE_WORDS",
    "TITLE_WORD_BONUS", "query_forms", "rerank",
]

RERANK_DEPTH = 40
TITLE_FORM_BONUS = 2.0  # a TITLE_WORDS-word headline holding every query word as written triples BM25
TITLE_WORD_BONUS = 1.0  # ... the same word behind other clitics (والمنظمة for المنظمة) counts half
TITLE_STEM_BONUS = 0.6  # ... and another word of its stem (منظمات for المنظمة) less again
TITLE_WORDS = 8  # the median headline's length in words: its bonus is as above
TITLE_LENGTH_POWER = 0.25  # a headline n words long gets (TITLE_WORDS / n) ** this of it
_OPERATORS = frozenset({"AND", "OR", "NOT"})

Row = TypeVar("Row")
# Per query word: its folded form, the words it may be behind clitics, the terms it may stand for.
Forms = frozenset[tuple[str, frozenset[str], frozenset[str]]]


@word_memo
def _forms(word: str) -> tuple[str, str, str]:
    """(folded written form, the word without و ف ب ك ل in front, stem): the word is the
    folded form with its conjunction and preposition peeled and its article kept, so
    وبالمنظمة and للمنظمة are المنظمة, and منظمة stays a different word of the same stem."""
    folded = fold(word)
    bare = strip_proclitics(folded)
    chain = folded[: len(folded) - len(bare)] if bare != folded and folded.endswith(bare) else ""
    return folded, "ال" + bare if chain.endswith(("ال", "لل")) else bare, stem(word)


def _query_form(word: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """A query word's `_forms`, with every reading of clitics the index may have kept
    (`search.terms.clitic_rests`: ومسنون is also مسنون)."""
    folded, bare, term = _forms(word)
    rests = clitic_rests(folded)
    return folded, frozenset((bare, *rests)), frozenset((term, *map(stem, rests)))


def query_forms(text: str) -> Forms:
    """The forms (`_query_form`) of each of the query's words (operators left out)."""
    return frozenset(_query_form(w) for w in words(text) if w not in _OPERATORS and fold(w))


def _title_bonus(forms: Forms, title: str | None) -> float:
    if not forms or not title:
        return 0.0
    title_forms = [_forms(w) for w in words(title)]
    if not title_forms:
        return 0.0
    written, bare, stems = ({f[i] for f in title_forms} for i in range(3))
    # fsum: the same total in any order, so a frozenset's order (hash seeds) never breaks a tie
    bonus = fsum(TITLE_FORM_BONUS if form in written else TITLE_WORD_BONUS if not bare.isdisjoint(readings)
                 else TITLE_STEM_BONUS if not stems.isdisjoint(terms) else 0.0
                 for form, readings, terms in forms)
    # As BM25 normalises a field by its length: the same words make up more of a short
    # headline, so it is more about them (and likelier the one they were taken from).
    return bonus / len(forms) * (TITLE_WORDS / len(title_forms)) ** TITLE_LENGTH_POWER


def rerank(
    rows: Sequence[Row],
    forms: Forms,
    title: Callable[[Row], str | None],
    score: Callable[[Row], float],
    depth: int = RERANK_DEPTH,
    named: Callable[[Row], int] | None = None,
) -> list[tuple[float, Row]]:
    """(new score, row) for every row, best first: the first `depth` rows (ranked by BM25)
    boosted by the query words their title holds, as written or in another form; the rest as they were.

    `named(row)`: how many of the names in the query (`search.names`) the row's article
    mentions. Rows mentioning more of them come first, whatever their score: an article
    that names the person asked for beats one that only shares a stem with the name.
    """
    top = [(score(row) * (1 + _title_bonus(forms, title(row))), row) for row in rows[:depth]]
    rest = [(score(row), row) for row in rows[depth:]]
    if named is None:
        top.sort(key=lambda pair: -pair[0])
        return top + rest
    keyed = [((-named(row), 0, -new), (new, row)) for new, row in top]
    keyed += [((-named(row), 1, i), (old, row)) for i, (old, row) in enumerate(rest)]
    keyed.sort(key=lambda pair: pair[0])
    return [pair for _, pair in keyed]
