"""Cut what scrapers and autoblogs leave in article text; keep what was cut, and why.

A scraped page carries ad slots, newsletter widgets with their success and error
messages, share bars, "read also" lines, breadcrumbs, tag lists, cookie notices,
copyright lines and "source" stubs, plus the headline, byline and timestamp that
belong in `title`, `author` and `published` rather than in the body.

No list of one site's strings survives the next site, so each line is judged by
its shape (length, final punctuation, script) and its words (weighted cues per
kind of residue, in `rules`), and then by its neighbours: "نجاح!" or
"خطأ!" is residue only inside a block that a clear widget line anchors, and a
credit line such as "الرياض - واس" only at the top or bottom of the article.
Lines that repeat across many articles of one source are learned as templates
(`TemplateLearner`) and cut too. Nothing is cut silently: every cut becomes a
`Removal` with a short reason.

Each line's first reading is in `classify`; this module weighs neighbours and
place. A line that mixes the text with a script, a poll or widget text is split
first (`mixed`), and its pieces are judged like lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.arabic import fold
from marsad.article import Removal
from marsad.stages.residue import rules
from marsad.stages.residue.classify import (
    _MAX_RESIDUE_WORDS,
    _OPENING,
    _SENTENCE_END,
    _SHORT,
    _TRAILING_CLOSERS,
    _WEAK_BLOCK,
    _full,
    _judged_alone,
    _Line,
    _longest,
    _mark,
    _match_template,
    _scored_line,
)
from marsad.stages.residue.latin import english_page, latin_page
from marsad.stages.residue.mixed import Piece, split_mixed
from marsad.stages.residue.templates import TemplateLearner, learn_templates, template_key

__all__ = [
    "Header",
    "TemplateLearner",
    "judge_by_line",
    "judge_lines",
    "learn_templates",
    "split_residue",
    "template_key",
]

# Residue kinds whose clear lines pull weaker neighbours into a cut block (a widget's
# "نجاح!" next to its sign-up line). Ad slots, bylines and templates do not: a real
# sentence next to "[ad_2]" must never go because of it.
_PROPAGATES = frozenset({"widget", "share", "related", "cookie", "copyright", "english-boilerplate"})
# What a sentence at the end of a mixed line may be cut as: text a widget appends.
_APPENDED = _PROPAGATES | {"ad-placeholder", "link", "tags", "source-stub"}
_SAID_IN_PROSE = frozenset({"widget", "share", "cookie"})
_MAX_RELATED_ITEMS = 10


@dataclass(slots=True)
class Header:
    """What the top of a scraped page says about the article rather than in it."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    mixed: int = 0  # lines that mixed text with residue and were split (not the header, but found with it)


def split_residue(
    lines: list[str], templates: frozenset[str] = frozenset(), *, title: str | None = None
) -> tuple[list[str], list[Removal], Header]:
    """Split lines into kept paragraphs, cuts with reasons, and the page header.

    `templates` holds `template_key` forms of lines known to repeat across one
    source. `title`, when the reader already knows it, is the only headline line
    that may be cut as the title.
    """
    judged, header = judge_lines(lines, templates, title=title)
    kept = [text for text, reason in judged if reason is None]
    removed = [Removal(text, reason) for text, reason in judged if reason is not None]
    return kept, removed, header


def judge_lines(
    lines: list[str], templates: frozenset[str] = frozenset(), *, title: str | None = None
) -> tuple[list[tuple[str, str | None]], Header]:
    """Every non-blank line, stripped, with the reason it is cut (None: kept), and the header.

    A line that mixes article text with a script, a poll or widget text is split
    first (`mixed.split_mixed`): its pieces are judged, or cut, one by one, and the
    kept pieces of one line come back joined as one paragraph.
    """
    judged, header = _judge(lines, templates, title)
    return [(text, reason) for _, text, reason in judged], header


def judge_by_line(
    lines: list[str], templates: frozenset[str] = frozenset(), *, title: str | None = None
) -> tuple[list[list[tuple[str, str | None]]], Header]:
    """As `judge_lines`, grouped by input line: one list per non-blank line, of one
    (text, reason) pair, or of several where a mixed line was split."""
    judged, header = _judge(lines, templates, title)
    by_line: list[list[tuple[str, str | None]]] = []
    for index, text, reason in judged:
        if index >= len(by_line):
            by_line.append([])
        by_line[-1].append((text, reason))
    return by_line, header


def _judge(
    lines: list[str], templates: frozenset[str], title: str | None
) -> tuple[list[tuple[int, str, str | None]], Header]:
    items, mixed = _items(lines)
    if latin_page(items):
        english_page(items)
    if templates:
        width = _longest(templates)
        for item in items:
            if item.level < 3 and item.words <= width:
                _match_template(item, templates)
    _absorb_related_lists(items)
    _count_pending_near_residue(items)
    _cut_blocks(items)
    title_item = _peel_edges(items, title)
    header = _header(items, title_item)
    header.mixed = mixed
    return _joined(items), header


