"""Text (and, when a tagger ran, its NER spans) in; entities with every mention out.

    linker = Linker()                       # loads the knowledge base and its name index once
    result = linker.link(text, spans)       # spans: NerTagger().tag(text), or None without a model
    result.entities, result.variants

The steps, each in its own module: find known names (`match`), merge them with the
tagger's spans and tidy both to one convention (`mentions`), pick an entry where a
name fits several and drop weak names nothing confirms (`resolve.choose_entries`),
tie tagger mentions the knowledge base lacks as written to the entry they respell
(`resolve.respelt`, `people.KnownPeople`), then join short forms and other
spellings to the entity they refer to (`resolve.join_forms`, `resolve.paren_forms`).
Entities the knowledge base lacks get `resolve.new_id`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from marsad.arabic import Token, fold, tokens, words
from marsad.article import Entity, Mention
from marsad.kb.loader import KnowledgeBase, load_kb
from marsad.link.cues import roles_near
from marsad.link.match import NameIndex
from marsad.link.mentions import Candidate, from_hits, merge_ner
from marsad.link.people import KnownPeople, people
from marsad.link.phonetic import word_similarity
from marsad.link.ids import new_id, person_id
from marsad.link.resolve import choose_entries, join_forms, paren_forms, respelt
from marsad.link.roles import role_mentions

__all__ = ["Linked", "Linker"]


@dataclass(slots=True)
class Linked:
    """What linking found in one text: one entity per distinct entity, and spelling variants."""

    entities: list[Entity]
    variants: list[list[str]]


class Linker:
    """The knowledge base and its name index, loaded once, applied to any number of texts."""

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        """Index `kb` (default: the shipped knowledge base)."""
        self.kb = kb if kb is not None else load_kb()
        self.index = NameIndex(self.kb)
        self.known = KnownPeople(self.kb)

    def link(self, text: str, spans: Iterable | None = None, toks: list[Token] | None = None) -> Linked:
        """Entities in `text`; `spans` are NER spans (type, start, end) when a tagger ran.

        `toks` are the text's tokens when the caller has them already.
        """
        if toks is None:
            toks = list(tokens(text))
        cands = self._candidates(text, toks, spans)
        persons = people(cands, self.known.names)
        cands += join_forms(text, toks, cands, persons, self.known)
        cands += paren_forms(text, toks, cands)
        cands += role_mentions(text, toks, cands)
        _person_ids(cands)
        groups = _groups(cands)
        return Linked([self._entity(key, group) for key, group in groups.items()], _variants(groups.values()))

    def _candidates(self, text: str, toks: list, spans: Iterable | None) -> list[Candidate]:
        """Known names and tagger spans, each with its entity key (a KB id or a new id)."""
        cands = from_hits(text, toks, self.index.scan(text, toks))
        for cand in cands:
            # Latin script has case: a capital vouches for a name as the tagger does in Arabic.
            if cand.weak and cand.text[:1].isascii() and cand.text[:1].isupper():
                cand.confirmed = True
        if spans is not None:
            cands = merge_ner(text, toks, cands, spans, self.index)
        choose_entries(cands)
        cands = _confirmed(cands)
        for cand in cands:
            cand.key = cand.key or new_id(cand.type, cand.text)
            if cand.type == "PER":
                cand.roles = roles_near(text, toks, cand.first, cand.last)
        respelt(cands, self.known, self.kb)
        return cands

    def _entity(self, key: str, group: list[Candidate]) -> Entity:
        entry = self.kb.get(key)
        if entry is not None:
            name = {"ar": entry.names["ar"], "en": entry.names["en"]}
        else:
            name = {"ar": _display_name(group), "en": ""}
        mentions = sorted({(c.start, c.end): Mention(c.text, c.start, c.end) for c in group}.values(), key=_at)
        return Entity(key, group[0].type, name, mentions)


def _at(mention: Mention) -> tuple[int, int]:
    return mention.start, mention.end


def _confirmed(cands: list[Candidate]) -> list[Candidate]:
    """Candidates to keep: weak names only when confirmed or named strongly elsewhere."""
    strong = {c.key for c in cands if c.entries and not c.weak}
    return [c for c in cands if not c.weak or c.confirmed or c.key in strong]


def _person_ids(cands: Sequence[Candidate]) -> None:
    """Each person the knowledge base lacks keyed by all the names the article gives him (`person_id`)."""
    groups: dict[str, list[Candidate]] = {}
    for cand in cands:
        if cand.key.startswith("PER:~"):
            groups.setdefault(cand.key, []).append(cand)
    for group in groups.values():
        names = [c.text for c in group if c.how != "role"]
        key = person_id(names) if names else group[0].key
        for cand in group:
            cand.key = key


def _groups(cands: Sequence[Candidate]) -> dict[str, list[Candidate]]:
    """Candidates by entity, entities in order of first mention."""
    groups: dict[str, list[Candidate]] = {}
    for cand in sorted(cands, key=lambda c: c.start):
        groups.setdefault(cand.key, []).append(cand)
    return groups


def _display_name(group: Sequence[Candidate]) -> str:
    """The most frequent surface among full names (not short forms), ties to the longest."""
    full = [c.text for c in group if c.how == "name"] or [c.text for c in group if c.how != "role"]
    full = full or [group[0].text]
    counts = Counter(full)
    return max(counts, key=lambda s: (counts[s], len(words(s)), -full.index(s)))


def _variants(groups: Iterable[list[Candidate]]) -> list[list[str]]:
    """Entities named in spellings that differ as transliterations do (خياري / خيري / خلي)."""
    out = []
    for group in groups:
        forms: dict[str, str] = {}
        for cand in group:  # in text order: each spelling as first written
            if cand.how == "role":
                continue
            forms.setdefault(_bare(cand.text), cand.text)
        forms = list(forms.values())
        if len(forms) < 2:
            continue
        if any(c.how == "variant" for c in group) or _misspelt(forms):
            out.append(forms)
    return out


def _misspelt(forms: Sequence[str]) -> bool:
    """Whether two forms end in words that are one name spelt two ways, or are one name so spelt.

    جولييت توما / جوليت توما: two names of as many words that differ only in words
    that sound alike.
    """
    arabic = [f for f in forms if not f.isascii() and words(f)]
    tails = {_bare(words(f)[-1]) for f in arabic}
    if any(word_similarity(a, b) >= 0.8 for a, b in combinations(sorted(tails), 2)):
        return True
    for a, b in combinations(arabic, 2):
        pairs = [(x, y) for x, y in zip(words(_bare(a)), words(_bare(b))) if x != y]
        if len(words(a)) == len(words(b)) and pairs and all(word_similarity(x, y) >= 0.8 for x, y in pairs):
            return True
    return False


@lru_cache(maxsize=8192)
def _bare(name: str) -> str:
    """A name's match form without articles, so السودان and (لل)سودان are one form."""
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words(fold(name)))
