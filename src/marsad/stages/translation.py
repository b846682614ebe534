"""How likely an article is a machine translation, from evidence a reader can check.

Content farms repost agency news run through machine translation from English. Such
text carries marks that native Arabic copy rarely does, and each is measured here:

- ``space_before_punct``: a space before ، ؛ ؟ (MT tokenisers leave "word ، word"). The
  compose stage repairs this in the display text, so it is read from ``raw_text``, what
  the reader delivered, when the article still carries it.
- ``quote_damage``: curly quotes with a space inside (“ word) or used the wrong way round
  (an opening “ that closes a quotation: ``الأطراف “.``), also read before repair.
- ``calques``: English constructions rendered word for word, per 100 words: "including"
  as بما في ذلك, "Mr." as السيد, "not only … but also" as ليس فقط … ولكن أيضا, "your" as
  الخاص بك, "turning to" as بالانتقال إلى, "headquartered in" as يقع مقرها, and weaker,
  common in native copy too: "by" as من قبل, the passive يتم.
- ``tanween_alif``: fathatan written before the alif (تعقيدًا), the form MT engines emit on
  every indefinite accusative; native copy mostly writes تعقيدا or تعقيداً. Per 100 words.
- ``name_variants``: one person spelled several ways (خياري / خيري), from
  ``flags["name_variants"]`` when the entity stage filled it, else from the surnames
  after السيد / السيدة.
- ``latin_acronyms``: all-capital Latin acronyms inline (OIC), per 100 words.

Each measurement becomes a strength in 0..1 (measurement / saturation, capped), and the
score is a logistic function of their weighted sum. Weights are set by hand, not fitted
(the labelled set is small and its MT half written by us). A saturation sits near the
99.9th percentile of the measurement over 11,337 native articles (SaudiNewsNet, ANT;
bench/RESULTS-summary-mt.md), so full strength means "rarer than 1 native article in
1,000". A mark native copy almost never shows (calques, a name spelt two ways) weighs
enough to approach 0.5 alone; one that whole native outlets show by house style (the
Saudi Press Agency writes " ، ", Al-Madina writes تعقيدًا) weighs too little to reach 0.5
alone, so only a combination of marks flags an article.

``raw_text`` still holds the lines residue cleaning cut (widgets, ad slots); they are
short and carry few commas, so they barely move the punctuation rates.
"""

from __future__ import annotations

import math
import re
from difflib import SequenceMatcher
from itertools import combinations
from typing import Any

from marsad.arabic import fold, word_count
from marsad.article import Article
from marsad.pipeline import stage

__all__ = ["WEIGHTS", "mt_evidence", "mt_score", "translation_signal"]

# feature -> (weight, saturation): strength = min(1, value / saturation).
WEIGHTS: dict[str, tuple[float, float]] = {
    "space_before_punct": (2.5, 0.8),
    "quote_damage": (1.5, 0.5),
    "calques": (4.5, 1.0),
    "tanween_alif": (1.5, 3.0),
    "name_variants": (2.5, 1.0),
    "latin_acronyms": (0.5, 3.0),
}
BIAS = -4.5  # an article with no evidence scores about 0.01

# Folded phrase patterns and how much one occurrence counts. Strong calques (weight 1) occur
# under once per 10,000 words in native copy; weak ones (native rate 3-7 per 10,000) count less.
# Each pattern starts with a literal so the regex engine can skip ahead to it; one alternation
# of them all was six times slower. Checks on what comes before go in lookbehinds after it.
_CALQUES: tuple[tuple[str, float], ...] = (
    (r"بما في ذلك", 1.0),  # including
    (r"لسيد(?<=[ال]لسيد)ه? ", 0.7),  # Mr. / Ms. (السيد، للسيد); native copy uses it for diplomats
    (r"ليس فقط", 1.0),  # not only
    (r"ايض(?:(?<=لكن ايض)|(?<=بل ايض))", 1.0),  # but also
    (r"بالانتقال الي", 1.0),  # turning to
    (r"الخاصه? ب(?:ك|كم|ي|نا)\b", 1.0),  # your / my / our
    (r"كمسال", 1.0),  # as a matter of
    (r"يقع مقر", 1.0),  # headquartered in
    (r"في احياء (?:مجلس|الجلس|لجن)", 1.0),  # "briefing" mistaken for a revival
    (r"مجال(?:(?<=وهو مجال)|(?<=وهي مجال))", 1.0),  # ", an area where"
    (r"في وقت (?:سابق|لاحق) من هذا", 1.0),  # earlier / later this (month, week)
    (r"من قبل", 0.3),  # by (agentive passive)
    (r"يتم\b", 0.3),  # is being done (يتم، سيتم، ويتم)
)
_CALQUE_RES = tuple((re.compile(pattern), weight) for pattern, weight in _CALQUES)