def _items(lines: list[str]) -> tuple[list[_Line], int]:
    """A `_Line` per non-blank line, or per piece of a mixed line; and how many lines were split."""
    items: list[_Line] = []
    mixed = 0
    texts = [text for text in (raw.strip() for raw in lines) if text]
    for i, text in enumerate(texts):
        edge = {"first": i == 0, "last": i == len(texts) - 1}
        pieces = split_mixed(text, _appended_residue, **edge) if len(text) > 60 else None
        if pieces is None:
            pieces = [None]
        else:
            mixed += 1
        for piece in pieces:
            item = _judged_alone(text) if piece is None else _piece(piece)
            item.line = i
            items.append(item)
    return items, mixed


def _piece(piece: Piece) -> _Line:
    if piece.reason is None:
        return _judged_alone(piece.text)
    return _Line(piece.text, "", len(piece.text.split()), "", reason=piece.reason, level=3, split=True)


def _appended_residue(sentences: list[str]) -> list[str | None]:
    """Which of the last sentences of a mixed line are text a widget appended: a reason
    for each sentence of the cut tail, None for the rest.

    As with lines, a run of residue-like sentences at the end is cut only when one
    of them is clear residue on its own; weaker ones ("حاول لاحقًا.") go with it.
    """
    tail: list[_Line] = []
    for sentence in reversed(sentences):  # judged from the end, and only while they look appended
        item = _appended_item(sentence, anchored=any(_clear_appended(x) for x in tail))
        if item is None or not _appended_like(item):
            break
        tail.insert(0, item)
    if not any(_clear_appended(item) for item in tail):
        return [None] * len(sentences)
    return [None] * (len(sentences) - len(tail)) + [item.reason or "widget" for item in tail]


def _appended_item(sentence: str, anchored: bool) -> _Line | None:
    words = len(sentence.split())
    if not words or words > _MAX_RESIDUE_WORDS:
        return None
    if sentence.rstrip(_TRAILING_CLOSERS)[-1:] in ".،" and not rules.APPENDED_HINT.search(sentence):
        return None  # a sentence ending like prose, with no word widgets use
    if words > _SHORT and rules.NARRATION.search(fold(sentence[:_OPENING])):
        return None  # "وقال مشرعون إنهم يريدون المزيد …": the article's own sentence
    item = _judged_alone(sentence)
    if item.pending and item.words <= _WEAK_BLOCK:
        _scored_line(item, "block" if anchored else "edge")  # weak cues count only next to clear residue
    return item


def _appended_like(item: _Line | None) -> bool:
    """Residue next to clear residue, as at an article's edges: a weak line only when very short."""
    return item is not None and (item.level > 1 or (item.level == 1 and item.words <= 3))


def _clear_appended(item: _Line) -> bool:
    if item.level < 3 or item.reason not in _APPENDED:
        return False
    # "... باستخدام كلمة مرور خاصة بك.": a sentence of the article that names UI words
    return not (item.reason in _SAID_IN_PROSE and item.end == "." and item.words >= 6)


def _joined(items: list[_Line]) -> list[tuple[int, str, str | None]]:
    """(line index, text, reason) per item, the kept pieces of one mixed line joined back into one."""
    judged: list[tuple[int, str, str | None]] = []
    for i, item in enumerate(items):
        reason = (item.reason or "residue") if item.cut else None
        if reason is None and i and items[i - 1].line == item.line and not items[i - 1].cut:
            judged[-1] = (item.line, judged[-1][1] + " " + item.text, None)
        else:
            judged.append((item.line, item.text, reason))
    return judged


# ------------------------------------------------------------------ context
def _absorb_related_lists(items: list[_Line]) -> None:
    """After a "read also" heading, the headline-shaped lines that follow are its list."""
    for i, item in enumerate(items):
        if not item.heading:
            continue
        for follower in items[i + 1 : i + 1 + _MAX_RELATED_ITEMS]:
            if follower.level > 1 or follower.positional or not _listed_headline(follower):
                break
            _mark(follower, "related", 3)


def _count_pending_near_residue(items: list[_Line]) -> None:
    """Count weak cues of the lines that touch residue, spreading while they turn out residue."""
    stack = [i for i, item in enumerate(items) if item.level > 0 and not item.split]
    while stack:
        i = stack.pop()
        for j in (i - 1, i + 1):
            if 0 <= j < len(items) and items[j].pending and items[j].words <= _WEAK_BLOCK:
                _scored_line(items[j], "block")
                if items[j].level > 0:
                    stack.append(j)


def _cut_blocks(items: list[_Line]) -> None:
    """Cut every clear line, and the weaker lines of a block that a clear widget line anchors."""
    start = 0
    while start < len(items):
        if items[start].level == 0:
            start += 1
            continue
        end = start
        while end < len(items) and items[end].level > 0:
            end += 1
        block = items[start:end]
        anchored = any(x.level == 3 and x.reason in _PROPAGATES and not x.split for x in block)
        for x in block:
            x.cut = not x.positional and (x.level == 3 or anchored)
        start = end


