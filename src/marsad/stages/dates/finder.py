"""Every date an article mentions, with the calendar date it stands for.

Arabic news writes dates in more ways than general date parsers know: three families
of month names (يناير, كانون الثاني, جانفي), Eastern digits, Hijri dates, and relative
words (أمس, يوم الخميس, سبتمبر الماضي) that mean nothing without the article's own
date. We fold the text once with the shared normalizer, find candidates with one
precompiled pattern built from the word tables in `tables.py`, check each in
its context (a month name that is also a verb, a count that looks like a year), and
fix relative ones against the published date, or else the ingest date.

dateparser is not called per article: it reads none of the Levantine, Maghrebi or
Hijri dates, its search over a whole article also returns bare numbers ("1500", "33%")
as dates, and it is about thirty times slower (bench/RESULTS-dates.md). Where it does
read an expression it agrees with us (a test checks). It still reads a `published`
value that came from metadata in a form other than ISO 8601 or an e-mail style date.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import NamedTuple

from marsad.arabic import fold
from marsad.article import Article, DateMention
from marsad.pipeline import stage
from marsad.stages.dates import tables as words
from marsad.stages.dates.calendar import When, value
from marsad.stages.dates.english import scan_english
from marsad.stages.dates.other import find_other_dates

__all__ = ["date_article", "find_dates", "resolve_dates"]

# ------------------------------------------------------------------ the pattern
_L = "\u0621-\u064a"  # folded Arabic letters
_SP = r"[ \t\u00a0]+"
_OSP = r"[ \t\u00a0]*"
_END = rf"(?![{_L}])"


def _alt(keys) -> str:
    """An alternation of folded phrases as a trie (re tries branches one by one, so
    shared prefixes are tested once); longer phrases win, any run of spaces between words."""
    tree: dict = {}
    for phrase in keys:
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(tree)


def _emit(node: dict) -> str:
    branches = [(_SP if c == " " else re.escape(c)) + _emit(child) for c, child in node.items() if c]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")


def _mark(prefix: str) -> str:
    """An optional era mark after a year: هـ / هجري / للهجرة, or م / ميلادي."""
    hijri = rf"{_OSP}(?:ه|هجري|هجريه|للهجره|الهجري|الهجريه){_END}"
    gregorian = rf"{_OSP}(?:م|ميلادي|ميلاديه|للميلاد|الميلادي|الميلاديه){_END}"
    return rf"(?:(?P<{prefix}h>{hijri})|(?P<{prefix}g>{gregorian}))?"


_MONTH_KEYS = words.GREGORIAN.keys() | words.HIJRI.keys()
_MONTH = rf"(?:{_alt(_MONTH_KEYS)}){_END}"
_WEEKDAY = rf"(?:{_alt(words.WEEKDAYS)}){_END}"
_SHIFT = rf"(?:{_alt(words.SHIFT_WORDS)}){_END}"
_MOD = rf"(?:{_alt(words.MODIFIERS)}){_END}"
_TOD = rf"(?:صباح|مساء|ظهر|ظهيره|عصر|فجر|ليله|ليل|منتصف{_SP}ليل){_END}"
_YEARWORD = rf"(?:ال|ل)?(?:عام|سنه|عامي|سنتي){_END}"
# "12/3/2025", "12.03.2025", "12-3-2025"; Saudi agency copy spaces the slashes: "1 / 11 / 1436هـ".
_NUM_SEP = rf"{_OSP}/{_OSP}|{_OSP}-{_OSP}|\."
_ON_WEEKDAY = rf"(?:(?:يوم{_SP})?{_WEEKDAY}{_OSP}[،,]?{_OSP}(?:الموافق{_SP})?)?"

# Branches are tried in this order at each position, so a longer reading comes first:
# "الخميس 12 مارس 2025" is one date, not a weekday and a date; "عام 2024" before "العام".
# A month may carry its other name ("آب/أغسطس", "يوليو (تموز)", "يوليو تموز"); "قبل شهر"
# is a month ago but "قبل شهر رمضان" is before Ramadan.
_PATTERN = re.compile(
    rf"""(?<![{_L}0-9])(?:
    (?P<Mcl>[وفبل]{{1,2}})?(?P<M>
        (?:{_ON_WEEKDAY}(?:(?P<Md>[0-9]{{1,2}})(?![0-9])|(?P<Mo>{_alt(words.ORDINALS)}){_END}{_SP}من)
              {_OSP}(?:من{_SP})?(?:شهر{_SP})?
          |(?P<Mmod>{_MOD}){_SP}(?:شهر{_SP})?
          |(?P<Mshahr>شهر){_SP})?
        (?P<Mm>{_MONTH})(?:(?:{_OSP}[/(\-]{_OSP}|{_SP}){_MONTH}(?:{_OSP}\))?)?
        (?:{_OSP}[،,]?{_OSP}(?:من{_SP})?(?:{_YEARWORD}{_SP})?(?P<My>[0-9]{{4}})(?![0-9]){_mark("M")}
          |{_SP}(?P<Ms>{_SHIFT}))?)
    |(?P<N>{_ON_WEEKDAY}(?<![0-9./\-])
        (?:(?P<Na>[0-9]{{1,2}})(?P<Ns>{_NUM_SEP})(?P<Nb>[0-9]{{1,2}})(?P=Ns)(?P<Ny>[0-9]{{4}})
          |(?P<Ny2>[0-9]{{4}})(?P<Ns2>{_NUM_SEP})(?P<Nb2>[0-9]{{1,2}})(?P=Ns2)(?P<Nd2>[0-9]{{1,2}}))
        (?![0-9]|[./\-][0-9]){_mark("N")})
    |(?P<Ycl>[وف]?[بل]?)(?P<Y>(?:(?P<Ymod>{_MOD}){_SP}(?:{_YEARWORD}{_SP})?|(?P<Ykw>{_YEARWORD}){_SP})?
        (?<![0-9.,\u066b\u066c])(?P<Yy>[0-9]{{4}})
        (?:{_OSP}[\-\u2013/]{_OSP}(?P<Yy2>[0-9]{{4}}|[0-9]{{2}}))?(?![0-9]|[.,/\-][0-9]){_mark("Y")})
    |(?P<S>(?:(?P<Smod>{_MOD}){_SP})?
        (?:(?:هذا|هذه){_SP}(?P<Su0>{_alt(words.PERIOD_UNITS)}){_END}
          |(?P<Su>{_alt(words.PERIOD_UNITS)}){_SP}(?P<Ss>{_SHIFT})))
    |(?P<A>(?:قبل|منذ){_SP}(?:(?P<An>[0-9]{{1,2}}|{_alt(words.NUMBER_WORDS)}){_SP})?
        (?P<Au>{_alt(words.AGO_UNITS)}){_END}(?!{_OSP}[0-9]|{_SP}(?:{_MONTH}|{_WEEKDAY})))
    |(?P<Rcl>[وف])?(?P<R>(?:(?P<Rtod>{_TOD}){_SP})?(?P<Rw>{_alt(words.RELATIVE_DAYS)}){_END}
        (?:{_SP}(?P<Rwd>{_WEEKDAY})|{_OSP}[(«"“]{_OSP}(?P<Rwd2>{_WEEKDAY}){_OSP}[)»"”])?)
    |(?P<Wcl>[وف])?(?P<W>(?:(?P<Wtod>{_TOD}){_SP})?(?:(?P<Wyawm>يوم|يومي){_SP})?(?P<Wd>{_WEEKDAY})
        (?:{_SP}(?P<Ws>{_SHIFT}))?)
    )""",
    re.VERBOSE,
)
_LETTERS = re.compile(f"[{_L}]+")

# Every date expression holds one of these (inside a word is fine: "اليوم" holds "يوم"),
# and begins at most five words before it. Looking for them first and trying the full
# pattern only at the few word starts just before is five times faster than trying it
# at every word.
_KEY_WORDS = (
    {k.split()[-1] if k.split()[0] in ("ذو", "ذي") else k.split()[0] for k in _MONTH_KEYS}
    | words.WEEKDAYS.keys()
    | {words.key(w) for w in ("أمس", "غد", "يوم", "أيام", "أسبوع", "أسابيع", "شهر", "شهور", "عام",
                               "أعوام", "سنة", "سنتين", "سنوات")}
)
_KEY = re.compile(rf"[0-9]+|{_alt(_KEY_WORDS)}")
_WORD_START = re.compile(rf"(?<![{_L}0-9])[{_L}0-9]")
_REACH_CHARS, _REACH_WORDS = 60, 6
_SAME_CLAUSE = re.compile(r"[.،,;؛:!?؟\n«»“”\"()]")


# ------------------------------------------------------------------ folding with offsets
class _Folded(NamedTuple):
    """Folded text and the positions of what folding removed, to map spans back."""

    text: str
    # Folded index at which each removed character stood (diacritics, tatweel, controls).
    removed_at: list[int]
    # For the rare text folding does more to (ligatures, unnormalized input): a full map.
    origin: list[int] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of folded [start, end); marks on the last letter stay in."""
        if self.origin is not None:
            return self.origin[start], self.origin[end]
        return start + bisect_right(self.removed_at, start), end + bisect_right(self.removed_at, end)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char)


