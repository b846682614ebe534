"""How strongly one article's anchors and words say it translates another.

`evidence(article)` reads what a translation keeps from one article, once; the
score of a pair compares two such readings:

- words: the share of the derived text's words whose lexicon translations occur
  in the original, and the share of the original's content words so reached (both,
  so neither a short text inside a long one nor a long one around it scores high);
- entities: knowledge-base ids both name, and how much of their order agrees;
- numbers and dated expressions that name their date in full;
- quoted speakers (entity ids);
- structure: paragraph counts and text lengths of the right ratio.

Each kind of anchor counts only when at least one side has it, so an article
without numbers is judged on the rest rather than punished. Same-language pairs
compare words directly (the lexicon is for Arabic→English).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from marsad.arabic import words
from marsad.article import Article
from marsad.crosslang.lexicon import arabic_key, english_key, load_lexicon
from marsad.crosslang.stopwords import ENGLISH_STOPWORDS
from marsad.numbers import number_values

__all__ = ["Evidence", "evidence", "rank_originals", "score_evidence", "translation_score"]

# How much each kind of anchor weighs when present (words are the densest evidence).
WEIGHTS = {"words": 0.5, "entities": 0.2, "numbers": 0.15, "dates": 0.05, "speakers": 0.05, "structure": 0.05}
# English runs about this many words per Arabic word (clitics and the article are
# separate English words); measured on the dev half of the parallel pairs.
_FORWARD = 0.7
_WORD_RATIO = {("ar", "en"): 1.3, ("en", "ar"): 1 / 1.3}


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a translation of an article would keep, read once per article."""

    id: str
    lang: str
    keys: tuple[str, ...]  # content words in the language's match form, in order
    entity_ids: tuple[str, ...]  # knowledge-base ids in order of first mention
    numbers: tuple[float, ...]
    dates: tuple[str, ...]
    speakers: tuple[str, ...]
    paragraphs: int
    word_count: int


def _is_kb_id(entity_id: str) -> bool:
    # Ids of entities the knowledge base lacks are made from the name as written
    # (marsad.link.resolve.new_id) and differ between scripts; KB ids do not.
    return ":" in entity_id and not entity_id.split(":", 1)[1].startswith(("new-", "x-"))


def _keys(text: str, lang: str) -> tuple[str, ...]:
    if lang == "ar":
        return tuple(k for k in (arabic_key(w) for w in words(text)) if len(k) > 1)
    out = []
    for word in words(text):
        low = word.lower()
        if low in ENGLISH_STOPWORDS or not low.isalpha() or len(low) < 3:
            continue
        out.append(english_key(low))
    return tuple(out)


def evidence(article: Article) -> Evidence:
    """Read an article's anchors and words (its entities, quotes and dates as stages found them)."""
    lang = article.lang or "ar"
    ids = tuple(dict.fromkeys(e.id for e in sorted(article.entities, key=_first_mention) if _is_kb_id(e.id)))
    dates = tuple(d.value for d in article.dates if d.value and any(c.isdigit() for c in d.text))
    speakers = tuple(q.speaker for q in article.quotes if q.speaker)
    text = article.text
    return Evidence(
        id=article.id,
        lang=lang,
        keys=_keys(text, lang),
        entity_ids=ids,
        numbers=tuple(v for v in number_values(text) if v >= 2),
        dates=dates,
        speakers=speakers,
        paragraphs=len(article.paragraphs) or text.count("\n\n") + 1,
        word_count=len(words(text)),
    )


def _first_mention(entity) -> int:
    return min((m.start for m in entity.mentions), default=0)


# ------------------------------------------------------------------ the parts
def _dice(a: Iterable, b: Iterable) -> float | None:
    """Multiset overlap of two bags; None when both are empty (no evidence either way)."""
    ca, cb = Counter(a), Counter(b)
    total = sum(ca.values()) + sum(cb.values())
    if not total:
        return None
    return 2 * sum((ca & cb).values()) / total


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence (entity lists are short)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def _entities(d: Evidence, o: Evidence) -> float | None:
    overlap = _dice(d.entity_ids, o.entity_ids)
    if overlap is None:
        return None
    shared = set(d.entity_ids) & set(o.entity_ids)
    if len(shared) < 2:
        return overlap
    order = _lcs([e for e in d.entity_ids if e in shared], [e for e in o.entity_ids if e in shared]) / len(shared)
    return overlap * (0.5 + 0.5 * order)


def _translated_words(d: Evidence, o: Evidence) -> float | None:
    """Coverage both ways through the lexicon (or directly within one language)."""
    if not d.keys or not o.keys:
        return None
    if d.lang == o.lang or d.lang != "ar":
        return _dice(d.keys, o.keys)
    lexicon = load_lexicon()
    target = set(o.keys)
    reached: set[str] = set()
    known = hit = 0
    for key in d.keys:
        senses = lexicon.get(key)
        if not senses:
            continue
        senses = [s for s in senses if s not in _STOP_KEYS]
        if not senses:
            continue
        known += 1
        found = [s for s in senses if s in target]
        if found:
            hit += 1
            reached.update(found)
    if not known:
        return None
    forward = hit / known
    backward = sum(1 for k in o.keys if k in reached) / len(o.keys)
    # Reposts cut endings, so what the derived text says weighs more than what it left out.
    return forward**_FORWARD * backward ** (1 - _FORWARD)


def _structure(d: Evidence, o: Evidence) -> float:
    ratio = _WORD_RATIO.get((d.lang, o.lang), 1.0)
    expected = max(1.0, d.word_count * ratio)
    length = math.exp(-abs(math.log(max(1, o.word_count) / expected)))
    paragraphs = min(d.paragraphs, o.paragraphs) / max(d.paragraphs, o.paragraphs, 1)
    return 0.5 * length + 0.5 * paragraphs


def parts(d: Evidence, o: Evidence) -> dict[str, float | None]:
    """Each kind of evidence on its own, 0..1, or None where neither side has any."""
    return {
        "words": _translated_words(d, o),
        "entities": _entities(d, o),
        "numbers": _dice(d.numbers, o.numbers),
        "dates": _dice(d.dates, o.dates),
        "speakers": _dice(d.speakers, o.speakers),
        "structure": _structure(d, o),
    }


def score_evidence(d: Evidence, o: Evidence) -> float:
    """The weighted mean of the kinds of evidence present, 0..1."""
    got = {k: v for k, v in parts(d, o).items() if v is not None}
    weight = sum(WEIGHTS[k] for k in got)
    return sum(WEIGHTS[k] * v for k, v in got.items()) / weight if weight else 0.0


def translation_score(derived: Article, original: Article) -> float:
    """0..1: evidence that `derived` (e.g. Arabic) translates `original` (e.g. English)."""
    return score_evidence(evidence(derived), evidence(original))


def rank_originals(derived: Article, candidates: Iterable[Article]) -> list[tuple[str, float]]:
    """Candidate ids with their `translation_score`, best first (ties by id, for a stable order)."""
    d = evidence(derived)
    scored = [(c.id, score_evidence(d, evidence(c))) for c in candidates]
    return sorted(scored, key=lambda item: (-item[1], item[0]))


_STOP_KEYS = frozenset(english_key(w) for w in ENGLISH_STOPWORDS)
