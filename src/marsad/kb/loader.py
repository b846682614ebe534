"""The knowledge base shipped with marsad: entities with stable ids and every name they go by.

Entries live in plain JSON-lines files under `marsad/kb/data/` (see the README there
for sources, licences and the id scheme). Names are looked up in the shared match
form (`marsad.arabic.fold`), so السنغال / السّنغال and أوروبا / اوروبا are one key; a
second index with proclitics peeled off each word lets لمنظمة التعاون الإسلامي find
منظمة التعاون الإسلامي as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.arabic import fold, strip_proclitics, words
from marsad.arabic.memo import word_memo
from marsad.errors import MarsadError

__all__ = ["Entry", "KnowledgeBase", "alias_key", "load_kb", "name_word_key", "text_word_key"]

TYPES = ("PER", "ORG", "LOC")
# Which entry a shared name means first, when nothing else tells: a country before
# its capital or a namesake city, an organisation before a person.
_KIND_RANK = {"country": 0, "region": 1, "continent": 1, "sea": 1, "waterway": 1, "city": 3}
_TYPE_RANK = {"ORG": 0, "LOC": 1, "PER": 2}


@dataclass(frozen=True, slots=True)
class Entry:
    """One entity: a stable id, its type, its Arabic and English names and its aliases."""

    id: str
    type: str
    names: dict[str, str]
    aliases: tuple[str, ...] = ()
    attrs: dict[str, Any] = field(default_factory=dict)

    def all_names(self) -> list[str]:
        """Every name of the entry, main names first, without repeats."""
        seen = dict.fromkeys(n for n in (*self.names.values(), *self.aliases) if n)
        return list(seen)

    def rank(self) -> tuple[int, int, int, str]:
        """Sort key for entries sharing a name: countries, then capitals, then by population."""
        kind_rank = _KIND_RANK.get(self.attrs.get("kind", ""), 2)
        if self.attrs.get("capital_of"):
            kind_rank = 2
        return (kind_rank, _TYPE_RANK.get(self.type, 3), -int(self.attrs.get("population", 0)), self.id)


def alias_key(name: str) -> str:
    """The lookup form of a name: folded words joined by single spaces."""
    return " ".join(words(fold(name)))


@word_memo
def text_word_key(word: str) -> str:
    """A word of running text as it is matched against names: folded, proclitics peeled."""
    return strip_proclitics(fold(word))


@word_memo
def name_word_key(word: str) -> str:
    """A word of a known name, for matching against `text_word_key`.

    Only a leading article is peeled here (السنغال matches بالسنغال): names rarely carry
    a conjunction or preposition, and peeling one would turn كالوكان into كان.
    """
    folded = fold(word)
    return strip_proclitics(folded) if folded.startswith("ال") else folded


def _bare_name_key(name: str) -> str:
    return " ".join(name_word_key(w) for w in words(name))


def _bare_text_key(text: str) -> str:
    return " ".join(text_word_key(w) for w in words(text))


class KnowledgeBase:
    """Entries by id and by folded name; iterate it for every entry."""

    def __init__(self, entries: list[Entry]) -> None:
        """Index `entries`; ids must be unique."""
        self._by_id: dict[str, Entry] = {}
        for entry in entries:
            if entry.id in self._by_id:
                raise MarsadError(f"knowledge base: duplicate id {entry.id!r}")
            self._by_id[entry.id] = entry
        self._by_key = self._index(alias_key)
        self._by_bare: dict[str, list[Entry]] | None = None  # built on first need

    def _index(self, key_of: Any) -> dict[str, list[Entry]]:
        index: dict[str, list[Entry]] = {}
        for entry in self._by_id.values():
            for name in entry.all_names():
                key = key_of(name)
                bucket = index.setdefault(key, [])
                if key and entry not in bucket:
                    bucket.append(entry)
        for bucket in index.values():
            bucket.sort(key=Entry.rank)
        return index

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._by_id.values())

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None."""
        return self._by_id.get(entry_id)

    def lookup(self, name: str) -> list[Entry]:
        """Entries called `name` (best first); clitics such as و ب ل ال are tried off too."""
        found = self._by_key.get(alias_key(name))
        if found:
            return list(found)
        if self._by_bare is None:
            self._by_bare = self._index(_bare_name_key)
        return list(self._by_bare.get(_bare_text_key(name), []))

    def by_type(self, kind: str) -> list[Entry]:
        """Every entry of one type (PER, ORG or LOC)."""
        return [e for e in self._by_id.values() if e.type == kind]


def _data_dir() -> Path:
    return Path(str(resources.files("marsad.kb").joinpath("data")))


def read_entries(path: Path) -> Iterator[Entry]:
    """The entries of one JSON-lines file, checked for the required fields."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            try:
                entry_id, kind, names = row.pop("id"), row.pop("type"), row.pop("names")
                aliases = tuple(row.pop("aliases", ()))
            except KeyError as missing:
                raise MarsadError(f"knowledge base: {path.name}:{number}: missing {missing}") from None
            if kind not in TYPES or not names.get("ar") or not names.get("en"):
                raise MarsadError(
                    f"knowledge base: {path.name}:{number}: needs a type in {TYPES} and names ar, en"
                )
            yield Entry(entry_id, kind, names, aliases, row)


@lru_cache(maxsize=4)
def load_kb(data_dir: str | None = None) -> KnowledgeBase:
    """The knowledge base from every `*.jsonl` file in `data_dir` (default: the shipped one)."""
    directory = Path(data_dir) if data_dir else _data_dir()
    entries = [e for path in sorted(directory.glob("*.jsonl")) for e in read_entries(path)]
    return KnowledgeBase(entries)
