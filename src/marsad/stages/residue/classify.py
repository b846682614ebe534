"""Each line alone: what kind of residue it is, if any, and how sure we are.

The first pass of the residue stage (`lines.judge_lines`): a line's shape
(length, final punctuation, script) and its words (weighted cues per kind, in
`rules`) give it a reason and a level; `lines` then weighs its neighbours and its
place in the article. Short lines' first-pass decisions are memoised, since a
site's residue recurs article after article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic import fold
from marsad.stages.residue import rules

_HAS_WORD = re.compile(r"[^\W_]")
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]+")
_TRAILING_CLOSERS = "\"'”“»«)]}* "
_SENTENCE_END = frozenset(".!?؟…:؛")
_MAX_RESIDUE_WORDS = 35  # longer lines are article text whatever words they use
_ARROWS = frozenset("›»>‹«<←→")  # one of these between two short parts is a breadcrumb; "/" or "|" is not
_SHORT = 12  # longer lines are scored for cues only next to residue or at the edges
_WEAK_BLOCK = 20  # longer lines never join a residue block; only the edges may cut them
_LONG = 16  # longer lines cannot be header lines, stubs or breadcrumbs
_OPENING = 60  # characters of a long line folded up front, for cues anchored at its start
_MEMO = 20_000  # short lines whose first-pass decision is remembered


@dataclass(slots=True)
class _Line:
    """One non-blank line and what we have decided about it so far."""

    text: str
    folded: str
    words: int
    end: str  # last character that is not a closing quote or bracket
    reason: str | None = None
    level: int = 0  # 3: residue on its own; 2: in a block or at an edge; 1: only in a block
    positional: bool = False  # residue only at the article's top or bottom (credit lines)
    heading: bool = False  # "read also" heading that opens a list of headlines
    pending: bool = False  # cues not yet counted: only worth it next to residue or at an edge
    partial: bool = False  # `folded` holds only the line's opening (a long line, folded lazily)
    value: str | None = None  # author name or ISO date carried by a header line
    cut: bool = False
    split: bool = False  # cut as its mixed line was split: judged there, so it neither anchors nor spreads
    line: int = 0  # index of the input line (pieces of a mixed line share it; kept ones are joined again)


def _line(text: str) -> _Line:
    stripped = text.rstrip(_TRAILING_CLOSERS)
    end = stripped[-1:] if stripped else ""
    words = _word_count(text)
    if words > _MAX_RESIDUE_WORDS:  # long lines are text; folding them would be wasted work
        return _Line(text, "", words, end)
    if words > _LONG:  # only openings and endings are read first; fold the rest on demand
        return _Line(text, fold(text[:_OPENING]), words, end, partial=True)
    # A tatweel used as a dash ("فلان ـ عين اليوم") would vanish in folding.
    folded = fold(text.replace(" ـ ", " - ") if " ـ " in text else text)
    return _Line(text, folded, len(folded.split()), end)


_NON_SPACE = re.compile(r"\S+")


def _word_count(text: str) -> int:
    """len(text.split()), without a list of every word of a megabyte line."""
    return len(text.split()) if len(text) < 10_000 else sum(1 for _ in _NON_SPACE.finditer(text))


def _full(item: _Line) -> str:
    if item.partial:
        item.folded, item.partial = fold(item.text), False
    return item.folded


def _mark(item: _Line, reason: str, level: int, **extra: object) -> None:
    item.reason, item.level = reason, level
    for name, value in extra.items():
        setattr(item, name, value)


# ------------------------------------------------------------------ per line
def _judged_alone(text: str) -> _Line:
    """A fresh `_Line` for `text` with the first-pass decision; short lines come from a memo."""
    if _word_count(text) > _SHORT:
        item = _line(text)
        _classify(item)
        return item
    return _Line(*_memo_alone(text))


@lru_cache(maxsize=_MEMO)
def _memo_alone(text: str) -> tuple:
    # A site's residue lines recur in article after article; decide each once. The
    # decision depends on the text alone, so the memo never changes a result.
    item = _line(text)
    _classify(item)
    return tuple(getattr(item, name) for name in _Line.__slots__)


def _classify(item: _Line) -> None:
    """Decide from the line alone: its kind of residue, if any, and how sure we are."""
    f, n = item.folded, item.words
    if n > _MAX_RESIDUE_WORDS:  # only script text is residue at this length
        if any(c in item.text for c in "{};") and rules.CODE.search(item.text) and _mostly_latin(item.text):
            _mark(item, "code", 3)
        return
    if not _HAS_WORD.search(f):
        _mark(item, "empty", 3)
    elif rules.AD_PLACEHOLDER.match(f):
        _mark(item, "ad-placeholder", 3)
    elif rules.HTML_ONLY.match(f):
        _mark(item, "ad-placeholder" if rules.AD_WORD.search(f) else "code", 3)
    elif rules.LINK_ONLY.match(f):
        _mark(item, "link", 3)
    elif any(c in f for c in "{};") and rules.CODE.search(f):
        _mark(item, "code", 3)
    elif not (_social_list(item) or _header_line(item) or _marked_line(item) or _credit_line(item)):
        _scored_line(item)


@lru_cache(maxsize=256)
def _longest(templates: frozenset[str]) -> int:
    # Longer lines cannot be templates, so they need not be folded to be looked up.
    return max((len(key.split()) for key in templates), default=0)


def _match_template(item: _Line, templates: frozenset[str]) -> None:
    """A line the source repeats is residue; keep the more telling reason when it has one."""
    if " ".join(_full(item).split()) in templates:
        if item.reason in (None, "credit"):
            _mark(item, "template", 3, positional=False)
        else:
            item.level, item.positional = 3, False


def _mostly_latin(text: str) -> bool:
    return len(rules.ARABIC_LETTER.findall(text)) * 2 < len(text)


def _social_list(item: _Line) -> bool:
    """A share bar: social network names and little else ("فيسبوك | تويتر | واتساب")."""
    if item.words > 12 or item.end in ".،":
        return False
    social = len(set(rules.SOCIAL.findall(item.folded)))
    if social >= 2 and item.words <= 2 * social + 3:
        _mark(item, "share", 3)
        return True
    return False


def _header_line(item: _Line) -> bool:
    """Bylines and timestamps: cut, and remembered for the header."""
    f, n = item.folded, item.words
    if n <= 16 and (_DIGIT.search(f) or n <= 6) and _timestamp(item):
        return True
    match = rules.BYLINE.match(f) if n <= 10 else None
    if match and item.end not in ".،":
        name = match.group("name") or match.group("name2")
        if name and len(name.split()) <= 6:
            _mark(item, "byline", 3, value=rules.author_name(item.text))
            return True
        if match.group("name3"):
            _mark(item, "byline", 2, positional=True, value=rules.author_name(item.text))
            return True
    return False


def _credit_line(item: _Line) -> bool:
    """"فلان - عين اليوم", "الرياض - واس", "— وكالات": credits, residue only at the edges."""
    f, n = item.folded, item.words
    if n <= 7 and item.end not in _SENTENCE_END and (
        rules.CREDIT_SHAPE.match(f) or (n <= 4 and rules.LEADING_DASH.match(f))
    ):
        _mark(item, "credit", 2, positional=True, value=item.text.strip(" -–—ـ|/:"))
        return True
    return False


def _timestamp(item: _Line) -> bool:
    found = rules.timestamp(item.folded)
    if found is None:
        return False
    kind, value = found
    if kind == "timestamp":
        _mark(item, kind, 3, value=value)
    elif item.end not in _SENTENCE_END:  # "الرياض 11 أغسطس 2015 واس": a dateline, at the edges only
        _mark(item, kind, 2, positional=True, value=value)
    else:
        return False
    return True


def _marked_line(item: _Line) -> bool:
    """Kinds that announce themselves by a fixed opening or shape."""
    f, n = item.folded, item.words
    sentence = item.end in ".،" and n >= 8
    if n <= 10 and not sentence and (rules.SOURCE_STUB.match(f) or (n <= 8 and rules.NAKL_AN.match(f))):
        _mark(item, "source-stub", 3)
    elif n <= 30 and not sentence and (match := rules.RELATED.match(f)):
        heading = len(f[match.end() :].split()) <= 1 or item.end == ":"
        _mark(item, "related", 3, heading=heading)
    elif _related_link(item):
        _mark(item, "related", 3)
    elif _tag_list(item, sentence):
        _mark(item, "tags", 3)
    else:
        return _breadcrumb(item)
    return True


def _related_link(item: _Line) -> bool:
    """A link to another story: "… المزيد" at the end, or a headline led by an arrow."""
    tail = fold(item.text[-24:]) if item.partial else item.folded
    if item.words <= 30 and rules.RELATED_TAIL.search(tail):
        return True
    return item.words <= 25 and item.end not in ".،" and bool(rules.RELATED_ARROW.match(item.text))


def _tag_list(item: _Line, sentence: bool) -> bool:
    """"الوسوم: …" or a line of hashtags."""
    if item.words <= 40 and not sentence and rules.TAGS.match(item.folded):
        return True
    if "#" not in item.text:
        return False
    tags = len(rules.HASHTAG.findall(item.text))
    return tags >= 2 and tags * 2 >= item.words


def _breadcrumb(item: _Line) -> bool:
    f, n = item.folded, item.words
    if n > 16 or item.end in ".،":
        return False
    seps = rules.BREADCRUMB_SEP.findall(f)
    home = rules.BREADCRUMB_HOME.match(f)
    if not seps and not (home and n <= 3):
        return False
    if not all(1 <= len(part.split()) <= 5 for part in rules.BREADCRUMB_SEP.split(f)):
        return False
    if home:
        _mark(item, "breadcrumb", 3)
    elif len(seps) >= 2 or any(sep.strip() in _ARROWS for sep in seps):
        _mark(item, "breadcrumb", 2, positional=True)
    else:
        return False
    return True


def _scored_line(item: _Line, where: str = "first") -> None:
    """Widget, share, cookie and copyright text: add up weighted cues per kind.

    `where` is the pass: "first" reads every line alone; a line of more than
    `_SHORT` words is body text unless its neighbours or its place say otherwise,
    so it stays `pending` and is scored only when it touches residue ("block") or
    sits at the top or bottom ("edge"). Weak cues alone can only add a line to a
    block, so they are counted in the first pass only for very short lines and
    at the edges not at all. Most body lines are never scanned for cues.
    """
    n = item.words
    if where == "first" and (_english(item) or n > _SHORT):
        item.pending = not item.level
        return
    f = _full(item)
    weak_alone = where == "block" or n <= 6
    best, best_score, best_strong = "widget", 0, False
    for family, cues in rules.FAMILIES.items():
        strong = cues.strong_hits(f)
        if strong or weak_alone:
            score = 2 * strong + cues.weak_hits(f)
            if score > best_score or (score == best_score and strong and not best_strong):
                best, best_score, best_strong = family, score, bool(strong)
    social = len(set(rules.SOCIAL.findall(f))) if best_score else 0
    if social >= 2 and n <= 2 * social + 3 and item.end not in ".،":
        best, best_score, best_strong = "share", max(best_score, 3), True
    item.pending = where == "first" and not (best_strong or weak_alone)
    level = _level(best_score, best_strong, n, item.end)
    if level and n >= 5 and item.end in _SENTENCE_END and rules.NARRATION.search(f):
        return
    if where == "block" and level < 2 and best_score >= 2 and n <= 10:
        level = 2  # two weak cues next to residue: "تعذر إتمام طلبك. أعد المحاولة"
    if level:
        _mark(item, best, level)
    elif n <= 3 and (item.end in "!…" or f.endswith("...") or _ui_words(f)):
        _mark(item, "widget", 1)


def _ui_words(folded: str) -> bool:
    """A button or form label ("إغلاق", "لا، شكرا", "الاسم") standing alone."""
    return " ".join(_LETTERS.findall(folded)) in rules.UI_WORDS


def _level(score: int, strong: bool, n: int, end: str) -> int:
    if strong and (n <= 12 or score >= 3):
        return 2 if end == "." and n >= 20 else 3
    if strong or score >= 3:
        return 2
    return 1 if score and n <= 6 else 0


def _english(item: _Line) -> bool:
    """Latin-script boilerplate ("Advertisement", "Source link") in an Arabic page."""
    f, n = item.folded, item.words
    if n > 14 or not rules.LATIN_LETTER.search(f):
        return False
    if len(rules.LATIN_LETTER.findall(f)) < 3 * len(rules.ARABIC_LETTER.findall(f)):
        return False
    if rules.ENGLISH.search(f) and (n <= 8 or item.end != "."):
        heading = n <= 6 and bool(rules.ENGLISH_RELATED_HEADING.match(f))
        _mark(item, "english-boilerplate", 3, heading=heading)
    elif n <= 3 and item.end not in ".":
        _mark(item, "english-boilerplate", 1)
    return item.level > 0
