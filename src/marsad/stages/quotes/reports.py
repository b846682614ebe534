"""Reporting clauses: who speaks, and where their words begin.

A reporting clause is a reporting word (قال، أكد، مضيفا، بحسب …), the speaker
phrase after it (or before it in وكان X قد قال), and what it introduces: a
complementizer (إن/أن, the start of indirect speech), a colon (direct speech,
with or without quotation marks) or a quotation. Arabic is verb-first, so the
speaker phrase is what follows the verb up to the first punctuation, preposition,
time word or complementizer; an empty phrase (وقال: / وأضاف أن) is a pronoun
subject and means the speaker of the sentences before.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.arabic import Token, strip_diacritics
from marsad.stages.quotes.lexicon import (
    COMPLEMENTIZERS,
    CONDITIONAL_AFTER_IN,
    NEGATIONS,
    NOT_A_COMPLEMENT,
    OCCASIONS,
    PHRASE_NOUNS_AFTER_BA,
    PREPOSITION_SPELLINGS,
    PRONOUN_SOURCES,
    SPEAKER_STOPS,
    TIME_WORDS,
    TITLE_WORDS,
    Kind,
    is_addressee,
    verb_kind,
)
from marsad.stages.quotes.marks import QuoteMarks

__all__ = ["Paragraph", "Report", "Speaker", "read_report"]

_MAX_SPEAKER = 16  # tokens; a longer "speaker" is a clause we misread
_MAX_APPOSITION = 4  # "الأمين العام للمجلس، علي شمخاني:": a short name after the title
_MAX_TO_COMPLEMENT = 18  # tokens between the verb and its إن/أن
_SLOT_BREAKS = set(',،:؛;.()[]{}«»“”"/—–-!?؟')
_MARKS = set('«»“”"')
_KANA = frozenset({"كان", "وكان", "كانت", "وكانت", "فكان", "فكانت"})
_AFTER_BUT = frozenset({"لكن", "ولكن", "غير", "بينما", "فيما"})
_LAM_SOURCES = frozenset({"وفقا", "وفق", "طبقا"})
_RELATIVES = frozenset({"ما", "مما", "الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي"})
# After these a verb still starts a clause of its own (كما أكد، من جهته بيّن، ثم قال).
_LEADERS = frozenset(
    {
        "كما",
        "ثم",
        "فيما",
        "بينما",
        "حيث",
        "جهته",
        "جهتها",
        "جانبه",
        "جانبها",
        "بدوره",
        "بدورها",
        "قد",
        "وقد",
        "كذلك",
        "ايضا",
        "لكنه",
        "لكنها",
        "ولكنه",
        "ولكنها",
    }
)


@dataclass(slots=True)
class Speaker:
    """A speaker phrase as written, where it stands, and the entity it names if any."""

    text: str
    start: int
    end: int
    entity: str | None = None


@dataclass(slots=True)
class Paragraph:
    """One paragraph, tokenized once: tokens, their folded forms, and its quotation marks."""

    text: str  # the whole article text; offsets are absolute
    lo: int
    hi: int
    toks: list[Token]
    starts: list[int]  # toks[i].start, for bisecting
    folded: list[str]
    marks: list[QuoteMarks]
    mark_words: list[int]  # how many words each quotation holds
    quoted: list[bool]  # token lies inside quotation marks

    def gap(self, i: int) -> str:
        """The characters between token i-1 and token i."""
        start = self.toks[i - 1].end if i > 0 else self.lo
        return self.text[start : self.toks[i].start]

    def mark_at(self, offset: int) -> QuoteMarks | None:
        """The quotation whose opening mark is at `offset`."""
        for mark in self.marks:
            if mark.open == offset:
                return mark
        return None


@dataclass(slots=True)
class Report:
    """A reporting clause found in the text, and what it introduces."""

    at: int  # token index of the reporting word
    kind: Kind
    speaker: Speaker | None
    explicit: bool  # the speaker is written here, not carried over from before
    after: int  # token index where the speaker phrase ended
    complement: int | None = None  # token index of إن/أن/فإن
    colon: int | None = None  # character offset of a colon that opens direct speech
    backref: bool = False  # أوضح ذلك X: the words were in the sentence before
    trailing: bool = False  # "…، بحسب X": the claim came first
    pronoun_source: bool = False  # بحسب تعبيره: the current speaker's own words
    name_mark: int | None = None  # a quoted name used as the speaker (وأوضح «فاتر» أن)
    leads: bool = True  # the verb opens a clause; a verb inside one (ما حذرت منه الوزارة) names nobody


def _bare(word: str) -> str:
    """A folded verb without its conjunction: وقال -> قال, ووفقا -> وفقا."""
    return word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word


def _breaks(gap: str) -> bool:
    return any(c in _SLOT_BREAKS for c in gap)


def _abbreviation_gap(par: Paragraph, i: int) -> bool:
    """م. المطيري: a one-letter title and its full stop stay inside the speaker phrase."""
    return i > 0 and len(par.toks[i - 1].text) == 1 and par.gap(i).strip() == "."


def _short_quote_gap(par: Paragraph, i: int) -> bool:
    """لجماعة "حزب الله" اللبنانية: a quoted name inside the speaker phrase does not end it."""
    gap = par.gap(i)
    if not gap.strip() or any(c in _SLOT_BREAKS and c not in _MARKS for c in gap):
        return False
    for mark, words in zip(par.marks, par.mark_words):
        if (
            mark.close is not None
            and words <= 3
            and mark.open < par.toks[i].end
            and mark.close >= par.toks[i - 1].start
        ):
            return True
    return False


def _stops_speaker(par: Paragraph, j: int, first: bool, addressee_ok: bool) -> bool:
    word = par.folded[j]
    spellings = PREPOSITION_SPELLINGS.get(word)
    if spellings is not None:
        return strip_diacritics(par.toks[j].text) in spellings
    if word == "في":
        # مسؤول في وزارة الصحة is the speaker; قال نجم في البيان … is where he said it
        nxt = par.folded[j + 1] if j + 1 < len(par.folded) else ""
        return first or nxt in SPEAKER_STOPS or nxt in TIME_WORDS or _said_in(nxt)
    if word in SPEAKER_STOPS or word in COMPLEMENTIZERS or verb_kind(word) is not None:
        return True
    if is_addressee(word, par.toks[j].text) and not (first and addressee_ok):
        return True
    if word.startswith("ب") and word[1:].startswith(PHRASE_NOUNS_AFTER_BA):
        return True  # بموقعه، ببيان: where it was said
    return not first and word in TIME_WORDS


def _said_in(word: str) -> bool:
    """بيان، محاضرة، مقابلة …: an occasion of speaking, not an institution."""
    return word.removeprefix("ال").startswith(OCCASIONS)


def speaker_slot(
    par: Paragraph, j: int, end: int, addressee_ok: bool = False, through_quotes: bool = True
) -> tuple[int, int]:
    """Token range [s, e) of the speaker phrase that starts at or after token j."""
    while j < end and par.folded[j] in TIME_WORDS and not _breaks(par.gap(j)):
        j += 1  # أعلن الثلاثاء الإعلام السوري …: the day comes before the subject
    s = j
    while j < end and j - s < _MAX_SPEAKER:
        if (
            j > s
            and _breaks(par.gap(j))
            and not (_abbreviation_gap(par, j) or (through_quotes and _short_quote_gap(par, j)))
        ):
            break
        if j == s and (_breaks(par.gap(j)) and ":" in par.gap(j) or par.quoted[j]):
            break
        if par.quoted[j] and not (
            through_quotes and (_short_quote_gap(par, j) or _inside_short_quote(par, j))
        ):
            break
        if not par.quoted[j] and _stops_speaker(par, j, j == s, addressee_ok):
            break
        j += 1
    return s, j


def _inside_short_quote(par: Paragraph, j: int) -> bool:
    at = par.toks[j].start
    return any(m.start <= at < m.end and w <= 3 for m, w in zip(par.marks, par.mark_words))


def _apposition(par: Paragraph, e: int, end: int) -> int:
    """الأمين العام للمجلس الأعلى، علي شمخاني: a short name set off by commas before إن/colon."""
    gap = par.gap(e) if e < end else ""
    if e >= end or gap.strip() not in ("،", ","):
        return e
    s2, e2 = speaker_slot(par, e, end)
    if s2 != e or not 0 < e2 - s2 <= _MAX_APPOSITION or par.folded[s2] in TITLE_WORDS:
        return e  # خالد خلي، مساعد الأمين العام، إن: the name is already the speaker
    k = e2
    while k < end and par.folded[k] in TIME_WORDS and par.gap(k).strip() in ("،", ","):
        k += 1  # ، الأحد،
    if k < end and (par.folded[k] in COMPLEMENTIZERS or ":" in par.gap(k)):
        return e2
    return e


def _speaker(par: Paragraph, s: int, e: int) -> Speaker | None:
    if e <= s:
        return None
    start, end = par.toks[s].start, par.toks[e - 1].end
    for mark in par.marks:
        if mark.close is not None and mark.start < end <= mark.close and mark.open >= start:
            end = mark.close + 1  # لجماعة "حزب الله": keep the closing mark of a quoted name
    return Speaker(par.text[start:end], start, end)


def _subject_before(par: Paragraph, i: int, first: int) -> tuple[int, int] | None:
    """وكان X قد قال / وكان X قال: the subject stands between كان and the verb."""
    k = i - 1
    if k >= first and par.folded[k] == "قد":
        k -= 1
    last = k + 1
    while k >= first and i - k <= _MAX_SPEAKER + 2:
        if par.folded[k] in _KANA:
            return (k + 1, last) if last > k + 1 else None
        if _breaks(par.gap(k + 1)) and not _abbreviation_gap(par, k + 1):
            return None
        k -= 1
    return None


def _noun_before(par: Paragraph, i: int, first: int) -> tuple[int, int] | None:
    """The subject before the verb: مزاعم تقول إنها …، إلا أن مسؤولا كشف أن …"""
    if i == first or _breaks(par.gap(i)):
        return None
    k = i - 1
    while k >= first and i - k <= 4 and not par.quoted[k] and not _stops_speaker(par, k, True, False):
        if par.folded[k - 1] in COMPLEMENTIZERS or par.folded[k - 1] in _AFTER_BUT:
            return k, i  # إلا أن مسؤولا كشف: after a complementizer the subject leads
        if _breaks(par.gap(k)):
            break
        k -= 1
    if _bare(par.folded[i])[:1] in ("ي", "ت") and not _stops_speaker(par, i - 1, True, False):
        return (i - 1, i) if not par.quoted[i - 1] and par.folded[i - 1] not in NEGATIONS else None
    return None


def _find_complement(par: Paragraph, j: int, end: int, attribution: bool) -> tuple[int | None, int | None]:
    """The إن/أن (token index) or the colon (offset) that opens the reported words."""
    for k in range(j, min(end, j + _MAX_TO_COMPLEMENT)):
        gap = par.gap(k)
        if ":" in gap:
            return None, par.toks[k - 1].end + gap.index(":")
        if any(c in gap for c in _MARKS) and _long_quote_starts(par, k):
            return None, None
        if par.quoted[k]:
            continue
        word = par.folded[k]
        if word in COMPLEMENTIZERS and (attribution or not word.startswith("ف")):
            conditional = word == "ان" and k + 1 < end and par.folded[k + 1] in CONDITIONAL_AFTER_IN
            if par.folded[k - 1] not in NOT_A_COMPLEMENT and not conditional:
                return k, None
        if verb_kind(word) is not None:
            return None, None  # another reporting clause begins
    return None, None


def _long_quote_starts(par: Paragraph, k: int) -> bool:
    """A quotation of four words or more opens right before token k."""
    for mark, words in zip(par.marks, par.mark_words):
        if mark.start <= par.toks[k].start < mark.end:
            return words >= 4 and mark.open >= (par.toks[k - 1].end if k > 0 else par.lo)
    return False


def _quoted_name(par: Paragraph, i: int) -> tuple[QuoteMarks, int] | None:
    """وأوضح «فاتر» أنهم: a short quotation right after the verb is the speaker's name."""
    after = par.toks[i].end
    rest = par.text[after : after + 3]
    offset = after + len(rest) - len(rest.lstrip())
    mark = par.mark_at(offset)
    if mark is None or mark.close is None:
        return None
    inside = [t for t in range(i + 1, len(par.toks)) if mark.start <= par.toks[t].start < mark.end]
    if not inside or len(inside) > 3:
        return None
    follows = par.text[mark.close + 1 : mark.close + 4].lstrip()
    nxt = inside[-1] + 1
    if not follows or not (
        follows[0] in ":،,؛"
        or follows[0] in _MARKS
        or (nxt < len(par.folded) and par.folded[nxt] in COMPLEMENTIZERS)
    ):
        return None
    return mark, nxt


