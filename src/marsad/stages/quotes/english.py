"""Direct quotes in English text, with their speakers.

English news attributes a quotation next to it: `"...," Mr. Khiari said.`,
`"...," said Tom Fletcher, the relief chief`, `Guterres said: "..."`, or with a
pronoun (`he told reporters`) that points at the person named last before it.
A quotation counts only with a reporting verb in its sentence; a short quoted
term ("Doha process") is a name, not speech. The speaker is the entity whose
mention the attribution names, so it links like the Arabic reader's speakers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from marsad.article import Entity, Quote

__all__ = ["find_english_quotes"]

_QUOTE = re.compile(r"[\"“]([^\"“”\n]{2,}?)[\"”]")
_VERBS = (r"said|says|say|told|tells|added|adds|stressed|noted|warned|explained|concluded|asked|declared"
          r"|insisted|argued|wrote|recalled|urged|continued|emphasised|emphasized|acknowledged|according to")
_VERB = re.compile(rf"\b(?:{_VERBS})\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
_MIN_WORDS = 4
_REACH = 80  # characters around the quote where its attribution stands


def _mentions(entities: Iterable[Entity]) -> list[tuple[int, int, str, str]]:
    spans = [(m.start, m.end, e.id, e.type) for e in entities for m in e.mentions if e.type in ("PER", "ORG")]
    return sorted(spans)


_SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)[.!?](?=\s)|\n")


def _sentence_window(text: str, start: int, end: int) -> tuple[int, int]:
    """The attribution may stand before the quote (back to a sentence end) or after it."""
    lo = max(start - _REACH, 0)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    stop = _SENTENCE_END.search(text, end, min(len(text), end + _REACH))
    return (ends[-1] if ends else lo), (stop.start() if stop else min(len(text), end + _REACH))


def _named(spans: list, lo: int, hi: int) -> tuple | None:
    inside = [s for s in spans if lo <= s[0] and s[1] <= hi]
    return inside[0] if inside else None


def _speaker(text: str, q_start: int, q_end: int, spans: list) -> tuple[str | None, str | None] | None:
    """(entity id, speaker text) of a quote, (None, None) for an unnamed one, None if no attribution.

    After the quote: the subject stands between it and the verb (`," Mr. Khiari said`,
    `," he told`) or right after the verb (`," said Tom Fletcher`). Before it: the
    subject of the verb that introduces it (`Guterres said: "`).
    """
    lo, hi = _sentence_window(text, q_start, q_end)
    after = _VERB.search(text, q_end, hi)
    if after:
        gap = text[q_end : after.start()]
        found = _named(spans, q_end, after.start()) or (
            None if _PRONOUN.search(gap) else _named(spans, after.end(), min(hi, after.end() + 40)))
        if found is None and _PRONOUN.search(gap + text[after.end() : after.end() + 4]):
            return _last_person(text, spans, q_start)
        if found is not None or len(gap.split()) <= 4:
            return (found[2], text[found[0] : found[1]]) if found else (None, None)
    before = None
    for before in _VERB.finditer(text, lo, q_start):
        pass
    if before is None:
        return None
    found = _named(spans, lo, before.start())
    if found is None and _PRONOUN.search(text[lo : before.start()]):
        return _last_person(text, spans, q_start)
    return (found[2], text[found[0] : found[1]]) if found else (None, None)


def _last_person(text: str, spans: list, at: int) -> tuple[str | None, str | None]:
    """A pronoun speaker: the person named last before the quote."""
    earlier = [s for s in spans if s[1] <= at and s[3] == "PER"]
    if not earlier:
        return None, None
    last = earlier[-1]
    return last[2], text[last[0] : last[1]]


def _goes_on(text: str, match: re.Match, previous: Quote) -> bool:
    """A paragraph that is one quotation, right after a paragraph with a quote, goes on
    with the same speaker's words."""
    own = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    rest = text[match.end() : line_end if line_end != -1 else len(text)]
    whole = not text[own : match.start()].strip() and not rest.strip(" .")
    return whole and 0 <= own - previous.end <= 200 and previous.speaker is not None


def find_english_quotes(text: str, entities: Iterable[Entity] = ()) -> list[Quote]:
    """Direct quotes of English text in order, each with its speaker where the text names one."""
    spans = _mentions(entities)
    quotes = []
    for match in _QUOTE.finditer(text):
        inner = match.group(1).strip(" ,.")
        if len(inner.split()) < _MIN_WORDS:
            continue
        found = _speaker(text, match.start(), match.end(), spans)
        if found is None and quotes and _goes_on(text, match, quotes[-1]):
            found = quotes[-1].speaker, quotes[-1].speaker_text
        if found is None:
            continue
        start = match.start(1)
        quotes.append(Quote(match.group(1), found[0], found[1], "direct", start, start + len(match.group(1))))
    return quotes
