"""Extractive summaries: an article's own best one to three sentences, in their order.

A news article puts its main fact first (the lede), so position carries most of the
weight; the headline's terms and the terms the article keeps returning to pick the
sentences that say the same thing in more detail. Sentences are spans cut out of the
paragraphs, never rewritten, so every summary sentence can be found verbatim in
`Article.text`. Terms come from `marsad.arabic.match_terms`, the one normal form
search uses, so وزير, الوزير and للوزير count as the same word here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic import match_terms, stem
from marsad.article import Article
from marsad.pipeline import stage

__all__ = ["Sentence", "select_sentences", "split_sentences", "summarize", "summarize_article"]

# A run of terminators, then any closing quotes or brackets, then a space or the end. The
# second branch catches the missing space of "الابتدائية.وأشار" (Arabic letters both sides),
# which never occurs inside a number ("3.5") or a Latin name ("U.S.").
_END = re.compile(
    r"[.!?؟…]+[»”\"'’)\]›]*(?=\s|$)"
    r"|(?<=[\u0621-\u064a])[.؟!](?=[\u0621-\u064a])"
)
# A one-letter Arabic abbreviation before the dot: د. (doctor), أ. (professor), م. (metre), ص. (page).
_ABBREVIATION = re.compile(r"(?:^|[\s(«“.])[\u0621-\u064a]$")
# م. and هـ. after a number close a date ("عام 2015 م."), and a date often ends the sentence.
_DATE_SUFFIX = re.compile(r"\d\s*(?:م|هـ|ه)$")
_QUOTE_PAIRS = (("«", "»"), ("“", "”"))

# Function words never make a sentence central, whatever their frequency.
_STOPWORDS = (
    "في من على إلى الى عن مع أن إن ان أو او ثم قد لقد لا لم لن ما ماذا هذا هذه ذلك تلك هو هي هم "
    "كان كانت يكون التي الذي الذين اللذين اللتين كما بعد قبل بين حتى عند لدى منذ خلال حول ضد "
    "غير كل بعض أي أيضا أيضًا وقال قال قالت وأضاف أضاف وأكد أكد وأشار أشار إنه انه أنه إنها أنها "
    "عبر وفق وفقا حيث بينما لكن ولكن بل إذ إذا اذا يوم اليوم أمس عام العام"
)
_LEDE, _POSITION, _TITLE, _CENTRAL = 1.0, 0.6, 0.3, 0.25
_SHORT, _LONG = 10, 45  # words; outside this a sentence is too thin or too long to stand alone
_HEADING_WORDS = 10  # an unpunctuated paragraph shorter than this is a subheading or dateline
_WORD_BUDGET = 100  # the summary stops growing past this many words
_REDUNDANT = 0.5  # share of terms a new sentence may repeat from those already chosen
# News puts what matters first: past this many sentences a column or transcript only costs time.
_MAX_CANDIDATES = 30


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the article, as written, and whether it is a heading rather than prose."""

    text: str
    heading: bool  # an unpunctuated short paragraph: subheading, dateline, caption


@lru_cache(maxsize=1)
def _stop_terms() -> frozenset[str]:
    return frozenset(stem(w) for w in _STOPWORDS.split())


def _inside_quote(paragraph: str, position: int) -> bool:
    """True when `position` falls between an opening quote and its closing one."""
    for opening, closing in _QUOTE_PAIRS:
        opened = paragraph.count(opening, 0, position) - paragraph.count(closing, 0, position)
        if opened > 0 and closing in paragraph[position:]:
            return True
    return False


