"""Quotes with speakers: who said what, quoted directly or reported.

Analysts read news for who said what. This stage finds direct quotations in «…»,
“…” and "…" (and direct speech after قال X: with no marks at all), indirect
speech (قال X إن …), and the speaker of each: the phrase after the reporting verb
(قال، أكد، أضاف، مشيرا، بحسب …), the speaker of the sentences before when the
verb has a pronoun subject (وأضاف أن «…»), and the same speaker again for a
quoted paragraph that goes on with their words. A quotation counts only in a
reporting context; a quoted name or label (عملية "الدوحة"، صحيفة «عكاظ») is not
speech. When the speaker phrase overlaps a person (or starts with an
organisation) that the entity stage found, `speaker` is that entity's id.

Spans follow DESIGN.md: `start`/`end` index `Article.text`; a direct quote is
the text inside its marks, an indirect one the reported clause after إن/أن up to
the end of its sentence or the next reporting clause. An indirect clause that is
nothing but a quotation (قال إن «…») is reported once, as the direct quote.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from marsad.arabic import Token, tokens
from marsad.article import Article, Entity, Quote
from marsad.pipeline import stage
from marsad.stages.quotes.lexicon import (
    DIRECT_VERBS,
    LABEL_NOUNS,
    PRONOUN_SOURCES,
    Kind,
    fold_token,
    verb_kind,
    verb_kinds,
)
from marsad.stages.quotes.english import find_english_quotes
from marsad.stages.quotes.marks import QuoteMarks, pair_marks, sentence_spans
from marsad.stages.quotes.reports import Paragraph, Report, Speaker, read_report

__all__ = ["extract_quotes", "find_quotes"]

_PARAGRAPH = re.compile(r"[^\n]+")
_TRIM = " \t.,،؛:"
_TERM_MAX_WORDS = 6  # a longer quotation is never just a name or a label
_NAME_MAX_WORDS = 3
_NESTED_SUBJECT = 8  # words between an outer إن and an inner قال that can be its subject
_MIN_OWN_WORDS = 3  # an indirect clause needs this many words outside its quotations
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين"})
_CLAUSE_LINKS = frozenset(
    {"حيث", "فيما", "كما", "بينما", "وهو", "وهي", "لكن", "ولكن", "لكنه", "لكنها", "ولكنه", "ولكنها"}
)
_NOT_A_QUOTE = object()
_BARE_VERBS = frozenset({"بين", "عبر"})  # verbs spelt like prepositions; see read_report
_CLOSING = set('»”"“')
_MARK_CHARS = set('«»“”"')


class _Mentions:
    """Entity mentions by position, to turn a speaker phrase into an entity id."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        spans = [(m.start, m.end, e.id, e.type) for e in entities for m in e.mentions]
        self.spans = sorted(spans)
        self.starts = [s[0] for s in self.spans]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """Mentions that share a character with [start, end)."""
        hi = bisect.bisect_left(self.starts, end)
        return [s for s in self.spans[:hi] if s[1] > start]

    def entity_for(self, start: int, end: int) -> str | None:
        """A person inside the phrase (السيد خياري), else an entity the phrase starts with.

        المتحدث باسم الخارجية names a spokesman, not the ministry: an organisation
        or place only counts when it is the head of the phrase.
        """
        found = self.overlapping(start, end)
        people = [s for s in found if s[3] == "PER"]
        if people:
            return max(people, key=lambda s: min(s[1], end) - max(s[0], start))[2]
        heads = [s for s in found if abs(s[0] - start) <= 1]
        return heads[0][2] if heads else None

    def covers(self, start: int, end: int) -> bool:
        """Half or more of [start, end) is an entity mention (a quoted name)."""
        covered = sum(min(s[1], end) - max(s[0], start) for s in self.overlapping(start, end))
        return covered * 2 >= end - start


