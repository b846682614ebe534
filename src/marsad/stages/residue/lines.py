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
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from marsad.arabic import fold
from marsad.article import Article, Removal
from marsad.pipeline import Stage
from marsad.stages.residue import rules
from marsad.stages.residue.templates import TemplateLearner, learn_templates, template_key

__all__ = [
    "Header",
    "StripResidue",
    "TemplateLearner",
    "judge_lines",
    "learn_templates",
    "residue_stage",
    "split_residue",
    "template_key",
]

# Residue kinds whose clear lines pull weaker neighbours into a cut block (a widget's
# "نجاح!" next to its sign-up line). Ad slots, bylines and templates do not: a real
# sentence next to "[ad_2]" must never go because of it.
_PROPAGATES = frozenset({"widget", "share", "related", "cookie", "copyright", "english-boilerplate"})
_HAS_WORD = re.compile(r"[^\W_]")
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]+")
_TRAILING_CLOSERS = "\"'”“»«)]}* "
_SENTENCE_END = frozenset(".!?؟…:؛")
_MAX_RESIDUE_WORDS = 35  # longer lines are article text whatever words they use
_MAX_RELATED_ITEMS = 10
_ARROWS = frozenset("›»>‹«<←→")  # one of these between two short parts is a breadcrumb; "/" or "|" is not
_SHORT = 12  # longer lines are scored for cues only next to residue or at the edges
_WEAK_BLOCK = 20  # longer lines never join a residue block; only the edges may cut them
_LONG = 16  # longer lines cannot be header lines, stubs or breadcrumbs
_OPENING = 60  # characters of a long line folded up front, for cues anchored at its start
_MEMO = 20_000  # short lines whose first-pass decision is remembered


@dataclass(slots=True)
class Header:
    """What the top of a scraped page says about the article rather than in it."""

    title: str | None = None
    author: str | None = None
    published: str | None = None


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
    """Every non-blank line, stripped, with the reason it is cut (None: kept), and the header."""
    items = [_judged_alone(text) for text in (raw.strip() for raw in lines) if text]
    if templates:
        width = _longest(templates)
        for item in items:
            if item.level < 3 and item.words <= width:
                _match_template(item, templates)
    _absorb_related_lists(items)
    _count_pending_near_residue(items)
    _cut_blocks(items)
    title_item = _peel_edges(items, title)
    judged = [(item.text, (item.reason or "residue") if item.cut else None) for item in items]
    return judged, _header(items, title_item)


def _line(text: str) -> _Line:
    stripped = text.rstrip(_TRAILING_CLOSERS)
    end = stripped[-1:] if stripped else ""
    words = len(text.split())
    if words > _MAX_RESIDUE_WORDS:  # long lines are text; folding them would be wasted work
        return _Line(text, "", words, end)
    if words > _LONG:  # only openings and endings are read first; fold the rest on demand
        return _Line(text, fold(text[:_OPENING]), words, end, partial=True)
    # A tatweel used as a dash ("فلان ـ عين اليوم") would vanish in folding.
    folded = fold(text.replace(" ـ ", " - ") if " ـ " in text else text)
    return _Line(text, folded, len(folded.split()), end)


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
    if len(text.split()) > _SHORT:
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
    stack = [i for i, item in enumerate(items) if item.level > 0]
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
        anchored = any(x.level == 3 and x.reason in _PROPAGATES for x in block)
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


# ------------------------------------------------------------------ stage
class StripResidue:
    """The residue stage: kept lines become `paragraphs`, cuts go to `removed`.

    `templates` is one set for every article, or a mapping from `Article.source`
    to that source's set (as `TemplateLearner` produces). Title, author and
    published date are filled only where the article has none yet.
    """

    def __init__(self, templates: frozenset[str] | Mapping[str, frozenset[str]] = frozenset()) -> None:
        self.templates = templates

    def _templates_for(self, source: str | None) -> frozenset[str]:
        if isinstance(self.templates, frozenset):
            return self.templates
        return self.templates.get(source or "", frozenset())

    def __call__(self, article: Article) -> Article:
        raw = article.raw_text if article.raw_text is not None else "\n".join(article.paragraphs)
        kept, cut, header = split_residue(
            raw.splitlines(), self._templates_for(article.source), title=article.title
        )
        flags = article.flags
        if not article.published and header.published:
            flags = {**flags, "published_from": "text-header"}
        return replace(
            article,
            paragraphs=kept,
            removed=article.removed + cut,
            title=article.title or header.title,
            author=article.author or header.author,
            published=article.published or header.published,
            flags=flags,
        )


def residue_stage(templates: frozenset[str] | Mapping[str, frozenset[str]] = frozenset()) -> Stage:
    """The residue stage declared for a `Pipeline`."""
    return Stage(
        name="residue",
        func=StripResidue(templates),
        needs=frozenset({"raw_text"}),
        gives=frozenset({"paragraphs", "removed", "title", "author", "published", "flags"}),
    )
