"""Within one article: which mentions are one entity, and which short forms join them.

News names a person in full once (خالد خياري) and then by surname (خياري), after a
title (السيد خياري), by first name (اللواء جعفر), or, once a machine translator is
involved, in another spelling (خيري, خلي). An organisation gets its acronym in
parentheses once (منظمة التعاون الإسلامي (OIC)) and that acronym afterwards. The
rules here join such forms to the entity they refer to, and only when the article
gives evidence:

- a surname, first name, or a nickname or acronym given in parentheses joins only
  an entity already named in full in the article, and only if exactly one fits;
- a name the knowledge base lacks in this spelling joins a known entry when it
  sounds the same and is spelt alike (نتانياهو / نتنياهو), or, for a person the
  tagger found or a title announces, carries a surname only one known person has;
- another spelling joins a person of the article when it sounds alike
  (`marsad.link.phonetic`) and the article says more: the same first name before
  it, or the same title or role around it (السيد, مساعد الأمين العام). The more
  evidence, the less alike the spellings need be: خيري after السيد joins خياري on
  sound alone; خلي needs both the first name خالد and the shared role.

Distinct entities stay distinct: joins happen only within one type, a longer
known name is never cut into a shorter one (جنوب السودان is not السودان), a
father is not his son (حافظ الأسد and بشار الأسد share a surname but not a first
name), and two common given names that merely sound alike (محمد / محمود) are never
merged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from marsad.arabic import Token, fold, word_count, words
from marsad.kb.loader import Entry, KnowledgeBase
from marsad.link.ids import new_id
from marsad.link.cues import PER_CUES, PER_TITLES, folded_set, roles_near, word_key
from marsad.link.match import clitic_offset, first_word_keys, name_key
from marsad.link.mentions import Candidate
from marsad.link.people import KnownPeople, Person, name_parts
from marsad.link.phonetic import name_similarity, skeleton, spelling_similarity, word_similarity

__all__ = ["choose_entries", "join_forms", "new_id", "paren_forms", "respelt"]

# Two full names this alike, word by word (`phonetic.name_similarity`), are one name.
SAME_NAME = 0.8
# Two spellings that are both this common in news are two names (محمد / محمود), not one misspelt.
_COMMON_NAME = 50
_PAREN = re.compile(r"\s*\(\s*([^()\n]{1,40}?)\s*\)")
_ACRONYM = re.compile(r"^[A-Z][A-Z.&-]{1,9}$")
# Words after which a name has plainly ended.
_FUNCTION_WORDS = folded_set(
    "في من إلى الى على عن مع أن إن ان الذي التي قد لم لن كان كانت قال قالت يوم اليوم أمس "
    "الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت خلال بعد قبل أيضا إنه أنه إنها أنها"
)
# A word given in parentheses after a name is its short form unless it is this common.
_PAREN_WORD_MAX = 300


def choose_entries(cands: Sequence[Candidate]) -> None:
    """Give each known-name candidate its entry: where a name fits several, let the article decide.

    An entry the article names unambiguously elsewhere wins; a city wins over a country of
    the same name when the city's country is named (عمان with الأردن). A weak one-word
    town name whose country the article never names, while it names others, is taken
    for a place the knowledge base lacks (منطقة الرباط in a report from Lahij).
    """
    known = [c for c in cands if c.entries]
    fixed = {c.entries[0].id for c in known if len(c.entries) == 1}
    countries = {_country(e) for c in known for e in c.entries[:1] if len(c.entries) == 1} - {None}
    for cand in known:
        entry = _pick(cand.entries, fixed, countries)
        cand.key, cand.type = entry.id, entry.type
        if cand.weak and entry.attrs.get("kind") == "city" and countries and _country(entry) not in countries:
            cand.key, cand.entries = new_id(entry.type, cand.text), ()


def _country(entry: Entry) -> str | None:
    if entry.type != "LOC":
        return None
    return entry.attrs.get("country") or (entry.id[4:] if entry.attrs.get("kind") == "country" else None)


def _pick(entries: tuple[Entry, ...], fixed: set[str], countries: set[str]) -> Entry:
    for entry in entries:
        if entry.id in fixed:
            return entry
    named_here = {_country(e) for e in entries if e.attrs.get("kind") == "country"}
    for entry in entries:
        country = entry.attrs.get("country")
        if entry.attrs.get("kind") == "city" and country in countries and country not in named_here:
            return entry  # عمان with الأردن named: Amman; الجزائر with وهران named: still Algeria
    return entries[0]


def respelt(cands: Sequence[Candidate], known: KnownPeople, kb: KnowledgeBase) -> None:
    """Tagger mentions the knowledge base lacks as written, tied to the entry they respell.

    A person's lone surname links when one known person has it (الأسد); any name links
    when it sounds like exactly one known name of its type and is spelt alike, a town
    only if the article names its country (لودر in Yemen is not Lodwar in Kenya).
    """
    countries = {_country(kb.get(c.key)) for c in cands if kb.get(c.key) is not None} - {None}
    # a surname the article gives somebody it names in full is his, not a known person's
    local = {name_parts(c.text)[1] for c in cands if c.type == "PER" and c.first < c.last}
    for cand in cands:
        if cand.entries or not cand.tagged or cand.key and not cand.key.startswith(f"{cand.type}:~"):
            continue
        found = None
        if cand.type == "PER" and cand.first == cand.last and (name_key(cand.text),) not in local:
            found = known.by_surname((name_key(cand.text),))
        found = found or known.by_sound(cand.type, cand.text)
        entry = kb.get(found) if found else None
        if entry is not None and not (entry.attrs.get("kind") == "city" and _country(entry) not in countries):
            cand.key, cand.how = found, "variant"


def join_forms(
    text: str, toks: Sequence[Token], cands: list[Candidate], persons: list[Person], known: KnownPeople
) -> list[Candidate]:
    """Short forms and other spellings of the people in `persons` (see the module docstring).

    Unlinked person mentions from the tagger are re-keyed to the person they shorten;
    uncovered words are searched for surnames, a first name followed by a surname-like
    word, a title followed by a surname, first name or other spelling, and a title
    followed by the surname of a known person.
    """
    joined: dict[str, str] = {}  # a person named in full in another spelling: his key -> the other's

    def final(key: str) -> str:
        while key in joined:
            key = joined[key]
        return key

    for cand in cands:
        if cand.type == "PER" and cand.key.startswith("PER:~"):
            own = final(cand.key)
            match = _shortens(text, toks, cand, [p for p in persons if final(p.key) != own])
            if match is None:
                continue
            target = final(match[0])
            if len(words(cand.text)) > 1 and any(p.key == cand.key for p in persons):
                joined[own] = target  # the whole person: every mention of his goes too
            cand.key, cand.how = target, match[1]
    covered = {i for c in cands for i in range(c.first, c.last + 1)}
    tails: dict[str, set[tuple[str, ...]]] = {}
    for person in persons:
        for tail in person.surnames:
            tails.setdefault(tail[0], set()).add(tail)
    firsts = {f for p in persons for f in p.firsts}
    added: list[Candidate] = []
    i = 0
    while i < len(toks):
        cand = None if i in covered else _short_at(text, toks, i, covered, persons, known, tails, firsts)
        if cand is None:
            i += 1
            continue
        added.append(cand)
        covered.update(range(cand.first, cand.last + 1))
        i = cand.last + 1
    for cand in [*cands, *added]:
        cand.key = final(cand.key)
    return added


def _shortens(text: str, toks: Sequence[Token], cand: Candidate, persons: list[Person]) -> tuple[str, str] | None:
    """The person a tagged name shortens or respells: middle names dropped, first name, surname."""
    first, tail = name_parts(cand.text)
    if tail:
        size = len(words(cand.text))
        same = [p for p in persons if first in p.firsts and tail in p.surnames and p.longest > size]
        if len(same) == 1:
            return same[0].key, "short"  # نايف بن سعيدان for نايف بن مناحي بن سعيدان
    parts = tuple(name_key(w) for w in words(cand.text))
    if len(parts) > 1:
        owners = [p for p in persons if parts in p.surnames]
        if len(owners) == 1:
            return owners[0].key, "short"  # دي ميستورا for ستيفان دي ميستورا, نصر الله
        unknown = (p for p in persons if p.key.startswith("PER:~"))  # known ones: `respelt`
        owners = [p for p in unknown if any(_respells(cand.text, name) for name in p.names)]
        if len(owners) == 1:
            return owners[0].key, "variant"  # ماتيو ميلر for ماثيو ميلر
    if cand.last - cand.first > 1:
        return None
    titled = cand.first > 0 and word_key(toks[cand.first - 1].text) in PER_CUES
    if cand.first == cand.last and (titled or _ends_name(text, toks, cand.last)):
        owner = _first_name_of(name_key(cand.text), persons)
        if owner is not None:
            return owner, "short"
    return _attach(text, toks, cand.first, cand.last, persons)


def _respells(name: str, other: str) -> bool:
    """Whether two full names are one name spelt two ways: word by word alike, never two established names."""
    if _heads(name) != _heads(other) or name_similarity(name, other) < SAME_NAME:
        return False
    pairs = [(name_key(a), name_key(b)) for a, b in zip(words(name), words(other))]
    return all(a == b or word_count(a) < _COMMON_NAME or word_count(b) < _COMMON_NAME for a, b in pairs)


@lru_cache(maxsize=8192)
def _heads(name: str) -> tuple[str, ...]:
    """The first sound of each word: names that differ here are never one name respelt."""
    return tuple(skeleton(w)[:1] for w in words(name))


def _surname_of(tail: tuple[str, ...], at: int, persons: list[Person]) -> str | None:
    """The person a surname at offset `at` refers to: the only one, or the one named most so far.

    A father and son share a surname (حافظ الأسد, بشار الأسد); تجريد الأسد before the
    father appears is the son, whom the article has named twice already.
    """
    owners = [p for p in persons if tail in p.surnames]
    if len(owners) == 1:
        return owners[0].key
    before = sorted(((sum(s < at for s in p.seen), p.key) for p in owners), reverse=True)
    return before[0][1] if before and before[0][0] > before[1][0] else None


def _ends_name(text: str, toks: Sequence[Token], i: int) -> bool:
    """Whether a name plainly ends at token `i`: punctuation, a conjunction or a function word next.

    A lone first name the tagger found may be a full name it cut short (جون | كيري);
    only where nothing name-like follows is it a first name used alone (التقى كيم يوم…).
    """
    if i + 1 >= len(toks) or not _joined(text, toks[i], toks[i + 1]):
        return True
    after = fold(toks[i + 1].text)
    return after.startswith("و") or after in _FUNCTION_WORDS


def _first_name_of(key: str, persons: list[Person]) -> str | None:
    """The one person whose first name this is, unless it is also somebody's surname."""
    owners = [p.key for p in persons if key in p.firsts]
    if len(owners) != 1 or any((key,) in p.surnames for p in persons):
        return None
    return owners[0]