def _is_boundary(paragraph: str, match: re.Match[str], quoted: bool) -> bool:
    # Only the last few characters decide; searching the whole prefix made long paragraphs quadratic.
    before = paragraph[max(0, match.start() - 8) : match.start()]
    if match.group()[0] == "." and _ABBREVIATION.search(before) and not _DATE_SUFFIX.search(before):
        return False
    return not (quoted and _inside_quote(paragraph, match.end()))


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, each a verbatim (stripped) substring of it.

    Ends at . ! ? ؟ … (the Arabic comma ، never ends a sentence), keeps closing quotes
    with the sentence they close, and does not split decimals, one-letter
    abbreviations (د.) or inside «…» / “…” quotations.
    """
    sentences, start = [], 0
    quoted = "«" in paragraph or "“" in paragraph
    for match in _END.finditer(paragraph):
        if not _is_boundary(paragraph, match, quoted):
            continue
        piece = paragraph[start : match.end()].strip()
        if piece:
            sentences.append(piece)
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _sentences(paragraphs: list[str], limit: int) -> list[Sentence]:
    """The sentences of the first paragraphs, until `limit` of them are not headings."""
    found: list[Sentence] = []
    body = 0
    for paragraph in paragraphs:
        pieces = split_sentences(paragraph)
        heading = len(pieces) == 1 and not _END.search(paragraph) and len(paragraph.split()) < _HEADING_WORDS
        found += [Sentence(text, heading) for text in pieces]
        body += 0 if heading else len(pieces)
        if body >= limit:
            break
    return found


def _length_factor(words: int) -> float:
    """1 for a sentence of ordinary length, less for a fragment or a run-on."""
    if words < _SHORT:
        return words / _SHORT
    return 1.0 if words <= _LONG else _LONG / words


def _scores(candidates: list[Sentence], terms: list[set[str]], title: set[str]) -> list[float]:
    """Lede and position, headline overlap and centrality, times the length factor."""
    spread: dict[str, int] = {}
    for found in terms:
        for term in found:
            spread[term] = spread.get(term, 0) + 1
    central = [sum(spread[t] - 1 for t in found) / (len(found) + 3) for found in terms]
    top = max(central) or 1.0
    scores = []
    for rank, (sentence, found, centrality) in enumerate(zip(candidates, terms, central)):
        position = _LEDE if rank == 0 else _POSITION / rank**0.5
        overlap = len(found & title) / len(title) if title else 0.0
        score = position + _TITLE * overlap + _CENTRAL * centrality / top
        scores.append(score * _length_factor(len(sentence.text.split())))
    return scores


def _content_terms(text: str) -> set[str]:
    stop = _stop_terms()
    return {t for t in match_terms(text) if len(t) > 1 and t not in stop}


def _choose(candidates: list[Sentence], scores: list[float], terms: list[set[str]], limit: int) -> list[int]:
    """Best-first picks that add something new, within the sentence and word budgets."""
    chosen: list[int] = []
    words = 0
    for i in sorted(range(len(candidates)), key=lambda i: -scores[i]):
        if len(chosen) == limit:
            break
        length = len(candidates[i].text.split())
        if chosen and words + length > _WORD_BUDGET:
            continue
        seen = set().union(*(terms[j] for j in chosen)) if chosen else set()
        if chosen and terms[i] and len(terms[i] & seen) / len(terms[i]) > _REDUNDANT:
            continue
        chosen.append(i)
        words += length
    return sorted(chosen)


def _wanted(count: int, max_sentences: int) -> int:
    """How many sentences a summary of an article of `count` sentences should have."""
    return max(1, min(max_sentences, 1 if count <= 4 else 2 if count <= 10 else 3))


def summarize(text: str, title: str | None = None, max_sentences: int = 3) -> str:
    """The 1–`max_sentences` sentences of `text` that best say what it is about, in order.

    `text` is paragraphs separated by blank lines (or single newlines). An article of one
    or two sentences is its own summary. Returns "" for text without words.
    """
    paragraphs = [p for p in re.split(r"\n\s*", text) if p.strip()]
    return " ".join(select_sentences(paragraphs, title, max_sentences))


def select_sentences(paragraphs: list[str], title: str | None = None, max_sentences: int = 3) -> list[str]:
    """The summary's sentences, each a verbatim substring of one of `paragraphs`, in order."""
    sentences = _sentences(paragraphs, _MAX_CANDIDATES)
    candidates = ([s for s in sentences if not s.heading] or sentences)[:_MAX_CANDIDATES]
    if len(candidates) <= 2:
        return [s.text for s in candidates[:max_sentences]]
    terms = [_content_terms(s.text) for s in candidates]
    scores = _scores(candidates, terms, _content_terms(title) if title else set())
    chosen = _choose(candidates, scores, terms, _wanted(len(candidates), max_sentences))
    return [candidates[i].text for i in chosen]


@stage("summary", needs={"text", "paragraphs"}, gives={"summary"})
def summarize_article(article: Article) -> Article:
    """Fill `summary` with the article's own lede-weighted best sentences."""
    article.summary = " ".join(select_sentences(article.paragraphs, article.title)) or None
    return article
