"""Candidate mentions: knowledge-base matches and NER spans, merged into one flat list.

Both sources see the same text. The knowledge-base scan knows names; the tagger
knows context (it tells the town صور from the word for pictures, and finds people
no list holds). Where they overlap, a known name that the tagger confirms is kept
as it is; a span the tagger draws around a known place but calls an organisation
(جامعة الخرطوم, ريال مدريد) is the organisation; one-word names that are also
ordinary words (`Hit.weak`) need the tagger, a cue word (مدينة صور, الرئيس
البرهان), or another mention of the same entity in the article.

Both are tidied to the same conventions: a mention never includes a title
(الرئيس), a clitic (و, ب, لـ), punctuation, or a function word the tagger ran
on into (اللذان); a person's name runs on through بن (محمد بن سلمان بن عبدالعزيز).
A country name shaped like an adjective is the adjective after a noun it agrees
with (الأراضي السعودية, مصادر سورية) or with tanween (مدنيًا سوريًا).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from marsad.arabic import Token, fold
from marsad.kb.loader import Entry
from marsad.link.cues import ORG_CUES, PER_CUES, PER_LEADS, PLACE_CUES, cue_before, folded_set, word_key
from marsad.link.match import Hit, NameIndex, clitic_cut, clitic_offset, name_key

__all__ = ["Candidate", "TokenMap", "from_hits", "merge_ner"]

_CUES = {"LOC": PLACE_CUES, "PER": PER_CUES, "ORG": ORG_CUES}
# Words a tagger's span may run into at either edge; never part of a name.
_EDGE_WORDS = folded_set(
    "الذي التي الذين اللذان اللتان اللذين اللتين اللواتي أن إن ان في من عن إلى الى مع هو هي "
    "قد كان كانت وقال قال قالت أيضا بين ب ل و ف ك لـ بـ"
)
_PATRONYM = frozenset(fold(w) for w in ("بن", "ابن", "بنت"))
# Prepositions and particles: after them a country name is a name, not an adjective.
_PARTICLES = folded_set(
    "في من إلى الى على عن مع بين حول نحو ضد لدى عبر داخل خارج قرب تجاه و أو ثم حتى منذ"
)
_TANWEEN = re.compile("[\u064b-\u064d]")
_SPLIT = re.compile(r"[،,؛;:!?()\[\]{}\"«»“”'’.\n]")


@dataclass(slots=True)
class Candidate:
    """A mention on its way to an entity: span, token range, type and possible entries."""

    start: int
    end: int
    text: str
    first: int  # index of its first token
    last: int  # index of its last token
    type: str
    entries: tuple[Entry, ...] = ()
    weak: bool = False
    confirmed: bool = False  # the tagger or a cue word vouches for a weak name
    how: str = "name"  # name | short (surname, acronym) | variant (another spelling)
    key: str = ""  # the entity it joins: a KB id, or a name key for a new entity
    roles: set[str] = field(default_factory=set)
    tagged: bool = False  # the tagger found it


class TokenMap:
    """Token indexes by character offset, to turn spans into token ranges."""

    def __init__(self, toks: Sequence[Token]) -> None:
        """Index the starts and ends of `toks`."""
        self.toks = toks
        self._starts = {t.start: i for i, t in enumerate(toks)}
        self._ends = {t.end: i for i, t in enumerate(toks)}

    def range(self, start: int, end: int) -> tuple[int, int] | None:
        """The first and last token index of a span, or None if it splits a token."""
        first = self._first_at(start)
        last = self._ends.get(end)
        return None if first is None or last is None or last < first else (first, last)

    def _first_at(self, start: int) -> int | None:
        if start in self._starts:
            return self._starts[start]
        # A span may start inside a token after its clitics (والسودان -> السودان).
        for i, tok in enumerate(self.toks):
            if tok.start <= start < tok.end:
                return i
            if tok.start > start:
                return None
        return None


def from_hits(text: str, toks: Sequence[Token], hits: Iterable[Hit]) -> list[Candidate]:
    """One candidate per knowledge-base match, tidied; weak ones checked for a cue word."""
    tmap = TokenMap(toks)
    out = []
    for hit in hits:
        span = tmap.range(hit.start, hit.end)
        if span is None:
            continue
        kind = hit.entries[0].type
        cand = Candidate(hit.start, hit.end, hit.text, span[0], span[1], kind, hit.entries, hit.weak)
        if kind == "PER":
            _tidy_person(text, toks, cand)
        elif kind == "LOC" and _adjective(text, toks, cand):
            continue
        if hit.weak:
            cand.confirmed = cue_before(text, toks, cand.first, _CUES[kind], skip_nisba=True)
        out.append(cand)
    return out


def _tidy_person(text: str, toks: Sequence[Token], cand: Candidate) -> None:
    """Leave a title out of a known person's name, and take in a following بن chain."""
    while cand.first < cand.last and word_key(toks[cand.first].text) in PER_CUES:
        cand.first += 1
        cand.start = toks[cand.first].start
    last = cand.last
    while last + 2 < len(toks) and fold(toks[last + 1].text) in _PATRONYM and _spaced(text, toks, last, last + 2):
        last += 2
    cand.last, cand.end = last, toks[last].end
    cand.text = text[cand.start : cand.end]


