"""HTML pages into the article's body text and metadata.

trafilatura does the extraction: on the evaluation pages (bench/extraction.py) it beats
jusText and readability-lxml, and with comments left out and precision favoured it does
better still. Arabic news pages defeat it in a few ways, which we correct around it:

- Boxes labelled in Arabic ("اقرأ أيضا", "أخبار ذات صلة", "الأكثر قراءة", "شارك عبر", ...)
  often carry class names trafilatura cannot read ("col-md-4", "nwsTxt", none at all), so
  their headlines and teasers end up in the body. The label is the signal: we cut the
  labelled box, or the run of link lists that follows a bare label.
- Older Arabic sites lay pages out in tables, with the story in one cell and paragraphs
  split by <br>. trafilatura then renders the whole page as one table row; we turn layout
  tables (tables that nest tables, hold running text, or have one column) into blocks.
- When the story's container also holds its header, the headline and dateline come out
  as the first body lines; they are dropped (they are `title` and `published`).

The metadata falls back on what Arabic pages show rather than declare: a date written with
Arabic month names (Gulf, Maghreb and Levant forms), the headline half of "site - headline"
titles, bylines without "كتب:" or "بقلم". A declared language is dropped when the text's
script contradicts it (templates often keep lang="en"), leaving the language stage to decide.
Cleaning inside the story (widget debris, "المصدر" stubs) is the residue stage's work, where
every cut is recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlsplit

import trafilatura
from lxml.html import HtmlElement

from marsad.arabic import words
from marsad.article import Article
from marsad.errors import InputError
from marsad.pipeline import stage
from marsad.sources.decode import declared_charset, decode

__all__ = ["Extracted", "extract", "extract_html", "with_extracted"]

# Labels Arabic news sites put over what is not the story. A label must be the whole text
# of its element (or the text before its first child), so story sentences never match.
_ALSO = r"(?:أيضا|أيضاً|ايضا|ايضاً|كذلك)"
_LABEL = re.compile(
    r"(?:(?:اقرأ|إقرأ|اقرا|إقرا|طالع|شاهد|تابع)\s+" + _ALSO
    + r"|(?:اقرأ|إقرأ|اقرا)\s+المزيد|للمزيد|المزيد\s+من\s+\S+|قد\s+(?:يهمك|يعجبك|يهمّك)(?:\s+" + _ALSO + r")?"
    r"|(?:أخبار|اخبار|مواضيع|موضوعات|مقالات|روابط|قصص)\s+(?:ذات\s+صلة|متعلقة|مشابهة|مقترحة|أخرى)"
    r"|ذات\s+صلة|اخترنا\s+لك|الأكثر\s+(?:قراءة|مشاهدة|تعليقا|تعليقاً|تداولا|تداولاً|شعبية)"
    r"|(?:شارك|شاركوا|انشر|مشاركة)(?:\s+(?:عبر|على|الخبر|المقال|الموضوع|هذا\s+\S+))?"
    r"|تابعونا\s+على|تابعنا\s+على|الكلمات\s+المفتاحية|كلمات\s+مفتاحية|(?:ال)?وسوم|العلامات"
    r"|(?:ال)?تعليقات|أضف\s+تعليق(?:ك|اً|ا)?|اترك\s+تعليق(?:ك|اً|ا)?"
    r"|اشترك\s+في\s+(?:النشرة|نشرتنا)(?:\s+\S+)?)"
    r"\s*[:：\-–—|»«›‹>]*\s*(?:\(\s*[\d٠-٩]+\s*\))?\s*[:：]?",
)
_LABEL_WORDS = 6
_BOX_TEXT = 8  # words outside links a labelled box may hold besides its label
_LINKY = 0.3  # share of words inside links that marks a block as a link list

_BLOCKS = ("p", "div", "li", "ul", "ol", "section", "aside", "nav", "td", "tr", "table", "header",
           "footer", "h1", "h2", "h3", "h4", "h5", "h6", "span", "strong", "b", "dl", "form", "article")
_LAYOUT_CELL_WORDS = 30

# Chosen by measurement (bench/extraction.py --variants): comments are not the article, and
# favouring precision gives the better F1 on the evaluation pages and on the Arabic ones.
_TRAFILATURA = {
    "with_metadata": True, "include_comments": False, "include_tables": True, "favor_precision": True,
    # Declared dates only here; the text search runs last, after the Arabic month names.
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}

LARGE_PAGE = 1_000_000  # characters of HTML; a news page is a few hundred thousand at most

_ARABIC_SCRIPT_LANGS = frozenset({"ar", "fa", "ur", "ps", "ku", "ckb", "sd", "ug"})
_ISO3 = {"ara": "ar", "eng": "en", "fra": "fr", "fre": "fr", "per": "fa", "fas": "fa", "urd": "ur"}

# Month names as written in the Gulf and Egypt, the Maghreb, and the Levant and Iraq.
_MONTH_NAMES = (
    ("يناير", "جانفي", "كانون الثاني"), ("فبراير", "فيفري", "شباط"), ("مارس", "آذار", "اذار"),
    ("أبريل", "ابريل", "إبريل", "أفريل", "نيسان"), ("مايو", "ماي", "أيار", "ايار"),
    ("يونيو", "يونيه", "جوان", "حزيران"), ("يوليو", "يوليه", "جويلية", "تموز"),
    ("أغسطس", "اغسطس", "أوت", "آب"),
    ("سبتمبر", "أيلول", "ايلول"), ("أكتوبر", "اكتوبر", "تشرين الأول"), ("نوفمبر", "تشرين الثاني"),
    ("ديسمبر", "كانون الأول"),
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
_ARABIC_DATE = re.compile(
    r"(?<!\d)(\d{1,2})\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\s*[،,]?\s+(\d{4})(?!\d)")
_NUMERIC_DATE = re.compile(r"(?<!\d)(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})(?!\d)")
_DATE_WORDS = frozenset(
    ["الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الاربعاء", "الخميس", "الجمعة", "السبت", "الأحد", "الاحد",
     "نشر", "في", "بتاريخ", "تاريخ", "النشر", "آخر", "تحديث", "م", "ص", "مساء", "صباحا", "الساعة", "gmt"])
_TITLE_SEPARATOR = re.compile(r"\s+[-|–—:»«/]\s+|\s*\|\s*|\s*::\s*")
_BYLINE = re.compile(r"^(?:كتب|كتبت|بقلم|بواسطة|إعداد|اعداد|تحرير|تقرير|حوار)\s*[:：\-–]?\s*")
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f]")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a page holds: body paragraphs in order, and the metadata it shows or declares."""

    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    published: str | None = None
    lang: str | None = None
    sitename: str | None = None


