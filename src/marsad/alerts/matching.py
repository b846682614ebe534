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
    return [piece for term in terms for piece in _TOKEN.findall(term)]


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
    """Positional index of one batch; `match_query` / `match_entities` give archive keys."""

    def __init__(self, batch: Batch) -> None:
        self.pks = batch.pks
        self.all = frozenset(range(len(batch.pks)))
        self.positions: dict[str, dict[int, list[int]]] = defaultdict(dict)
        self.by_entity: dict[str, set[int]] = defaultdict(set)
        for doc, (title, text, named) in enumerate(zip(batch.titles, batch.texts, batch.entities, strict=True)):
            title_terms = _fts_tokens(index_terms(title)) if title else []
            # Body positions start past a gap, so no phrase runs from the title into the body.
            for offset, terms in ((0, title_terms), (len(title_terms) + 1, _fts_tokens(index_terms(text)))):
                for i, term in enumerate(terms):
                    self.positions[term].setdefault(doc, []).append(offset + i)
            for entity_id in named:
                self.by_entity[entity_id].add(doc)
        self.docs = {term: frozenset(found) for term, found in self.positions.items()}
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

    def _adjacent(self, doc: int, terms: list[str]) -> bool:
        starts = set(self.positions[terms[0]][doc])
        for step, term in enumerate(terms[1:], 1):
            starts &= {p - step for p in self.positions[term][doc]}
            if not starts:
                return False
        return True