def _vanishing() -> re.Pattern:
    """What folding deletes (harakat, tatweel, invisible controls), asked of `fold` itself."""
    ranges = (range(0x100), range(0x600, 0x700), range(0x2000, 0x2070), (0xFEFF,))
    gone = [chr(c) for r in ranges for c in r if _fold_char(chr(c)) == ""]
    return re.compile("[" + "".join(map(re.escape, gone)) + "]")


_VANISHING = _vanishing()


def _fold(text: str) -> _Folded:
    """Fold `text` once, keeping enough to turn folded offsets back into offsets of `text`."""
    # U+0130 is the one letter that str.lower() makes two; NFKC-normal text folds letter by letter.
    if unicodedata.is_normalized("NFKC", text) and "\u0130" not in text:
        removed_at = [m.start() - i for i, m in enumerate(_VANISHING.finditer(text))]
        kept = _VANISHING.sub("", text) if removed_at else text
        folded = fold(kept)
        if len(folded) == len(kept):
            return _Folded(folded, removed_at, None)
    # Presentation forms, ligatures, decomposed letters: map character by character.
    pieces, origin = [], []
    for index, char in enumerate(text):
        piece = _fold_char(char)
        pieces.append(piece)
        origin.extend([index] * len(piece))
    origin.append(len(text))
    return _Folded("".join(pieces), [], origin)