def extract(html: str | bytes, url: str | None = None, *, thorough: bool = True) -> Extracted:
    """The article in `html`; raises `InputError` when the page holds no article text.

    Bytes are decoded the way the readers do (declared charset first), so a page saved in
    windows-1256 reads the same whether it arrives as bytes or as text. `thorough=False`
    leaves out trafilatura's comparison with its fallback extractors (several times faster).
    """
    origin = url or "<html>"
    if isinstance(html, bytes):
        html = decode(html, origin, declared_charset(html))
    tree = trafilatura.load_html(html) if html.strip() else None
    if tree is None:
        raise InputError(origin, "no article text found in HTML")
    declared = _declared_lang(tree)
    _flatten_layout_tables(tree)
    _cut_labelled_boxes(tree)
    # Past LARGE_PAGE, the work that grows with the page and adds little is left out: the
    # fallback extractors trafilatura compares with, and the date search over all the text.
    large = len(html) > LARGE_PAGE
    doc = trafilatura.bare_extraction(tree, url=url, fast=large or not thorough, **_TRAFILATURA)
    text = (doc.text or "") if doc is not None else ""
    paragraphs = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    paragraphs = _drop_heading_lines(paragraphs, doc.title if doc is not None else None)
    if not paragraphs or _only_links(paragraphs, tree):
        raise InputError(origin, "no article text found in HTML")
    return Extracted(
        paragraphs=paragraphs,
        title=_headline(doc.title, doc.sitename, tree),
        author=_author(doc.author),
        published=doc.date or _arabic_date(tree) or (None if large else _guess_date(tree, url)),
        lang=_consistent_lang(declared, paragraphs),
        sitename=(doc.sitename or "").strip() or _hostname(url),
    )


@stage("extract", needs={"raw"}, gives={"raw_text", "title", "author", "published", "lang"})
def extract_html(article: Article) -> Article:
    """Body text of an HTML article into `raw_text`, one paragraph per line.

    Metadata the reader already knew (from a feed, a JSONL row) wins over what the page
    says. The HTML is dropped afterwards: it is many times the size of the text.
    """
    if article.html is None:
        return article
    return with_extracted(article, extract(article.html, article.url))


