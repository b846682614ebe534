"""HTML pages into body text at crawl speed: our own rules on a Lexbor parse, trafilatura when unsure.

trafilatura (stages/extract.py) is accurate but costs 30-40 ms a page, most of it in lxml
and its many passes. News pages are regular enough for a cheaper reading:

- selectolax (Lexbor, an HTML5 parser in C) parses; boilerplate containers go by tag
  (nav, footer, aside, form, ...) and by the class/id words templates use for them.
- The page becomes a list of text blocks in document order, each with its words, the share
  of its characters inside links and its sentence punctuation (Latin and Arabic ، ؛ ؟).
- The story is the contiguous run of blocks with the most running text (a maximum-sum
  segment: prose counts for, link lists and short debris against), searched inside an
  `article`/`main`/schema.org articleBody container when the page has one, and from the
  headline on (tickers and menus come before it).
- Arabic box labels ("الأكثر قراءة", "المزيد من الأخبار", ...) end the story with what follows
  them, with the same label pattern as the trafilatura path; a "اقرأ أيضا" box sits inside
  stories, so it and its links are only left out. So are leading datelines and bylines.
- Metadata comes from JSON-LD, OpenGraph and meta tags; htmldate only when none declares a date.

Each page gets a confidence from signals that should agree: enough prose, a region that
holds most of the page's prose, a hinted container or JSON-LD articleBody that says the
same. `auto` runs trafilatura on pages below `CONFIDENT`, or below `SITE_FLOOR` when the
story sits in the container its site's template names (stages/extract_sites.py); which path
served a page is written into `flags["extractor"]` and counted in `Stats`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from selectolax.lexbor import LexborHTMLParser, LexborNode

from marsad import settings
from marsad.arabic import words
from marsad.article import Article
from marsad.errors import InputError
from marsad.pipeline import stage
from marsad.sources.decode import declared_charset, decode
from marsad.stages import extract as slow
from marsad.stages.extract import _LABEL, Extracted, _author, _consistent_lang, _drop_heading_lines, _hostname
from marsad.stages.extract_sites import SiteTemplates, container

__all__ = ["CHOICES", "CONFIDENT", "MAX_PARSE_CHARS", "SITES", "SITE_FLOOR", "Fast", "extract_any", "extract_auto",
           "extract_fast", "extract_html_any"]

CHOICES = ("fast", "trafilatura", "auto")
CONFIDENT = 0.7  # chosen on synthetic pages of seed 7 (never the evaluation set): the knee of F1 against fallbacks
SITE_FLOOR = 0.4  # a page in its site's story container needs this much confidence, not CONFIDENT
_SAME_TEXT = 0.9
# Lexbor's tree takes several times the page's size; a story sits in the first megabytes.
MAX_PARSE_CHARS = 4_000_000

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "nav", "footer", "aside",
              "button", "select", "textarea", "input", "object", "embed", "video", "audio", "canvas",
              "figure", "head", "marquee")
_UNLIKELY = re.compile(
    r"comment|share|sharing|social|related|sidebar|side-bar|footer|\bnav|menu|breadcrumb|newsletter|subscri"
    r"|promo|advert|\bads?\b|-ad-|banner|cookie|popup|modal|sponsor|tags?\b|widget|most-?read|trending"
    r"|recommend|outbrain|taboola|pagination|pager|signup|login|toolbar|masthead|skip|ticker")  # on lowercased names
_LIKELY = re.compile(r"article|story|body|content|main|post|entry|text|news")  # (IGNORECASE is 3x slower)
_INLINE = frozenset(("a", "span", "b", "strong", "em", "i", "u", "font", "small", "sup", "sub", "abbr", "time",
                     "mark", "cite", "q", "code", "bdi", "bdo", "label", "s", "del", "ins", "big", "tt", "var",
                     "kbd", "samp", "dfn", "img", "wbr", "nobr", "-text"))
_SENTENCE_END = re.compile(r"[.!?؟。！？]|[،؛,;:]")
_HINTS = ('[itemprop="articleBody"]', "article", '[role="main"]', "main")
_MIN_WORDS = 25
_STOP = re.compile(r"[.!?؟。！？\"'”»)]")
_READ_ALSO = re.compile(r"(?:اقرأ|إقرأ|اقرا|إقرا|طالع|شاهد)\s+(?:أيضا|أيضاً|ايضا|ايضاً|كذلك)\s*[:：\-–—|»«›‹>]*\s*")
_DATE_SEARCH_CHARS = 100_000  # htmldate slows sharply on long pages (44 ms a page at 300,000 chars, 4 at 100,000)
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


@dataclass(frozen=True, slots=True)
class Block:
    """A run of text between two block boundaries, and what it looks like."""

    text: str
    words: int
    link_share: float
    punctuation: int
    heading: bool
    hinted: bool
    owner: LexborNode | None = None  # the innermost block element its text sits in

    @property
    def prose(self) -> bool:
        """Running text: a sentence or more, mostly outside links."""
        return self.link_share < 0.35 and (self.words >= 15 or (self.words >= 6 and self.punctuation >= 1))

    @property
    def value(self) -> float:
        """What the block adds to a story region: prose for, link lists and debris against."""
        if self.link_share >= 0.5:
            return -1.0 - self.words
        if self.prose:
            return float(self.words)
        return -0.5 if self.heading else -2.0


@dataclass(frozen=True, slots=True)
class Fast:
    """The fast path's reading of a page, and how sure it is."""

    extracted: Extracted
    confidence: float


