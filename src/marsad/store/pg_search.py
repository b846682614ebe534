"""Our search terms in PostgreSQL: the tsvector we index, the tsquery we match, BM25 we rank by.

PostgreSQL's text-search parser never sees the text: `terms_vector()` writes the
tsvector literal of our own folded, stemmed terms (title positions weighted A,
body D, one position apart so a phrase cannot run from title into body) and
`tsquery()` writes the parsed query over the same terms. So both backends match
exactly the same words.

Ranking copies FTS5's bm25() (k1 1.2, b 0.75, title terms counted 5 times), from
the counts the tsvectors hold. GIN knows which articles match but not how often,
so every candidate's tsvector must be read: when a query matches more than a
pool's worth, the pool is the matches where a query word is among the article's
32 most frequent terms (kept small in the row with their counts, under their own
GIN), best first by BM25 estimated from those counts, and BM25 orders the pool. Below that size the
ranking is FTS5's (phrases: counted by PostgreSQL's cover density, which is their
number of occurrences).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from marsad.search.query import And, Node, Not, Or, Query, Term
from marsad.search.terms import index_terms

__all__ = ["Unit", "any_of", "search_sql", "terms_vector", "tsquery", "units"]

K1, B = 1.2, 0.75
TITLE_WEIGHT = 5
TOP_TERMS, TOP_COUNT = 32, 24
MAX_POSITION = 16383  # PostgreSQL keeps positions up to this; later ones share it


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def terms_vector(title: str | None, text: str) -> tuple[str, str, int]:
    """The tsvector literals of all terms (title and body) and of the top terms, and how many
    terms title and body hold (BM25's document length).

    The top terms are the TOP_TERMS most frequent (title counted 5 times), each with as
    many positions as its count up to TOP_COUNT: small enough to stay in the row, they let
    the pool be chosen and ordered without reading every match's full tsvector.
    """
    title_terms, body_terms = index_terms(title or ""), index_terms(text)
    positions: dict[str, list[str]] = defaultdict(list)
    for at, term in enumerate(title_terms, 1):
        positions[term].append(f"{min(at, MAX_POSITION)}A")
    start = len(title_terms) + 2
    for at, term in enumerate(body_terms, start):
        positions[term].append(str(min(at, MAX_POSITION)))
    literal = " ".join(f"{_quote(term)}:{','.join(where[:256])}" for term, where in positions.items())
    counts = Counter(body_terms)
    for term in title_terms:
        counts[term] += TITLE_WEIGHT
    top = " ".join(
        f"{_quote(term)}:{','.join(map(str, range(1, min(int(n), TOP_COUNT) + 1)))}"
        for term, n in counts.most_common(TOP_TERMS)
    )
    return literal, top, len(title_terms) + len(body_terms)


def any_of(scored: list[Unit]) -> str:
    """A tsquery matching any word of the scored words or phrases (for the top terms)."""
    return " | ".join(sorted({_quote(term) for unit in scored for term in unit.terms}))


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


# The pool (see the module docstring): the matches that have a query word among their
# top terms (a GIN lookup), best first by BM25 estimated from the top terms' counts; every
# match, ordered the same way, only when those fall short of a pool. Then, for each pooled
# article, each scored word's or phrase's weighted count: with these weights and one word,
# ts_rank_cd sums the weight of every occurrence, so 5x it is exactly FTS5's count with the
# title counted 5 times (for a phrase, its cover density: its number of occurrences).
_SEARCH = """
WITH stats AS MATERIALIZED ({stats}),
top AS (
    SELECT a.pk FROM articles a, stats
    WHERE a.terms @@ %(q)s::tsquery AND a.top_terms @@ %(any)s::tsquery{within}
    ORDER BY {estimate} DESC, a.pk LIMIT %(pool)s),
pool AS (
    SELECT pk FROM top WHERE (SELECT count(*) FROM top) >= %(pool)s
    UNION ALL
    SELECT pk FROM (
        SELECT a.pk FROM articles a, stats WHERE a.terms @@ %(q)s::tsquery{within}
        ORDER BY {estimate} DESC, a.length, a.pk LIMIT %(pool)s) matches
    WHERE (SELECT count(*) FROM top) < %(pool)s),
scored AS (
    SELECT a.pk, a.length{counts} FROM articles a JOIN pool USING (pk)),
ranked AS (
    SELECT scored.pk, {score} AS score FROM scored, stats
    ORDER BY score DESC, scored.pk LIMIT %(limit)s OFFSET %(offset)s)
SELECT a.id, a.title, a.url, a.published, a.source, a.text, ranked.score
FROM ranked JOIN articles a USING (pk) ORDER BY ranked.score DESC, ranked.pk"""
_WITHIN = " AND a.pk IN (SELECT article_pk FROM mentions WHERE entity_id = ANY(%(ids)s))"
# FTS5's idf (floored at a tiny positive value as FTS5 does), from each part's number of matches.
_IDF = (" CROSS JOIN LATERAL (SELECT greatest(ln((t.articles - count(*) + 0.5) / (count(*) + 0.5)), 1e-6)::float8"
        " AS idf{i} FROM articles WHERE terms @@ %(u{i})s::tsquery) c{i}")
_COUNT = ", round((5 * ts_rank_cd('{{0.2,0.2,0.2,1.0}}', a.terms, %(u{i})s::tsquery, 0))::numeric, 3)::float8 AS c{i}"
_BM25 = "idf{i} * {tf} * {k1_plus} / ({tf} + {k1} * (1 - {b} + {b} * {table}.length / average))"
_ESTIMATE = "ts_rank_cd('{{1,1,1,1}}', a.top_terms, %(w{i})s::tsquery, 0)"


def search_sql(query: Query, *, within: bool) -> tuple[str, dict[str, str]]:
    """The one statement that ranks `query` by BM25 and returns the page asked for, and the
    parameters it needs besides limit, offset, pool and ids (the entity filter)."""
    scored = units(query)
    n = range(len(scored))
    stats = ("SELECT CASE WHEN t.articles > 0 THEN t.terms::float8 / t.articles ELSE 1 END AS average"
             + "".join(f", idf{i}" for i in n) + " FROM totals t" + "".join(_IDF.format(i=i) for i in n))
    bm25 = _BM25.replace("{k1_plus}", str(K1 + 1)).replace("{k1}", str(K1)).replace("{b}", str(B))
    sql = _SEARCH.format(
        within=_WITHIN if within else "",
        stats=stats,
        estimate=" + ".join(bm25.format(i=i, tf=_ESTIMATE.format(i=i), table="a") for i in n),
        counts="".join(_COUNT.format(i=i) for i in n),
        score=" + ".join(bm25.format(i=i, tf=f"c{i}", table="scored") for i in n),
    )
    params = {"q": tsquery(query.node), "any": any_of(scored)}
    for i, unit in enumerate(scored):
        params[f"u{i}"], params[f"w{i}"] = unit.tsquery, any_of([unit])
    return sql, params
