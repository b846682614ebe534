"""Dates written in English: "24 July 2025", "July 24", "on Thursday", "last September",
"three days ago", "since 2019".

The finder runs this beside the Arabic reader on the same folded text (`fold`
lowercases Latin letters and keeps offsets), so one article may mix both. What an
expression says becomes the same `When` the Arabic reader gives, resolved by
`calendar.value` against the same anchor.

"May" and "March" are also a verb and a noun: alone they count only after a word
that makes them a month ("in May", "last March"), never bare.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from marsad.stages.dates.calendar import When

__all__ = ["scan_english"]

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_SHIFTS = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}
_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
          "year": "year", "years": "year"}
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_RELATIVE = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1,
             "the day after tomorrow": 2}
# Month names that are also common words, and the words before them that make them months.
_AMBIGUOUS = {"may", "march", "mar", "jan", "sep", "dec", "oct", "nov", "aug", "jun", "jul", "apr", "feb"}
_MONTH_CUES = {"in", "since", "by", "until", "till", "from", "during", "before", "after", "early", "late",
               "mid", "of", "last", "next", "this", "through", "between", "and", "to"}
_YEAR_CUES = {"in", "since", "by", "until", "till", "from", "during", "before", "after", "of", "through",
              "year", "early", "late", "mid", "between", "and", "to"}


def _alt(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_FULL = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_M = rf"(?:(?P<{{0}}>{_alt(_FULL)})|(?P<{{0}}_>{_alt(set(MONTHS) - set(_FULL))})\.?)"
_WD = rf"(?:(?:on\s+)?(?:{_alt(WEEKDAYS)}),?\s+)?"
_DAY = r"(?P<{0}>[0-9]{{1,2}})(?:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>[0-9]{{4}})(?![0-9])"
_PATTERN = re.compile(
    rf"""(?<![a-z0-9])(?:
      (?P<dmy>{_WD}{_DAY.format('d1')}\s+(?:of\s+)?{_M.format('m1')}(?:,?\s+{_YEAR.format('y1')})?)(?![a-z])
    | (?P<mdy>{_WD}{_M.format('m2')}\s+{_DAY.format('d2')}(?![0-9])(?:,?\s+{_YEAR.format('y2')})?)(?![a-z])
    | (?P<my>{_M.format('m3')},?\s+{_YEAR.format('y3')})
    | (?P<iso>(?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{2}})-(?P<id>[0-9]{{2}}))(?![0-9])
    | (?P<num>(?P<na>[0-9]{{1,2}})/(?P<nb>[0-9]{{1,2}})/(?P<ny>[0-9]{{4}}))(?![0-9])
    | (?P<ago>(?P<an>[0-9]{{1,2}}|{_alt(_COUNTS)})\s+(?P<au>{_alt(_UNITS)})\s+ago)(?![a-z])
    | (?P<per>(?P<ps>{_alt(_SHIFTS)})\s+(?P<pu>week|month|year))(?![a-z])
    | (?P<rel>{_alt(_RELATIVE)})(?![a-z])
    | (?P<wd>(?:(?P<ws>{_alt(_SHIFTS)})\s+)?(?P<wn>{_alt(WEEKDAYS)}))(?![a-z])
    | (?P<mon>(?:(?P<ms>last|next|this)\s+)?{_M.format('m4')})(?![a-z])
    | (?P<yr>{_YEAR.format('y5')})
    )""",
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([a-z]+)[\s-]*$")


def _word_before(text: str, start: int) -> str:
    match = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return match.group(1) if match else ""


def _month(m: re.Match, name: str) -> str:
    return m[name] or m[name + "_"]


def _year_ok(year: str | None) -> int | None:
    if year is None:
        return None
    value = int(year)
    return value if 1000 <= value <= 2199 else -1


def _day_month(day: str, month: str, year: str | None) -> When | None:
    number, year_value = int(day), _year_ok(year)
    if not 1 <= number <= 31 or year_value == -1:
        return None
    return When("day", "g", year_value, MONTHS[month], number)


def _read(m: re.Match, text: str) -> When | None:
    """What one match says, or None when its context shows it is no date."""
    if m["dmy"]:
        return _day_month(m["d1"], _month(m, "m1"), m["y1"])
    if m["mdy"]:
        return _day_month(m["d2"], _month(m, "m2"), m["y2"])
    if m["my"]:
        year = _year_ok(m["y3"])
        return When("month", "g", year, MONTHS[_month(m, "m3")]) if year != -1 else None
    if m["iso"] or m["num"]:
        year, month, day = (int(m["iy"]), int(m["im"]), int(m["id"])) if m["iso"] else (
            int(m["ny"]), int(m["nb"]), int(m["na"]))
        if month > 12 and day <= 12:
            day, month = month, day  # written month first
        ok = 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2199
        return When("day", "g", year, month, day) if ok else None
    if m["ago"]:
        count = int(m["an"]) if m["an"].isdigit() else _COUNTS[m["an"]]
        return When("ago", unit=_UNITS[m["au"]], shift=count)
    if m["per"]:
        return When("period", unit=m["pu"], shift=_SHIFTS[m["ps"]])
    if m["rel"]:
        return When("relative", shift=_RELATIVE[m["rel"]])
    if m["wd"]:
        shift = _SHIFTS.get(m["ws"] or "")
        return When("weekday", day=WEEKDAYS[m["wn"]], shift=shift or None)
    if m["mon"]:
        name, shift = _month(m, "m4"), m["ms"]
        before = _word_before(text, m.start())
        if shift is None and (before not in _MONTH_CUES or (name in _AMBIGUOUS and before in ("and", "to"))):
            return None
        return When("month", "g", None, MONTHS[name], None, _SHIFTS[shift] if shift else None)
    year = int(m["y5"])
    if 1900 <= year <= 2100 and _word_before(text, m.start()) in _YEAR_CUES:
        return When("year", "g", year)
    return None


def scan_english(folded: str) -> Iterator[tuple[int, int, When]]:
    """(start, end, When) for every English date expression in lowercased text."""
    for match in _PATTERN.finditer(folded):
        when = _read(match, folded)
        if when is not None:
            yield match.start(), match.end(), when
