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


def _members(mask: int) -> list[int]:
    """The positions of the set bits of `mask`, lowest first."""
    found = []
    while mask:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found


class BatchIndex:
    """Index of one batch; `match_query` / `match_entities` give archive keys.

    Which articles hold a term is a bit mask (bit i: article i of the batch), so AND, OR
    and NOT over a thousand articles are single integer operations. A quoted phrase is
    checked on the articles holding all its words, through each one's set of word pairs.
    """

    def __init__(self, batch: Batch) -> None:
        self.pks = batch.pks
        self.tokens: list[list[str]] = []
        holding: dict[str, int] = defaultdict(int)
        self.by_entity: dict[str, int] = defaultdict(int)
        for doc, (title, text, named) in enumerate(zip(batch.titles, batch.texts, batch.entities, strict=True)):
            # The empty token between title and body keeps phrases from running across them.
            tokens = [*(_fts_tokens(index_terms(title)) if title else []), "", *_fts_tokens(index_terms(text))]
            self.tokens.append(tokens)
            bit = 1 << doc
            for term in set(tokens):
                holding[term] |= bit
            for entity_id in named:
                self.by_entity[entity_id] |= bit
        holding.pop("", None)
        self.docs = dict(holding)
        self._bigrams: dict[int, set[tuple[str, str]]] = {}
        self._memo: dict[Node, int] = {}

    def match_query(self, node: Node) -> list[int]:
        """Archive keys of the batch's articles the query matches."""
        return [self.pks[d] for d in _members(self._eval(node))]

    def match_entities(self, entity_ids: Iterable[str]) -> list[int]:
        """Archive keys of the batch's articles naming any of `entity_ids`."""
        found = 0
        for entity_id in entity_ids:
            found |= self.by_entity.get(entity_id, 0)
        return [self.pks[d] for d in _members(found)]

    def _eval(self, node: Node) -> int:
        hit = self._memo.get(node)
        if hit is None:
            hit = self._memo[node] = self._compute(node)
        return hit

    def _compute(self, node: Node) -> int:
        if isinstance(node, Term):
            return self._term(_fts_tokens(node.terms))
        if isinstance(node, And):
            found = self._eval(node.parts[0])
            for part in node.parts[1:]:
                if not found:
                    break
                found &= self._eval(part)
            return found
        if isinstance(node, Or):
            found = 0
            for part in node.parts:
                found |= self._eval(part)
            return found
        if isinstance(node, Not):
            keep = self._eval(node.keep)
            return keep & ~self._eval(node.exclude) if keep else 0
        raise TypeError(f"not a query node: {node!r}")

    def _term(self, terms: list[str]) -> int:
        if not terms:
            return 0
        docs = self.docs.get(terms[0], 0)
        for term in terms[1:]:
            docs &= self.docs.get(term, 0)
        if len(terms) == 1 or not docs:
            return docs
        found = 0
        for doc in _members(docs):
            if self._adjacent(doc, terms):
                found |= 1 << doc
        return found

    def _pairs(self, doc: int) -> set[tuple[str, str]]:
        found = self._bigrams.get(doc)
        if found is None:
            tokens = self.tokens[doc]
            found = self._bigrams[doc] = set(zip(tokens, tokens[1:]))
        return found

    def _adjacent(self, doc: int, terms: list[str]) -> bool:
        pairs = self._pairs(doc)
        if not all(pair in pairs for pair in zip(terms, terms[1:])):
            return False
        if len(terms) == 2:
            return True
        tokens = self.tokens[doc]
        width = len(terms)
        return any(tokens[i:i + width] == terms for i, token in enumerate(tokens) if token == terms[0])
