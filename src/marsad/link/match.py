"""Every knowledge-base name in a text: a longest-match scan over words, clitic-aware.

Names are indexed by the key of their first word (`name_key`: the shared match form,
`marsad.arabic.fold`, article kept); each first word leads to the names that start
with it, longest first, so a scan looks at each word once and tries only the few
names that could start there. The first word of a match may carry a conjunction or
preposition (والسودان, لمنظمة, بالسنغال: `first_word_keys`); later words must match
as written, joined by spaces only, so a name never swallows a clitic or a comma in
its middle. The longest match wins: جنوب السودان is never السودان.

Mentions cover the name without the clitics in front of it, and keep a written
article: والسودان gives السودان, بالسنغال gives السنغال, لمنظمة gives منظمة. Where ل
has eaten the article's alif (للسودان) nothing in the text spells السودان, and the
mention is the bare name سودان. Every mention slices the text exactly.

Some names are also everyday words or given names (صور "pictures" is Tyre, حديثة
"recent" a town in Iraq, المنفي "the exile" a Libyan leader). `Hit.weak` marks the
names that count only with other evidence (the tagger, a cue word, another mention):
one-word towns that are neither capitals nor big cities, the names measured to be
common words (`COMMON_WORD_NAMES`), and derived forms (البيرو, الحوثي from جماعة
الحوثي). bench/RESULTS-linking.md has the measurement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from marsad.arabic import Token, fold, tokens, words
from marsad.arabic.memo import word_memo
from marsad.kb.loader import Entry, KnowledgeBase, text_word_key

__all__ = ["Hit", "NameIndex", "clitic_cut", "clitic_offset", "first_word_keys", "name_key", "safe_peel"]

MAX_WORDS = 8
# A one-word city name stands alone only for a capital or a city this big; smaller
# towns are too often also words (حديثة "recent", صور "pictures", خمس "five").
MAJOR_CITY = 500_000
# One-word names of big places, organisations and people that news more often uses
# as ordinary words: found by scanning 4,000 articles of ../shared/data/news and
# reading the contexts of every frequent one-word match (bench/RESULTS-linking.md).
# In match form (`fold`).
COMMON_WORD_NAMES = frozenset(
    fold(w)
    for w in (
        "مالية", "رباط", "الرباط", "مسقط", "سيول", "السيول", "ديلي", "بورصة", "البورصة", "مشهد",
        "المشهد", "قم", "الأبيض", "أبيض", "فتح", "الفتح", "قاعدة", "وات", "المنفي",
        "بشار", "جاسم", "رياض", "خليل", "حماة", "سعيدة", "الزاوية", "زاوية", "بيضاء", "البيضاء",
        "ينبع", "الوادي", "وادي", "القائم", "قائم", "السلمية", "الميادين", "العيون", "المتوسط",
        "فرح", "العمارة", "عمارة", "ناتاليا", "البرهان", "أكرا", "حلة", "الحلة", "مالي", "بنين",
    )
)
# Head nouns an organisation's name may drop (جماعة الحوثي -> الحوثي).
_ORG_HEADS = frozenset(fold(w) for w in ("جماعة", "حركة", "تنظيم"))
# Conjunction and preposition chains that may stand before a name's first word.
_CLITIC_CHAINS = ("و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل")
# Between two words of one name: spaces only (a comma or line break ends a name).
_GAP_OK = frozenset(" \u00a0\t_")  # _ joins the words of a hashtag (#حزب_الله)
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


def _names(entry: Entry) -> list[tuple[str, bool]]:
    """An entry's names, and derived forms that need evidence (`Hit.weak`) to count.

    Derived: a country's one-word Arabic name with the article news sometimes adds
    (البيرو; but المالي is "the financial"), and an organisation's name without the
    head noun (الحوثي from جماعة الحوثي), which names it only after a word like
    ميليشيات or جماعة.
    """
    names = [(n, False) for n in entry.all_names()]
    for name in entry.all_names():
        parts = words(name)
        if name.isascii():
            continue
        if entry.attrs.get("kind") == "country" and len(parts) == 1 and not fold(name).startswith("ال"):
            names.append(("ال" + name, True))
        if entry.type == "ORG" and len(parts) > 1 and fold(parts[0]) in _ORG_HEADS:
            names.append((" ".join(parts[1:]), True))
    return names


def _is_latin_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isascii() and letters.isupper() and len(letters) <= 8


def _weak(key: tuple[str, ...], entries: Sequence[Entry]) -> bool:
    """Whether a name needs other evidence before it counts (see the module docstring)."""
    if len(key) > 1:
        return False
    if key[0] in COMMON_WORD_NAMES:
        return True
    best = entries[0]
    if best.type != "LOC" or best.attrs.get("kind") != "city":
        return False
    return not (best.attrs.get("capital_of") or best.attrs.get("population", 0) >= MAJOR_CITY)


class NameIndex:
    """Every name of a knowledge base, indexed by its first word for a linear scan."""

    def __init__(self, kb: KnowledgeBase | Iterable[Entry]) -> None:
        """Index every name and alias of every entry of `kb`."""
        grouped: dict[tuple[str, ...], list[Entry]] = {}
        latin: dict[tuple[str, ...], bool] = {}
        derived: dict[tuple[str, ...], bool] = {}  # only ever a derived form: needs evidence
        for entry in kb:
            for name, is_derived in _names(entry):
                key = tuple(name_key(w) for w in words(name))
                if not key or len(key) > MAX_WORDS:
                    continue
                bucket = grouped.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)
                latin[key] = latin.get(key, True) and _is_latin_acronym(name)
                derived[key] = derived.get(key, True) and is_derived
        self._first: dict[str, list[_Name]] = {}
        for key, entries in grouped.items():
            entries.sort(key=Entry.rank)
            weak = derived[key] or _weak(key, entries)
            self._first.setdefault(key[0], []).append(_Name(key[1:], tuple(entries), latin[key], weak))
        for names in self._first.values():
            names.sort(key=lambda n: -len(n.rest))

    def knows(self, key: str) -> bool:
        """Whether this key (a `name_key`) is a one-word name that stands on its own (not weak)."""
        return any(not name.weak and not name.rest for name in self._first.get(key, ()))

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """The entries called exactly `name` (clitics on its first word allowed), best first."""
        toks = list(tokens(name))
        hit = self._match_at(name, toks, 0) if toks else None
        return hit.entries if hit is not None and hit.words == len(toks) else ()

    def match_span(self, text: str, toks: Sequence[Token], first: int, last: int) -> Hit | None:
        """The known name that spans exactly tokens first..last of `text`, if one does."""
        hit = self._match_at(text, toks, first)
        return hit if hit is not None and hit.words == last - first + 1 else None

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
        best: tuple[_Name, int] | None = None
        for key, cut in first_word_keys(first):
            for name in self._first.get(key, ()):
                if best is not None and len(name.rest) <= len(best[0].rest):
                    break
                if cut and ((name.weak and not safe_peel(first, key, cut)) or (len(key) < 3 and not name.rest)):
                    continue
                if self._rest_matches(text, toks, i, name):
                    best = (name, cut)
                    break
        if best is None:
            return None
        name, cut = best
        last = toks[i + len(name.rest)]
        start = toks[i].start + clitic_offset(first, cut)
        if start >= last.end:
            return None
        return Hit(start, last.end, text[start : last.end], name.entries, len(name.rest) + 1, name.weak)

    @staticmethod
    def _rest_matches(text: str, toks: Sequence[Token], i: int, name: _Name) -> bool:
        if i + len(name.rest) >= len(toks):
            return False
        if toks[i].text.isascii() and not (
            toks[i].text.replace(".", "").isupper() if name.latin_acronym else toks[i].text[:1].isupper()
        ):
            return False  # OIC but not oic, Salem but not salem_sahab@…
        gap_ok = _LATIN_GAP_OK if name.latin_acronym or toks[i].text.isascii() else _GAP_OK
        for j, want in enumerate(name.rest, i + 1):
            gap = text[toks[j - 1].end : toks[j].start]
            if not gap or not set(gap) <= gap_ok or name_key(toks[j].text) != want:
                return False
        return True


@word_memo
def name_key(word: str) -> str:
    """A word of a name as it is indexed and compared: its match form, article included.

    The article stays: الخليل (Hebron) must not match the given name خليل, nor الرياض
    the given name رياض. (`marsad.kb.name_word_key` peels it, and a letter after it
    that looks like a conjunction, which turns الفلوجة into وجه.)
    """
    return fold(word)


@word_memo
def first_word_keys(word: str) -> tuple[tuple[str, int], ...]:
    """How the first word of a name may read once clitics are peeled: (key, clitic length).

    The word as written comes first. A conjunction or preposition in front of the
    article always goes (والسودان, بالسنغال); ل before the article drops its alif
    (للسودان reads السودان, and the mention is the bare سودان); a lone و ف ب ك ل
    before a bare word goes only where the shared clitic rules (`text_word_key`,
    which asks the corpus lexicon) peel it, so لمنظمة loses its ل but كبيرا keeps
    its ك and never reads as the city بيرا. The clitic length is in match-form letters.
    """
    folded = fold(word)
    keys = [(folded, 0)]
    bare = text_word_key(word)
    for chain in _CLITIC_CHAINS:
        rest = folded[len(chain) :]
        if not folded.startswith(chain) or len(rest) < 2:
            continue
        if rest.startswith("ال") and len(rest) >= 5:
            keys.append((rest, len(chain)))
        if chain.endswith("ل") and rest.startswith("ل") and len(rest) > 3:
            keys.append(("ا" + rest, len(chain) + 1))  # لل = ل + ال: the mention starts after it
        if bare == rest or not rest[0].isalpha() or rest.isascii():
            keys.append((rest, len(chain)))  # لـCNN, بـ2018: a clitic before Latin or digits
        elif len(rest) == 2:
            keys.append((rest, len(chain)))  # لبي (بي سي): only ever the start of a longer name
    return tuple(dict.fromkeys(keys))


def safe_peel(word: str, key: str, cut: int) -> bool:
    """Whether reading `word` as `key` after `cut` clitic letters is beyond doubt.

    It is when nothing is peeled, when an article follows the clitics (والسودان,
    للسودان), when only و or ف go, or before Latin or digits (لـCNN). A lone ب ك ل
    before a bare word is a guess the lexicon makes (كيندي is not ك + يندي).
    """
    if cut == 0 or key.startswith("ال") or not key[:1].isalpha() or key.isascii():
        return True
    return set(fold(word)[:cut]) <= {"و", "ف"}


def clitic_offset(word: str, folded_chars: int) -> int:
    """The offset in `word` after its first `folded_chars` letters of match form.

    Folding drops diacritics and tatweel, so a clitic of one match-form letter may be
    two characters of display text (وَ).
    """
    if folded_chars <= 0:
        return 0
    for end in range(1, len(word) + 1):
        if len(fold(word[:end])) >= folded_chars:
            while end < len(word) and not fold(word[end]):
                end += 1  # the tatweel or harakat of the clitic go with it (لـCNN, وَ)
            return end
    return len(word)


def clitic_cut(word: str, knows: Callable[[str], bool]) -> int:
    """Clitic letters to peel off the first word of a tagger's span (in match form).

    Only safe peels (`safe_peel`), or a lone ب ك ل before a word that starts a known
    name (لترامب): a foreign name is a rare word, so the lexicon cannot tell لانس
    (Lance) from ل + انس.
    """
    return max(
        (cut for key, cut in first_word_keys(word) if knows(key) or (len(key) > 2 and safe_peel(word, key, cut))),
        default=0,
    )
