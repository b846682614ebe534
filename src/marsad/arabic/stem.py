"""Clitic-aware light stemming of folded Arabic words.

Snowball's Arabic stemmer alone treats a word differently with and without its
article: it stems وزير to زير but الوزير to وزير, so a search for one misses the
other. We first peel proclitics ourselves, the same way for every variant of a
word, and give Snowball the bare word. The definite article (with و ف ب ك ل in
front) goes whenever a real word is left; a lone و ف ب ك ل goes only when our
corpus lexicon says the rest is a word in its own right that is common enough,
which keeps وزير, بيروت and فلسطين whole while لمنظمة and وقال lose their clitic.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

import Stemmer

from marsad.arabic.memo import word_memo
from marsad.arabic.normalize import fold
from marsad.arabic.tokenize import words

__all__ = ["match_terms", "stem", "strip_proclitics", "word_count"]

_ARTICLE_CHAINS = ("وبال", "وكال", "فبال", "فكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بكل"
_KEPT_LETTERS = frozenset(_CONJUNCTIONS + _PREPOSITIONS)
_MIN_STEM = 3
_SHORT_STEM = 2
# A lone clitic letter goes when the rest occurs at least this often relative to the whole.
_RATIO = 0.25
_MIN_COUNT = 3
_LEXICON_FILE = "arabic_lexicon.tsv.gz"


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, int]:
    """Folded word counts built by training/build_lexicon.py; empty if not built."""
    path = resources.files("marsad.models").joinpath(_LEXICON_FILE)
    if not path.is_file():
        return {}
    counts: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            word, _, count = line.rstrip("\n").partition("\t")
            counts[word] = int(count)
    return counts


def word_count(folded: str) -> int:
    """How often a folded word occurs in our news corpus (0 if rare or unknown)."""
    return _lexicon().get(folded, 0)


def _is_arabic(word: str) -> bool:
    return "\u0621" <= word[0] <= "\u064a"


def _can_drop_letter(word: str, lexicon: dict[str, int]) -> bool:
    rest = word[1:]
    if len(rest) < _MIN_STEM:
        return False
    if not lexicon:
        return len(rest) > _MIN_STEM
    rest_count = lexicon.get(rest, 0)
    return rest_count >= _MIN_COUNT and rest_count >= _RATIO * lexicon.get(word, 0)


def _can_drop_pair(word: str, lexicon: dict[str, int]) -> bool:
    """وب, ول, فك…: both letters go from a word our corpus never saw (ولتصفيته) when the rest
    is a word it knows; a known word keeps them (ولاية is not و + ل + آية)."""
    rest = word[2:]
    if len(rest) < _MIN_STEM or not lexicon or lexicon.get(word, 0) >= _MIN_COUNT:
        return False
    return lexicon.get(rest, 0) >= _MIN_COUNT and not _can_drop_letter(word, lexicon)


def strip_proclitics(word: str) -> str:
    """`word` (folded) without its leading conjunction, preposition and article."""
    if not word or not _is_arabic(word):
        return word
    lexicon = _lexicon()
    for chain in _ARTICLE_CHAINS:
        if not word.startswith(chain):
            continue
        rest = len(word) - len(chain)
        if rest >= _MIN_STEM:
            cut = len(chain)
            # لل is ل + ال (للمنظمة) or ل before a word that starts with ل (للبنان).
            if chain.endswith("لل") and lexicon.get(word[cut - 1 :], 0) > lexicon.get(word[cut:], 0):
                cut -= 1
            word = word[cut:]
            break
        defined = "ال" + word[-_SHORT_STEM:]
        if rest == _SHORT_STEM and lexicon.get(defined, 0) >= max(_MIN_COUNT, lexicon.get(word, 0)):
            # Too short to stand bare (الحر is not حر), so the chain keeps the article: وبالحر → الحر,
            # when that is the commoner word (وكالات is not و + ك + الات).
            return defined
        break
    else:
        if word[0] in _CONJUNCTIONS and len(word) > 1 and word[1] in _PREPOSITIONS and _can_drop_pair(word, lexicon):
            return word[2:]
    for letters in (_CONJUNCTIONS, _PREPOSITIONS):
        if word[0] in letters and _can_drop_letter(word, lexicon):
            word = word[1:]
    return word


@word_memo
def stem(word: str) -> str:
    """The search term for one word: folded, proclitics peeled, Snowball-stemmed."""
    folded = fold(word)
    if not folded or not _is_arabic(folded):
        return folded
    bare = strip_proclitics(folded)
    stemmed = _snowball().stemWord(bare)
    # Snowball peels و ف ب ك ل off any word (وزير → زير, بيروت → يرو); a letter our lexicon
    # check kept as part of a known word stays.
    if stemmed and bare[0] in _KEPT_LETTERS and not stemmed.startswith(bare[0]) and word_count(bare) >= _MIN_COUNT:
        stemmed = bare[0] + stemmed
    return stemmed


def match_terms(text: str) -> list[str]:
    """The index terms of `text`, one per word, in order (phrase search relies on it)."""
    return [stem(w) for w in words(text)]


@lru_cache(maxsize=1)
def _snowball() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("arabic")
