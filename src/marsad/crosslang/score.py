"""How strongly one article's words and anchors say it translates another.

The parts, each 0..1, or None where neither article has that kind of evidence (an
article without numbers is judged on the rest, not punished):

- words: each paragraph of the derived text against its best-matching stretch of
  the original (two paragraphs, since translators join and split them), through the
  lexicon's senses; paragraphs matched in the original's order count fully. Whole-
  text coverage of the original counts too, less: reposts cut endings, so what the
  derived text says weighs more than what it left out;
- entities: knowledge-base ids both name, and how much their order agrees;
- numbers, and dates that name their day, month or year;
- quoted speakers;
- structure: text lengths in the usual ratio of the two languages.

`WEIGHTS` say what each part is worth; they and `_FORWARD` were set on the dev half
of the parallel pairs (bench/crosslang_eval.py).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence

from marsad.article import Article
from marsad.crosslang.evidence import Evidence, evidence
from marsad.crosslang.lexicon import english_weight

__all__ = ["parts", "rank_evidence", "rank_originals", "score_evidence", "translation_score"]

WEIGHTS = {
    "words": 0.75, "entities": 0.15, "numbers": 0.15, "dates": 0.05, "speakers": 0.05, "structure": 0.05,
}
_FORWARD = 0.85
# English runs about this many words per Arabic word (clitics and the article are
# separate English words).
_WORD_RATIO = {("ar", "en"): 1.3, ("en", "ar"): 1 / 1.3}
# An original shorter than this share of the expected length is not the whole original.
_SHORTEST = 0.8
# Paragraphs with fewer known words than this say too little to align on their own.
_MIN_KNOWN = 3
# rank_originals aligns paragraphs only for this many best candidates by the quick score.
_SHORTLIST = 25


def _dice(a: Iterable, b: Iterable) -> float | None:
    """Multiset overlap of two bags; None when both are empty (no evidence either way)."""
    ca, cb = Counter(a), Counter(b)
    total = sum(ca.values()) + sum(cb.values())
    if not total:
        return None
    return 2 * sum((ca & cb).values()) / total


def _contained(a: Iterable, b: Iterable) -> float | None:
    """How much of bag `a` (the derived text's) is in `b` (the original's), with what `b`
    has beyond it counting a little: a cut repost keeps a part of its original's anchors."""
    ca, cb = Counter(a), Counter(b)
    if not ca and not cb:
        return None
    if not ca or not cb:
        return 0.0
    common = sum((ca & cb).values())
    return (common / sum(ca.values())) ** _FORWARD * (common / sum(cb.values())) ** (1 - _FORWARD)


def _lcs(a: Sequence, b: Sequence) -> int:
    """Length of the longest common subsequence (the lists here are short)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def _increasing(values: Sequence[int]) -> int:
    """Length of the longest non-decreasing run-through (patience sorting)."""
    tails: list[int] = []
    for v in values:
        at = bisect_right(tails, v)
        tails[at:at + 1] = [v]
    return len(tails)


def _entities(d: Evidence, o: Evidence) -> float | None:
    overlap = _contained(d.entity_ids, o.entity_ids)
    shared = set(d.entity_ids) & set(o.entity_ids)
    if overlap is None or len(shared) < 2:
        return overlap
    mine, theirs = [e for e in d.entity_ids if e in shared], [e for e in o.entity_ids if e in shared]
    order = _lcs(mine, theirs) / len(shared)
    return overlap * (0.5 + 0.5 * order)


def _senses(d: Evidence, o: Evidence) -> list[tuple[tuple[str, ...], ...]] | None:
    """Per paragraph, each word of `d` as the words of `o`'s language it may be."""
    if d.lang == o.lang:
        return [tuple((k,) for k in keys) for keys in d.paragraphs]
    if d.lang == "ar" and o.lang == "en":
        return list(d.english)
    return None


def _coverage(senses: list, o: Evidence) -> tuple[float, float] | None:
    """Share of the derived words found in the original, and of the original's words reached."""
    target = o.where
    known = hit = 0.0
    reached: set[str] = set()
    for paragraph in senses:
        for options in paragraph:
            weight = english_weight(options[0])
            known += weight
            found = [s for s in options if s in target]
            if found:
                hit += weight
                reached.update(found)
    if not known or not target:
        return None
    backward = sum(map(english_weight, reached)) / sum(map(english_weight, target))
    return hit / known, backward


