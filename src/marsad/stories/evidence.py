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

import math
import re
import unicodedata
from datetime import date

from marsad.arabic import fold, words
from marsad.arabic.stem import stem, word_count
from marsad.article import Article
from marsad.crosslang.stopwords import ENGLISH_STOPWORDS
from marsad.stories.copies import MAX_TEXT_CHARS

__all__ = ["COSINE_MIN", "LINK_MIN_OVERLAP", "LINK_MIN_SHARED", "LINK_MIN_SPECIFIC", "Evidence", "Probe", "article_day", "cosine", "evidence", "link_score",
           "retrieval_keys", "text_vector"]

Evidence = dict[str, float]

# Calibrated on the dev half of bench/data/stories_labels.jsonl (bench/stories_eval.py).
LINK_MIN_SHARED = 3.0
LINK_MIN_OVERLAP = 0.3
LINK_MIN_SPECIFIC = 2.5
# Same language: this cosine of the word vectors links alone; below COSINE_WITH_ANCHORS the
# anchors cannot make up for words that differ.
COSINE_MIN = 0.7
COSINE_WITH_ANCHORS = 0.45
VECTOR_TERMS = 40
_CORPUS = 1_000_000.0
_MAX_LEAD_CHARS = 3_000  # a lead is a paragraph; a page on one line is not all lead
_MIN_IDF = 4.0  # log(1e6 / count): words seen over ~18,000 times carry no story
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
    keys.update(_numbers(article.text[:MAX_TEXT_CHARS]))
    keys.update(_terms(article))
    keys.update(text_vector(article))
    return keys


def text_vector(article: Article) -> Evidence:
    """The article's words as a unit TF-IDF vector (top VECTOR_TERMS), keyed `v:{lang}:{stem}`.

    The IDF comes from the shipped corpus word counts, not from the archive, so a pair's
    cosine is the same whatever else was ingested before: stories stay order-independent.
    """
    lang = article.lang or "xx"
    weights: dict[str, float] = {}
    for word in words(f"{article.title or ''}\n{article.text[:MAX_TEXT_CHARS]}"):
        folded = fold(word).lower()
        if len(folded) < 2 or folded.isdigit() or folded in ENGLISH_STOPWORDS:
            continue
        idf = math.log(_CORPUS / (word_count(folded) + 1.0))
        if idf < _MIN_IDF:
            continue  # function words: in every article
        key = f"v:{lang}:{stem(word).lower()}"
        weights[key] = weights.get(key, 0.0) + idf
    top = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:VECTOR_TERMS]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {k: round(w / norm, 4) for k, w in top}


def cosine(a: Evidence, b: Evidence) -> float:
    """Cosine of two articles' word vectors (0 across languages: their keys never meet)."""
    return sum(w * b[k] for k, w in a.items() if k.startswith("v:") and k in b)


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
    lead = (article.paragraphs[0] if article.paragraphs else article.text[:400])[:_MAX_LEAD_CHARS]
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


def retrieval_keys(keys: Evidence, limit: int = 16, words: int = 6) -> list[str]:
    """The keys worth looking candidates up by: the heaviest anchors (countries and years left
    out) and the heaviest words of the text."""
    useful = [(k, w) for k, w in keys.items() if w >= 0.5 and not k.startswith("v:")]
    useful.sort(key=lambda item: (-item[1], item[0]))
    vector = sorted(((k, w) for k, w in keys.items() if k.startswith("v:")), key=lambda item: (-item[1], item[0]))
    return [k for k, _ in useful[:limit]] + [k for k, _ in vector[:words]]


def link_score(a: Evidence, b: Evidence) -> tuple[float, float]:
    """Shared weight and overlap (shared over the smaller side's total) of the anchor keys."""
    shared = sum(min(w, b[k]) for k, w in a.items() if k in b and not k.startswith("v:"))
    smaller = min(_total(a), _total(b))
    return shared, (shared / smaller if smaller else 0.0)


def _language(keys: Evidence) -> str | None:
    """The language an article's word keys are in (`v:ar:…`), None when it has no words.

    The word keys all carry the article's one language and come last (`evidence`), so
    the search starts from the end."""
    for key in reversed(keys):
        if key.startswith("v:"):
            return key.split(":", 2)[1]
    return None


def _total(keys: Evidence) -> float:
    return sum(w for k, w in keys.items() if not k.startswith("v:"))


def specific_score(a: Evidence, b: Evidence) -> float:
    """Shared weight of what names one event rather than a beat: people, speakers, numbers, words.

    A city, a ministry and a day are shared by every story on that beat; the same
    count of evacuated families or the same rare headline word is not.
    """
    return sum(min(w, b[k]) for k, w in a.items() if k in b and k.startswith(_SPECIFIC) and w >= 0.5)


_SPECIFIC = ("e:PER:", "q:", "n:", "t:")


def linked(a: Evidence, b: Evidence, dated: bool = True, shared_min: float | None = None,
           overlap_min: float | None = None, specific_min: float | None = None) -> bool:
    """Whether two articles are about the same event, from their evidence alone.

    Within one language the wording decides (cosine of the word vectors), helped by the
    anchors; across languages only the anchors can, so they must be strong.
    """
    return Probe(a).linked(b, dated, shared_min, overlap_min, specific_min)


class Probe:
    """One article's evidence made ready to be compared with many candidates: `linked`
    with its word vector and language worked out once (the linker compares each new
    article with up to a thousand stored ones)."""

    __slots__ = ("keys", "language", "vector")

    def __init__(self, keys: Evidence) -> None:
        self.keys = keys
        self.vector = [(k, w) for k, w in keys.items() if k.startswith("v:")]
        self.language = _language(keys)

    def linked(self, b: Evidence, dated: bool = True, shared_min: float | None = None,
               overlap_min: float | None = None, specific_min: float | None = None) -> bool:
        """`linked(self.keys, b, ...)`."""
        a = self.keys
        factor = 1.0 if dated else UNDATED_FACTOR
        similar = sum(w * b[k] for k, w in self.vector if k in b)  # cosine(a, b), in the same order
        if similar >= COSINE_MIN * factor:
            return True
        if self.language == _language(b) and similar < COSINE_WITH_ANCHORS:
            return False
        return _anchored(a, b, factor, shared_min, overlap_min, specific_min)


def _anchored(a: Evidence, b: Evidence, factor: float, shared_min: float | None, overlap_min: float | None,
              specific_min: float | None) -> bool:
    shared, overlap = link_score(a, b)
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