def _short_at(
    text: str,
    toks: Sequence[Token],
    i: int,
    covered: set[int],
    persons: list[Person],
    known: KnownPeople,
    tails: dict[str, set[tuple[str, ...]]],
    firsts: set[str],
) -> Candidate | None:
    """A person's short form starting at token `i` (see `join_forms`); `tails` by first word."""
    for key, cut in first_word_keys(toks[i].text):
        for tail in tails.get(key, ()):
            j = i + len(tail) - 1
            if j >= len(toks) or covered & set(range(i, j + 1)) or _spells(toks, i, tail) is None:
                continue
            owner = _surname_of(tail, toks[i].start, persons)
            if owner is not None:
                return _make(text, toks, i, j, owner, "short", cut=cut)
    follows = i + 1 < len(toks) and i + 1 not in covered and _joined(text, toks[i], toks[i + 1])
    if follows and word_key(toks[i].text) in firsts:
        match = _attach(text, toks, i, i + 1, persons)
        if match is not None:
            return _make(text, toks, i, i + 1, *match, cut=_clitics(toks[i].text))
    if i > 0 and word_key(toks[i - 1].text) in PER_CUES and _joined(text, toks[i - 1], toks[i]):
        return _after_title(text, toks, i, persons, known)
    return None


def _after_title(text: str, toks: Sequence[Token], i: int, persons: list[Person], known: KnownPeople) -> Candidate | None:
    """A name right after a title: another spelling, a first name, or a known person's surname."""
    key = word_key(toks[i].text)
    if _nisba(key) or key in PER_CUES:
        return None  # الرئيس السوري is a title and an adjective, حكومة الرئيس two titles: no name
    match = _attach(text, toks, i, i, persons, titled=True)
    owner = _first_name_of(key, persons)
    if match is None and owner is not None:
        match = (owner, "short")
    if match is None and known.by_surname((key,)):
        match = (known.by_surname((key,)), "short")
    return None if match is None else _make(text, toks, i, i, *match, cut=_clitics(toks[i].text))


