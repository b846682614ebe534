"""From what a date expression says to the ISO 8601 value it stands for.

`dates.py` reads an expression into a `When` that knows nothing of the article
(a day, a month, a weekday "before", "three days ago"); `value` fixes it against
the anchor (the published date, or the ingest date). Values are as precise as the
text: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, an ISO week `YYYY-Www`, or a year range
`YYYY/YYYY`. Hijri dates go through the Umm al-Qura tables of `hijridate`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from hijridate import Gregorian, Hijri

__all__ = ["When", "value"]

# How far from the anchor a month without a year may be: four months ahead or seven
# back. News mostly reports the recent past and announces only the near future.
_AHEAD, _BACK = 4, 7


class When(NamedTuple):
    """What an expression says, before the anchor is known.

    kind: day | month | year | relative | weekday | period | ago.
    calendar: "g" or "h" for day/month/year; for a year, `shift` holds a range end.
    shift: -1 before, +1 after, 0 the current one, None not said; for relative and
    ago, the number of days or units.
    day: for weekday (and relative "أمس الثلاثاء"), the weekday, Monday 0.
    """

    kind: str
    calendar: str = "g"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    shift: int | None = None
    unit: str = ""


def value(when: When, anchor: date) -> str | None:
    """The ISO 8601 value of `when` seen from `anchor`, or None when no such date exists."""
    try:
        return _RESOLVERS[when.kind](when, anchor)
    except (ValueError, OverflowError):
        # 31 نوفمبر, 30 رمضان in a 29-day month, a Hijri year outside the tables.
        return None


# ------------------------------------------------------------------ absolute
def _day(when: When, anchor: date) -> str:
    if when.calendar == "h":
        hijri_year = _hijri_year(when, anchor)
        return Hijri(hijri_year, when.month, when.day).to_gregorian().isoformat()
    return date(_gregorian_year(when, anchor), when.month, when.day).isoformat()


def _month(when: When, anchor: date) -> str:
    if when.calendar == "h":
        # A Hijri month straddles two Gregorian months; its middle says which it mostly is.
        middle = Hijri(_hijri_year(when, anchor), when.month, 15).to_gregorian()
        return f"{middle.year:04d}-{middle.month:02d}"
    year = _gregorian_year(when, anchor)
    date(year, when.month, 1)  # raises on a year out of range
    return f"{year:04d}-{when.month:02d}"


def _year(when: When, anchor: date) -> str:
    year = when.year
    if when.calendar == "h":
        # A Hijri year straddles two Gregorian years; give the one holding its middle.
        year = Hijri(year, 7, 1).to_gregorian().year
    if when.shift:
        return f"{year:04d}/{when.shift:04d}"
    return f"{year:04d}"


def _gregorian_year(when: When, anchor: date) -> int:
    """The year of a Gregorian day or month: written, shifted ("الماضي"), or the nearest."""
    if when.year is not None:
        return when.year
    if when.shift is None:
        return _nearest_year(when.month, anchor.year, anchor.month)
    return _shifted_year(when.month, when.shift, anchor.year, anchor.month)


def _hijri_year(when: When, anchor: date) -> int:
    """The Hijri year of a Hijri day or month: written, implied, or the nearest."""
    if when.year is not None and when.year < 1600:
        return when.year
    if when.year is not None:
        # "رمضان 2025": the Hijri month whose middle falls in that Gregorian year.
        guess = Gregorian(when.year, 7, 1).to_hijri().year
        for year in (guess - 1, guess, guess + 1):
            if Hijri(year, when.month, 15).to_gregorian().year == when.year:
                return year
        raise ValueError("no such Hijri month in that year")
    now = Gregorian(anchor.year, anchor.month, anchor.day).to_hijri()
    if when.shift is None:
        return _nearest_year(when.month, now.year, now.month)
    return _shifted_year(when.month, when.shift, now.year, now.month)


def _nearest_year(month: int, year: int, current: int) -> int:
    """The year that puts `month` near the current month (at most 4 ahead, 7 back)."""
    delta = month - current
    if delta > _AHEAD:
        return year - 1
    if delta < -_BACK:
        return year + 1
    return year


def _shifted_year(month: int, shift: int, year: int, current: int) -> int:
    """"سبتمبر الماضي" is the last September strictly before this month; "المقبل" the next."""
    if shift < 0:
        return year if month < current else year - 1
    if shift > 0:
        return year if month > current else year + 1
    return year


# ------------------------------------------------------------------ relative
def _relative(when: When, anchor: date) -> str:
    day = anchor + timedelta(days=when.shift)
    if when.day is not None:
        # "أمس الثلاثاء": the named weekday on or before the day the word points at.
        day -= timedelta(days=(day.weekday() - when.day) % 7)
    return day.isoformat()


def _weekday(when: When, anchor: date) -> str:
    """A weekday named in news is the latest one on or before the anchor (the report
    is of something that happened); "الماضي" is strictly before, "المقبل" strictly
    after, and a future cue in the sentence (unit "future") makes it the next on or after."""
    today, wanted = anchor.weekday(), when.day
    if when.shift is not None and when.shift < 0:
        days = -(((today - wanted - 1) % 7) + 1)
    elif when.shift is not None and when.shift > 0:
        days = ((wanted - today - 1) % 7) + 1
    elif when.unit == "future":
        days = (wanted - today) % 7
    else:
        days = -((today - wanted) % 7)
    return (anchor + timedelta(days=days)).isoformat()


def _period(when: When, anchor: date) -> str:
    return _moved(anchor, when.unit, when.shift or 0)


def _ago(when: When, anchor: date) -> str:
    return _moved(anchor, when.unit, -(when.shift or 0))


def _moved(anchor: date, unit: str, steps: int) -> str:
    """The day, ISO week, month or year `steps` units away from the anchor."""
    if unit == "day":
        return (anchor + timedelta(days=steps)).isoformat()
    if unit == "week":
        year, week, _ = (anchor + timedelta(weeks=steps)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + steps
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    return f"{anchor.year + steps:04d}"


_RESOLVERS = {
    "day": _day,
    "month": _month,
    "year": _year,
    "relative": _relative,
    "weekday": _weekday,
    "period": _period,
    "ago": _ago,
}
