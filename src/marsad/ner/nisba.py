"""Adjectives made from country and region names (nisba): المغربي, الأوروبي, الكاميرونيون.

A nisba after a noun is how Arabic names parties, unions and companies (الحزب
الديمقراطي الكردستاني, الاتحاد الأوروبي), and a nisba before a name is how news
introduces a foreign person (الكاميروني صامويل إيتو). The labelled data shows only
the countries it happens to mention; deriving the adjectives from the knowledge
base's country and region names lets the tagger see the pattern for all of them.

Cities are left out: their adjectives are too often common words or given names
(الرياضي "sporting" from الرياض, الطائفي "sectarian", حسني, مهدي).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from marsad.arabic import fold, words
from marsad.kb.loader import name_word_key

__all__ = ["Nisba", "default_nisba"]

# Plural and feminine endings that still leave the adjective's ي (after fold: ة -> ه).
_ENDINGS = ("يون", "يين", "يات", "يه")
_MIN_STEM = 3


def _forms(name_word: str) -> set[str]:
    """The nisba adjectives a place word can give: فاس -> فاسي, البيضاء -> بيضاوي, سوريا -> سوري."""
    stem = name_word_key(name_word)
    if len(stem) < _MIN_STEM:
        return set()
    out = {stem + "ي"}
    for tail in ("اء", "ا", "ه", "ي", "يا"):
        if stem.endswith(tail) and len(stem) - len(tail) >= _MIN_STEM - 1:
            base = stem[: -len(tail)]
            out |= {base + "ي", base + "اوي"}
    if stem.endswith("يه"):
        out.add(stem[:-1])  # السعودية -> سعودي
    if stem.endswith("يا"):
        out.add(stem[:-1] + "وي")  # اسيا -> اسيوي
    return out


def adjective_key(key: str) -> str:
    """A word key with plural or feminine endings cut back to the bare ـي adjective."""
    for ending in _ENDINGS:
        if key.endswith(ending) and len(key) > len(ending) + 1:
            return key[: -len(ending)] + "ي"
    return key


# Where a country and a region give one adjective, the country's wins.
_RANK = {"C": 0, "R": 1}


def _adjective_like(parts: list[str]) -> bool:
    """Whether the last word of a many-word place name describes the others rather than names them."""
    last = parts[-1]
    return last.endswith(("ي", "يه")) or (last.startswith("ال") and not parts[0].startswith("ال"))


class Nisba:
    """Which word keys are adjectives of a country ("C") or a region or continent ("R")."""

    def __init__(self, places: Iterable[tuple[str, str]]) -> None:
        """Build from (Arabic place name, kind) pairs; a name's last word gives the adjective."""
        kinds: dict[str, str] = {}
        for name, kind in places:
            parts = words(fold(name))
            if not parts or (len(parts) > 1 and _adjective_like(parts)):
                continue  # كوريا الجنوبية, الضفة الغربية: the last word is an adjective already
            for form in _forms(parts[-1]):
                if form not in kinds or _RANK[kind] < _RANK[kinds[form]]:
                    kinds[form] = kind
        self._kinds = kinds

    def __len__(self) -> int:
        return len(self._kinds)

    def kind(self, key: str) -> str | None:
        """'C', 'R' or None for a word key (as `marsad.ner.gazetteer.word_key` gives it)."""
        if not key.endswith(("ي", "ه", "ن", "ت")):
            return None
        return self._kinds.get(adjective_key(key))


@lru_cache(maxsize=1)
def default_nisba() -> Nisba:
    """Adjectives of every country and region in the shipped knowledge base."""
    from marsad.kb import load_kb

    places = []
    for entry in load_kb():
        kind = _place_kind(entry.type, entry.attrs)
        if kind:
            places += [(name, kind) for name in entry.all_names() if not name.isascii()]
    return Nisba(places)


def _place_kind(type_: str, attrs: dict) -> str | None:
    if type_ != "LOC" or attrs.get("kind") == "city":
        return None
    return "C" if "iso2" in attrs else "R"
