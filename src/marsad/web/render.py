"""An article's clean text as HTML: paragraphs, with entity mentions, quotes and dates marked.

Scraped text is untrusted: every piece of it goes through `escape` before any tag
is put around it, and attributes are built from escaped values only. Spans come
from the pipeline as offsets into `Article.text`; they are clipped to paragraphs
and nested, and a span that would cross another (a date overlapping a name) is
left out rather than producing broken markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from marsad.article import Article

__all__ = ["TOPIC_LABELS", "TYPE_LABELS", "annotated_text", "entity_url", "safe_link", "topic_label"]

TYPE_LABELS = {"PER": "شخص", "ORG": "منظمة", "LOC": "مكان"}
TOPIC_LABELS = {
    "politics": "سياسة",
    "conflict-security": "نزاعات وأمن",
    "economy": "اقتصاد",
    "health": "صحة",
    "society": "مجتمع",
    "culture": "ثقافة",
    "sport": "رياضة",
    "science-technology": "علوم وتقنية",
    "environment": "بيئة",
    "religion": "دين",
}
MAX_SPANS = 400  # marked spans per page; past them the text runs plain (keeps pages under 100 KB)
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")  # text between blank lines


def topic_label(topic: str) -> str:
    """The Arabic name of a topic id (the id itself when it is not one of ours)."""
    return TOPIC_LABELS.get(topic, topic)


def entity_url(entity_id: str) -> str:
    """The entity page of an id (ids hold ':' and may hold anything else)."""
    return "/entities/" + quote(entity_id, safe=":")


def safe_link(url: str | None) -> str | None:
    """`url` if it is an http(s) address a browser can follow safely, else None
    (a scraped `javascript:` or `data:` URL must never become a link)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    rank: int  # 0 quote, 1 entity, 2 date: among equals, the outer one first
    open: str
    close: str
    after: str = ""  # markup put after the span (a quote's speaker)
    children: list[_Span] = field(default_factory=list)


def _spans(article: Article, speakers: dict[str, str]) -> list[_Span]:
    spans = []
    for q in article.quotes:
        who = q.speaker_text or speakers.get(q.speaker or "", "")
        title = f' title="{escape(who)}"' if who else ""
        after = ""
        if q.speaker:
            after = f'<a class="speaker" href="{escape(entity_url(q.speaker))}">— {escape(who or q.speaker)}</a>'
        elif who:
            after = f'<span class="speaker">— {escape(who)}</span>'
        spans.append(_Span(q.start, q.end, 0, f'<span class="quote"{title}>', "</span>", after))
    for e in article.entities:
        open_ = f'<a class="ent ent-{escape(e.type)}" href="{escape(entity_url(e.id))}">'
        spans += [_Span(m.start, m.end, 1, open_, "</a>") for m in e.mentions]
    for d in article.dates:
        value = f' datetime="{escape(d.value)}" title="{escape(d.value)}"' if d.value else ""
        spans.append(_Span(d.start, d.end, 2, f'<time class="date"{value}>', "</time>"))
    return spans


def _clip(span: _Span, start: int, end: int) -> _Span | None:
    lo, hi = max(span.start, start), min(span.end, end)
    if lo >= hi:
        return None
    # A span cut at the paragraph's end keeps its trailing markup for the part where it ends.
    return _Span(lo, hi, span.rank, span.open, span.close, span.after if span.end <= end else "")


def _nest(spans: list[_Span]) -> list[_Span]:
    """Spans as a forest: each inside the one before it, or after it; crossing ones dropped."""
    roots: list[_Span] = []
    stack: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.rank)):
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack and (span.end > stack[-1].end or _same(span, stack[-1])):
            continue  # crosses the open span, or repeats it
        (stack[-1].children if stack else roots).append(span)
        stack.append(span)
    return roots


def _same(a: _Span, b: _Span) -> bool:
    return (a.start, a.end, a.rank) == (b.start, b.end, b.rank)


def _render(text: str, start: int, end: int, spans: list[_Span]) -> str:
    out, cursor = [], start
    for span in spans:
        out.append(str(escape(text[cursor:span.start])))
        out += [span.open, _render(text, span.start, span.end, span.children), span.close, span.after]
        cursor = span.end
    out.append(str(escape(text[cursor:end])))
    return "".join(out)


def annotated_text(article: Article, speakers: dict[str, str] | None = None, limit: int | None = None) -> Markup:
    """The article's paragraphs as <p> elements with its spans marked; `limit` cuts long texts."""
    text = article.text if limit is None else article.text[:limit]
    spans = [s for s in _spans(article, speakers or {}) if 0 <= s.start < s.end <= len(text)]
    spans = sorted(spans, key=lambda s: s.start)[:MAX_SPANS]
    paragraphs = []
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        inside = [c for s in spans if s.start < end and s.end > start and (c := _clip(s, start, end))]
        paragraphs.append(f"<p>{_render(text, start, end, _nest(inside))}</p>")
    return Markup("\n".join(paragraphs))
