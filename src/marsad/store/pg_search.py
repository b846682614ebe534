"""Our search terms in PostgreSQL: the tsvector we index, the tsquery we match, BM25 we rank by.

PostgreSQL's text-search parser never sees the text: `terms_vector()` writes the
tsvector literal of our own folded, stemmed terms (title positions weighted A,
body D, one position apart so a phrase cannot run from title into body) and
`tsquery()` writes the parsed query over the same terms. So both backends match
exactly the same words.

Ranking copies FTS5's bm25() (k1 1.2, b 0.75, title terms counted 5 times): a
tsquery's candidates are cut to a pool by `ts_rank` inside PostgreSQL, then BM25
is computed exactly for the pool from the term frequencies the tsvector holds.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from marsad.search.query import And, Node, Not, Or, Query, Term
from marsad.search.terms import index_terms

__all__ = ["Unit", "bm25", "terms_vector", "tsquery", "units"]

K1, B = 1.2, 0.75
TITLE_WEIGHT = 5.0
MAX_POSITION = 16383  # PostgreSQL keeps positions up to this; later ones share it


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def terms_vector(title: str | None, text: str) -> tuple[str, int]:
    """The tsvector literal of a title and body, and how many terms they hold (BM25's length)."""
    title_terms, body_terms = index_terms(title or ""), index_terms(text)
    positions: dict[str, list[str]] = defaultdict(list)
    for at, term in enumerate(title_terms, 1):
        positions[term].append(f"{min(at, MAX_POSITION)}A")
    start = len(title_terms) + 2
    for at, term in enumerate(body_terms, start):
        positions[term].append(str(min(at, MAX_POSITION)))
    literal = " ".join(f"{_quote(term)}:{','.join(where[:256])}" for term, where in positions.items())
    return literal, len(title_terms) + len(body_terms)


def tsquery(node: Node) -> str:
    """The tsquery text of a parsed query: quoted terms, phrases with <->, & | and !."""
    if isinstance(node, Term):
        return " <-> ".join(map(_quote, node.terms))
    if isinstance(node, And):
        return " & ".join(f"({tsquery(part)})" for part in node.parts)
    if isinstance(node, Or):
        return " | ".join(f"({tsquery(part)})" for part in node.parts)
    assert isinstance(node, Not)
    return f"({tsquery(node.keep)}) & !({tsquery(node.exclude)})"


@dataclass(frozen=True, slots=True)
class Unit:
    """One scored part of a query, as FTS5 scores phrases: a word, or the words of a phrase."""

    terms: tuple[str, ...]

    @property
    def tsquery(self) -> str:
        return tsquery(Term(self.terms))


def units(query: Query) -> list[Unit]:
    """The distinct words and phrases of a query that count towards a score (not under NOT)."""
    found: dict[tuple[str, ...], Unit] = {}

    def walk(node: Node) -> None:
        if isinstance(node, Term):
            found.setdefault(node.terms, Unit(node.terms))
        elif isinstance(node, Not):
            walk(node.keep)
        else:
            for part in node.parts:
                walk(part)

    walk(query.node)
    return list(found.values())


def idf(articles: int, matching: int) -> float:
    """FTS5's inverse document frequency, floored at a tiny positive value as FTS5 does."""
    value = math.log((articles - matching + 0.5) / (matching + 0.5))
    return value if value > 0 else 1e-6


def bm25(
    frequencies: dict[str, float], length: int, average: float, scored: list[tuple[Unit, float]]
) -> float:
    """BM25 of one article: `frequencies` maps a term to its weighted count (title x5).

    A phrase's count is taken as its rarest word's (the tsvector keeps no phrase counts).
    """
    norm = K1 * (1 - B + B * length / average) if average > 0 else K1
    score = 0.0
    for unit, weight in scored:
        tf = min(frequencies.get(term, 0.0) for term in unit.terms)
        if tf > 0:
            score += weight * tf * (K1 + 1) / (tf + norm)
    return score
