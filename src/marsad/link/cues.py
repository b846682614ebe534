"""Words around a name that say what it names: titles, roles and place words.

A town whose name is also a word (صور, حديثة) is a place after مدينة or محافظة; a
one-word surname is a person after السيد or الرئيس. The same words tell two
spellings of one person apart from two people: خالد خلي, مساعد الأمين العام and
مساعد الأمين العام خياري share a role. All lists are in match form (`fold`) with
the article kept, as `marsad.link.match.name_key` gives words.
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.arabic import Token, fold
from marsad.arabic.memo import word_memo
from marsad.link.match import first_word_keys

__all__ = [
    "ORG_CUES",
    "PER_CUES",
    "PER_LEADS",
    "PER_TITLES",
    "PLACE_CUES",
    "ROLE_WORDS",
    "cue_before",
    "folded_set",
    "roles_near",
    "word_key",
]


def folded_set(text: str) -> frozenset[str]:
    """The space-separated words of `text`, in match form."""
    return frozenset(fold(w) for w in text.split())


# Words that put a person's name right after them.
PER_TITLES = folded_set(
    "السيد السيدة الرئيس الرئيسة الملك الملكة الأمير الأميرة الشيخ الشيخة الدكتور الدكتورة د "
    "المهندس الوزير الوزيرة الفريق اللواء العقيد العميد المشير الجنرال المستشار المستشارة الإمام "
    "البابا القاضي النائب النائبة السفير السفيرة المبعوث المبعوثة المتحدث المتحدثة المدير المديرة "
    "رئيس رئيسة وزير وزيرة مساعد مساعدة نائب مبعوث ممثل المنسق المفوض المفوضة زعيم قائد"
)
# Before a surname: a title, or the regime or government he heads (نظام الأسد).
PER_CUES = PER_TITLES | folded_set("نظام حكومة إدارة السيناتور المرشد")
# Words a tagger may take into a person's name at its start: titles and kinship.
PER_LEADS = PER_CUES | folded_set("أرملة زوجة زوج نجل ابنة شقيق شقيقة والد والدة أبوه أمه صهر")
# Role words: a title, or the noun of a role phrase (مساعد الأمين العام, وزير الخارجية).
ROLE_WORDS = PER_TITLES | folded_set(
    "الأمين الأمينة الخارجية الدفاع الداخلية الوزراء الحكومة الجمهورية العام العامة الخاص الخاصة "
    "مساعد مساعدة منسق المنسقة ممثل الممثل الممثلة مندوب المندوب المندوبة مبعوث سفير الأممي الأممية"
)
# Words before a place name.
PLACE_CUES = folded_set(
    "مدينة المدينة محافظة منطقة بلدة قرية عاصمة العاصمة ولاية إقليم مقاطعة ميناء مطار ريف حي "
    "شمال جنوب شرق غرب وسط شمالي جنوبي شرقي غربي ضواحي قضاء مديرية مخيم جزيرة بلدية إمارة"
)
# Words before an organisation's short name.
ORG_CUES = folded_set("حركة تنظيم منظمة جماعة حزب وكالة ميليشيا مليشيا ميليشيات مليشيات جبهة تحالف قوات")


@word_memo
def word_key(word: str) -> str:
    """A word without the clitics in front of it, in match form (بمدينة -> مدينة)."""
    return max(first_word_keys(word), key=lambda k: k[1])[0]


def cue_before(text: str, toks: Sequence[Token], i: int, cues: frozenset[str], skip_nisba: bool = False) -> bool:
    """Whether the word before token `i` (same sentence) is one of `cues`.

    With `skip_nisba`, one adjective of origin in between is allowed, as in الرئيس
    الأمريكي ترامب or العاصمة الليبية طرابلس.
    """
    j = i - 1
    while j >= 0 and _joined(text, toks[j], toks[j + 1]):
        key = word_key(toks[j].text)
        if key in cues:
            return True
        if not (skip_nisba and j == i - 1 and _is_nisba(key)):
            return False
        j -= 1
    return False


def roles_near(text: str, toks: Sequence[Token], first: int, last: int) -> set[str]:
    """Role words in the three words before a mention and in an apposition after it.

    `first` and `last` are the mention's first and last token indexes. An
    apposition is what follows a comma right after the name (خالد خلي، مساعد…).
    """
    found: set[str] = set()
    j = first - 1
    while j >= 0 and first - j <= 3 and _joined(text, toks[j], toks[j + 1]):
        found |= {word_key(toks[j].text)} & ROLE_WORDS
        j -= 1
    after = last + 1
    if after < len(toks) and text[toks[last].end : toks[after].start].strip() in (",", "،"):
        for k in range(after, min(after + 3, len(toks))):
            found |= {word_key(toks[k].text)} & ROLE_WORDS
    return found


def _joined(text: str, left: Token, right: Token) -> bool:
    """Whether two neighbouring words stand in one clause (only spaces between them)."""
    return not text[left.end : right.start].strip()


def _is_nisba(key: str) -> bool:
    return key.startswith("ال") and key.endswith(("ي", "يه")) and len(key) > 4
