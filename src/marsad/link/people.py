"""People by the parts of their names: first names, surnames, and how they sound.

An article introduces a person in full and then shortens the name; Arabic names
shorten in their own ways. The surname of محمد بن سلمان is بن سلمان, not سلمان (which
names his father); of حسن نصر الله it is نصر الله, not الله. `name_parts` knows these.

`KnownPeople` holds the same parts for every person in the knowledge base, so a
person the article names only by surname (الأسد, tagged a person) or in a spelling
the knowledge base lacks (بنيامين نتانياهو for نتنياهو) still finds his entry, when
exactly one person fits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from marsad.arabic import fold, word_count, words
from marsad.kb.loader import Entry
from marsad.link.match import name_key
from marsad.link.phonetic import skeleton, spelling_similarity

__all__ = ["KnownPeople", "Person", "name_parts", "people"]

# Words that bind the next word into a name part (محمد بن سلمان, عبد الفتاح, آل مكتوم, دي ميستورا).
LINKS = frozenset(
    fold(w)
    for w in ("بن", "ابن", "بنت", "أبو", "ابو", "عبد", "آل", "ولد", "أم", "ام", "دي", "دا", "دو", "فان", "فون", "ديل")
)
# Second halves of compound names (نصر الله, صلاح الدين).
TAILS = frozenset(fold(w) for w in ("الله", "الدين", "الرحمن", "الرحيم", "العزيز", "الإسلام"))
# A spelling this similar to a known name (and no other) is that name.
SAME_SOUND = 0.8
# Skeletons shorter than this (consonants) match too many names to mean anything.
MIN_SOUND = 3
# A surname more common than this in news is also a word (البرهان "proof"): never alone.
COMMON_SURNAME = 2000


def name_parts(name: str) -> tuple[str | None, tuple[str, ...] | None]:
    """The first name and the surname of a full name (two words or more), in name keys."""
    parts = [name_key(w) for w in words(name)]
    if len(parts) < 2:
        return None, None
    tail = tuple(parts[-2:]) if parts[-2] in LINKS or parts[-1] in TAILS else (parts[-1],)
    first = None if parts[0] in LINKS else parts[0]
    return first, (tail if len(tail) < len(parts) else None)


@dataclass(slots=True)
class Person:
    """What an article tells about one person: surnames, first names, roles."""

    key: str
    surnames: set[tuple[str, ...]] = field(default_factory=set)
    firsts: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    longest: int = 0  # words in the longest name the article or the knowledge base gives
    seen: list[int] = field(default_factory=list)  # where the article names him, in full or not
    names: list[str] = field(default_factory=list)  # his full names, as the article writes them

    def add_name(self, name: str) -> None:
        """Learn the first name and surname of a full name."""
        self.longest = max(self.longest, len(words(name)))
        first, tail = name_parts(name)
        if tail and name not in self.names:
            self.names.append(name)
        if tail:
            self.surnames.add(tail)
        if first and tail:
            self.firsts.add(first)


def people(cands: Iterable, kb_names: dict[str, list[str]]) -> list[Person]:
    """One `Person` per PER entity named in full in the article (by a mention or the KB)."""
    found: dict[str, Person] = {}
    for cand in cands:
        if cand.type != "PER":
            continue
        person = found.setdefault(cand.key, Person(cand.key))
        person.add_name(cand.text)
        person.seen.append(cand.start)
        person.roles |= cand.roles
        for name in kb_names.get(cand.key, ()):
            person.add_name(name)
    return [p for p in found.values() if p.surnames]


class KnownPeople:
    """Every knowledge-base person by surname, and every entry by the sound of its names."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        """Index the Arabic names of `entries`."""
        self.names: dict[str, list[str]] = {}
        surnames: dict[tuple[str, ...], set[str]] = {}
        self._sounds: dict[tuple[str, str], set[tuple[str, str]]] = {}
        for entry in entries:
            arabic = [n for n in entry.all_names() if not n.isascii()]
            for name in arabic:
                sound = skeleton(name)
                if len(sound.replace(" ", "")) >= MIN_SOUND:
                    self._sounds.setdefault((entry.type, sound), set()).add((entry.id, name))
            if entry.type != "PER":
                continue
            self.names[entry.id] = [n for n in arabic if len(words(n)) > 1]
            for name in arabic:
                _, tail = name_parts(name)
                if tail:
                    surnames.setdefault(tail, set()).add(entry.id)
        self._surnames = {tail: ids.pop() for tail, ids in surnames.items() if len(ids) == 1}

    def by_surname(self, tail: Sequence[str]) -> str | None:
        """The one known person with this surname (name keys), unless it is a common word."""
        tail = tuple(tail)
        if len(tail) == 1 and word_count(tail[0]) > COMMON_SURNAME:
            return None
        return self._surnames.get(tail)

    def by_sound(self, kind: str, name: str) -> str | None:
        """The one known entry of this type a name respells (same skeleton, spelt alike)."""
        found = {
            entry_id
            for entry_id, known in self._sounds.get((kind, skeleton(name)), ())
            if spelling_similarity(name, known) >= SAME_SOUND and len(words(known)) == len(words(name))
        }
        return found.pop() if len(found) == 1 else None