def _spells(toks: Sequence[Token], i: int, tail: tuple[str, ...]) -> int | None:
    """How many clitic letters to skip if the words from token `i` spell `tail`, else None."""
    cut = next((n for k, n in first_word_keys(toks[i].text) if k == tail[0]), None)
    if cut is None or any(name_key(toks[i + n].text) != w for n, w in enumerate(tail[1:], 1)):
        return None
    return cut


def _attach(
    text: str, toks: Sequence[Token], first: int, last: int, persons: list[Person], titled: bool = False
) -> tuple[str, str] | None:
    """The person a one- or two-word name at tokens first..last refers to, and how, or None.

    `titled`: a title stands right before it (السيد ترك), which says a name follows: then a
    word that sounds as the surname does (one skeleton) is that surname, however common
    the word (ترك "left").
    """
    surnames = {k for k, _ in first_word_keys(toks[last].text)} if last == first else {name_key(toks[last].text)}
    given = word_key(toks[first].text) if last > first else None
    roles = roles_near(text, toks, first, last)
    if last == first and first > 0 and _joined(text, toks[first - 1], toks[first]):
        roles |= {word_key(toks[first - 1].text)} & PER_TITLES
    best: tuple[float, str, str] | None = None
    for person in persons:
        if given is not None and given not in person.firsts:
            continue
        for tail in person.surnames:
            if len(tail) != 1:
                continue
            for surname in surnames:
                score = _score(surname, tail[0], given is not None, bool(roles & person.roles))
                if score is None and titled and _sounds_as(surname, tail[0]):
                    score = 1.0
                how = "short" if surname == tail[0] else "variant"
                if score is not None and (best is None or score > best[0]):
                    best = (score, person.key, how)
    return None if best is None else (best[1], best[2])