def _aligned(senses: list, o: Evidence) -> float | None:
    """Mean coverage of each derived paragraph by its best two-paragraph window of the
    original, discounted for paragraphs matched out of order."""
    total = weight = 0.0
    best_at: list[int] = []
    for paragraph in senses:
        if len(paragraph) < _MIN_KNOWN:
            continue
        window: Counter = Counter()
        size = 0.0
        for options in paragraph:
            places = set()
            for s in options:
                places |= o.where.get(s, frozenset())
            telling = english_weight(options[0])
            size += telling
            for j in places:
                window[j] += telling
                if j - 1 not in places:
                    window[j - 1] += telling
        j, hits = max(window.items(), key=lambda kv: (kv[1], -kv[0]), default=(0, 0.0))
        total += hits
        weight += size
        best_at.append(j)
    if not weight:
        return None
    order = _increasing(best_at) / len(best_at)
    return (total / weight) * (0.5 + 0.5 * order)


def _words(d: Evidence, o: Evidence, align: bool = True) -> float | None:
    senses = _senses(d, o)
    if senses is None:
        return None
    coverage = _coverage(senses, o)
    if coverage is None:
        return None
    forward, backward = coverage
    if align:
        aligned = _aligned(senses, o)
        forward = forward if aligned is None else aligned
    return forward**_FORWARD * backward ** (1 - _FORWARD)


def _structure(d: Evidence, o: Evidence) -> float:
    """An original is as long as its translation or longer (reposts cut, they rarely add)."""
    expected = max(1.0, d.word_count * _WORD_RATIO.get((d.lang, o.lang), 1.0))
    ratio = max(1, o.word_count) / expected
    if ratio >= _SHORTEST:
        return 1.0 if ratio <= 1 / _SHORTEST else math.exp(-0.25 * math.log(ratio * _SHORTEST))
    return math.exp(-2 * math.log(_SHORTEST / ratio))


def parts(d: Evidence, o: Evidence, align: bool = True) -> dict[str, float | None]:
    """Each kind of evidence on its own, 0..1, or None where neither side has any."""
    return {
        "words": _words(d, o, align),
        "entities": _entities(d, o),
        "numbers": _contained(d.numbers, o.numbers),
        "dates": _contained(d.dates, o.dates),
        # Quote attribution differs most between languages' readers: only when both found some.
        "speakers": _contained(d.speakers, o.speakers) if d.speakers and o.speakers else None,
        "structure": _structure(d, o),
    }


def score_evidence(d: Evidence, o: Evidence, align: bool = True) -> float:
    """The weighted mean of the kinds of evidence present, 0..1 (`align=False`: the quick form)."""
    got = {k: v for k, v in parts(d, o, align).items() if v is not None}
    weight = sum(WEIGHTS[k] for k in got)
    return sum(WEIGHTS[k] * v for k, v in got.items()) / weight if weight else 0.0


def translation_score(derived: Article, original: Article) -> float:
    """0..1: evidence that `derived` (e.g. Arabic) translates `original` (e.g. English)."""
    return score_evidence(evidence(derived), evidence(original))


def rank_evidence(d: Evidence, candidates: Sequence[Evidence]) -> list[tuple[str, float]]:
    """Candidates' ids and scores, best first: a quick score for all, paragraph alignment
    for the best `_SHORTLIST` (alignment only ever decides among close candidates)."""
    quick = sorted(((score_evidence(d, c, align=False), i) for i, c in enumerate(candidates)), reverse=True)
    shortlist = {i for _, i in quick[:_SHORTLIST]}
    scored = []
    for i, c in enumerate(candidates):
        score = score_evidence(d, c) if i in shortlist else 0.0
        scored.append((c.id, score))
    return sorted(scored, key=lambda item: (-item[1], item[0]))


def rank_originals(derived: Article, candidates: Iterable[Article]) -> list[tuple[str, float]]:
    """Candidate ids with their `translation_score`, best first (ties by id, for a stable order)."""
    return rank_evidence(evidence(derived), [evidence(c) for c in candidates])
