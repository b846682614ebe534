"""What two articles about the same event share, even across languages.

Entity ids, numbers, resolved dates and quoted speakers survive translation and
rewording, so they are the bridge between an English original and its Arabic copies
(EMM NewsBrief links its stories through names and places the same way). Title and
lead terms add what a headline says, but only within one language. Each key has a
weight for how much it says on its own: a person more than a country, a number like
1,532 more than a year. `link_score` depends on the two articles alone, never on what
else is in the archive, so stories do not depend on ingest order.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from marsad.arabic import fold, words
from marsad.arabic.stem import stem, word_count
from marsad.article import Article
from marsad.crosslang.stopwords import ENGLISH_STOPWORDS

__all__ = ["LINK_MIN_OVERLAP", "LINK_MIN_SHARED", "LINK_MIN_SPECIFIC", "Evidence", "article_day", "evidence", "link_score",
           "retrieval_keys"]

Evidence = dict[str, float]

# Calibrated on the dev half of bench/data/stories_labels.jsonl (bench/stories_eval.py).
LINK_MIN_SHARED = 3.0
LINK_MIN_OVERLAP = 0.3
LINK_MIN_SPECIFIC = 2.5
# Undated articles have no time window to keep them apart, so they need more evidence.
UNDATED_FACTOR = 1.5

_ENTITY_WEIGHT = {"PER": 2.0, "ORG": 1.0, "LOC": 0.8}
_COUNTRY_WEIGHT = 0.3  # LOC:SA, LOC:US: named in half the news of a region
_SPEAKER_WEIGHT = 1.0
_DATE_WEIGHT = 1.0
_TERM_LIMIT = 12
_NUMBER = re.compile(r"\d+(?:[.,٫٬]\d+)*")
_YEAR = range(1900, 2101)


def evidence(article: Article) -> Evidence:
    """The article's weighted keys: entities, speakers, numbers, dates, title and lead terms."""
    keys: Evidence = {}
    for entity in article.entities:
        weight = _ENTITY_WEIGHT.get(entity.type, 0.5)
        if entity.type == "LOC" and len(entity.id) == 6:  # "LOC:SD": a country by ISO code
            weight = _COUNTRY_WEIGHT
        keys[f"e:{entity.id}"] = weight
    for quote in article.quotes:
        if quote.speaker:
            keys[f"q:{quote.speaker}"] = _SPEAKER_WEIGHT
    for mention in article.dates:
        if mention.value and len(mention.value) == 10 and mention.anchor != "today":
            keys[f"d:{mention.value}"] = _DATE_WEIGHT
    keys.update(_numbers(article.text))
    keys.update(_terms(article))
    return keys


def _numbers(text: str) -> Evidence:
    """Numbers of two or more digits, in any script; a year says little, a count like 1,532 much."""
    found: Evidence = {}
    for match in _NUMBER.finditer(text):
        digits = "".join(str(unicodedata.digit(c)) for c in match.group() if c.isdigit())
        value = int(digits) if digits else 0
        if value < 10:
            continue
        weight = 0.3 if value in _YEAR else (1.5 if value >= 100 else 0.7)
        found[f"n:{value}"] = max(weight, found.get(f"n:{value}", 0.0))
    return found


def _terms(article: Article) -> Evidence:
    """The rarest title and lead words, as stems, keyed by language (they only match within one)."""
    lead = article.paragraphs[0] if article.paragraphs else article.text[:400]
    lang = article.lang or "xx"
    scored = {}
    for word in words(f"{article.title or ''} {lead}"):
        folded = fold(word).lower()
        if len(folded) < 3 or folded.isdigit() or folded in ENGLISH_STOPWORDS:
            continue
        if "\u0621" <= folded[0] <= "\u064a":
            count = word_count(folded)
            if count > 3000:
                continue
            weight = 0.8 if count <= 100 else 0.5
        else:
            weight = 0.5  # no word counts outside Arabic: a middling weight, function words left out above
        scored[f"t:{lang}:{stem(word).lower()}"] = weight
    rarest = sorted(scored.items(), key=lambda item: (-item[1], item[0]))[:_TERM_LIMIT]
    return dict(rarest)


def retrieval_keys(keys: Evidence, limit: int = 16) -> list[str]:
    """The keys worth looking candidates up by: the heaviest, countries and years left out."""
    useful = [(k, w) for k, w in keys.items() if w >= 0.5]
    useful.sort(key=lambda item: (-item[1], item[0]))
    return [k for k, _ in useful[:limit]]


def link_score(a: Evidence, b: Evidence) -> tuple[float, float]:
    """Shared weight and overlap (shared over the smaller side's total): both must pass to link."""
    shared = sum(min(w, b[k]) for k, w in a.items() if k in b)
    smaller = min(sum(a.values()), sum(b.values()))
    return shared, (shared / smaller if smaller else 0.0)


def specific_score(a: Evidence, b: Evidence) -> float:
    """Shared weight of what names one event rather than a beat: people, speakers, numbers, words.

    A city, a ministry and a day are shared by every story on that beat; the same
    count of evacuated families or the same rare headline word is not.
    """
    return sum(min(w, b[k]) for k, w in a.items() if k in b and k.startswith(_SPECIFIC) and w >= 0.5)


_SPECIFIC = ("e:PER:", "q:", "n:", "t:")


def linked(a: Evidence, b: Evidence, dated: bool = True, shared_min: float | None = None,
           overlap_min: float | None = None, specific_min: float | None = None) -> bool:
    """Whether two articles are about the same event, from their evidence alone."""
    shared, overlap = link_score(a, b)
    factor = 1.0 if dated else UNDATED_FACTOR
    return (shared >= (shared_min or LINK_MIN_SHARED) * factor
            and overlap >= (overlap_min or LINK_MIN_OVERLAP)
            and specific_score(a, b) >= (specific_min or LINK_MIN_SPECIFIC) * factor)


def article_day(article: Article) -> int | None:
    """The article's day (published, else its estimate) as a day number, for the time window."""
    for value in (article.published, article.published_estimate):
        if value:
            try:
                return date.fromisoformat(value[:10]).toordinal()
            except ValueError:
                continue
    return None