def _adjective(text: str, toks: Sequence[Token], cand: Candidate) -> bool:
    """Whether a one-word country name is here an adjective of origin (see the module docstring)."""
    if cand.first != cand.last:
        return False
    if _TANWEEN.search(toks[cand.first].text):
        return True
    word = fold(cand.text)
    if not word.endswith("يه") or cand.first == 0 or not _spaced(text, toks, cand.first - 1, cand.first):
        return False
    before = fold(toks[cand.first - 1].text)
    if before in _PARTICLES or word_key(before) in PLACE_CUES or len(before) < 3:
        return False
    return before.startswith("ال") == word.startswith("ال")


def merge_ner(
    text: str, toks: Sequence[Token], cands: list[Candidate], spans: Iterable, index: NameIndex
) -> list[Candidate]:
    """Knowledge-base candidates and tagger spans as one non-overlapping list, in order."""
    out = list(cands)
    for ner in _ner_candidates(text, toks, spans, index):
        overlapping = [c for c in out if c.start < ner.end and ner.start < c.end]
        if _resolve_overlap(ner, overlapping, index) is not ner:
            continue
        out = [c for c in out if c not in overlapping]
        out.append(ner)
    return sorted(out, key=lambda c: c.start)


def _ner_candidates(text: str, toks: Sequence[Token], spans: Iterable, index: NameIndex) -> list[Candidate]:
    """Tagger spans tidied (see the module docstring); neighbours of one type become one span."""
    tmap = TokenMap(toks)
    ranges: list[list] = []
    for span in spans:
        rng = tmap.range(span.start, span.end)
        if rng is None:
            continue
        first, last = _tidy_range(text, toks, span.type, *rng)
        if first > last:
            continue
        if ranges and _split_name(text, toks, ranges[-1], span.type, first):
            ranges[-1][2] = last  # جون | كيري: one name the tagger cut in two
        else:
            ranges.append([span.type, first, last])
    # A lone ب ك ل is peeled where the bare word is a known name or stands alone elsewhere
    # in the article (لرودسكوي after سيرغي رودسكوي), never on the lexicon's word alone (لانس).
    seen = {name_key(t.text) for t in toks}

    def known(key: str) -> bool:
        return index.knows(key) or key in seen

    out = []
    for kind, first, last in ranges:
        word, hit = toks[first].text, index.match_span(text, toks, first, last)
        start = hit.start if hit else toks[first].start + clitic_offset(word, clitic_cut(word, known))
        if start < toks[last].end:
            end = toks[last].end
            cand = Candidate(start, end, text[start:end], first, last, kind, confirmed=True, tagged=True)
            if not (kind == "LOC" and _adjective(text, toks, cand)):
                out.append(cand)
    return out


def _split_name(text: str, toks: Sequence[Token], prev: list, kind: str, first: int) -> bool:
    """Whether a person span right after another continues its name (not روسيا | وإيران)."""
    if prev[0] != "PER" or kind != "PER" or prev[1] != prev[2] or prev[2] + 1 != first:
        return False
    return _spaced(text, toks, first - 1, first) and not fold(toks[first].text).startswith("و")


def _tidy_range(text: str, toks: Sequence[Token], kind: str, first: int, last: int) -> tuple[int, int]:
    """A span cut at its first punctuation, without edge words and (for people) titles."""
    for i in range(first, last):
        if _SPLIT.search(text[toks[i].end : toks[i + 1].start]):
            last = i
            break
    while first <= last and name_key(toks[first].text) in _EDGE_WORDS:
        first += 1
    while last >= first and name_key(toks[last].text) in _EDGE_WORDS:
        last -= 1
    if kind == "PER":
        while first < last and word_key(toks[first].text) in PER_LEADS:
            first += 1
    return first, last


def _resolve_overlap(ner: Candidate, overlapping: list[Candidate], index: NameIndex) -> Candidate | None:
    """Which wins where a tagger span meets knowledge-base matches (see the module docstring)."""
    if not overlapping:
        ner.entries = _typed(index.lookup(ner.text), ner.type)
        return ner
    inside = [c for c in overlapping if c.start <= ner.start and ner.end <= c.end]
    if inside:  # the tagger found (part of) a known name: confirm it if the types agree
        cand = inside[0]
        if cand.type == ner.type or not cand.weak:
            cand.confirmed = cand.confirmed or cand.type == ner.type
            cand.tagged = True
            return None
        ner.entries = _typed(index.lookup(ner.text), ner.type)
        return ner
    if any(c.start < ner.start or c.end > ner.end for c in overlapping):
        return None  # the spans disagree on where a name ends: trust the list
    found = _typed(index.lookup(ner.text), ner.type)
    if found:
        ner.entries = found
        return ner
    if all(c.type == ner.type and not c.weak for c in overlapping):
        for c in overlapping:
            c.confirmed = c.tagged = True
        return None  # a known name with words around it (السودان الشقيق)
    return ner  # a longer name of another type around a known one (جامعة الخرطوم)


def _typed(entries: Sequence[Entry], kind: str) -> tuple[Entry, ...]:
    return tuple(e for e in entries if e.type == kind)


def _spaced(text: str, toks: Sequence[Token], i: int, j: int) -> bool:
    """Whether tokens i..j follow each other with only spaces between them."""
    return all(not text[toks[k].end : toks[k + 1].start].strip() for k in range(i, j))
