"""The best BM25 matches re-ranked: a headline that holds the query's own words comes first.

The index holds stems, so BM25 cannot tell الملتقى typed as written from any word of
the same stem. A headline that carries the words the user typed, in their folded
written form, is the best single sign that an article is the one asked for: on
the dev split of bench/search_eval.py it raises the MRR of title-word queries from
0.85 to 0.94 and of variant-spelled ones from 0.78 to 0.85 (bench/RESULTS.md).
Only the best `RERANK_DEPTH` matches move, so a page costs one more look at a few
short titles, whatever the archive's size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from marsad.arabic import fold, words

__all__ = ["RERANK_DEPTH", "TITLE_FORM_BONUS", "query_forms", "rerank"]

RERANK_DEPTH = 40
TITLE_FORM_BONUS = 1.0  # a headline holding every query word doubles the BM25 score
_OPERATORS = frozenset({"AND", "OR", "NOT"})

Row = TypeVar("Row")


def query_forms(text: str) -> frozenset[str]:
    """The folded written forms of the query's words (operators left out)."""
    return frozenset(f for w in words(text) if w not in _OPERATORS and (f := fold(w)))


def _title_share(forms: frozenset[str], title: str | None) -> float:
    if not forms or not title:
        return 0.0
    seen = {fold(w) for w in words(title)}
    return sum(f in seen for f in forms) / len(forms)


def rerank(
    rows: Sequence[Row],
    forms: frozenset[str],
    title: Callable[[Row], str | None],
    score: Callable[[Row], float],
    depth: int = RERANK_DEPTH,
) -> list[tuple[float, Row]]:
    """(new score, row) for every row, best first: the first `depth` rows (ranked by BM25)
    boosted by the share of query words their title holds as written; the rest as they were."""
    top = [(score(row) * (1 + TITLE_FORM_BONUS * _title_share(forms, title(row))), row) for row in rows[:depth]]
    top.sort(key=lambda pair: -pair[0])
    return top + [(score(row), row) for row in rows[depth:]]
