"""Our search terms in PostgreSQL: the tsvector we index, the tsquery we match, BM25 we rank by.

PostgreSQL's text-search parser never sees the text: `terms_vector()` writes the
tsvector literal of our own folded, stemmed terms (title positions weighted A,
body D, one position apart so a phrase cannot run from title into body) and
`tsquery()` writes the parsed query over the same terms. So both backends match
exactly the same words.

Ranking copies FTS5's bm25() (k1 1.2, b 0.75, title terms counted 5 times), from
the counts the tsvectors hold. GIN knows which articles match but not how often,
so every ranked article's tsvector must be read. idf comes from `lexicon` (each
term's article count, kept as articles are written), so it is a key lookup. A query
that may match more than a few hundred articles is ranked over a pool instead of
every match: the matches among each query word's best articles by their stored BM25
weight (`impacts`, one row per article and top term, under a B-tree ordered by
weight), and with several words the best by those weights summed (each times its
idf) over each word's first DEEP: articles holding the words together, where no
single word's best may (an OR of names; words common apart that seldom meet). So a
query reads a bounded number of rows whatever the archive's size, and below that
size the ranking is FTS5's exactly (phrases: counted by PostgreSQL's cover density,
which is their number of occurrences).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from marsad.search.query import And, Node, Not, Or, Query, Term
from marsad.search.terms import index_terms

__all__ = ["Ranking", "Stats", "Unit", "ranking", "terms_vector", "tsquery", "units"]

K1, B = 1.2, 0.75
TITLE_WEIGHT = 5
TOP_TERMS, TOP_COUNT = 32, 24
MAX_POSITION = 16383  # PostgreSQL keeps positions up to this; later ones share it
PHRASE_SAMPLE = 300  # a phrase whose words co-occur in more articles than this has its count estimated
DEEP = 5000  # each word's first this many articles by stored weight, summed for a several-word pool


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


# Ranking: each scored word's or phrase's weighted count in an article. With these weights and
# one word, ts_rank_cd sums the weight of every occurrence, so 5x it is exactly FTS5's count with
# the title counted 5 times (for a phrase, its cover density: its number of occurrences). idf and
# the average length are computed beforehand (`Stats`) and passed in.
_COUNT = ", round((5 * ts_rank_cd('{{0.2,0.2,0.2,1.0}}', a.terms, %(u{i})s::tsquery, 0))::numeric, 3)::float8 AS c{i}"
_BM25 = "%(idf{i})s::float8 * c{i} * {k1_plus} / (c{i} + {k1} * (1 - {b} + {b} * length / %(average)s::float8))"
_RANK = """
WITH matches AS (
    SELECT a.pk, a.length{counts} FROM articles a WHERE {where}),
ranked AS (
    SELECT pk, {score} AS score FROM matches ORDER BY score DESC, pk LIMIT %(limit)s)
SELECT a.id, a.title, a.url, a.published, a.source, a.text, ranked.score
FROM ranked JOIN articles a USING (pk) ORDER BY ranked.score DESC, ranked.pk"""
_SCORED = """
WITH matches AS (
    SELECT a.pk, a.length{counts} FROM articles a WHERE {where})
SELECT pk, {score} AS score FROM matches ORDER BY score DESC, pk LIMIT %(limit)s"""
_MATCH = "a.terms @@ %(q)s::tsquery"
_WITHIN = " AND a.pk IN (SELECT article_pk FROM mentions WHERE entity_id = ANY(%(ids)s))"
# The pool: each listed term's best articles by their stored BM25 weight (impacts), that match.
# As an array, so the planner fetches those rows by key and checks each, rather than checking
# every match (a phrase's check reads the article's terms) to join them with the pool.
_POOL = " AND a.pk = ANY(ARRAY({lists}))"
_LIST = "(SELECT article_pk FROM impacts WHERE term_id = %(t{j})s{within} ORDER BY impact DESC LIMIT %(per)s)"
_LIST_WITHIN = " AND article_pk IN (SELECT article_pk FROM mentions WHERE entity_id = ANY(%(ids)s))"
# With several words, also the best by their stored weights summed (each times its idf) over each
# word's first DEEP articles: those holding several of the words well, which no single word's
# best may hold (an OR of names, or words common apart that seldom meet).
_SUMMED = ("(SELECT article_pk FROM ({deep}) deep GROUP BY article_pk "
           "ORDER BY sum(w) DESC, article_pk LIMIT %(per)s)")  # fmt: skip
_DEEP = ("(SELECT article_pk, impact * %(d{j})s::float8 AS w FROM impacts WHERE term_id = %(t{j})s{within} "
         "ORDER BY impact DESC LIMIT %(deep)s)")  # fmt: skip
_CAPPED_COUNT = "SELECT count(*) FROM (SELECT 1 FROM articles WHERE terms @@ %(q)s::tsquery LIMIT %(n)s) found"
_PHRASE_SAMPLE = """SELECT count(*) FILTER (WHERE terms @@ %(phrase)s::tsquery), count(*)
    FROM (SELECT terms FROM articles WHERE terms @@ %(words)s::tsquery LIMIT %(n)s) sample"""


@dataclass(frozen=True, slots=True)
class Stats:
    """What BM25 needs besides counts: article total, average length, each term's documents and id."""

    articles: int
    average: float
    docs: dict[str, int]
    ids: dict[str, int]

    @classmethod
    def read(cls, conn, terms: set[str]) -> Stats:
        articles, total = conn.execute("SELECT articles, terms FROM totals").fetchone()
        rows = conn.execute("SELECT term, docs, id FROM lexicon WHERE term = ANY(%s)", (sorted(terms),)).fetchall()
        return cls(articles, total / articles if articles and total else 1.0,
                   {t: d for t, d, _ in rows}, {t: i for t, _, i in rows})  # fmt: skip

    def idf(self, matches: float) -> float:
        """FTS5's idf, floored at a tiny positive value as FTS5 does."""
        return max(math.log((self.articles - matches + 0.5) / (matches + 0.5)), 1e-6)