def _score(word: str, surname: str, same_first: bool, same_role: bool) -> float | None:
    """How surely `word` is `surname` spelt another way, or None if the evidence is too thin.

    Sounding the same (one skeleton) with one piece of evidence is enough; spellings
    that merely look alike need it too; spellings far apart (خلي / خياري) need both
    the first name and the role, and a rare (garbled) form.
    """
    if word == surname:
        return 2.0
    if _nisba(word) or (word_count(word) >= _COMMON_NAME and word_count(surname) >= _COMMON_NAME):
        return None  # an adjective, or two established spellings: two names (محمد / محمود)
    evidence = same_first + same_role
    same_sound = skeleton(word) == skeleton(surname) and len(skeleton(word)) >= 2
    spelt = spelling_similarity(word, surname)
    if same_sound and (evidence or word_count(word) < _COMMON_NAME):
        return 1.0 + 0.25 * evidence
    if spelt >= 0.7 and evidence:
        return spelt + 0.25 * evidence
    if spelt >= 0.5 and evidence == 2 and word_count(word) < _COMMON_NAME and word_similarity(word, surname) >= 0.5:
        return spelt + 0.5
    return None


def _sounds_as(word: str, surname: str) -> bool:
    """One skeleton of two consonants or more, and not two established names (محمد / محمود)."""
    if word_count(word) >= _COMMON_NAME and word_count(surname) >= _COMMON_NAME:
        return False
    return skeleton(word) == skeleton(surname) and len(skeleton(word)) >= 2 and not _nisba(word)