_SPACED_PUNCT = re.compile(r"\s[،؛؟]")
_ARABIC_PUNCT = "،؛؟"
# A curly quote with a space on its inside, or an opening mark standing where a closing one goes.
_QUOTE_MARK = re.compile(r"[“”]")
_QUOTE_DAMAGE = re.compile(r"“(?:\s|[.،,؛:!?؟]|$)|(?<=\s)”(?=\w)", re.MULTILINE)
_TANWEEN_ALIF = "\u064b\u0627"
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_HONORIFIC = re.compile(r"لسيد(?<=[ال]لسيد)[ةه]? (\w{3,})")
_SAME_NAME = 0.6  # SequenceMatcher ratio above which two spellings are one name
_SAME_NAME_OTHER_INITIAL = 0.7  # غوتيريش / جوتيريش: MT changes a first letter too, but then be surer
_COMMON_NAME = 100  # a form this frequent in our lexicon is a given name (محمد, محمود), not a misspelling
_WORD_PRIOR = 100  # pseudo-count of words, so one calque in a two-line brief is not a density of 5%
_SHRINK = 2  # pseudo-count: two spaced commas out of two is weak evidence, 40 of 40 is strong


def _space_before_punct(raw: str) -> float:
    marks = sum(raw.count(mark) for mark in _ARABIC_PUNCT)
    return len(_SPACED_PUNCT.findall(raw)) / (marks + _SHRINK)


def _quote_damage(raw: str) -> float:
    marks = len(_QUOTE_MARK.findall(raw))
    if not marks:
        return 0.0
    unbalanced = abs(raw.count("“") - raw.count("”"))
    return (len(_QUOTE_DAMAGE.findall(raw)) + unbalanced) / (marks + _SHRINK)


def _calques(folded: str, count: int) -> float:
    hits = sum(weight * len(pattern.findall(folded)) for pattern, weight in _CALQUE_RES)
    return 100 * hits / (count + _WORD_PRIOR)


def _misspelt(a: str, b: str) -> bool:
    """True when folded `a` and `b` look like one uncommon name spelt two ways."""
    if a in b or b in a:  # a surname and the full name, or a clitic: not a variant
        return False
    ratio = SequenceMatcher(None, a, b).ratio()
    return ratio >= (_SAME_NAME if a[0] == b[0] else _SAME_NAME_OTHER_INITIAL)


def _variant_groups(forms: list[str]) -> int:
    """How many pairs of distinct spellings in `forms` look like one name misspelt."""
    distinct = sorted({f for f in map(fold, forms) if f and word_count(f) < _COMMON_NAME})
    return sum(1 for a, b in combinations(distinct, 2) if _misspelt(a, b))


def _name_variants(text: str, flags: dict[str, Any]) -> float:
    """Groups of forms of one entity whose last words are spelt differently (خياري / خيري)."""
    groups = flags.get("name_variants")
    if groups:
        return float(
            sum(
                _variant_groups([f.split()[-1] for f in group if isinstance(f, str) and f.strip()]) > 0
                for group in groups
            )
        )
    return float(_variant_groups(_HONORIFIC.findall(text)) > 0)


def mt_evidence(
    text: str, raw_text: str | None = None, flags: dict[str, Any] | None = None
) -> dict[str, float]:
    """Each machine-translation mark measured on one article (see the module docstring).

    Punctuation is read from `raw_text` (before repair) when given, words from `text`.
    """
    raw = raw_text or text
    count = max(len(text.split()), 1)  # whitespace words: within 2% of tokens, ten times cheaper
    folded = fold(text)
    return {
        "space_before_punct": round(_space_before_punct(raw), 3),
        "quote_damage": round(_quote_damage(raw), 3),
        "calques": round(_calques(folded, count), 3),
        "tanween_alif": round(100 * text.count(_TANWEEN_ALIF) / count, 3),
        "name_variants": _name_variants(text, flags or {}),
        "latin_acronyms": round(100 * len(_ACRONYM.findall(text)) / count, 3),
    }


def mt_score(evidence: dict[str, float]) -> float:
    """The evidence combined into 0..1: a logistic function of weighted strengths."""
    z = BIAS
    for name, (weight, saturation) in WEIGHTS.items():
        z += weight * min(1.0, evidence.get(name, 0.0) / saturation)
    return round(1 / (1 + math.exp(-z)), 3)


@stage("translation", needs={"text"}, gives={"flags"})
def translation_signal(article: Article) -> Article:
    """Set `flags.machine_translated` (0..1) and `flags.mt_evidence` (what it rests on)."""
    evidence = mt_evidence(article.text, article.raw_text, article.flags)
    article.flags = {**article.flags, "machine_translated": mt_score(evidence), "mt_evidence": evidence}
    return article
