"""Lines that mix article text with a script, a poll or widget text: split before judging.

Some scrapers flatten a whole page into one line: the article, then the CSS and
jQuery of a reader poll, then the poll's question and its options run together
("كيف تتناول إفطارك في رمضان؟ تناول جميع الأطعمة … لا أكترث"), or a share bar
glued in front of the first sentence. Judged whole, such a line is either kept
with its debris or cut with the article. So a line is first cut into pieces:

- script-shaped spans: runs of Latin-script tokens dense in braces, semicolons,
  `function`, `name(` and tags, with the short strings they quote;
- a poll: a question followed by short options with no sentence end of their own,
  after a script (the poll's widget) or with poll words;
- a share bar in front of the text, and widget sentences at the end of it, which
  the caller's per-line rules recognise.

What is left is the article's prose, judged by the usual rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from marsad.arabic import fold
from marsad.stages.residue import rules

__all__ = ["Piece", "split_mixed"]

_TOKEN = re.compile(r"\S+")
_LATIN_CODE = re.compile(r"[A-Za-z0-9_{}()\[\];:=#'\".,<>/\\%$&|+*!-]")
# A declaration ("padding: 0;"), "function(", "});" or a JSON key: a script or style is in the line.
_SCRIPT_HINT = re.compile(
    r"[A-Za-z][\w-]*\s*:\s*[\w#'\"-][^;{}]{0,40};|function\s*\w*\s*\(|\}\s*\)\s*;|\"@?\w+\":\s*[\"{\[]"
)
_SCRIPT_MARK = re.compile(r"[{};]|=>|\bfunction\b|[A-Za-z_]\(|</?[a-z]+[\s>]|\"[@\w-]+\"\s*:")
_LATIN_OR_MARK = re.compile(r"[A-Za-z{}<>#$\"'\[]")
_STRING_MARK = re.compile(r"[\"'\[\]]")
_SENTENCE_END = re.compile(r"[.!؟?…؛]+[\"'”»)\]]*(?=\s|$)")
_CLOSERS = "؟?\"'”»)]"
_MIN_SCRIPT_MARKS = 3  # "(1)" or a quoted {داعش} in prose has fewer
_MIN_SCRIPT_CHARS = 20
_MAX_QUOTED = 4  # Arabic tokens between two script runs: a string the script quotes
_MAX_QUESTION_WORDS = 25
_MAX_OPTION_WORDS = 40
_MAX_TAIL_SENTENCES = 6
_TAIL_WINDOW = 400  # characters looked back for the last sentence end
_SHARE_BAR_WINDOW = 200  # a share bar is a handful of words
_MIN_WORDS = 12  # shorter lines are judged whole
_MIN_CHARS = 60
_MAX_CHARS = 200_000  # a longer line is no scraped page's paragraph: judged whole, in linear time
_SHARE_BAR_WORDS = frozenset(fold(w) for w in (
    "شارك شاركها شاركوا انشر مشاركة من خلال عبر على اكتب أضف رأيك تعليقك تعليق طباعة اطبع أرسل لصديق"
    " الخبر المقال هذا البريد الإلكتروني | - • ،"
).split())
_BAR_PUNCT = ":|،,-•"
_SHARE_BAR_TRAILING = frozenset(fold(w) for w in "من خلال عبر على".split())


@dataclass(slots=True)
class Piece:
    """Part of a mixed line: prose to judge as a line (`reason` None) or a cut with its reason."""

    text: str
    reason: str | None = None


def split_mixed(
    line: str, appended: Callable[[list[str]], list[str | None]], *, first: bool = True, last: bool = True
) -> list[Piece] | None:
    """The pieces of a line that mixes prose with residue, in order; None for any other line.

    `appended(sentences)` gives, for the last sentences of the prose, the reason
    each is cut as text a widget appended (None: kept; only a tail is ever cut).
    A share bar is looked for only on the article's `first` line and appended text
    only on its `last`: scrapers glue widgets to the edges of the text, and the
    check is not free.
    """
    if not _MIN_CHARS <= len(line) <= _MAX_CHARS or line.count(" ") < _MIN_WORDS:
        return None
    cuts = _script_spans(line)
    cuts += _poll_spans(line, cuts)
    if not (cuts or first or last):
        return None
    cuts.sort()
    pieces: list[Piece] = []
    end_of_last = 0
    for start, end, reason in cuts + [(len(line), len(line), "")]:
        prose = line[end_of_last:start]
        if prose.strip():
            pieces += _edges(prose, appended, first and end_of_last == 0, last and start == len(line))
        if reason:
            pieces.append(Piece(line[start:end].strip(), reason))
        end_of_last = end
    pieces = [p for p in pieces if p.text]
    has_prose = any(p.reason is None and rules.ARABIC_LETTER.search(p.text) for p in pieces)
    if not has_prose or all(p.reason is None for p in pieces):
        return None
    return pieces


# ------------------------------------------------------------------ scripts
def _code_token(token: str) -> bool:
    arabic = len(rules.ARABIC_LETTER.findall(token))
    return arabic * 2 < len(_LATIN_CODE.findall(token))


def _script_spans(line: str) -> list[tuple[int, int, str]]:
    """Character spans of inline scripts and styles, with the Arabic strings they quote."""
    if not (";" in line or "function" in line or '":' in line) or not _SCRIPT_HINT.search(line):
        return []
    tokens = list(_TOKEN.finditer(line))
    code = [_code_token(token.group()) for token in tokens]
    runs: list[list[int]] = []  # [first token, last token, marks] of runs of code-like tokens
    for i, token in enumerate(tokens):
        if not code[i]:
            continue
        marks = len(_SCRIPT_MARK.findall(token.group()))
        if runs and runs[-1][1] == i - 1:
            runs[-1][1], runs[-1][2] = i, runs[-1][2] + marks
        else:
            runs.append([i, i, marks])
    merged: list[list[int]] = []
    for run in runs:
        while run[0] < run[1] and not _LATIN_OR_MARK.search(tokens[run[0]].group()):
            run[0] += 1  # a number or date that ends the prose before the script stays with it
        weak = run[2] < _MIN_SCRIPT_MARKS or tokens[run[1]].end() - tokens[run[0]].start() < _MIN_SCRIPT_CHARS
        if merged and run[2] and _quoted(tokens, code, merged[-1][1], run[0]):
            merged[-1][1] = run[1]  # the script goes on after a string it quotes
        elif weak:
            continue
        else:
            merged.append(run)
    return [(tokens[first].start(), tokens[last].end(), "code") for first, last, _ in merged]


def _quoted(tokens: list[re.Match[str]], code: list[bool], last: int, first: int) -> bool:
    """Whether the Arabic between two script runs is a string the script holds: a few
    bare words (words in quotes or brackets are strings), or a longer phrase opened by a
    quote ("headline": "…") with no sentence end."""
    between = range(last + 1, first)
    arabic = sum(1 for i in between if not code[i] and not _STRING_MARK.search(tokens[i].group()))
    if arabic <= _MAX_QUOTED:
        return True
    opened = sum(tokens[last].group().count(q) for q in "\"'") % 2 == 1
    opened = opened or tokens[last + 1].group()[0] in "\"'"
    gap = " ".join(tokens[i].group() for i in between)
    return opened and arabic <= _MAX_QUESTION_WORDS and not _SENTENCE_END.search(gap)


# ------------------------------------------------------------------ polls
def _poll_spans(line: str, scripts: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A question and its options: after a script, or at the end of the line with poll words."""
    if "؟" not in line and "?" not in line:
        return []
    ends = [start for start, _, _ in scripts] + [len(line)]
    starts = [0] + [end for _, end, _ in scripts]
    polls = []
    for start, end in zip(starts, ends):
        span = _poll_in(line, start, end, after_script=start > 0)
        if span:
            polls.append((*span, "poll"))
    return polls