def _nisba(key: str) -> bool:
    """Whether a word is shaped like an adjective of origin (السوري, الأمريكية)."""
    return key.startswith("ال") and key.endswith(("ي", "يه")) and len(key) > 5


def paren_forms(text: str, toks: Sequence[Token], cands: list[Candidate]) -> list[Candidate]:
    """Short forms given in parentheses after a name (OIC, بي.إيه.ام.اف), and their later uses.

    A tagger mention inside the parentheses that the knowledge base does not know
    gives way: (بوندستاغ) after مجلس النواب الألماني is the parliament, whatever type
    the tagger guessed.
    """
    starts = {t.start: i for i, t in enumerate(toks)}
    added: list[Candidate] = []
    forms: dict[tuple[str, ...], Candidate] = {}
    for cand in list(cands):
        match = _PAREN.match(text, cand.end)
        first = starts.get(match.start(1)) if match else None
        if first is None or not _short_form(match.group(1)):
            continue
        last = first + len(words(match.group(1))) - 1
        inside = [c for c in cands if c.first <= last and first <= c.last]
        if toks[last].end != match.end(1) or any(c.entries or not c.key.startswith(f"{c.type}:~") for c in inside):
            continue
        for gone in inside:
            cands.remove(gone)
        added.append(_make(text, toks, first, last, cand.key, "short", cand.type))
        forms.setdefault(tuple(name_key(t.text) for t in toks[first : last + 1]), cand)
    covered = {i for c in cands + added for i in range(c.first, c.last + 1)}
    for i in range(len(toks)):
        for form, cand in forms.items():
            j = i + len(form) - 1
            if j >= len(toks) or covered & set(range(i, j + 1)):
                continue
            cut = _spells(toks, i, form)
            if cut is not None:
                added.append(_make(text, toks, i, j, cand.key, "short", cand.type, cut))
                covered.update(range(i, j + 1))
    return added


def _short_form(inner: str) -> bool:
    """Whether text in parentheses reads as a short name: an acronym, or one or two rare words."""
    if " " not in inner and "." in inner and all(0 < len(p) <= 3 for p in inner.split(".")):
        return True  # بي.إيه.ام.اف, U.N.
    parts = words(inner)
    if not parts or len(parts) > 2 or any(p.isdigit() for p in parts):
        return False
    if len(parts) == 1 and _ACRONYM.match(inner.replace(" ", "")):
        return True
    return all(not p.isascii() and word_count(fold(p)) < _PAREN_WORD_MAX for p in parts)


def _make(
    text: str, toks: Sequence[Token], first: int, last: int, key: str, how: str, kind: str = "PER", cut: int = 0
) -> Candidate:
    """A candidate over tokens first..last, `cut` clitic letters of the first word left out."""
    start = toks[first].start + clitic_offset(toks[first].text, cut)
    end = toks[last].end
    return Candidate(start, end, text[start:end], first, last, kind, key=key, how=how, confirmed=True)


def _clitics(word: str) -> int:
    """Clitic letters in front of a word, as `cues.word_key` peels them."""
    return max(cut for _, cut in first_word_keys(word))


def _joined(text: str, left: Token, right: Token) -> bool:
    return not text[left.end : right.start].strip()