# ------------------------------------------------------------------ reading candidates
class _Found(NamedTuple):
    """A date expression found in folded text: its span there and what it says."""

    start: int
    end: int
    when: When


def _words_before(folded: str, start: int, count: int = 1) -> list[str]:
    """The last `count` words before `start` in the same clause, nearest last."""
    window = folded[max(0, start - 40) : start]
    cut = max((m.end() for m in _SAME_CLAUSE.finditer(window)), default=0)
    return _LETTERS.findall(window[cut:])[-count:]


def _word_after(folded: str, end: int) -> str:
    match = re.match(rf"{_SP}([{_L}]+)", folded[end : end + 30])
    return match.group(1) if match else ""


def _words_after(folded: str, end: int, count: int) -> list[str]:
    """The next `count` words after `end` in the same clause."""
    window = folded[end : end + 40]
    cut = min((m.start() for m in _SAME_CLAUSE.finditer(window)), default=len(window))
    return _LETTERS.findall(window[:cut])[:count]


def _after(before: list[str], table: frozenset[str]) -> bool:
    """Whether the word before is in `table`, with or without a leading و/ف ("وحتى", "ففي")."""
    if not before:
        return False
    word = before[-1]
    return word in table or (word[0] in "وف" and word[1:] in table)


def _month_when(m: re.Match, folded: str) -> When | None:
    name = words.key(m["Mm"])
    calendar, month = ("h", words.HIJRI[name]) if name in words.HIJRI else ("g", words.GREGORIAN[name])
    day = int(m["Md"]) if m["Md"] else words.ORDINALS.get(words.key(m["Mo"] or ""))
    year = int(m["My"]) if m["My"] else None
    if day is not None and not 1 <= day <= 31:
        return None
    if year is not None:
        hijri_mark = m["Mh"] is not None
        if calendar == "g" and (hijri_mark or year < 1000 or year > 2199):
            return None
        if calendar == "h" and not (1000 <= year < 1600 or 1900 <= year <= 2199):
            return None
        return When("day" if day else "month", calendar, year, month, day)
    shift = words.SHIFT_WORDS[words.key(m["Ms"])] if m["Ms"] else None
    if day is not None:
        # "2 صفر" is a football score; other Hijri months and every Gregorian one read as dates.
        return None if name == words.key("صفر") else When("day", calendar, None, month, day, shift)
    if shift is not None:
        return When("month", calendar, None, month, None, shift)
    if m["Mshahr"] or _bare_month_ok(m, name, folded):
        return When("month", calendar, None, month)
    return None


