"""Mentions of a person by role: المبعوث الأممي for the envoy the article named.

News introduces an official with his role, before the name (المبعوث الأممي إلى اليمن
هانس غروندبرغ) or in apposition after it (فولكر تورك، رئيس المفوضية السامية…), and
then often names him by the role alone: وقال المبعوث الأممي إن…، وأضاف رئيس
المفوضية… Such a phrase is a mention of that person when the article gives the role
to exactly one person: its first word (the head: المبعوث, رئيس, المتحدثة) is the
head of his role, and every word after it is a word of his role (الأممي counts for
الأمم; gender and clitics aside). A phrase right before a name is that name's title,
and the phrases that introduce a person are not mentions of him.

Role mentions keep the head in the mention (`is_role_phrase` tells them from names,
which never start with a title), so quotes attributed to المبعوث الأممي get the
envoy as speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from marsad.arabic import Token, fold
from marsad.arabic.memo import word_memo
from marsad.link.cues import PER_CUES, ROLE_WORDS, folded_set, word_key
from marsad.link.match import clitic_offset, first_word_keys
from marsad.link.mentions import Candidate

__all__ = ["ROLE_HEADS", "is_role_phrase", "role_mentions"]

# Nouns that head a role phrase (and the forms news uses without the article).
ROLE_HEADS = folded_set(
    "المبعوث المبعوثة مبعوث المتحدث المتحدثة متحدث متحدثة الناطق الناطقة المفوض المفوضة "
    "المنسق المنسقة منسق منسقة الممثل الممثلة ممثل المستشار المستشارة الأمين الأمينة "
    "رئيس رئيسة الرئيس الرئيسة نائب نائبة المدير المديرة مدير مديرة الوزير الوزيرة وزير وزيرة "
    "السفير السفيرة سفير المندوب المندوبة مندوب قائد زعيم المستشار"
)
# Heads too common to name one person without a word after them (الرئيس, الوزير).
_GENERIC = folded_set(
    "رئيس رئيسة الرئيس الرئيسة وزير وزيرة الوزير الوزيرة نائب نائبة مدير مديرة المدير المديرة "
    "قائد زعيم سفير السفير السفيرة الأمين الأمينة"
)
# Words a role phrase may run through before the name (المبعوث الأممي إلى اليمن).
_GLUE = folded_set("إلى الى على في لدى باسم لشؤون لشئون عن")
# Words that end a role phrase read backwards from a name: a verb or a clause word.
_STOPS = folded_set(
    "قال قالت أكد أكدت أضاف أضافت أعلن أعلنت أوضح أوضحت أشار أشارت التقى التقت استقبل "
    "وصل وصلت دعا دعت حذر حذرت كتب كتبت أجرى أجرت إن أن انه أنه إنه الذي التي مع و"
)
# Words with the article that end a role phrase rather than extend it.
_ENDS = folded_set(
    "الذي التي الذين اليوم الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الليلة الماضي الماضية "
    "الحالي الأسبوع الشهر العام"
)
# Particles and prepositions after which a role phrase has ended (وقال المبعوث | إن).
_PARTICLES = folded_set(
    "من على عن مع بعد قبل خلال أمس عقب حول أيضا قد لن لم لا ما كما حيث بأن بان فإن عبر أثناء اثناء خلال "
    "إنه انه أنها انها إنها هذا هذه ذلك تلك"
)
# Words after which a role always goes on (المتحدث باسم | شرطة كابل).
_BINDS = folded_set("باسم لدى لشؤون لشئون")
# Titles of honour that stand right before a name and are nobody's role (الملك, الشيخ).
_HONORIFICS = PER_CUES - ROLE_HEADS
_ALL_ENDS = _ENDS | _GLUE | _STOPS | _PARTICLES
_BACK = 8  # words a role phrase before a name may have
_AFTER = 8  # words of an apposition after a name


@word_memo
def _key(word: str) -> str:
    """A role word without clitics, article, feminine ending or nisba ي (الأممية, الأمم: امم)."""
    key = word_key(word)
    if key.startswith("ال") and len(key) > 3:
        key = key[2:]
    for end in ("ه", "ي"):
        if key.endswith(end) and len(key) > 3:
            key = key[:-1]
    return key


def is_role_phrase(text: str) -> bool:
    """Whether a person mention is a role phrase (its first word heads a role)."""
    parts = text.split()
    return bool(parts) and word_key(parts[0]) in ROLE_HEADS


@dataclass(slots=True)
class _Holder:
    key: str
    heads: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)


def role_mentions(text: str, toks: Sequence[Token], cands: list[Candidate]) -> list[Candidate]:
    """Role phrases that name exactly one person of the article, as mentions of that person."""
    people = [c for c in cands if c.type == "PER" and c.how != "role"]
    if not people:
        return []
    covered = {i for c in cands for i in range(c.first, c.last + 1)}
    named = {i for c in people for i in range(c.first, c.last + 1)}
    holders: dict[str, _Holder] = {}
    intro: set[int] = set()
    for cand in people:
        for first, last in (_before(text, toks, cand.first, named), _after(text, toks, cand.last)):
            if first is None:
                continue
            holder = holders.setdefault(cand.key, _Holder(cand.key))
            holder.heads.add(_key(toks[first].text))
            holder.words |= {_key(t.text) for t in toks[first : last + 1]}
            intro.update(range(first, last + 1))
    if not holders:
        return []
    added = []
    i = 0
    skip = named | intro
    while i < len(toks):
        found = None
        if word_key(toks[i].text) in ROLE_HEADS and i not in covered and i not in intro:
            # right after a name or another role (… ولي العهد وزير الدفاع): his own titles
            after_name = i > 0 and _joined(text, toks[i - 1], toks[i]) and (
                i - 1 in named or i - 1 in intro or word_key(toks[i - 1].text) in ROLE_WORDS
            )
            if not after_name:
                found = _phrase(text, toks, i, holders, skip, covered, named)
        if found is None:
            i += 1
            continue
        last, key = found
        cut = max(cut for _, cut in first_word_keys(toks[i].text))
        start, end = toks[i].start + clitic_offset(toks[i].text, cut), toks[last].end
        added.append(Candidate(start, end, text[start:end], i, last, "PER", key=key, how="role", confirmed=True))
        i = last + 1
    return added


def _before(text: str, toks: Sequence[Token], first: int, named: set[int]) -> tuple[int | None, int]:
    """The role phrase right before a name: its farthest head within the clause, no other name between."""
    head = None
    j = first - 1
    while j >= 0 and first - j <= _BACK and _joined(text, toks[j], toks[j + 1]):
        key = word_key(toks[j].text)
        if key in _STOPS or j in named or key in _HONORIFICS:
            break  # الملك in مركز الملك سلمان: what comes before is not his role
        if key in ROLE_HEADS:
            head = j
        j -= 1
    return head, first - 1


def _after(text: str, toks: Sequence[Token], last: int) -> tuple[int | None, int]:
    """An apposition after a name (X، المتحدث باسم …): the phrase up to the next punctuation.

    Without the comma a role after a name is as often the object of the sentence
    (استقبل الملك عبدالله رئيس مجلس النواب) as his own: not learnt, only never a mention.
    """
    k = last + 1
    if k >= len(toks) or text[toks[last].end : toks[k].start].strip() not in (",", "،"):
        return None, 0
    if word_key(toks[k].text) not in ROLE_HEADS:
        return None, 0
    end = k
    while end + 1 < len(toks) and end + 1 - k < _AFTER and _joined(text, toks[end], toks[end + 1]):
        if word_key(toks[end + 1].text) in _STOPS:
            break
        end += 1
    return k, end


def _phrase(
    text: str,
    toks: Sequence[Token],
    i: int,
    holders: dict[str, _Holder],
    skip: set[int],
    covered: set[int],
    named: set[int],
) -> tuple[int, str] | None:
    """(last token, person) of the role phrase headed at token `i`, if it fits exactly one holder."""
    head = _key(toks[i].text)
    fits = [h for h in holders.values() if head in h.heads]
    if not fits:
        return None
    last = i
    while last + 1 < len(toks) and last + 1 not in skip and _joined(text, toks[last], toks[last + 1]):
        word = _key(toks[last + 1].text)
        narrowed = [h for h in fits if word in h.words]
        if not narrowed:
            break
        fits, last = narrowed, last + 1
    # the last word may be glue (المبعوث الأممي إلى | سوريا): a phrase never ends on it
    while last > i and word_key(toks[last].text) in _GLUE:
        last -= 1
    if last + 1 in named and text[toks[last].end : toks[last + 1].start].strip() in (",", "،"):
        return None  # وزير التجارة، الدكتور توفيق الربيعة: the title of the name after it
    after = last + 1
    if after < len(toks) and _joined(text, toks[last], toks[after]) and _goes_on(toks[after].text, after, covered):
        return None  # a title (المبعوث الأمريكي ستيف ويتكوف) or another role (وزير الخارجية الروسي)
    if last == i and word_key(toks[i].text) in _GENERIC:
        return None
    if not any(word_key(t.text).startswith("ال") for t in toks[i : last + 1]):
        return None  # indefinite (رئيس حكومة): a role, not the one who holds it
    keys = {h.key for h in fits}
    return (last, keys.pop()) if len(keys) == 1 else None


def _goes_on(word: str, at: int, covered: set[int]) -> bool:
    """Whether the word after a role phrase may continue it, so that it names somebody else.

    رئيس وزراء | سنغافورة, وزير الخارجية | الروسي, قائد شرطة | مقاطعة name other people
    than the holder of رئيس وزراء اليابان; only a particle, a reporting verb, a day
    or a preposition surely ends the phrase (أكد الرئيس المصري أن, وقال المبعوث الأممي في).
    """
    if at in covered or fold(word) in _BINDS:
        return True
    folded = fold(word)
    if folded.startswith(("ي", "سي", "ست")) and len(folded) >= 4:
        return False  # a verb in the imperfect: الأمين العام يدعو, المستشار سيلتقي
    return not (folded in _ALL_ENDS or word_key(word) in _ALL_ENDS or word.isdigit())


def _joined(text: str, left: Token, right: Token) -> bool:
    return not text[left.end : right.start].strip()