def _poll_in(line: str, start: int, end: int, after_script: bool) -> tuple[int, int] | None:
    segment = line[start:end].rstrip()
    mark = max(segment.rfind("؟"), segment.rfind("?"))
    if mark < 0:
        return None
    question_end = mark + 1 + len(segment[mark + 1 :]) - len(segment[mark + 1 :].lstrip(_CLOSERS))
    options = segment[question_end:]
    if not 1 <= len(options.split()) <= _MAX_OPTION_WORDS or _SENTENCE_END.search(options):
        return None
    window = max(0, mark - 400)
    before = [window + m.end() for m in _SENTENCE_END.finditer(segment[window:mark])]
    question_start = before[-1] if before else window
    question = segment[question_start:question_end]
    if len(question.split()) > _MAX_QUESTION_WORDS:
        return None
    intro = rules.POLL_INTRO.search(fold(question))
    if intro is not None:  # "استطلاع الرأي: هل …؟": the poll starts at its own words
        question_start += _folded_offset(question, intro.start())
    elif not (after_script or (question_start > 0 and rules.POLL_QUESTION.search(fold(question)))):
        return None
    lead = len(segment[question_start:]) - len(segment[question_start:].lstrip())
    return start + question_start + lead, start + len(segment)


def _folded_offset(text: str, folded_at: int) -> int:
    """The offset in `text` of the word holding offset `folded_at` of `fold(text)`
    (folding drops marks, so offsets differ; words stay in step)."""
    words_before = len(fold(text)[:folded_at].split())
    starts = [m.start() for m in _TOKEN.finditer(text)]
    return starts[words_before] if words_before < len(starts) else 0