def _leads(par: Paragraph, i: int, first: int) -> bool:
    """The verb opens a clause: first in its sentence, after a comma, or after كما/من جهته."""
    if i == first or any(c in par.gap(i) for c in "،,:؛("):
        return True
    return par.folded[i - 1] in _LEADERS


def read_report(par: Paragraph, i: int, first: int, end: int) -> Report | None:
    """The reporting clause whose reporting word is token i (sentence tokens [first, end))."""
    word = par.folded[i]
    kind = verb_kind(word)
    if kind is None and word in ("بين", "عبر") and (i == first or par.folded[i - 1] in _LEADERS):
        kind = Kind.SPEECH  # من جهته بيّن: the bare verb, not the preposition
    if kind is None:
        return None
    if kind is Kind.ATTRIBUTION:
        return _attribution(par, i, first, end)
    if i > first and par.folded[i - 1] in NEGATIONS:
        return None  # لم يوضح المصدر …: nothing was said
    if kind is Kind.PARTICIPLE:
        complement, colon = _find_complement(par, i + 1, end, False)
        return Report(i, kind, None, False, i + 1, complement, colon)
    report = _verb(par, i, kind, first, end)
    if report is not None and word in ("بين", "عبر") and report.complement is None and report.colon is None:
        return None  # كما بيّن حقيقة …: without إن/colon the bare form is too often something else
    if report is not None:
        relative = i > first and par.folded[i - 1] in _RELATIVES
        report.leads = not relative and (report.leads or _leads(par, i, first))
    return report