def with_extracted(article: Article, got: Extracted) -> Article:
    """`article` with the page's text and metadata in place of its HTML; what it knew wins."""
    return replace(
        article,
        html=None,
        raw_text="\n".join(got.paragraphs),
        title=article.title or got.title,
        author=article.author or got.author,
        published=article.published or got.published,
        lang=article.lang or got.lang,
        source=article.source or got.sitename,
    )


# --- Arabic boilerplate boxes ---------------------------------------------------------------

def _text(element: HtmlElement) -> str:
    return element.text_content() or ""


def _link_words(element: HtmlElement) -> int:
    return sum(len(words(_text(a))) for a in element.iter("a"))


def _is_label(element: HtmlElement) -> bool:
    """Does the element open with a box label, and hold nothing else outside links?"""
    if not isinstance(element.tag, str) or (element.tag not in _BLOCKS and element.tag != "a"):
        return False
    lead = element.text or ""
    if not lead.strip():
        return False
    if len(words(lead)) > _LABEL_WORDS or not _LABEL.fullmatch(lead.strip()):
        return False
    rest = len(words(_text(element))) - len(words(lead)) - _link_words(element)
    return rest <= _BOX_TEXT


def _is_link_list(element: HtmlElement) -> bool:
    """A list of links, or a grid of teasers (items that each link to another story)."""
    total = len(words(_text(element)))
    if total == 0 or element.find(".//a") is None:
        return False
    if _link_words(element) >= _LINKY * total:
        return True
    items = [child for child in element if _text(child).strip()]
    return len(items) >= 2 and all(child.find(".//a") is not None or child.tag == "a" for child in items)


def _cut_labelled_boxes(tree: HtmlElement) -> None:
    """Cut each box whose Arabic label says it is not the story (see the module docstring)."""
    labels = [e for e in tree.iter() if _is_label(e)]
    for label in labels:
        if label.getparent() is None or not _attached(label, tree):
            continue
        box, label_words = label, len(words(label.text or ""))
        parent = box.getparent()
        while parent is not None and parent.tag not in ("body", "html"):
            outside = len(words(_text(parent))) - _link_words(parent) - label_words
            if outside > _BOX_TEXT:
                break
            box, parent = parent, parent.getparent()
        # A bare heading ("المزيد من الأخبار") labels the link lists that follow it.
        follower = box.getnext()
        while follower is not None and _is_link_list(follower):
            nxt = follower.getnext()
            follower.drop_tree()  # drop_tree, not remove: keeps the text that follows the element
            follower = nxt
        box.drop_tree()


def _attached(element: HtmlElement, root: HtmlElement) -> bool:
    return any(a is root for a in element.iterancestors())


def _drop_heading_lines(paragraphs: list[str], title: str | None) -> list[str]:
    """Leave out leading lines that repeat the headline or are only a date.

    When the story's container also holds its header, both come out as body lines; they
    belong in `title` and `published`, and would otherwise open every article's text.
    """
    headline = " ".join(words(title.casefold())) if title else None
    start = 0
    for line in paragraphs[:3]:
        folded = words(line.casefold())
        if (headline and " ".join(folded) == headline) or _is_date_line(line, folded):
            start += 1
        else:
            break
    return paragraphs[start:]


def _is_date_line(line: str, folded: list[str]) -> bool:
    """A short line that is a date and little else (day name, time, "نشر في")."""
    if len(folded) > 10:
        return False
    plain = line.translate(_DIGITS)
    match = _ARABIC_DATE.search(" ".join(plain.split())) or _NUMERIC_DATE.search(plain)
    if not match:
        return False
    rest = [w for w in words(_ARABIC_DATE.sub(" ", _NUMERIC_DATE.sub(" ", " ".join(plain.split()))))
            if not w.isdigit() and w not in _DATE_WORDS]
    return len(rest) <= 2


# --- layout tables --------------------------------------------------------------------------

def _own_cells(table: HtmlElement) -> list[HtmlElement]:
    return [c for c in table.iter("td", "th") if next(c.iterancestors("table"), None) is table]


def _is_layout(table: HtmlElement) -> bool:
    """A table that holds a table, a cell of running text, or one column only is page layout."""
    cells = _own_cells(table)
    if any(c.find(".//table") is not None or len(words(_text(c))) >= _LAYOUT_CELL_WORDS for c in cells):
        return True
    rows = [r for r in table.iter("tr") if next(r.iterancestors("table"), None) is table]
    return bool(rows) and all(len(r.findall("td") + r.findall("th")) <= 1 for r in rows)