class _Reader:
    """Reads one article paragraph by paragraph, remembering who spoke last."""

    def __init__(self, text: str, entities: Iterable[Entity]) -> None:
        self.text = text
        self.mentions = _Mentions(entities)
        self.current: Speaker | None = None  # who the next pronoun subject (وقال، وأضاف أن) means
        self.previous_sentence: tuple[int, int] | None = None
        self.skip_until = 0  # the end of unmarked speech after a colon: nothing inside it reports
        self.quotes: list[Quote] = []
        self.seen: set[tuple[int, int]] = set()
        # tokenize and fold once for the whole text; paragraphs take slices
        self.toks = list(tokens(text))
        self.folded = [fold_token(t.text) for t in self.toks]
        self.starts = [t.start for t in self.toks]
        kinds = verb_kinds(self.folded)
        # the few tokens that can report anything; sentences look only at these
        self.candidates = [i for i, k in enumerate(kinds) if k is not None or self.folded[i] in _BARE_VERBS]
        self.offset = 0  # index of the current paragraph's first token in the article

    def read(self) -> list[Quote]:
        """Every quote of the text, in text order."""
        for match in _PARAGRAPH.finditer(self.text):
            if match.group().strip():
                self.paragraph(match.start(), match.end())
        return sorted(self.quotes, key=lambda q: (q.start, q.end))

    def paragraph(self, lo: int, hi: int) -> None:
        """Read text[lo:hi], one paragraph, sentence by sentence."""
        a, b = bisect.bisect_left(self.starts, lo), bisect.bisect_left(self.starts, hi)
        par = _build_paragraph(self.text, lo, hi, self.toks[a:b], self.folded[a:b])
        self.offset = a
        starts = par.starts
        for ss, se in sentence_spans(self.text, lo, hi, par.marks):
            first, end = bisect.bisect_left(starts, ss), bisect.bisect_left(starts, se)
            self.sentence(par, ss, se, first, end)
            self.previous_sentence = (ss, se)

    def sentence(self, par: Paragraph, ss: int, se: int, first: int, end: int) -> None:
        """Its reporting clauses first, then its quotations, then what the clauses report."""
        reports = self.reports(par, first, end)
        accepted: list[QuoteMarks] = []
        for index, mark in enumerate(par.marks):
            if ss <= mark.open < se and mark.open >= self.skip_until:
                speaker = self.attribute(par, index, reports)
                if speaker is not _NOT_A_QUOTE:
                    accepted.append(mark)
                    self.emit(mark.start, mark.end, speaker, "direct")  # type: ignore[arg-type]
        for report in reports:
            self.reported_words(par, report, accepted, ss, se, end, reports)

    def reports(self, par: Paragraph, first: int, end: int) -> list[Report]:
        """The reporting clauses of one sentence (tokens [first, end)), speakers resolved."""
        found: list[Report] = []
        lo = bisect.bisect_left(self.candidates, first + self.offset)
        hi = bisect.bisect_left(self.candidates, end + self.offset)
        for i in (c - self.offset for c in self.candidates[lo:hi]):
            if par.quoted[i] or par.toks[i].start < self.skip_until:
                continue
            report = read_report(par, i, first, end)
            if report is not None:
                if report.speaker is None and found:
                    _nested_subject(par, report, found[-1])
                if report.kind is Kind.PARTICIPLE:
                    # واصفا، مشيرا: the subject of this sentence's reporting verb, if it has one
                    report.speaker = next(
                        (
                            r.speaker
                            for r in reversed(found)
                            if r.speaker and (r.leads or r.kind is Kind.ATTRIBUTION)
                        ),
                        None,
                    )
                self.resolve(report)
                found.append(report)
        return found

    def resolve(self, report: Report) -> None:
        """Fill in the speaker of a pronoun subject and move the current speaker on."""
        if report.speaker is None:
            if report.kind is not Kind.ATTRIBUTION or report.pronoun_source:
                report.speaker = self.current
            return
        report.speaker.entity = self.mentions.entity_for(report.speaker.start, report.speaker.end)
        if not report.explicit:
            return  # مزاعم تقول إن …: a description of the source, not who speaks next
        says = report.complement is not None or report.colon is not None
        if not (report.leads or says):
            return  # a verb inside another clause (ما حذرت منه الوزارة) does not change who speaks
        if report.kind in (Kind.SPEECH, Kind.STATEMENT) or (report.kind is Kind.OPINION and says):
            self.current = report.speaker

    def attribute(self, par: Paragraph, index: int, reports: list[Report]) -> Speaker | None | object:
        """The speaker of quotation `index`, None if unknown, or _NOT_A_QUOTE for a name or label."""
        mark, words = par.marks[index], par.mark_words[index]
        if any(r.name_mark == mark.open for r in reports):
            return _NOT_A_QUOTE
        before = [r for r in reports if par.toks[r.at].start < mark.open and not r.trailing]
        if before:
            return self.after_report(par, before[-1], mark, words)
        if mark.close is not None:
            following = self.before_report(par, mark, reports)
            if following is not _NOT_A_QUOTE:
                return following
        if _opens_paragraph(par, mark):
            return self.current  # a quoted paragraph goes on with the last speaker's words
        return _NOT_A_QUOTE

    def after_report(
        self, par: Paragraph, report: Report, mark: QuoteMarks, words: int
    ) -> Speaker | None | object:
        """A quotation after a reporting clause: its direct speech, a partial quote, or a name."""
        text = self.text
        opens_at = par.toks[report.complement].start if report.complement is not None else report.colon
        if opens_at is not None and mark.open < opens_at:
            return _NOT_A_QUOTE  # between the verb and its إن/colon: a name or an outlet
        if report.colon is not None:
            if not text[report.colon + 1 : mark.open].strip():
                return report.speaker
            if text[report.colon + 1 : report.colon + 4].lstrip()[:1] not in _MARK_CHARS:
                return _NOT_A_QUOTE  # inside unmarked speech after a colon, which is the quote
        if report.complement is not None and not text[par.toks[report.complement].end : mark.open].strip():
            return report.speaker
        if report.kind is Kind.ATTRIBUTION:
            return _NOT_A_QUOTE
        first = bisect.bisect_left(par.starts, mark.open)
        if _labelled([par.folded[k] for k in range(max(0, first - 2), first)]):
            return _NOT_A_QUOTE
        plain = report.complement is None and report.colon is None
        if plain and par.folded[report.at] in DIRECT_VERBS and words >= 4:
            return report.speaker  # وقال X في محاضرة ألقاها «…»
        return _NOT_A_QUOTE if self.is_term(par, mark, words) else report.speaker

    def before_report(
        self, par: Paragraph, mark: QuoteMarks, reports: list[Report]
    ) -> Speaker | None | object:
        """«…»، قال X / «…» بحسب تعبيره: the reporting clause comes after the quotation."""
        for report in reports:
            at = par.toks[report.at].start
            if at <= mark.close:  # type: ignore[operator]
                continue
            between = self.text[mark.close + 1 : at]  # type: ignore[operator]
            if len(between) > 4 or any(c.isalnum() for c in between.replace("و", "")):
                return _NOT_A_QUOTE
            if report.complement is not None or report.colon is not None:
                return _NOT_A_QUOTE
            says = par.folded[report.at] in DIRECT_VERBS or report.kind is Kind.ATTRIBUTION
            if not (says or (report.kind is Kind.SPEECH and report.explicit)):
                return _NOT_A_QUOTE
            words = par.mark_words[par.marks.index(mark)]
            return _NOT_A_QUOTE if self.is_term(par, mark, words) else report.speaker
        return _NOT_A_QUOTE

    def is_term(self, par: Paragraph, mark: QuoteMarks, words: int) -> bool:
        """A quoted name or label rather than somebody's words."""
        if words == 0:
            return True
        first = bisect.bisect_left(par.starts, mark.open)
        before = [par.folded[k] for k in range(max(0, first - 2), first)]
        if _labelled(before):
            return True  # عملية «…»، ما يسمى بـ«…»، لـ«الشرق الأوسط»
        if words > _TERM_MAX_WORDS:
            return False
        inside = par.folded[first : first + words]
        after = par.folded[first + words] if first + words < len(par.toks) else ""
        if words == 1:
            # one quoted word is a name or a scare-quoted term, unless it is what was
            # called, demanded or threatened with (وصف الضربة بـ"العدوان"، الرد "بقوة")
            return not ((before and before[-1] == "ب") or inside[0].startswith("ب"))
        if words <= _NAME_MAX_WORDS and (_is_label(inside[0]) or after in _RELATIVES):
            return True  # “عملية الدوحة” التي …
        if self.mentions.covers(mark.start, mark.end):
            return True
        return _said_elsewhere(self.text, mark)

    def reported_words(
        self,
        par: Paragraph,
        report: Report,
        accepted: list[QuoteMarks],
        ss: int,
        se: int,
        end: int,
        reports: list[Report],
    ) -> None:
        """Direct speech after a colon, an indirect clause, or a claim the report points back to."""
        if report.colon is not None:
            self.colon_speech(par, report)
        elif report.complement is not None:
            start = par.toks[report.complement].end
            stop = _clause_end(par, report.complement + 1, end, se)
            inside = [m for m in accepted if start <= m.open < stop]
            # a clause that is all quotation (قال إن «…») is reported once, as the direct quote
            if _own_words(par, start, stop, inside) >= (_MIN_OWN_WORDS if inside else 1):
                self.emit(start, stop, report.speaker, "indirect")
        elif report.backref and self.previous_sentence is not None:
            self.emit(*self.previous_sentence, report.speaker, "indirect")  # أوضح ذلك X
        elif (
            report.trailing
            and not accepted
            and not any(r.complement is not None or r.colon is not None for r in reports)
        ):
            stop = par.toks[report.at].start  # "…، بحسب X": the sentence up to the source
            if _own_words(par, ss, stop, accepted) >= _MIN_OWN_WORDS:
                self.emit(ss, stop, report.speaker, "indirect")

    def colon_speech(self, par: Paragraph, report: Report) -> None:
        """قال X: … with no quotation marks: direct speech to the paragraph end or the next report."""
        after = self.text[report.colon + 1 : report.colon + 4].lstrip()  # type: ignore[operator]
        if after[:1] in _MARK_CHARS or par.toks[report.at].start < self.skip_until:
            return  # the quotation marks after the colon make it a quote of their own
        stop = _speech_end(par, report.colon, par.hi)  # type: ignore[arg-type]
        self.emit(report.colon + 1, stop, report.speaker, "direct")  # type: ignore[operator]
        self.skip_until = stop

    def emit(self, start: int, end: int, speaker: Speaker | None, kind: str) -> None:
        """Add a quote, its span trimmed of spaces and edge punctuation."""
        text = self.text
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in (_TRIM if kind == "indirect" else " \t"):
            end -= 1
        if end <= start or (start, end) in self.seen:
            return
        self.seen.add((start, end))
        self.quotes.append(
            Quote(
                text=text[start:end],
                speaker=speaker.entity if speaker else None,
                speaker_text=speaker.text if speaker else None,
                kind=kind,
                start=start,
                end=end,
            )
        )