def extract_fast(html: str | bytes, url: str | None = None) -> Fast:
    """The article in `html` by our rules, with a confidence in [0, 1]; `InputError` when none."""
    fast, _, _ = _read(html, url, 0.0)
    assert fast is not None  # noqa: S101 - with no confidence asked for, _read answers or raises
    return fast


def extract_auto(html: str | bytes, url: str | None = None, sites: SiteTemplates | None = None
                 ) -> tuple[Extracted, str]:
    """The fast path's answer when it is confident, else trafilatura's; and which one served.

    With `sites`, pages confirm their site's story container (see stages/extract_sites.py),
    and a page read in the container its site's template names needs less confidence.
    """
    origin = url or "<html>"
    if isinstance(html, bytes):
        html = decode(html, origin, declared_charset(html))
    try:
        fast, paragraphs, where = _read(html, url, CONFIDENT, sites)
    except InputError:
        fast, paragraphs, where = None, [], None
    if fast is not None:
        if sites is not None:
            sites.learn(url, where)
        return fast.extracted, "fast"
    got = slow.extract(html[:MAX_PARSE_CHARS * 2], url)
    if sites is not None and paragraphs and _same_text(paragraphs, got.paragraphs):
        sites.learn(url, where)  # unsure, but right: the container is the site's
    return got, "trafilatura"


def _same_text(ours: list[str], theirs: list[str]) -> bool:
    """Do two readings of a page give nearly the same words (bag-of-words F1 >= 0.9)?"""
    a, b = Counter(words(" ".join(ours).casefold())), Counter(words(" ".join(theirs).casefold()))
    shared = sum((a & b).values())
    return shared > 0 and 2 * shared / (sum(a.values()) + sum(b.values())) >= _SAME_TEXT


def _read(html: str | bytes, url: str | None, needed: float, sites: SiteTemplates | None = None
          ) -> tuple[Fast | None, list[str], str | None]:
    """`extract_fast`, or no answer as soon as the confidence is known to be under `needed`;
    with the story's paragraphs and, when `sites` is given, its container.

    The metadata that costs (htmldate, the language check) comes after the confidence, so
    a page that goes to trafilatura does not pay for it twice.
    """
    origin = url or "<html>"
    if isinstance(html, bytes):
        html = decode(html, origin, declared_charset(html))
    html = html[:MAX_PARSE_CHARS]
    if not html.strip():
        raise InputError(origin, "no article text found in HTML (empty page)")
    tree = LexborHTMLParser(html)
    meta = _metadata(tree)
    body = tree.body
    if body is None:
        raise InputError(origin, "no article text found in HTML (no body)")
    _prune(body)
    hint = next((n for sel in _HINTS for n in [_best(body.css(sel))] if n is not None), None)
    blocks = _blocks(body, hint)
    first = _headline_index(blocks, meta.get("title"))
    values = _values(blocks, first)
    region = _region(blocks, values, first)
    paragraphs = [b.text for b in region if b.prose or (b.link_share < 0.5 and b.words >= 2)]
    paragraphs = _cut_at_label(paragraphs)
    paragraphs = _drop_meta_lines(_drop_heading_lines(paragraphs, meta.get("title")))
    if not paragraphs:
        raise InputError(origin, "no article text found in HTML")
    confidence = _confidence(blocks, values, region, hint is not None, meta.get("body"))
    where = container([b.owner for b in region if b.prose and b.owner is not None]) if sites is not None else None
    if SITE_FLOOR <= confidence < needed and sites is not None and sites.agrees(url, where):
        confidence = needed
    if confidence < needed:
        return None, paragraphs, where
    lang = tree.css_first("html")
    declared = (lang.attributes.get("lang") or "") if lang is not None else ""
    declared = re.split(r"[-_,;\s]", declared.strip().lower(), maxsplit=1)[0] or meta.get("locale")
    extracted = Extracted(
        paragraphs=paragraphs,
        title=meta.get("title"),
        author=_author(meta.get("author")),
        published=_iso_date(meta.get("published")) or _arabic_date(blocks) or _guess_date(html, url),
        lang=_consistent_lang(declared if declared and len(declared) == 2 else None, paragraphs),
        sitename=meta.get("sitename") or _hostname(url),
    )
    return Fast(extracted, confidence), paragraphs, where