def _bare_month_ok(m: re.Match, name: str, folded: str) -> bool:
    """A month with no day, year or shift is a date after a preposition ("في مارس", "بمارس")."""
    if name in words.MONTH_NEEDS_CONTEXT:
        return False
    before = _words_before(folded, m.start("M"))
    after_preposition = m["Mmod"] is not None or _after(before, words.MONTH_PREPOSITIONS)
    if name in words.MONTH_VERBS:
        # "مارس الضغط" exerted pressure; "من مارس العنف" whoever used violence.
        after = _word_after(folded, m.end("M"))
        if after.startswith("ال") or (before and before[-1] == "من"):
            return False
    return bool(after_preposition or (m["Mcl"] or "").endswith("ب"))


def _numeric_when(m: re.Match) -> When | None:
    if m["Ny"]:
        day, month, year = int(m["Na"]), int(m["Nb"]), int(m["Ny"])
        if month > 12 and day <= 12:
            # Day first is the Arabic order; a month over 12 means the writer went month first.
            day, month = month, day
    else:
        year, month, day = int(m["Ny2"]), int(m["Nb2"]), int(m["Nd2"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if m["Nh"] is not None or 1343 <= year <= 1500:
        return When("day", "h", year, month, day)
    return When("day", "g", year, month, day) if 1900 <= year <= 2199 else None


def _year_when(m: re.Match, folded: str) -> When | None:
    year = int(m["Yy"])
    hijri = m["Yh"] is not None
    end = int(m["Yy2"]) if m["Yy2"] else 0
    if end and end < 100:
        end += year // 100 * 100
    if end and not year < end <= year + 10:
        end = 0  # "2019-25" is not a range of years
    if hijri:
        return When("year", "h", year) if 1343 <= year <= 1500 else None
    if m["Ymod"] or m["Ykw"] or m["Yg"]:
        return When("year", "g", year, shift=end or None) if 1000 <= year <= 2199 else None
    if m["Ycl"] or not 1900 <= year <= 2100:
        return None
    before = _words_before(folded, m.start("Y"))
    after = _word_after(folded, m.end("Y"))
    if not _after(before, words.YEAR_PREPOSITIONS) or after in words.YEAR_NOT_BEFORE:
        return None  # "2000 شخص", "منذ 2000 عام": a count
    return When("year", "g", year, shift=end or None)


def _period_when(m: re.Match) -> When:
    if m["Su0"]:
        return When("period", unit=words.PERIOD_UNITS[words.key(m["Su0"])], shift=0)
    unit = words.PERIOD_UNITS[words.key(m["Su"])]
    return When("period", unit=unit, shift=words.SHIFT_WORDS[words.key(m["Ss"])])


def _ago_when(m: re.Match) -> When | None:
    unit, count = words.AGO_UNITS[words.key(m["Au"])]
    number = m["An"]
    if number:
        if count:
            return None  # "قبل 3 يومين" is not Arabic; "قبل 3 أيام" is
        count = int(number) if number.isdigit() else words.NUMBER_WORDS[words.key(number)]
    if not count:
        return None  # "قبل أيام": a few days, not a date
    return When("ago", unit=unit, shift=count)


def _relative_when(m: re.Match, folded: str) -> When | None:
    phrase = words.key(m["Rw"])
    if phrase == words.key("اليوم") and not (m["Rtod"] or m["Rwd"] or m["Rwd2"]) and not _is_today(m, folded):
        return None
    weekday = m["Rwd"] or m["Rwd2"]
    # "أمس الثلاثاء": the weekday is surer than the anchor (crawl dates lag), so it wins.
    return When("relative", shift=words.RELATIVE_DAYS[phrase],
                day=words.WEEKDAYS[words.key(weekday)] if weekday else None)


def _is_today(m: re.Match, folded: str) -> bool:
    """"اليوم" is today, not "the day" (اليوم الوطني, في اليوم) nor a paper (عين اليوم, «اليوم»)."""
    start, end = m.start("R"), m.end("R")
    if start and end < len(folded) and folded[start - 1] in "(«\"“" and folded[end] in ")»\"”":
        return False
    before = _words_before(folded, start)
    after = _word_after(folded, end)
    if (before and before[-1] in words.TODAY_NOT_BEFORE) or after in words.TODAY_NOT_AFTER:
        return False
    # An adjective of relation after it ("الثقافي", "الدراسية") makes it "the ... day".
    return not (after.startswith("ال") and (after.endswith(("ي", "يه"))))


def _weekday_when(m: re.Match, folded: str) -> When | None:
    weekday = words.WEEKDAYS[words.key(m["Wd"])]
    shift = words.SHIFT_WORDS[words.key(m["Ws"])] if m["Ws"] else None
    before = _words_before(folded, m.start("W"), 6)
    if not (m["Wyawm"] or m["Wtod"] or shift) and before and before[-1] in words.WEEKDAY_NOT_BEFORE:
        return None  # صلاة الجمعة, بين الاثنين
    if _in_weekday_range(before, _words_after(folded, m.end("W"), 2)):
        return None  # "من الأحد إلى الخميس": opening hours, not a day
    unit = "future" if shift is None and words.FUTURE_CUES.intersection(before) else ""
    return When("weekday", day=weekday, shift=shift or None, unit=unit)


def _in_weekday_range(before: list[str], after: list[str]) -> bool:
    linked = (words.key("إلى"), words.key("حتى"), "و")
    return (len(after) == 2 and after[0] in linked and after[1] in words.WEEKDAYS) or (
        len(before) >= 2 and before[-1] in linked and before[-2] in words.WEEKDAYS
    )


_LATIN_LETTERS = re.compile("[a-z]{3}")


def _scan(folded: str) -> list[_Found]:
    """Arabic date expressions, and English ones where the text has Latin words."""
    found = _scan_arabic(folded)
    if not _LATIN_LETTERS.search(folded):
        return found
    taken = [(f.start, f.end) for f in found]
    for start, end, when in scan_english(folded):
        if not any(s < end and start < e for s, e in taken):
            found.append(_Found(start, end, when))
    return sorted(found)


def _read(m: re.Match, folded: str) -> _Found | None:
    """What one pattern match says, or None when its context shows it is no date."""
    branch = next(name for name in "MNYSARW" if m[name] is not None)
    if branch == "M":
        when = _month_when(m, folded)
    elif branch == "N":
        when = _numeric_when(m)
    elif branch == "Y":
        when = _year_when(m, folded)
    elif branch == "S":
        when = _period_when(m)
    elif branch == "A":
        when = _ago_when(m)
    elif branch == "R":
        when = _relative_when(m, folded)
    else:
        when = _weekday_when(m, folded)
    return _Found(m.start(branch), m.end(branch), when) if when else None


def _scan_arabic(folded: str) -> list[_Found]:
    """The same matches as `_PATTERN.finditer`, tried only near key words."""
    found: list[_Found] = []
    done = 0
    for key in _KEY.finditer(folded):
        at = key.start()
        if at < done:
            continue
        starts = _WORD_START.finditer(folded, max(done, at - _REACH_CHARS), at + 1)
        for start in [s.start() for s in starts][-_REACH_WORDS:]:
            match = _PATTERN.match(folded, start) if start >= done else None
            if match:
                done = match.end()
                item = _read(match, folded)
                if item is not None:
                    found.append(item)
    return found


# ------------------------------------------------------------------ public API
def find_dates(text: str, anchor: date, anchor_kind: str = "today") -> list[DateMention]:
    """Every date expression in `text`, relative ones resolved against `anchor`.

    Spans are offsets into `text` (`text[start:end] == mention.text`); values are ISO
    8601 at the precision the text gives (YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www).
    Relative mentions carry `anchor_kind` (published | estimate | today) in `anchor`.
    """
    folded = _fold(text)
    return _mentions(text, folded, _scan(folded.text), anchor, anchor_kind)


def _mentions(
    text: str, folded: _Folded, found: list[_Found], anchor: date, anchor_kind: str = "today"
) -> list[DateMention]:
    mentions = []
    for item in found:
        start, end = folded.span(item.start, item.end)
        kind = anchor_kind if _needs_anchor(item.when) else None
        mentions.append(DateMention(text[start:end], value(item.when, anchor), start, end, kind))
    return mentions


def _needs_anchor(when) -> bool:
    """Whether the value depends on the anchor: a relative word, or a day or month without its year."""
    if when.kind in ("day", "month"):
        return when.year is None
    return when.kind != "year"


# A dateline is a place and an agency around a date at the top: "الرياض 12 مارس 2025 (واس) -".
_DATELINE_WINDOW = 300
_DATELINE_WORDS = 4
# After the date: the end of the line, a bracket or dash, the Gregorian equivalent, or the agency.
_DATELINE_AFTER = re.compile(
    r"[ \t\u00a0]*(?:$|\n|[(\-\u2013\u2014:|/]|(?:الموافق|واس|قنا|كونا|وام|بنا|ونا|سبا|سانا|وفا|معا|رويترز"
    rf"|ا ف ب|اف ب|د ب ا|الاناضول)(?![{_L}]))"
)
_DATELINE_BEFORE = re.compile(r"(?:[\-\u2013\u2014:|]|نشر|بتاريخ|تاريخ)[ \t\u00a0]*$")


def _dateline(folded: str, found: list[_Found], ingest: date) -> str | None:
    """The full date of a dateline near the top of the text, if there is one."""
    for item in found:
        if item.start > _DATELINE_WINDOW:
            break
        if item.when.kind != "day":
            continue
        line = folded[folded.rfind("\n", 0, item.start) + 1 : item.start]
        if len(_LETTERS.findall(line)) > _DATELINE_WORDS or "." in line:
            continue
        if _DATELINE_AFTER.match(folded, item.end) or _DATELINE_BEFORE.search(line):
            day = value(item.when, ingest)
            if day:
                return day
    return None


def _parse_published(published: str) -> date | None:
    """The date of a `published` value: ISO 8601, an e-mail style date, or what dateparser reads."""
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(published).date()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # only for the odd metadata string; slow to import

    parsed = dateparser.parse(published, settings={"DATE_ORDER": "DMY"})
    return parsed.date() if isinstance(parsed, datetime) else None


def date_article(article: Article, ingest: date | None = None) -> Article:
    """Fill `dates` and, when the metadata had none, `published` from a dateline.

    Relative dates resolve against `published`, else against `published_estimate` (the
    date its story gave it), else against `ingest` (default: today); each relative
    mention's `anchor` and `flags["dates_anchor"]` say which. `flags["published_from"]`
    says where `published` came from: "metadata" or "text-dateline".
    """
    ingest = ingest or date.today()
    folded = _fold(article.text)
    found = _scan(folded.text)
    flags, published = dict(article.flags), article.published
    if published:
        flags.setdefault("published_from", "metadata")
    else:
        published = _dateline(folded.text, found, ingest)
        if published:
            flags["published_from"] = "text-dateline"
    anchor, kind = _anchor(published, article.published_estimate)
    flags["dates_anchor"] = {"published": "published", "estimate": "estimate"}.get(kind, "ingest")
    dates = _mentions(article.text, folded, found, anchor or ingest, kind)
    return replace(article, dates=dates, published=published, flags=flags)


def _anchor(published: str | None, estimate: str | None) -> tuple[date | None, str]:
    """The day relative dates are read from, and which kind it is; a malformed value is skipped."""
    for given, kind in ((published, "published"), (estimate, "estimate")):
        day = _parse_published(given) if given else None
        if day is not None:
            return day, kind
    return None, "today"


@stage("dates", needs={"text"}, gives={"dates", "published"})
def resolve_dates(article: Article) -> Article:
    """The dates stage: every date mention resolved; `published` from a dateline if missing.

    Articles in other languages than Arabic and English get dateparser's reading.
    """
    article = date_article(article)
    if article.lang not in (None, "ar", "en") and not article.dates:
        anchor = (_parse_published(article.published) if article.published else None) or date.today()
        article.dates = find_other_dates(article.text, article.lang, anchor)
    return article
