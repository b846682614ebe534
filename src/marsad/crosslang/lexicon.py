"""The shipped Arabic→English lexicon and the match forms both sides are read in.

An Arabic word is keyed by the search stem (`marsad.arabic.stem`: folded, proclitics
peeled, Snowball-stemmed), an English word by its Snowball English stem, so وزير,
الوزير and للوزير all find "minist" (minister, ministers). The file is built by
training/build_crosslang_lexicon.py from the open sources that may ship.
"""

from __future__ import annotations

import gzip
import math
from functools import lru_cache
from importlib import resources
from pathlib import Path

import Stemmer

from marsad.arabic import fold, stem, strip_proclitics

__all__ = [
    "LEXICON_PATH", "arabic_key", "arabic_keys", "english_key", "english_weight", "load_lexicon",
    "translations",
]

LEXICON_PATH = Path(str(resources.files("marsad.models").joinpath("crosslang_lexicon.tsv.gz")))


def arabic_key(word: str) -> str:
    """The match form of an Arabic word (the search stem)."""
    return stem(word)


def arabic_keys(word: str) -> tuple[str, ...]:
    """The stem, and the unstemmed bare word where Snowball cuts them apart (لاجئ / لاجئين)."""
    stemmed = stem(word)
    bare = strip_proclitics(fold(word))
    return (stemmed,) if bare == stemmed else (stemmed, bare)


def translations(word_key: str, bare: str = "") -> tuple[str, ...]:
    """English keys for an Arabic word's key (or its bare form), most agreed first."""
    lexicon = load_lexicon()
    return lexicon.get(word_key) or (lexicon.get(bare, ()) if bare else ())


@lru_cache(maxsize=1)
def _english_stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=131_072)
def english_key(word: str) -> str:
    """The match form of an English word: lowercase, Snowball-stemmed."""
    return _english_stemmer().stemWord(word.lower().replace("’", "'").removesuffix("'s"))


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, tuple[str, ...]]:
    """Arabic key -> English keys, most agreed sense first; empty when the file is absent."""
    if not LEXICON_PATH.is_file():
        return {}
    lexicon: dict[str, tuple[str, ...]] = {}
    with gzip.open(LEXICON_PATH, "rt", encoding="utf-8") as handle:
        for line in handle:
            key, _, values = line.rstrip("\n").partition("\t")
            lexicon[key] = tuple(values.split())
    return lexicon


@lru_cache(maxsize=1)
def _fan_in() -> dict[str, int]:
    """How many Arabic keys translate to each English key: general words have many."""
    counts: dict[str, int] = {}
    for senses in load_lexicon().values():
        for sense in senses:
            counts[sense] = counts.get(sense, 0) + 1
    return counts


@lru_cache(maxsize=131_072)
def english_weight(key: str) -> float:
    """How telling a match on an English word is: 1 for a word few Arabic words give
    ("refuge", "parliament"), less for the general ones many give ("make", "great")."""
    return 1.0 / (1.0 + math.log1p(_fan_in().get(key, 0)) / 2)