def _verb(par: Paragraph, i: int, kind: Kind, first: int, end: int) -> Report | None:
    backref = i + 1 < end and par.folded[i + 1] == "ذلك" and i == first
    before = None if backref else _subject_before(par, i, first)
    name = None if before or backref else _quoted_name(par, i)
    nominal = None
    if name:
        mark, after = name
        speaker = Speaker(par.text[mark.start : mark.end], mark.start, mark.end)
        complement, colon = _find_complement(par, after, end, False)
        return Report(i, kind, speaker, True, after, complement, colon, name_mark=mark.open)
    if before:
        (s, e), after = before, i + 1
    else:
        s, e = speaker_slot(par, i + 2 if backref else i + 1, end)
        moved = _source_after_an(par, i, s, e, end)
        if _bare(par.folded[i]) in ("نقل", "نقلت") and moved == (s, e, e):
            return None  # نقل without عن is "moving" something, not quoting anybody
        s, e, after = moved
        if e > s:
            e = after = _apposition(par, e, end)
        elif not backref:
            nominal = _noun_before(par, i, first)
            if nominal:
                s, e = nominal
    complement, colon = (None, None) if backref else _find_complement(par, after, end, False)
    if complement is None and colon is None and not (before or backref) and any(par.quoted[s:e]):
        # a quoted name inside the speaker only when إن/colon follows (لجماعة "حزب الله" …، إن);
        # otherwise the quotation is what was said: أعلنت الوزارة متابعتها لتقارير "مثيرة للقلق"
        s, e = speaker_slot(par, i + 1, end, through_quotes=False)
        after = e
        complement, colon = _find_complement(par, after, end, False)
    speaker = _speaker(par, s, e)
    if kind is Kind.OPINION and speaker is None:
        return None  # يعتقد أنه …: "it is believed", nobody in particular
    # a subject before a present-tense verb (مزاعم تقول) describes the source; it is
    # not who the next وقال means, so it is not marked explicit
    explicit = speaker is not None and not (nominal if not (before or backref) else False)
    return Report(
        i, kind, speaker, explicit, after, complement, colon, backref=backref, leads=before is not None
    )


