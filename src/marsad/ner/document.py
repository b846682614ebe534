"""Document-level evidence for a second NER pass: how a first pass labelled the same word elsewhere.

An article names a person or an organisation several times, and only some of the
mentions stand where the local features are clear (after الرئيس, in a dateline,
as a full name); the others, a bare surname or a club name in a result list, the
CRF misses when it sees one sentence at a time. Following Krishnan and Manning
(2006), a first CRF tags the whole article; each word then gets features for how
that first pass labelled the word's other occurrences in the article (compared by
`word_key`, so بالبنك and البنك are one word), and a second CRF, trained on
first-pass labels made by cross-validation so that it learns how far to trust them,
makes the decision.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["document_features"]

_KINDS = ("O", "PER", "ORG", "LOC")
_INDEX = {kind: k for k, kind in enumerate(_KINDS)}


def document_features(keys: Sequence[Sequence[str]], labels: Sequence[Sequence[str]]) -> list[list[list[str]]]:
    """Per sentence, per token: features from the first-pass `labels` of the other tokens with its key.

    `keys` and `labels` hold one list per sentence of the document. A word seen once
    gets none; otherwise `dm=` the majority kind of its other occurrences (O, PER, ORG,
    LOC), `dt=` each entity type among them, and the neighbours' `dm` one word away.
    """
    counts: dict[str, list[int]] = {}
    kinds = [[_INDEX.get(label[2:], 0) for label in sentence] for sentence in labels]
    for sentence_keys, sentence_kinds in zip(keys, kinds, strict=True):
        for key, kind in zip(sentence_keys, sentence_kinds, strict=True):
            row = counts.get(key)
            if row is None:
                row = counts[key] = [0, 0, 0, 0]
            row[kind] += 1
    memo: dict[tuple[str, int], tuple[int, tuple[str, ...]]] = {}
    out = []
    for sentence_keys, sentence_kinds in zip(keys, kinds):
        own = []
        for key, kind in zip(sentence_keys, sentence_kinds):
            summary = memo.get((key, kind))
            if summary is None:
                summary = memo[key, kind] = _summary(counts[key], kind)
            own.append(summary)
        n = len(own)
        rows = []
        for i in range(n):
            row = list(own[i][1])
            if i > 0 and own[i - 1][0] >= 0:
                row.append(_BEFORE[own[i - 1][0]])
            if i + 1 < n and own[i + 1][0] >= 0:
                row.append(_AFTER[own[i + 1][0]])
            rows.append(row)
        out.append(rows)
    return out


_MAJORITY = tuple("dm=" + kind for kind in _KINDS)
_TYPES = tuple("dt=" + kind for kind in _KINDS)
_BEFORE = tuple("dm[-1]=" + kind for kind in _KINDS)
_AFTER = tuple("dm[+1]=" + kind for kind in _KINDS)


def _summary(count: list[int], own: int) -> tuple[int, tuple[str, ...]]:
    """(majority kind, features) of a word's other occurrences, leaving out its own label (-1: none)."""
    others = list(count)
    others[own] -= 1
    if not any(others):
        return -1, ()
    majority = max(range(4), key=lambda k: (others[k], k))
    return majority, (_MAJORITY[majority], *(_TYPES[k] for k in (1, 2, 3) if others[k]))
