"""Name queries: a query that names someone puts the articles that mention them first.

The index holds stems, so the surname خياري and خياران ("two options") share one term
and BM25 cannot tell an article about the UN official from one about two choices.
The entity index can: when a run of the query's words is a name the knowledge base
knows, or one the archive has seen an entity called, the articles that mention that
entity (whatever name they used) rank above those that only share a stem. Only the
names are looked up here; each store finds the articles that mention them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from marsad.arabic import fold, words

__all__ = ["MAX_NAME_WORDS", "kb_entity_ids", "query_names"]

MAX_NAME_WORDS = 4  # longer runs are phrases, not names (the longest KB names have about four words)
_BREAKS = frozenset({"AND", "OR", "NOT", "و", "أو"})

Span = tuple[int, int, str]  # first word, end word, key


def _spans(text: str) -> list[Span]:
    """Every run of 1..MAX_NAME_WORDS neighbouring query words as names are keyed (folded
    words, single spaces), longest first; operators split runs."""
    folded: list[str | None] = [None if w in _BREAKS else (fold(w) or None) for w in words(text)]
    spans = []
    for size in range(MAX_NAME_WORDS, 0, -1):
        for start in range(len(folded) - size + 1):
            run = folded[start : start + size]
            if all(run):
                spans.append((start, start + size, " ".join(run)))  # type: ignore[arg-type]
    return spans


def query_names(text: str, ids_of: Callable[[list[str]], Mapping[str, set[str]]]) -> list[frozenset[str]]:
    """The names in query `text`: for each, the ids of the entities it may mean.

    `ids_of(keys)` maps each key that is a name to its entity ids (keys that are no name
    left out). The longest names win: in الأمم المتحدة غزة, الأمم المتحدة is one name and
    its words are not looked at again on their own.
    """
    spans = _spans(text)
    if not spans:
        return []
    found = ids_of(list(dict.fromkeys(key for _, _, key in spans)))
    taken: set[int] = set()
    names = []
    for start, end, key in spans:
        ids = found.get(key)
        if ids and taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            names.append(frozenset(ids))
    return names


def kb_entity_ids(keys: Iterable[str], lookup: Callable[[str], list] | None = None) -> dict[str, set[str]]:
    """Knowledge-base ids per key that names a KB entry (its aliases follow the KB's policy:
    no bare common words, so خيارات is no one)."""
    if lookup is None:
        from marsad.kb import load_kb

        lookup = load_kb().lookup
    found: dict[str, set[str]] = {}
    for key in keys:
        ids = {entry.id for entry in lookup(key)}
        if ids:
            found[key] = ids
    return found