def _build_paragraph(text: str, lo: int, hi: int, toks: list[Token], folded: list[str]) -> Paragraph:
    marks = pair_marks(text, lo, hi)
    quoted = [False] * len(toks)
    counts = []
    starts = [t.start for t in toks]  # the paragraph's own list: slices of the article's would copy anyway
    for mark in marks:
        a, b = bisect.bisect_left(starts, mark.start), bisect.bisect_left(starts, mark.end)
        counts.append(b - a)
        for k in range(a, b):
            quoted[k] = True
    return Paragraph(text, lo, hi, toks, starts, folded, marks, counts, quoted)


def _is_label(word: str) -> bool:
    word = word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word
    return (
        word in LABEL_NOUNS
        or (word.startswith("ال") and word[2:] in LABEL_NOUNS)
        or ("ال" + word) in LABEL_NOUNS
    )


def _nested_subject(par: Paragraph, report: Report, outer: Report) -> None:
    """قال X إن الرئيس السيسي قال إنه …: inside reported speech the subject comes first."""
    if outer.complement is None or report.kind is Kind.PARTICIPLE:
        return
    s, e = outer.complement + 1, report.at
    if not 0 < e - s <= _NESTED_SUBJECT or any(par.quoted[s:e]):
        return
    if not any(verb_kind(w) is not None for w in par.folded[s:e]):
        start, end = par.toks[s].start, par.toks[e - 1].end
        report.speaker = Speaker(par.text[start:end], start, end)
        report.explicit = False  # it does not change who the next وقال means


