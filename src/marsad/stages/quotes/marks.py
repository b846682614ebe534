"""Quotation marks paired as they really occur, and sentences that do not split quotes.

Arabic news uses «…», “…” and "…", and real copy breaks every rule: machine
translation writes ” … ” and “ … “, writers open with » (و»يجب), leave a quote
unclosed, or open a second one before closing the first. A mark's role is read
from what touches it (a space or a clitic before and a letter after opens; a
letter before and a space or punctuation after closes); its shape only breaks
ties, and the state of the pairing decides the truly ambiguous ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuoteMarks", "pair_marks", "sentence_spans"]

_MARKS = '«»“”"„‟″'
_MARK_RE = re.compile(f"[{_MARKS}]")
_OPEN_BEFORE = set(" \t\n([{:؛،,—–-/")
_CLOSE_AFTER = set(" \t\n.,،؛:!?؟)]}…—–-")
_CLITICS = set("وفبلك")
_TATWEEL = "\u0640"
_TERMINATORS = set(".!?؟")
_TERMINATOR_RUN = re.compile(r"[.!?؟]+")
_OPEN, _CLOSE, _EITHER = 1, 2, 3


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """A quoted stretch: where its marks stand and where the words inside begin and end."""

    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark; None when the writer never closed it
    start: int  # first character inside the marks
    end: int  # one past the last character inside


def _role(text: str, at: int, lo: int, hi: int) -> int:
    before = text[at - 1] if at > lo else " "
    after = text[at + 1] if at + 1 < hi else " "
    opens = (
        before in _OPEN_BEFORE
        or before == _TATWEEL
        or (before in _CLITICS and (at - 1 == lo or text[at - 2] in _OPEN_BEFORE))
    )
    closes = after in _CLOSE_AFTER or after in _MARKS
    if opens and not closes:
        return _OPEN
    if closes and not opens:
        return _CLOSE
    mark = text[at]
    return _OPEN if mark == "«" else _CLOSE if mark == "»" else _EITHER


def _empty_until_end(text: str, at: int, hi: int) -> bool:
    """A mark followed only by spaces and a full stop: a stray closer, not an opener."""
    rest = text[at + 1 : hi].strip()
    return not rest or (rest[0] in _TERMINATORS and len(rest) <= 2)


def _cut_before(text: str, lo: int, hi: int) -> int:
    """Where an unclosed quote most likely ended: the last comma or stop before `hi`."""
    for at in range(hi - 1, lo, -1):
        if text[at] in "،,.؛":
            return at
    return hi


def _sentence_end(text: str, at: int, hi: int) -> int:
    """Where the sentence that contains `at` ends (an unclosed quotation ends there too)."""
    for pos in range(at, hi):
        if text[pos] in _TERMINATORS and (pos + 1 == hi or text[pos + 1].isspace()):
            return pos
    return hi


def pair_marks(text: str, lo: int, hi: int) -> list[QuoteMarks]:
    """Every quoted stretch in text[lo:hi] (one paragraph), in order."""
    found: list[QuoteMarks] = []
    opened: int | None = None
    for match in _MARK_RE.finditer(text, lo, hi):
        at = match.start()
        role = _role(text, at, lo, hi)
        if opened is None:
            if role == _CLOSE or _empty_until_end(text, at, hi):
                _extend_previous(text, found, at)
                continue
            opened = at
            continue
        if text[opened] == "«" and text[at] not in "«»":
            continue  # a “…” or "…" inside «…» is part of the outer quotation
        if role == _OPEN:
            # a second opener before any closer: the first quote was never closed
            end = _cut_before(text, opened + 1, at)
            found.append(QuoteMarks(opened, None, opened + 1, end))
            opened = at
            continue
        found.append(QuoteMarks(opened, at, opened + 1, at))
        opened = None
    if opened is not None:
        found.append(QuoteMarks(opened, None, opened + 1, _sentence_end(text, opened + 1, hi)))
    return [q for q in found if text[q.start : q.end].strip()]


def _extend_previous(text: str, found: list[QuoteMarks], at: int) -> None:
    """A stray closer after `“A”، B “.`: machine translation moved the closing mark.

    When the last quote closed on a comma and the stray mark ends the same sentence,
    the quotation runs on to the stray mark.
    """
    if not found or found[-1].close is None:
        return
    last = found[-1]
    between = text[last.close + 1 : at]
    if between[:1] in ("،", ",") and not any(c in _TERMINATORS or c in _MARKS for c in between):
        end = at
        while end > last.start and text[end - 1].isspace():
            end -= 1
        found[-1] = QuoteMarks(last.open, at, last.start, end)


def sentence_spans(text: str, lo: int, hi: int, quotes: list[QuoteMarks]) -> list[tuple[int, int]]:
    """Sentences of text[lo:hi]; a full stop inside quotation marks ends nothing."""
    inside = [(q.open, q.close if q.close is not None else q.end) for q in quotes]
    spans: list[tuple[int, int]] = []
    start = lo
    for match in _TERMINATOR_RUN.finditer(text, lo, hi):
        pos = match.start()
        if pos < start or any(a <= pos <= b for a, b in inside):
            continue
        if _ends_sentence(text, pos, lo, hi):
            spans.append((start, match.end()))
            start = match.end()
    if text[start:hi].strip():
        spans.append((start, hi))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans if text[s:e].strip()]


def _ends_sentence(text: str, pos: int, lo: int, hi: int) -> bool:
    before = text[pos - 1] if pos > lo else " "
    after = text[pos + 1] if pos + 1 < hi else " "
    if before.isdigit() and after.isdigit():
        return False  # 3.5
    # a one-letter abbreviation: م. (engineer), د. (doctor)
    if text[pos] == "." and pos - 2 >= lo and before.isalpha() and not text[pos - 2].isalnum():
        return False
    return after.isspace() or after in _MARKS or "\u0621" <= after <= "\u064a"