def estimate(node: Node, docs: dict[tuple[str, ...], float], articles: int) -> float:
    """An upper bound of how many articles match `node`, from its words' and phrases' counts."""
    if isinstance(node, Term):
        return docs[node.terms]
    if isinstance(node, And):
        return min(estimate(part, docs, articles) for part in node.parts)
    if isinstance(node, Or):
        return min(articles, sum(estimate(part, docs, articles) for part in node.parts))
    assert isinstance(node, Not)
    return estimate(node.keep, docs, articles)


def unit_docs(conn, unit: Unit, stats: Stats) -> float:
    """How many articles hold `unit`: a word's count is kept; a phrase is counted, or estimated
    from the share of a sample of its words' matches that hold it when they are many."""
    bound = min(stats.docs.get(term, 0) for term in unit.terms)
    if len(unit.terms) == 1 or bound == 0:
        return bound
    words = " & ".join(map(_quote, unit.terms))
    sample = {"phrase": unit.tsquery, "words": words, "n": PHRASE_SAMPLE}
    hits, seen = conn.execute(_PHRASE_SAMPLE, sample).fetchone()
    return hits if seen < PHRASE_SAMPLE else bound * hits / seen


@dataclass(frozen=True, slots=True)
class Ranking:
    """How one query is ranked: `statement(per)` ranks the matches among each query word's `per`
    best articles by stored weight (every match when `per` is None); `pooled` says whether
    the query may match more than `exact` articles, so a pool is worth trying first."""

    units: int
    params: dict
    lists: tuple[int, ...]  # lexicon ids of the words whose lists make the pool
    within: bool
    pooled: bool
    weights: tuple[float, ...] = ()  # the idf each of `lists` counts with in the summed pool

    def statement(self, per: int | None) -> tuple[str, dict]:
        return self._sql(_RANK, per, "")

    def scored(self, per: int | None, extra: str = "") -> tuple[str, dict]:
        """(pk, score) of the best `limit` matches that also meet `extra` (AND clauses on `a`,
        their parameters the caller's): for faceted search, which reads the rows it needs itself."""
        return self._sql(_SCORED, per, extra)

    def _sql(self, template: str, per: int | None, extra: str) -> tuple[str, dict]:
        bm25 = _BM25.replace("{k1_plus}", str(K1 + 1)).replace("{k1}", str(K1)).replace("{b}", str(B))
        where = _MATCH + (_WITHIN if self.within else "") + extra
        params = dict(self.params)
        if per is not None:
            params["per"] = per
            params.update({f"t{j}": term_id for j, term_id in enumerate(self.lists)})
            within = _LIST_WITHIN if self.within else ""  # each word's best among the entity's articles
            lists = " UNION ".join(_LIST.format(j=j, within=within) for j in range(len(self.lists)))
            if len(self.lists) > 1:
                deep = " UNION ALL ".join(_DEEP.format(j=j, within=within) for j in range(len(self.lists)))
                lists += " UNION " + _SUMMED.format(deep=deep)
                params["deep"] = DEEP
                params.update({f"d{j}": weight for j, weight in enumerate(self.weights)})
            where += _POOL.format(lists=lists)
        sql = template.format(
            where=where,
            counts="".join(_COUNT.format(i=i) for i in range(self.units)),
            score=" + ".join(bm25.format(i=i) for i in range(self.units)),
        )
        return sql, params


def ranking(conn, query: Query, *, within: bool, exact: int, mentions: int | None = None) -> Ranking:
    """How to rank `query` by BM25 (the statement needs limit, and ids with `within`).

    A query that may match up to `exact` articles (or whose entity filter allows no more)
    is ranked over every match. Beyond that a pool is tried first: the matches among the
    best articles of each of its words (every word of a phrase) by stored weight, so the
    rows read stay bounded whatever the archive's size.
    """
    scored = units(query)
    stats = Stats.read(conn, {term for unit in scored for term in unit.terms})
    params: dict = {"q": tsquery(query.node), "average": stats.average}
    docs = {}
    for i, unit in enumerate(scored):
        docs[unit.terms] = unit_docs(conn, unit, stats)
        params[f"u{i}"], params[f"idf{i}"] = unit.tsquery, stats.idf(docs[unit.terms])
    matches = estimate(query.node, docs, stats.articles)
    if matches > exact and not isinstance(query.node, Term) and all(len(unit.terms) == 1 for unit in scored):
        # words that are common apart may seldom meet: count up to `exact` (the index alone says
        # which articles hold them all, without reading their terms)
        matches = conn.execute(_CAPPED_COUNT, {"q": params["q"], "n": exact + 1}).fetchone()[0]
    pooled = min(matches, mentions if mentions is not None else matches) > exact
    lists = tuple(sorted({stats.ids[term] for unit in scored for term in unit.terms if term in stats.ids}))
    idf = {stats.ids[term]: max(params[f"idf{i}"] for i, unit in enumerate(scored) if term in unit.terms)
           for unit in scored for term in unit.terms if term in stats.ids}  # fmt: skip
    return Ranking(len(scored), params, lists, within, pooled, tuple(idf[term_id] for term_id in lists))
