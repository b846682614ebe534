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


def _kind(label: str) -> int:
    return _INDEX.get(label[2:], 0)


def document_features(keys: Sequence[Sequence[str]], labels: Sequence[Sequence[str]]) -> list[list[list[str]]]:
    """Per sentence, per token: features from the first-pass `labels` of the other tokens with its key.

    `keys` and `labels` hold one list per sentence of the document. A word seen once
    gets none; otherwise `dm=` the majority kind of its other occurrences (O, PER, ORG,
    LOC), `dt=` each entity type among them, and the neighbours' `dm` one word away.
    """
    counts: dict[str, list[int]] = {}
    for sentence_keys, sentence_labels in zip(keys, labels, strict=True):
        for key, label in zip(sentence_keys, sentence_labels, strict=True):
            counts.setdefault(key, [0, 0, 0, 0])[_kind(label)] += 1
    out = []
    for sentence_keys, sentence_labels in zip(keys, labels, strict=True):
        own = [_summary(counts[key], _kind(label)) for key, label in zip(sentence_keys, sentence_labels)]
        n = len(own)
        rows = []
        for i in range(n):
            row = list(own[i][1])
            if i > 0 and own[i - 1][0]:
                row.append("dm[-1]=" + own[i - 1][0])
            if i + 1 < n and own[i + 1][0]:
                row.append("dm[+1]=" + own[i + 1][0])
            rows.append(row)
        out.append(rows)
    return out


def _summary(count: list[int], own: int) -> tuple[str, list[str]]:
    """(majority kind, features) of a word's other occurrences, leaving out its own label."""
    others = list(count)
    others[own] -= 1
    if not any(others):
        return "", []
    majority = _KINDS[max(range(4), key=lambda k: (others[k], k))]
    return majority, ["dm=" + majority, *("dt=" + _KINDS[k] for k in (1, 2, 3) if others[k])]