def _labelled(before: list[str]) -> bool:
    """The quotation is named by the word before it, or by the one before a particle."""
    if not before:
        return False
    if before[-1] in ("ل", "لـ") or _is_label(before[-1]):
        return True
    return len(before) == 2 and before[-1] in ("ب", "بـ", "ك", "كـ") and _is_label(before[0])


def _said_elsewhere(text: str, mark: QuoteMarks) -> bool:
    """The same words stand unquoted elsewhere: a name the article repeats, not a quote."""
    needle = text[mark.start : mark.end].strip()
    at = text.find(needle)
    while at >= 0:
        before = text[at - 1] if at > 0 else " "
        if before not in '«»“”"' and not (before.isalpha()):
            return True
        at = text.find(needle, at + 1)
    return False


def _opens_paragraph(par: Paragraph, mark: QuoteMarks) -> bool:
    """The quotation is the paragraph: it opens it and little follows its closing mark."""
    if par.text[par.lo : mark.open].strip() not in ("", "و"):
        return False
    after = par.text[(mark.close if mark.close is not None else mark.end) + 1 : par.hi]
    return len(after.strip(" .،,")) <= max(20, (mark.end - mark.start) // 5)


def _own_words(par: Paragraph, start: int, stop: int, accepted: list[QuoteMarks]) -> int:
    """Words of text[start:stop] that are not inside an accepted quotation."""
    a, b = bisect.bisect_left(par.starts, start), bisect.bisect_left(par.starts, stop)
    return sum(1 for at in par.starts[a:b] if not any(m.start <= at < m.end for m in accepted))


def _is_boundary(par: Paragraph, k: int, end: int) -> bool:
    """Token k opens another reporting clause (مشيرا، وقال X، حيث يؤكد، بحسب …)."""
    if par.quoted[k]:
        return False
    kind = verb_kind(par.folded[k])
    if kind is Kind.PARTICIPLE:
        return True
    if k + 1 < end and par.folded[k + 1] in PRONOUN_SOURCES and par.folded[k] in ("حد", "بحسب", "حسب"):
        return True  # على حد تعبيره، بحسب قوله
    gap = par.gap(k)
    comma = any(c in gap for c in "،,؛")
    if kind is Kind.ATTRIBUTION:
        return comma  # "…، بحسب X" closes the claim; "وفقا لبرامج …" inside it does not
    if not comma:
        return False
    if par.quoted[k - 1] and gap.lstrip()[:1] in _CLOSING:
        return True  # «…»، وسيقابل …: after a partial quote and a comma the narration resumes
    if kind is not None and par.folded[k][:1] in ("و", "ف"):
        return True
    return par.folded[k] in _CLAUSE_LINKS and k + 1 < end and verb_kind(par.folded[k + 1]) is not None


def _clause_end(par: Paragraph, k: int, end: int, sentence_end: int) -> int:
    """Where an indirect clause stops: the next reporting clause or the end of the sentence."""
    for j in range(k + 1, end):
        if _is_boundary(par, j, end):
            if par.folded[j] == "حد" and par.folded[j - 1] == "علي":
                j -= 1  # على حد تعبيره
            return par.toks[j - 1].end
    return sentence_end


def _speech_end(par: Paragraph, colon: int, hi: int) -> int:
    """Unmarked direct speech after a colon runs to the paragraph end or the next report."""
    first = bisect.bisect_left(par.starts, colon)
    for j in range(first + 1, len(par.toks)):
        if _is_boundary(par, j, len(par.toks)):
            return par.toks[j - 1].end
        gap = par.gap(j)
        if any(c in gap for c in ".!؟?") and verb_kind(par.folded[j]) in (Kind.SPEECH, Kind.STATEMENT):
            return par.toks[j - 1].end + 1
    return hi


def find_quotes(text: str, entities: Iterable[Entity] = ()) -> list[Quote]:
    """Every direct and indirect quote in `text`, with its speaker, in text order."""
    return _Reader(text, entities).read()


@stage("quotes", needs={"text", "entities"}, gives={"quotes"})
def extract_quotes(article: Article) -> Article:
    """Fill `article.quotes`; speakers link to `article.entities` where they name one."""
    if article.lang == "en":
        article.quotes = find_english_quotes(article.text, article.entities)
        return article
    article.quotes = find_quotes(article.text, article.entities)
    return article