def _flatten_layout_tables(tree: HtmlElement) -> None:
    """Tables used for page layout become plain blocks; data tables stay tables."""
    layout = [table for table in tree.iter("table") if _is_layout(table)]
    # Decide which parts belong to which table before renaming any of them.
    parts = [e for t in layout for e in t.iter("tbody", "thead", "tfoot", "tr", "td", "th")
             if next(e.iterancestors("table"), None) is t]
    for element in [*layout, *parts]:
        element.tag = "div"


# --- metadata -------------------------------------------------------------------------------

def _guess_date(tree: HtmlElement, url: str | None) -> str | None:
    """htmldate's search of the whole page: the last resort, after declared and Arabic dates.

    It runs after `_arabic_date` because on Arabic pages its text heuristics tend to find
    a year alone (the copyright line) and make it 1 January.
    """
    from htmldate import find_date

    try:
        return find_date(tree, url=url, extensive_search=True, original_date=True)
    except Exception:  # noqa: BLE001 - a date guess must never cost us the article's text
        return None


def _only_links(paragraphs: list[str], tree: HtmlElement) -> bool:
    """A page whose every extracted line is a link label (a menu, a list) has no article."""
    if len(paragraphs) > 3:
        return False
    labels = {" ".join(_text(a).split()) for a in tree.iter("a")}
    return all(p in labels for p in paragraphs)


def _headline(title: str | None, sitename: str | None, tree: HtmlElement) -> str | None:
    """trafilatura's title, unless it took the site-name half of a "site - headline" <title>.

    Arabic sites put their name first as often as last. When the page names its site we
    know which half that is; when not, a short part next to a much longer one is the name.
    """
    title = " ".join((title or "").split()) or None
    tag = " ".join(" ".join(tree.xpath("//head/title//text()"))[:500].split())
    parts = [p.strip() for p in _TITLE_SEPARATOR.split(tag) if p.strip()]
    if not title or len(parts) < 2 or title not in parts:
        return title
    others = [p for p in parts if p != title]
    longest = max(others, key=lambda p: len(words(p)))
    named = sitename and "." not in sitename
    if named and title.casefold() == sitename.strip().casefold():
        return longest
    if not named and len(words(title)) <= 3 and len(words(longest)) >= 2 * len(words(title)):
        return longest
    return title


def _author(author: str | None) -> str | None:
    """The author without an Arabic byline word ("كتب:", "بقلم", ...) in front."""
    name = _BYLINE.sub("", " ".join((author or "").split())).strip(" :-–")
    return name or None


def _declared_lang(tree: HtmlElement) -> str | None:
    """ISO 639-1 code from <html lang>, or the content-language / og:locale meta."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath(
        "//meta[translate(@http-equiv,'CONTENTLAGU','contentlagu')='content-language']/@content"
        "|//meta[@property='og:locale']/@content|//meta[@name='language']/@content")
    for value in candidates:
        code = re.split(r"[-_,;\s]", (value or "").strip().lower(), maxsplit=1)[0]
        code = _ISO3.get(code, code)
        if len(code) == 2 and code.isalpha():
            return code
    return None


def _consistent_lang(declared: str | None, paragraphs: list[str]) -> str | None:
    """The declared language, unless the text's script says it cannot be right."""
    if declared is None:
        return None
    sample, size = [], 0
    for paragraph in paragraphs:
        sample.append(paragraph)
        size += len(paragraph)
        if size >= 2000:
            break
    letters = "".join(_LETTER.findall("".join(sample)[:2000]))
    if not letters:
        return declared
    arabic = len(_ARABIC_LETTER.findall(letters)) / len(letters)
    if arabic > 0.5 and declared not in _ARABIC_SCRIPT_LANGS:
        return None
    if arabic < 0.2 and declared in _ARABIC_SCRIPT_LANGS:
        return None
    return declared


def _arabic_date(tree: HtmlElement) -> str | None:
    """First date written with an Arabic month name in a short text, as ISO 8601."""
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style"):
            continue
        for chunk in (node.text, node.tail):
            if not chunk or len(chunk) > 200:
                continue
            match = _ARABIC_DATE.search(" ".join(chunk.translate(_DIGITS).split()))
            if match:
                try:
                    found = date(int(match[3]), _MONTHS[match[2]], int(match[1]))
                except ValueError:  # 31 فبراير: not a date, look further
                    continue
                if 1990 <= found.year <= 2100:
                    return found.isoformat()
    return None


def _hostname(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None
