"""Atom 1.0 documents of the newest matching articles (RFC 4287).

Built with ElementTree, so every title, source and snippet is escaped by the XML
writer; characters XML 1.0 forbids (scraped text has them) are dropped first. A date
the article lacks or that is only a day or a month becomes a full timestamp, since
Atom requires one on every entry. An article standing for copies of its text (search
folds them into it) says so: `marsad:copies` (their count), a `related` link to each
copy and to its story's page, and `marsad:story` (the story id).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["ATOM", "FeedEntry", "atom", "timestamp"]

ATOM = "http://www.w3.org/2005/Atom"
MARSAD = "https://github.com/marsad/ns/atom"  # our extension elements: marsad:copies, marsad:story
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One article in a feed; `summary_html` is already-escaped HTML (a marked snippet)."""

    link: str
    title: str | None
    updated: str
    published: str | None
    source: str | None
    summary_html: str
    original: str | None = None
    copies: tuple[str, ...] = ()  # links of the other articles with the same text (folded into this one)
    story: str | None = None  # link of the story page, when the article belongs to one of several articles


def timestamp(value: str | None, fallback: str) -> str:
    """`value` (ISO date or time, possibly partial) as an RFC 3339 timestamp, else `fallback`'s."""
    for candidate in (value, fallback):
        if not candidate:
            continue
        text = candidate.strip()
        if re.fullmatch(r"\d{4}", text):
            text += "-01-01"
        elif re.fullmatch(r"\d{4}-\d{2}", text):
            text += "-01"
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _clean(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def atom(title: str, self_url: str, page_url: str, entries: list[FeedEntry]) -> bytes:
    """The feed as UTF-8 XML: newest entries as given, the feed's `updated` the newest of them."""
    ET.register_namespace("", ATOM)
    ET.register_namespace("marsad", MARSAD)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "ar"})
    _add(feed, "id", self_url)
    _add(feed, "title", title)
    _add(feed, "updated", max((e.updated for e in entries), default=timestamp(None, "")))
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=page_url)
    _add(_add(feed, "author"), "name", "marsad")
    _add(feed, "generator", "marsad")
    for entry in entries:
        item = _add(feed, "entry")
        _add(item, "id", entry.link)
        _add(item, "title", entry.title or "(بلا عنوان)")
        _add(item, "link", rel="alternate", type="text/html", href=entry.link)
        if entry.original:
            _add(item, "link", rel="related", href=entry.original)
        _add(item, "updated", entry.updated)
        if entry.published:
            _add(item, "published", entry.published)
        if entry.source:
            _add(_add(item, "author"), "name", entry.source)
        summary = entry.summary_html
        if entry.copies:
            summary += f" (و{len(entry.copies)} نسخ أخرى من النص نفسه)"
        _add(item, "summary", summary, type="html")
        for copy in entry.copies:
            _add(item, "link", rel="related", type="text/html", href=copy, title="copy")
        if entry.story:
            _add(item, "link", rel="related", type="text/html", href=entry.story, title="story")
        ET.SubElement(item, f"{{{MARSAD}}}copies").text = str(len(entry.copies))
        if entry.story:
            ET.SubElement(item, f"{{{MARSAD}}}story").text = _clean(entry.story.rsplit("/", 1)[-1])
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