def _source_after_an(par: Paragraph, verb: int, s: int, e: int, end: int) -> tuple[int, int, int]:
    """نقلت رويترز عن بومبيو قوله: the speaker is who was quoted, after عن."""
    if e < end and par.folded[e] == "عن" and _bare(par.folded[verb]) in ("نقل", "نقلت", "نقلا"):
        s2, e2 = speaker_slot(par, e + 1, end)
        if e2 > s2:
            return s2, e2, e2
    return s, e, e


def _attribution(par: Paragraph, i: int, first: int, end: int) -> Report | None:
    j, verb = i + 1, i
    if j < end and par.folded[j] in PRONOUN_SOURCES:
        return Report(i, Kind.ATTRIBUTION, None, False, j + 1, pronoun_source=True)
    if j < end and par.folded[j] in ("ما", "لما"):
        if j + 1 < end and _verb_with_object(par.folded[j + 1]):
            verb, j = j + 1, j + 2
        else:
            j += 1
    elif j < end and par.folded[j] in ("ل", "لـ"):
        j += 1
    s, e = speaker_slot(par, j, end, addressee_ok=True)
    s, e, after = _source_after_an(par, verb, s, e, end)
    if s >= e:
        return None
    speaker = _speaker(par, s, e)
    if par.folded[s].startswith("ل") and (
        par.folded[i] in _LAM_SOURCES or _bare(par.folded[i]) in _LAM_SOURCES
    ):
        # وفقا لوكالة …: the ل belongs to وفقا, not to the source's name
        speaker = Speaker(par.text[speaker.start + 1 : speaker.end], speaker.start + 1, speaker.end)  # type: ignore[union-attr]
    complement, _ = _find_complement(par, after, end, True)
    if complement is not None and par.folded[complement].startswith("ف"):
        return Report(i, Kind.ATTRIBUTION, speaker, True, after, complement)
    if _ends_claim(par, i, first, e, end):
        return Report(i, Kind.ATTRIBUTION, speaker, True, after, trailing=True)
    return None


def _verb_with_object(word: str) -> bool:
    """ذكر، ذكرته، أعلنتها: a reporting verb, with or without an object pronoun."""
    if verb_kind(word) is not None:
        return True
    return any(word.endswith(p) and verb_kind(word[: -len(p)]) is not None for p in ("ه", "ها", "هم"))


def _ends_claim(par: Paragraph, i: int, first: int, e: int, end: int) -> bool:
    """ "…، بحسب تقارير." / "… بحسب ما ذكر الأخير يوم الثلاثاء.": the source closes the sentence."""
    if i - first < 4:
        return False
    if not (any(c in par.gap(i) for c in "،,") or e - i <= 5):
        return False
    rest = range(e, end)
    return all(par.folded[k] in TIME_WORDS or par.quoted[k] or par.toks[k].text.isascii() for k in rest)