def extract_any(html: str | bytes, url: str | None, choice: str, sites: SiteTemplates | None = None
                ) -> tuple[Extracted, str]:
    """Extract with the named path (`fast`, `trafilatura` or `auto`; `sites` serves `auto`)."""
    if choice == "fast":
        return extract_fast(html, url).extracted, "fast"
    if choice == "trafilatura":
        return slow.extract(html, url), "trafilatura"
    if choice == "auto":
        return extract_auto(html, url, sites)
    raise ValueError(f"unknown extractor {choice!r}; choose one of {', '.join(CHOICES)}")


# The stage's memory of site templates: one per process, bounded (SiteTemplates.capacity).
SITES = SiteTemplates()


@stage("extract", needs={"raw"}, gives={"raw_text", "title", "author", "published", "lang"})
def extract_html_any(article: Article) -> Article:
    """`extract_html` with the extractor the `extractor` setting names; the path is flagged."""
    if article.html is None:
        return article
    got, path = extract_any(article.html, article.url, settings.get("extractor"), SITES)
    done = slow.with_extracted(article, got)
    return replace(done, flags={**done.flags, "extractor": path})


# --- the page into blocks -------------------------------------------------------------------

def _prune(body: LexborNode) -> None:
    """Remove what is never the story: scripts, navigation, forms, and template boxes by name."""
    for node in body.css(",".join(_DROP_TAGS)):
        node.decompose()
    verdicts: dict[str, bool] = {}
    for node in body.css("[class],[id]"):
        if node.tag in ("body", "html", "article", "main", "a"):
            continue
        attrs = node.attributes
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
        unlikely = verdicts.get(names)
        if unlikely is None:
            unlikely = verdicts[names] = bool(_UNLIKELY.search(names)) and not _LIKELY.search(names)
        if unlikely:
            node.decompose()
    for node in body.css('[hidden],[aria-hidden="true"],[style*="display:none"],[style*="display: none"]'):
        node.decompose()


def _best(nodes: list[LexborNode]) -> LexborNode | None:
    """The hinted container holding the most text, if it holds a story's worth."""
    best, size = None, 0
    for node in nodes[:20]:
        length = len(node.text(deep=True))
        if length > size:
            best, size = node, length
    return best if size >= 400 else None


def _blocks(body: LexborNode, hint: LexborNode | None) -> list[Block]:
    """The page's text in document order, split at every block element and <br>.

    The walk is the fast path's hottest loop: plain locals, no per-node allocations.
    """
    blocks: list[Block] = []
    parts: list[str] = []
    link = 0
    heading = hinted = False
    owner = None
    hint_id = hint.mem_id if hint is not None else -1
    headings = ("h1", "h2", "h3", "h4", "h5", "h6")

    def flush() -> None:
        nonlocal link, heading, hinted
        if parts:
            text = " ".join("".join(parts).split())
            if text:
                blocks.append(Block(text, text.count(" ") + 1, min(link / len(text), 1.0),
                                    len(_SENTENCE_END.findall(text)), heading, hinted, owner))
            parts.clear()
        link, heading, hinted = 0, False, False

    def walk(node: LexborNode, in_link: bool, in_hint: bool, block: LexborNode) -> None:
        nonlocal link, heading, hinted, owner
        child = node.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                value = child.text_content
                if value and not value.isspace():
                    if not parts:
                        owner = block
                    parts.append(value)
                    if in_link:
                        link += len(value.strip())
                    if in_hint:
                        hinted = True
            elif tag == "br":
                flush()
            elif tag in _INLINE:
                walk(child, in_link or tag == "a", in_hint or child.mem_id == hint_id, block)
            elif tag and tag[0] != "-":
                flush()
                if tag in headings:
                    heading = True
                walk(child, in_link, in_hint or child.mem_id == hint_id, child)
                flush()
            child = child.next

    walk(body, False, False, body)
    flush()
    return blocks


