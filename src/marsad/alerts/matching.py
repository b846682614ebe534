"""A batch of new articles against every saved query at once, in memory.

Running each saved query as an archive search would cost one FTS pass over the whole
archive per subscription. Instead the batch gets a small positional index of its own
(term -> article -> positions), built with the same terms as the archive's index, and
each query's tree is evaluated on it with set operations. FTS5 semantics are kept: a
quoted phrase is consecutive terms inside the title or inside the body, never across.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from marsad.search import index_terms, parse
from marsad.search.query import And, Node, Not, Or, Term

__all__ = ["Batch", "BatchIndex", "compile_query"]

# FTS5's unicode61 tokenizer splits our terms again on anything not a letter or digit
# ("covid-19" is the phrase "covid 19" there), so the batch index and queries do too.
_TOKEN = re.compile(r"[^\W_]+")


def _fts_tokens(terms: Iterable[str]) -> list[str]:
    out: list[str] = []
    for term in terms:
        if term.isalnum():  # nearly every term: nothing to split
            out.append(term)
        else:
            out.extend(_TOKEN.findall(term))
    return out


@lru_cache(maxsize=65_536)
def compile_query(text: str) -> Node:
    """A saved query's tree (cached: the same saved queries come back every batch)."""
    return parse(text).node


@dataclass(frozen=True, slots=True)
class Batch:
    """New articles to match: archive keys, titles, texts and the entity ids each names."""

    pks: list[int]
    titles: list[str | None]
    texts: list[str]
    entities: list[set[str]]


class BatchIndex:
    """Index of one batch; `match_query` / `match_entities` give archive keys.

    Only which articles hold a term is indexed up front (a set per article, built in C);
    word positions are worked out for the few articles a quoted phrase needs them in.
    """

    def __init__(self, batch: Batch) -> None:
        self.pks = batch.pks
        self.tokens: list[list[str]] = []
        holding: dict[str, list[int]] = defaultdict(list)
        self.by_entity: dict[str, set[int]] = defaultdict(set)
        for doc, (title, text, named) in enumerate(zip(batch.titles, batch.texts, batch.entities, strict=True)):
            # The empty token between title and body keeps phrases from running across them.
            tokens = [*(_fts_tokens(index_terms(title)) if title else []), "", *_fts_tokens(index_terms(text))]
            self.tokens.append(tokens)
            for term in set(tokens):
                holding[term].append(doc)
            for entity_id in named:
                self.by_entity[entity_id].add(doc)
        holding.pop("", None)
        self.docs = {term: frozenset(found) for term, found in holding.items()}
        self._positions: dict[int, dict[str, list[int]]] = {}
        self._memo: dict[Node, frozenset[int]] = {}

    def match_query(self, node: Node) -> list[int]:
        """Archive keys of the batch's articles the query matches."""
        return [self.pks[d] for d in sorted(self._eval(node))]

    def match_entities(self, entity_ids: Iterable[str]) -> list[int]:
        """Archive keys of the batch's articles naming any of `entity_ids`."""
        found: set[int] = set()
        for entity_id in entity_ids:
            found |= self.by_entity.get(entity_id, set())
        return [self.pks[d] for d in sorted(found)]

    def _eval(self, node: Node) -> frozenset[int]:
        hit = self._memo.get(node)
        if hit is None:
            hit = self._memo[node] = self._compute(node)
        return hit

    def _compute(self, node: Node) -> frozenset[int]:
        if isinstance(node, Term):
            return self._term(_fts_tokens(node.terms))
        if isinstance(node, And):
            found = self._eval(node.parts[0])
            for part in node.parts[1:]:
                if not found:
                    break
                found = found & self._eval(part)
            return found
        if isinstance(node, Or):
            return frozenset().union(*(self._eval(part) for part in node.parts))
        if isinstance(node, Not):
            keep = self._eval(node.keep)
            return keep - self._eval(node.exclude) if keep else keep
        raise TypeError(f"not a query node: {node!r}")

    def _term(self, terms: list[str]) -> frozenset[int]:
        if not terms:
            return frozenset()
        docs = self.docs.get(terms[0], frozenset())
        for term in terms[1:]:
            docs = docs & self.docs.get(term, frozenset())
        if len(terms) == 1 or not docs:
            return docs
        return frozenset(d for d in docs if self._adjacent(d, terms))

    def _where(self, doc: int) -> dict[str, list[int]]:
        found = self._positions.get(doc)
        if found is None:
            found = self._positions[doc] = defaultdict(list)
            for i, term in enumerate(self.tokens[doc]):
                found[term].append(i)
        return found

    def _adjacent(self, doc: int, terms: list[str]) -> bool:
        where = self._where(doc)
        starts = set(where[terms[0]])
        for step, term in enumerate(terms[1:], 1):
            starts &= {p - step for p in where[term]}
            if not starts:
                return False
        return True
