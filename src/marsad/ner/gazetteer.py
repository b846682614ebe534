"""Known names as a tagger feature: which runs of words spell a name we know, and of what type.

The names come from the knowledge base shipped with the package (`marsad.kb`), so
the tagger needs nothing that does not ship. Words are compared by `word_key`
(folded, proclitics peeled) against `name_word_key`, which lets بالسنغال and
والولايات المتحدة match the entries السنغال and الولايات المتحدة.
"""

from __future__ import annotations

import gzip
from sys import intern
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from marsad.arabic import words
from marsad.errors import MarsadError
from marsad.kb.loader import name_word_key, text_word_key

__all__ = ["Gazetteer", "NameLists", "default_gazetteer", "default_name_lists", "word_key"]

NAME_LISTS_FILE = "ner_gazetteer.tsv.gz"

# Longer runs are never names we list, and the cap keeps matching linear.
MAX_WORDS = 6


def word_key(word: str) -> str:
    """The form in which a word of text is compared with known names (and keyed in features)."""
    return text_word_key(word)


class Gazetteer:
    """Names as tuples of word keys, each with the entity types it can denote."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """Build from (name, type) pairs; a name may carry several types."""
        types: dict[tuple[str, ...], set[str]] = {}
        for name, kind in names:
            key = tuple(name_word_key(w) for w in words(name))
            if key and len(key) <= MAX_WORDS:
                types.setdefault(key, set()).add(kind)
        self._types = {key: "/".join(sorted(kinds)) for key, kinds in types.items()}
        self._first_words = {key[0] for key in self._types}

    @classmethod
    def from_keys(cls, types: dict[tuple[str, ...], str]) -> Gazetteer:
        """From names already in match keys, each with its `/`-joined sorted types."""
        gazetteer = cls([])
        gazetteer._types = types
        gazetteer._first_words = {key[0] for key in types}
        return gazetteer

    def __len__(self) -> int:
        return len(self._types)

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        """The names, as tuples of word keys."""
        return iter(self._types)

    def __contains__(self, key: object) -> bool:
        return key in self._types

    def tags(self, keys: Sequence[str]) -> list[str | None]:
        """BIO-style gazetteer tags for a sentence of word keys (longest match wins)."""
        out: list[str | None] = [None] * len(keys)
        i = 0
        while i < len(keys):
            length, kind = self._longest(keys, i)
            if kind is None:
                i += 1
                continue
            out[i] = "B-" + kind
            for j in range(i + 1, i + length):
                out[j] = "I-" + kind
            i += length
        return out

    def _longest(self, keys: Sequence[str], i: int) -> tuple[int, str | None]:
        if keys[i] not in self._first_words:
            return 0, None
        for length in range(min(MAX_WORDS, len(keys) - i), 0, -1):
            kind = self._types.get(tuple(keys[i : i + length]))
            if kind is not None:
                return length, kind
        return 0, None


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """Every name and alias of the shipped knowledge base, by entity type."""
    from marsad.kb import load_kb

    kb = load_kb()
    return Gazetteer((name, entry.type) for entry in kb for name in entry.all_names())


class NameLists:
    """Openly licensed name lists (NERAr, ArWikiCats, Wikidata name words) as tagger evidence.

    Built by training/build_ner_gazetteer.py. Three kinds of evidence: whole names
    (`names`, matched like the knowledge base's), the types of names a word starts or
    ends (`first`, `last`: a word that opens ORG names, such as جمعية, or closes PER
    names), and person-name words with how common they are in Wikidata labels
    (`person_word`), which lets a first name the labelled data never showed still vote PER.
    The file holds them ready-made, so loading is a dictionary fill (load time counts).
    """

    def __init__(self, lines: Iterable[str]) -> None:
        """Read the `kind<TAB>key<TAB>value` lines of the shipped list file."""
        tables: dict[str, dict[str, str]] = {"name": {}, "first": {}, "last": {}, "token": {}}
        for line in lines:
            kind, key, value = line.rstrip("\n").split("\t")
            tables[kind][intern(key)] = intern(value)
        # Interned words are one object in every table (and in the word clusters): ~10 MB less.
        self.names = Gazetteer.from_keys({tuple(map(intern, k.split(" "))): v for k, v in tables["name"].items()})
        self.first = tables["first"]
        self.last = tables["last"]
        self.person_word = tables["token"]

    @classmethod
    def from_file(cls, path: Path) -> NameLists:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return cls(handle)


@lru_cache(maxsize=1)
def default_name_lists() -> NameLists:
    """The name lists shipped in `marsad.models`."""
    path = Path(str(resources.files("marsad.models"))) / NAME_LISTS_FILE
    if not path.is_file():
        raise MarsadError(f"NER name lists not found: {path} (run training/build_ner_gazetteer.py)")
    return NameLists.from_file(path)