def _values(blocks: list[Block], first: int) -> list[float]:
    """What each block adds to a story region (see `_region`); 0 before the headline."""
    values = [0.0] * len(blocks)
    previous = None
    boxed = False
    for i in range(first, len(blocks)):
        block = blocks[i]
        value = block.value
        if block.hinted and value > 0:
            value *= 2
        if previous is not None and previous.heading and previous.link_share >= 0.5:
            value = -abs(value)  # a teaser: text under a linked headline is another story's
        if block.words <= 6 and _LABEL.fullmatch(block.text):
            # "اقرأ أيضا" boxes sit inside stories; "المزيد من الأخبار" and the like end them
            boxed = bool(_READ_ALSO.fullmatch(block.text))
            value = -10.0 if boxed else -1000.0
        elif boxed and block.link_share >= 0.5:
            value = -1.0  # the links of a "read also" box
        else:
            boxed = False
        values[i] = value
        previous = block
    return values


def _region(blocks: list[Block], values: list[float], first: int) -> list[Block]:
    """The contiguous blocks with the most prose (a maximum-sum segment of block values).

    Blocks inside a hinted container (article, main, articleBody) count double, so a
    page's own story wins over a longer teaser list beside it. What comes before the
    headline (a heading that is the page's title) is not the story: tickers, menus.
    A "read also" box inside the story costs a little, other box labels end it.
    """
    best, best_start, best_end = 0.0, first, first
    total, start = 0.0, first
    for i in range(first, len(blocks)):
        value = values[i]
        if total <= 0:
            total, start = value, i
        else:
            total += value
        if total > best:
            best, best_start, best_end = total, start, i + 1
    return blocks[best_start:best_end]


def _headline_index(blocks: list[Block], title: str | None) -> int:
    """Index of the heading block that is the page's title, 0 when there is none."""
    if not title:
        return 0
    headline = words(title.casefold())
    if len(headline) < 3:
        return 0
    for i, block in enumerate(blocks[:400]):
        if block.heading and block.words <= 2 * len(headline) and words(block.text.casefold()) == headline:
            return i
    return 0


def _cut_at_label(paragraphs: list[str]) -> list[str]:
    """End the story at an Arabic box label ("المزيد من الأخبار", ...) found after its first lines.

    "اقرأ أيضا" labels are only left out: their box sits inside the story.
    """
    kept = []
    for i, line in enumerate(paragraphs):
        if len(line.split()) <= 6 and _LABEL.fullmatch(line.strip()):
            if i >= 2 and not _READ_ALSO.fullmatch(line.strip()):
                break
            continue
        kept.append(line)
    return kept


def _drop_meta_lines(paragraphs: list[str]) -> list[str]:
    """Leave out leading datelines and bylines: short lines with a date, or "كتب:", that are no sentence.

    Templates glue byline, date and view counter into one line ("بقلم: فلان الخميس 6
    أغسطس 2015 - 08:18", "الموقع - الخميس ... 1573 مشاهدة"); `published` has the date.
    """
    start = 0
    for line in paragraphs[:3]:
        plain = line.translate(slow._DIGITS)
        short = len(line.split()) <= 14 and not _STOP.search(line[-1:])
        if short and (slow._ARABIC_DATE.search(" ".join(plain.split())) or slow._NUMERIC_DATE.search(plain)
                      or (len(line.split()) <= 6 and slow._BYLINE.match(line))):
            start += 1
        else:
            break
    return paragraphs[start:]


def _confidence(blocks: list[Block], values: list[float], region: list[Block], hinted: bool,
                declared_body: str | None) -> float:
    """How sure we are that `region` is the story: signals that should agree, in [0, 1].

    A rival is prose outside the region that could have been the story: not teaser text
    under a linked headline, not what precedes the headline.
    """
    prose_in = sum(b.words for b in region if b.prose)
    inside = {id(b) for b in region}
    prose_all = prose_in + sum(b.words for b, v in zip(blocks, values) if b.prose and v > 0 and id(b) not in inside)
    if prose_in == 0:
        return 0.0
    score = 0.0
    score += 0.35 * min(prose_in / 150, 1.0)  # enough running text for a story
    score += 0.35 * (prose_in / prose_all)  # the region holds the page's prose, no rival block
    paragraphs = sum(1 for b in region if b.prose)
    score += 0.1 * min(paragraphs / 3, 1.0)
    if hinted:
        score += 0.1 if any(b.hinted for b in region) else -0.2
    if declared_body:
        said, got = set(words(declared_body.casefold())), set(words(" ".join(b.text for b in region).casefold()))
        overlap = len(said & got) / max(len(said), 1)
        score += 0.2 * overlap - 0.1
    if prose_in < _MIN_WORDS:
        score -= 0.3
    return max(0.0, min(1.0, score))


