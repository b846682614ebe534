"""Dates in languages other than Arabic and English, read by dateparser.

Our own reader knows Arabic and English date words; for the rest (French, Spanish,
German, Turkish, ...) dateparser's search is the well-kept tool. It is slow (about
a second for an article) but such articles are rare in an Arabic archive, and it
also returns bare numbers as dates ("25"), so a match must hold a word.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from marsad.article import DateMention

__all__ = ["find_other_dates"]

_HAS_LETTER = re.compile(r"[^\W\d_]{3}")
_TRAILING_SHORT = re.compile(r"(?:\s+[^\W\d_]{1,2})+$")


def find_other_dates(text: str, lang: str, anchor: date) -> list[DateMention]:
    """Date expressions of `text` in `lang` (ISO 639-1), resolved against `anchor`, in order."""
    from dateparser.search import search_dates  # slow to import; only for these articles

    base = datetime(anchor.year, anchor.month, anchor.day)
    try:
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        found = search_dates(text, languages=[lang], settings=settings)
    except (ValueError, LookupError, OverflowError):
        return []  # a language dateparser lacks, or a date it cannot build
    mentions, at = [], 0
    for phrase, when in found or []:
        phrase = _TRAILING_SHORT.sub("", phrase.strip())
        start = text.find(phrase, at)
        if start < 0 or not _HAS_LETTER.search(phrase):
            continue
        mentions.append(DateMention(phrase, when.date().isoformat(), start, start + len(phrase)))
        at = start + len(phrase)
    return mentions