# ------------------------------------------------------------------ widget text at the edges
def _edges(
    prose: str, appended: Callable[[list[str]], list[str | None]], at_start: bool, at_end: bool
) -> list[Piece]:
    """A share bar in front of the article's prose, and residue sentences after it, cut."""
    pieces: list[Piece] = []
    if at_start and (bar := _share_bar(prose)):
        pieces.append(Piece(prose[:bar].strip(), "share"))
        prose = prose[bar:]
    starts = _last_sentence_starts(prose) if at_end else []
    if not starts:
        return pieces + [Piece(prose.strip())]
    bounds = starts + [len(prose)]
    reasons = appended([prose[a:b].strip() for a, b in zip(bounds, bounds[1:])])
    cut = next((i for i, reason in enumerate(reasons) if reason is not None), len(reasons))
    spans = zip(bounds[cut:], bounds[cut + 1 :], reasons[cut:])
    tail = [Piece(prose[a:b].strip(), reason) for a, b, reason in spans]
    return pieces + [Piece(prose[: bounds[cut]].strip())] + tail


def _last_sentence_starts(prose: str) -> list[int]:
    """Where the last few sentences begin (the first of the prose excluded), looking back
    `_TAIL_WINDOW` characters."""
    stripped = prose.rstrip()
    offset = max(0, len(stripped) - _TAIL_WINDOW)
    ends = [m.end() for m in _SENTENCE_END.finditer(stripped, offset)]
    if ends and ends[-1] == len(stripped):
        ends.pop()
    return ends[-_MAX_TAIL_SENTENCES:]


def _share_bar(prose: str) -> int:
    """Where a leading share bar ("شارك من خلال تويتر فيسبوك … اكتب رأيك") ends, or 0."""
    opening = _TOKEN.search(prose, 0, _SHARE_BAR_WINDOW)
    first = fold(opening.group()).strip(_BAR_PUNCT) if opening else ""
    if not (first in _SHARE_BAR_WORDS or rules.SOCIAL.match(first)):
        return 0
    tokens = list(_TOKEN.finditer(prose, 0, _SHARE_BAR_WINDOW))
    i = social = end = 0
    while i < len(tokens):
        one = fold(tokens[i].group()).strip(_BAR_PUNCT) or "|"
        pair = f"{one} {fold(tokens[i + 1].group()).strip(_BAR_PUNCT)}" if i + 1 < len(tokens) else ""
        if pair and rules.SOCIAL.fullmatch(pair):
            social, i = social + 1, i + 2
        elif rules.SOCIAL.fullmatch(one):
            social, i = social + 1, i + 1
        elif one in _SHARE_BAR_WORDS:
            i += 1
            if one in _SHARE_BAR_TRAILING:
                continue
        else:
            break
        end = tokens[i - 1].end()
    return end if social >= 2 else 0
