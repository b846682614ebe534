"""Every knowledge-base name in a text: a longest-match scan over words, clitic-aware.

Names are indexed by the key of their first word (`name_word_key`: folded, a
leading article peeled); each first word leads to the names that start with it,
longest first, so a scan looks at each word once and tries only the few names
that could start there. The first word of a match may carry a conjunction or
preposition as well (والسودان, لمنظمة, بالسنغال, `text_word_key`); later words
must match as written, save their article, so a name never swallows a clitic in
its middle.

Mentions cover the name without the clitics in front of it, and keep a written
article: والسودان gives السودان, بالسنغال gives السنغال, لمنظمة gives منظمة. Where ل
has eaten the article's alif (للسودان) nothing in the text spells السودان, and the
mention is the bare name سودان. Every mention slices the text exactly.

Some names are also everyday words or given names (a town called الأمل, a leader
whose surname means "the exile"). A single-word name of a city or a person is
kept only when it is rare enough in our news corpus to be a name (`word_count`),
or when it is the name of a country, region, organisation, or a place or person
that other evidence confirms; `Hit.weak` marks those that need such evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic import Token, fold, tokens, word_count, words
from marsad.kb.loader import Entry, KnowledgeBase, text_word_key

__all__ = ["Hit", "NameIndex", "clitic_offset", "first_word_keys", "name_key", "trim_clitics"]

MAX_WORDS = 8
# A one-word city or person name more frequent than this in our news corpus is also
# a common word or given name there (measured: bench/RESULTS-linking.md).
COMMON_WORD = 400
# Clitic chains that may stand before a name, shortest first.
_PREFIXES = tuple(
    sorted(
        {c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ك", "ل") for a in ("", "ال")} - {""}
        | {"لل", "ولل", "فلل"},
        key=len,
    )
)
# Between two words of one name: spaces only (a comma or line break ends a name).
_GAP_OK = frozenset(" \u00a0\t")
_LATIN_GAP_OK = frozenset(" \u00a0\t.-")


@dataclass(frozen=True, slots=True)
class Hit:
    """A knowledge-base name found in text: where, what it says, and who it may be."""

    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]
    words: int
    weak: bool = False


@dataclass(frozen=True, slots=True)
class _Name:
    rest: tuple[str, ...]  # keys of the words after the first
    entries: tuple[Entry, ...]
    latin_acronym: bool  # an all-capital Latin acronym matches only in capitals
    weak: bool


def _is_latin_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isascii() and letters.isupper() and len(letters) <= 8


def _weak(name: str, entries: Sequence[Entry]) -> bool:
    """A one-word name of a city or person that is also a common word in news."""
    if len(words(name)) > 1 or any(e.type == "ORG" or e.attrs.get("kind") not in ("city", None) for e in entries):
        return False
    return word_count(fold(name)) > COMMON_WORD or len(fold(name)) < 3


class NameIndex:
    """Every name of a knowledge base, indexed by its first word for a linear scan."""

    def __init__(self, kb: KnowledgeBase | Iterable[Entry]) -> None:
        """Index every name and alias of every entry of `kb`."""
        grouped: dict[tuple[str, ...], list[Entry]] = {}
        latin: dict[tuple[str, ...], bool] = {}
        for entry in kb:
            for name in entry.all_names():
                key = tuple(name_key(w) for w in words(name))
                if not key or len(key) > MAX_WORDS:
                    continue
                bucket = grouped.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)
                latin[key] = latin.get(key, True) and _is_latin_acronym(name)
        self._first: dict[str, list[_Name]] = {}
        for key, entries in grouped.items():
            entries.sort(key=Entry.rank)
            weak = _weak(" ".join(key), entries)
            self._first.setdefault(key[0], []).append(_Name(key[1:], tuple(entries), latin[key], weak))
        for names in self._first.values():
            names.sort(key=lambda n: -len(n.rest))

    def scan(self, text: str, toks: Sequence[Token] | None = None) -> list[Hit]:
        """Non-overlapping name matches in `text`, leftmost and then longest first."""
        toks = list(tokens(text)) if toks is None else toks
        hits: list[Hit] = []
        i = 0
        while i < len(toks):
            hit = self._match_at(text, toks, i)
            if hit is None:
                i += 1
                continue
            hits.append(hit)
            i += hit.words
        return hits

    def _match_at(self, text: str, toks: Sequence[Token], i: int) -> Hit | None:
        first = toks[i].text
        best: tuple[_Name, str] | None = None
        for key in first_word_keys(first):
            for name in self._first.get(key, ()):
                if best is not None and len(name.rest) <= len(best[0].rest):
                    break
                if self._rest_matches(text, toks, i, name):
                    best = (name, key)
                    break
        if best is None:
            return None
        name, key = best
        last = toks[i + len(name.rest)]
        start = toks[i].start + clitic_offset(first, key)
        if start >= last.end:
            return None
        return Hit(start, last.end, text[start : last.end], name.entries, len(name.rest) + 1, name.weak)

    @staticmethod
    def _rest_matches(text: str, toks: Sequence[Token], i: int, name: _Name) -> bool:
        if i + len(name.rest) >= len(toks):
            return False
        if name.latin_acronym and not toks[i].text.replace(".", "").isupper():
            return False
        gap_ok = _LATIN_GAP_OK if name.latin_acronym or toks[i].text.isascii() else _GAP_OK
        for j, want in enumerate(name.rest, i + 1):
            gap = text[toks[j - 1].end : toks[j].start]
            if not gap or not set(gap) <= gap_ok or name_key(toks[j].text) != want:
                return False
        return True


@lru_cache(maxsize=200_000)
def name_key(word: str) -> str:
    """A word of a name as it is indexed: folded, a leading article peeled (السنغال -> سنغال).

    Only the article: `marsad.kb.name_word_key` goes on to peel a letter that looks
    like a conjunction after it, which turns الفلوجة into وجه and الفيوم into يوم.
    """
    folded = fold(word)
    return folded[2:] if folded.startswith("ال") and len(folded) >= 5 else folded


@lru_cache(maxsize=200_000)
def first_word_keys(word: str) -> tuple[str, ...]:
    """The keys a word of text may have as the first word of a name, least peeled first.

    Every way of reading its start as clitics: و/ف, then ب/ك/ل, then the article
    (والسودان, بالسنغال, لمنظمة, فللأمم); the bare rest must keep three letters.
    """
    folded = fold(word)
    keys = [name_key(word)]
    for prefix in _PREFIXES:
        if folded.startswith(prefix) and len(folded) - len(prefix) >= 3:
            keys.append(name_key(folded[len(prefix) :]) if not prefix.endswith(("ال", "لل")) else folded[len(prefix) :])
    return tuple(dict.fromkeys(keys))


def clitic_offset(word: str, key: str) -> int:
    """How many characters of `word` are clitics in front of the name whose key is `key`.

    A written article stays with the name (والسودان -> السودان); an article whose alif
    ل swallowed goes with the clitic (للسودان -> سودان).
    """
    folded = fold(word)
    if not key or not folded.endswith(key):
        return 0
    prefix = folded[: len(folded) - len(key)]
    cut = len(prefix) - 2 if prefix.endswith("ال") else len(prefix)
    return _original_offset(word, cut) if cut > 0 else 0


def _original_offset(word: str, folded_chars: int) -> int:
    """The offset in `word` after its first `folded_chars` characters of match form."""
    for end in range(1, len(word) + 1):
        if len(fold(word[:end])) >= folded_chars:
            return end
    return len(word)


def trim_clitics(text: str, start: int, end: int) -> int:
    """The start of a span of `text` once the clitics on its first word are peeled.

    For names the knowledge base does not know: the shared `text_word_key` says what
    is clitic, and only a whole chain of them (و, ب, وب, بال, لل…) is cut.
    """
    first = next(tokens(text[start:end]), None)
    if first is None or first.start != 0:
        return start
    folded = fold(first.text)
    bare = text_word_key(first.text)
    prefix = folded[: len(folded) - len(bare)] if bare and folded.endswith(bare) else ""
    chain = max((p for p in _PREFIXES if prefix.startswith(p)), key=len, default="")
    if not chain:
        return start
    cut = clitic_offset(first.text, folded[len(chain) :] if chain.endswith(("ال", "لل")) else name_key(folded[len(chain) :]))
    return start + cut if cut < first.end else start