# --- metadata -------------------------------------------------------------------------------

_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|NewsArticle|BlogPosting", re.IGNORECASE)


def _metadata(tree: LexborHTMLParser) -> dict[str, str]:
    """Title, author, date, site name and declared body from JSON-LD, then OpenGraph and meta."""
    found: dict[str, str] = {}
    for script in tree.css('script[type="application/ld+json"]'):
        for item in _ld_items(script.text(deep=True)):
            kind = item.get("@type")
            kind = " ".join(kind) if isinstance(kind, list) else str(kind or "")
            if not _ARTICLE_TYPES.search(kind):
                continue
            _put(found, "title", item.get("headline") or item.get("name"))
            _put(found, "published", item.get("datePublished") or item.get("dateCreated"))
            _put(found, "author", _name(item.get("author")))
            _put(found, "sitename", _name(item.get("publisher")))
            _put(found, "body", item.get("articleBody"))
    metas = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        if key and attrs.get("content") and key not in metas:
            metas[key] = attrs["content"]
    for key, names in (("title", ("og:title", "twitter:title")),
                       ("published", ("article:published_time", "datepublished", "pubdate", "publishdate",
                                      "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date")),
                       ("author", ("author", "article:author", "dc.creator", "byl")),
                       ("sitename", ("og:site_name", "application-name")),
                       ("locale", ("og:locale", "language", "content-language"))):
        for name in names:
            _put(found, key, metas.get(name))
    if "published" not in found:  # dates declared in the markup: schema.org microdata, then <time>
        for node in tree.css('[itemprop="datePublished"], time[datetime]')[:3]:
            _put(found, "published", node.attributes.get("content") or node.attributes.get("datetime"))
    if "title" not in found:
        h1 = tree.css_first("h1")
        _put(found, "title", h1.text(deep=True) if h1 is not None else None)
    if "title" not in found:
        title = tree.css_first("title")
        parts = [p.strip() for p in slow._TITLE_SEPARATOR.split(title.text(deep=True) if title else "") if p.strip()]
        _put(found, "title", max(parts, key=len) if parts else None)  # "site - headline": the longer half
    if "locale" in found:
        found["locale"] = re.split(r"[-_,;\s]", found["locale"].lower(), maxsplit=1)[0]
    if found.get("author", "").startswith("http"):
        del found["author"]
    return found


def _ld_items(raw: str) -> list[dict]:
    """Every object in a JSON-LD script (top level, lists, @graph); none when it is not JSON."""
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    stack, items = [data], []
    while stack and len(items) < 50:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            items.append(value)
            if isinstance(value.get("@graph"), list):
                stack.extend(value["@graph"])
    return items


def _name(value: object) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) else None


def _put(found: dict[str, str], key: str, value: object) -> None:
    if key not in found and isinstance(value, str) and value.strip():
        found[key] = " ".join(value.split())


_DECLARED_DATE = re.compile(r"(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})(.*)")


def _iso_date(value: str | None) -> str | None:
    """A declared date as ISO 8601 ("20180402" and "2018/04/02" too); None when it is not one."""
    match = _DECLARED_DATE.match((value or "").strip())
    if not match:
        return None
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    rest = match[4]
    return value.strip() if rest.startswith("T") and value[4] == "-" else day.isoformat() + (rest if rest.startswith("T") else "")


def _arabic_date(blocks: list[Block]) -> str | None:
    """A date written with an Arabic month name in a short block, as ISO 8601."""
    for block in blocks[:300]:
        if block.words > 30 or not _ARABIC_LETTER.search(block.text):
            continue
        match = slow._ARABIC_DATE.search(block.text.translate(slow._DIGITS))
        if match:
            try:
                found = date(int(match[3]), slow._MONTHS[match[2]], int(match[1]))
            except ValueError:
                continue
            if 1990 <= found.year <= 2100:
                return found.isoformat()
    return None


def _guess_date(html: str, url: str | None) -> str | None:
    """htmldate on pages that declare no date (it parses again, so only then)."""
    from htmldate import find_date

    try:
        return find_date(html[:_DATE_SEARCH_CHARS], url=url, extensive_search=True, original_date=True)
    except Exception:  # noqa: BLE001 - a date guess must never cost us the article's text
        return None