def _peel_edges(items: list[_Line], title: str | None) -> _Line | None:
    """Cut residue at the top and bottom, where weak evidence is enough; find the headline."""
    title_item = None
    for item in items:
        if item.cut or _edge_residue(item, "byline"):
            continue
        if title_item is None and _is_title(item, title):
            title_item = item
            continue
        break
    if title_item is not None and not _title_confirmed(items, title_item, title):
        title_item = None
    if title_item is None and title is None:
        title_item = _title_below_header(items)
    for item in reversed(items):
        if not (item.cut or _edge_residue(item, "source-stub")):
            break
    if title_item is not None:
        _mark(title_item, "title", 3, cut=True)
    return title_item


_HEADER_EVIDENCE = frozenset({"breadcrumb", "timestamp", "dateline", "byline"})
_HEADER_ZONE = 8  # lines a page's header may take above the headline
_LABEL_WORDS = 4  # a section label or a bare name is no longer than this
_BY = re.compile(r"^(?:بواسطه|بواسطة|كتب|كتبت|بقلم|اعداد|إعداد)\s*[:：]?\s*")


def _title_below_header(items: list[_Line]) -> _Line | None:
    """The headline of a scrape whose header mixes cut lines with short uncut ones.

    A saved page often opens with a section label, the date line and a bare byline
    (أخبار عربية / الأحد 12 أكتوبر / محمد عبد الله) before the headline. When a date,
    byline or breadcrumb line shows this is a header, the last line above the body is
    the headline and the short lines around the evidence are header too.
    """
    zone: list[_Line] = []
    for item in items:
        if len(zone) == _HEADER_ZONE:
            return None
        if not item.cut and _body_shaped(item) and not _headline_shaped(item):
            break
        zone.append(item)
    else:
        return None
    credits = [x for x in zone if not x.cut and _edge_shaped(x)]
    uncut = [x for x in zone if not x.cut and x not in credits]
    evidence = [i for i, x in enumerate(zone) if x.cut and x.reason in _HEADER_EVIDENCE]
    if not evidence or not uncut:
        return None
    headline = uncut[-1]
    others = uncut[:-1]
    if (not _is_title(headline, None) or zone.index(headline) < evidence[0]
            or any(x.words > _LABEL_WORDS or x.end in _SENTENCE_END for x in others)):
        return None
    for x in credits:
        _edge_residue(x, "byline")
    last = evidence[-1]
    for x in others:
        if zone.index(x) < last:
            _mark(x, "section", 3, cut=True)
        else:
            _mark(x, "byline", 3, cut=True, value=_BY.sub("", x.text).strip() or None)
    return headline


def _edge_shaped(item: _Line) -> bool:
    """Whether the line would go as residue at the article's top or bottom."""
    if item.pending:
        _scored_line(item, "edge")
    if item.level == 0 or (item.level == 1 and item.words > 3):
        return False
    return not (item.level == 2 and not item.positional and _body_shaped(item))


def _edge_residue(item: _Line, credit_reason: str) -> bool:
    if not _edge_shaped(item):
        return False
    if item.reason == "credit":
        item.reason = credit_reason
    item.cut = True
    return True


def _is_title(item: _Line, title: str | None) -> bool:
    if title is not None:
        known = template_key(title).strip(" .:")
        return bool(known) and " ".join(_full(item).split()).strip(" .:") == known
    return (
        item.level <= 1
        and 3 <= item.words <= 20
        and _headline_shaped(item)
        and not rules.CAPTION_OPENING.match(item.folded)
    )


def _title_confirmed(items: list[_Line], title_item: _Line, title: str | None) -> bool:
    """A headline is followed by the body; a short line followed by short lines is not one."""
    if title is not None:
        return True
    after = items[items.index(title_item) + 1 :]
    following = next((x for x in after if not x.cut), None)
    return following is not None and following.words >= 12


def _listed_headline(item: _Line) -> bool:
    """A headline in a "related" list; a bullet or a two-word line is the article's own."""
    return item.words >= 3 and _headline_shaped(item) and item.text[:1] not in "•-–*·▪■"


def _headline_shaped(item: _Line) -> bool:
    return 2 <= item.words <= 20 and item.end not in ".،:؛"


def _body_shaped(item: _Line) -> bool:
    return item.words >= 10 or (item.words >= 6 and item.end in _SENTENCE_END)


def _header(items: list[_Line], title_item: _Line | None) -> Header:
    header = Header(title=title_item.text if title_item else None)
    for item in items:
        if not item.cut:
            continue
        if item.reason == "byline" and header.author is None and item.value:
            header.author = item.value
        elif item.reason in ("timestamp", "dateline") and header.published is None and item.value:
            header.published = item.value
    return header
