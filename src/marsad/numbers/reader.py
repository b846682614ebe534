"""Find numbers in text: digits of any script, separators, scale words, number words.

    find_numbers("57 دولة و2,5 مليون لاجئ، five observers")
    -> 57, 2500000, 5 with their spans

Digits may be Western (0-9), Arabic-Indic (٠-٩) or Persian (۰-۹); a comma or ٬
followed by exactly three digits groups thousands, a point or ٫ marks decimals.
A scale word after a number multiplies it (million, مليون, ملايين, مليار, ألف).
Number words count only alone or before a scale word (five, twenty-five, خمسة,
عشرين). Words that are also other words (one, "أحد" = Sunday/someone) are left out:
they would add noise, not anchors.
"""

from __future__ import annotations

import re

from marsad.arabic import fold
from marsad.arabic.memo import word_memo
from marsad.article import NumberMention

__all__ = ["NumberMention", "find_numbers", "number_values"]


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_EN_UNITS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_EN_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
              "trillion": 1_000_000_000_000, "bn": 1_000_000_000}

# Folded forms (marsad.arabic.fold): ة -> ه, أ/إ/آ -> ا, ى -> ي.
_AR_UNITS = {
    "اثنان": 2, "اثنين": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5,
    "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمانيه": 8, "ثمان": 8, "تسع": 9,
    "تسعه": 9, "عشر": 10, "عشره": 10, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30,
    "اربعون": 40, "اربعين": 40, "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60,
    "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
    "مئه": 100, "مائه": 100, "مئتين": 200, "مائتين": 200, "مئتان": 200, "مائتان": 200,
}
_AR_SCALES = {
    "الف": 1_000, "الاف": 1_000, "الفا": 1_000, "الفين": 2_000, "مليون": 1_000_000,
    "ملايين": 1_000_000, "مليونين": 2_000_000, "مليونا": 1_000_000, "مليار": 1_000_000_000,
    "مليارات": 1_000_000_000, "مليارين": 2_000_000_000, "بليون": 1_000_000_000,
    "تريليون": 1_000_000_000_000,
}
# A scale word standing alone is a count of its own ("ألفين" = 2,000), not a multiplier.
_AR_SELF_COUNTING = {"الفين", "مليونين", "مليارين"}
_AR_CLITICS = ("و", "ب", "ل", "ف")

_NUMBER = re.compile(
    r"(?<![A-Za-z0-9٠-٩۰-۹.,٫٬])(?:[0-9٠-٩۰-۹]{1,3}(?:[,٬][0-9٠-٩۰-۹]{3})+(?![0-9٠-٩۰-۹])|[0-9٠-٩۰-۹]+)"
    r"(?:[.٫][0-9٠-٩۰-۹]+|,[0-9٠-٩۰-۹]{1,2}(?![0-9٠-٩۰-۹]))?(?![0-9٠-٩۰-۹])"
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
_SPACE = re.compile(r"[ \t\u00a0]+")


def _plain(value: float) -> float:
    """Whole numbers as int, so "57" prints as 57, not 57.0."""
    return int(value) if float(value).is_integer() and abs(value) < 1e18 else value


def _digits_value(text: str) -> float:
    plain = text.translate(_DIGITS).replace("٬", "").replace("٫", ".")
    # A comma before one or two final digits is a decimal comma ("2,5 مليون"); else it groups.
    head, comma, tail = plain.rpartition(",")
    plain = f"{head.replace(',', '')}.{tail}" if comma and len(tail) < 3 else plain.replace(",", "")
    return float(plain)


@word_memo
def _scale_of(word: str) -> int | None:
    low = word.lower()
    if low in _EN_SCALES or (low.endswith("s") and low[:-1] in _EN_SCALES and low != "bns"):
        return _EN_SCALES.get(low) or _EN_SCALES[low[:-1]]
    folded = fold(word)
    if folded in _AR_SCALES:
        return 1 if folded in _AR_SELF_COUNTING else _AR_SCALES[folded]
    return None


@word_memo
def _word_value(word: str) -> float | None:
    """The value of one number word (English or Arabic, with a clitic), or None."""
    low = word.lower()
    if low in _EN_UNITS:
        return _EN_UNITS[low]
    if low in _EN_TENS:
        return _EN_TENS[low]
    if "-" in low:
        tens, _, unit = low.partition("-")
        if tens in _EN_TENS and unit in _EN_UNITS and _EN_UNITS[unit] < 10:
            return _EN_TENS[tens] + _EN_UNITS[unit]
        return None
    folded = fold(word)
    if folded in _AR_UNITS:
        return _AR_UNITS[folded]
    if folded in _AR_SELF_COUNTING:
        return _AR_SCALES[folded]
    if len(folded) > 3 and folded[0] in _AR_CLITICS and folded[1:] in _AR_UNITS:
        return _AR_UNITS[folded[1:]]
    return None


def _next_word(text: str, end: int) -> re.Match | None:
    space = _SPACE.match(text, end)
    if not space:
        return None
    return _WORD.match(text, space.end())


def _with_scale(text: str, value: float, start: int, end: int) -> NumberMention:
    """Extend a number over a following scale word ("2.3 billion", "ثلاثة ملايين")."""
    word = _next_word(text, end)
    if word:
        scale = _scale_of(word.group())
        if scale and scale > 1:
            return NumberMention(text[start : word.end()], _plain(value * scale), start, word.end())
    return NumberMention(text[start:end], _plain(value), start, end)


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text`, in order, with offsets into `text`."""
    found = [_with_scale(text, _digits_value(m.group()), m.start(), m.end()) for m in _NUMBER.finditer(text)]
    taken = iter([(n.start, n.end) for n in found] + [(len(text) + 1, len(text) + 1)])
    span = next(taken)
    for m in _WORD.finditer(text):
        while span[1] <= m.start():
            span = next(taken)
        if span[0] <= m.start():
            continue  # a scale word already read with its number
        number = _word_value(m.group())
        if number is not None:
            found.append(_with_scale(text, number, m.start(), m.end()))
        elif _scale_of(m.group()) and not m.group().lower().startswith("hundred"):
            scale = _scale_of(m.group())
            found.append(NumberMention(m.group(), scale, m.start(), m.end()))
    found.sort(key=lambda n: n.start)
    return _without_overlaps(found)


def _without_overlaps(found: list[NumberMention]) -> list[NumberMention]:
    kept: list[NumberMention] = []
    for number in found:
        if kept and number.start < kept[-1].end:
            continue
        kept.append(number)
    return kept


def number_values(text: str) -> list[float]:
    """Just the values, in order: what matching across texts and languages compares."""
    return [n.value for n in find_numbers(text)]
