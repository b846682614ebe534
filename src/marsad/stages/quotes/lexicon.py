"""The words that make reported speech: reporting verbs, complementizers, stoppers.

Every list is written as ordinary Arabic and folded once at import with
`marsad.arabic.fold`, the normal form search and name matching use, so أكد, اكد
and أكّد are one entry and a token only has to be folded to be looked up. Verbs
are listed with the forms news copy uses (past, present, both genders, plural)
and get their conjunction (و، ف) added here, so وقال, فقالت and يقول all match.
"""

from __future__ import annotations

from enum import Enum

from marsad.arabic import fold
from marsad.arabic.memo import WORD_MEMO

__all__ = [
    "ATTRIBUTIONS",
    "COMPLEMENTIZERS",
    "CONDITIONAL_AFTER_IN",
    "DIRECT_VERBS",
    "LABEL_NOUNS",
    "NEGATIONS",
    "NOT_A_COMPLEMENT",
    "OCCASIONS",
    "PHRASE_NOUNS_AFTER_BA",
    "PREPOSITION_SPELLINGS",
    "PRONOUN_SOURCES",
    "SPEAKER_STOPS",
    "TIME_WORDS",
    "TITLE_WORDS",
    "Kind",
    "fold_token",
    "is_addressee",
    "verb_kind",
    "verb_kinds",
]


class Kind(Enum):
    """What a reporting word does to the clause around it."""

    SPEECH = "speech"  # قال، أكد، أضاف: a subject, then a colon, a quote or إن/أن
    STATEMENT = "statement"  # دعا، أشاد، وصف: a subject and an object; partial quotes only
    OPINION = "opinion"  # رأى، اعتبر، يعتقد: counts only with its own subject and أن
    PARTICIPLE = "participle"  # مضيفا، مشيرا: no subject, the sentence's speaker goes on
    ATTRIBUTION = "attribution"  # بحسب، وفقا لـ: the source, before or after the claim


def _forms(text: str) -> frozenset[str]:
    return frozenset(fold(w) for w in text.split())


# Verbs whose ambiguous bare form (بين "between", عبر "via") only counts with و/ف in front.
_NEEDS_CONJUNCTION = _forms("بين عبر")

_SPEECH = _forms(
    "قال قالت قالوا قالا يقول تقول يقولون "
    "أكد أكدت أكدوا أكدا يؤكد تؤكد يؤكدون "
    "أوضح أوضحت أوضحوا يوضح توضح "
    "أضاف أضافت أضافوا يضيف تضيف "
    "أشار أشارت أشاروا يشير تشير "
    "صرح صرحت صرحوا يصرح تصرح "
    "حذر حذرت حذروا يحذر تحذر "
    "شدد شددت شددوا يشدد تشدد "
    "لفت لفتت لفتوا "
    "كشف كشفت كشفوا يكشف تكشف "
    "أعلن أعلنت أعلنوا يعلن تعلن "
    "تابع تابعت ذكر ذكرت ذكروا "
    "أفاد أفادت أفادوا يفيد تفيد "
    "بين بينت بينوا أبان أبانت نوه نوهت "
    "أردف أردفت اختتم اختتمت ختم ختمت خلص خلصت "
    "أورد أوردت نقل نقلت نفى نفت نفوا ينفي تنفي "
    "زعم زعمت ادعى ادعت أقر أقرت اعترف اعترفت "
    "غرد غردت علق علقت أبلغ أبلغت "
    "مضى مضت أجاب أجابت"
)
_STATEMENT = _forms(
    "دعا دعت دعوا يدعو تدعو طالب طالبت طالبوا يطالب تطالب "
    "أعرب أعربت عبر عبرت أشاد أشادت انتقد انتقدت "
    "وصف وصفت هدد هددت توعد توعدت جدد جددت أبدى أبدت "
    "رحب رحبت ناشد ناشدت أوصى أوصت أيد أيدت"
)
_OPINION = _forms(
    "رأى رأت يرى ترى اعتبر اعتبرت يعتبر "
    "اعتقد اعتقدت يعتقد تعتقد توقع توقعت يتوقع تتوقع "
    # كتب is also the passive كُتب (كتب عليه «…»: an inscription), so it needs a subject too
    "كتب كتبت"
)
_PARTICIPLES = _forms(
    "قائلا قائلة قائلين مضيفا مضيفة مضيفين مؤكدا مؤكدة مؤكدين "
    "مشيرا مشيرة مشيرين موضحا موضحة مبينا مبينة لافتا لافتة "
    "منوها منوهة معلنا معلنة مفيدا مفيدة محذرا محذرة مشددا مشددة "
    "معتبرا معتبرة متوقعا متوقعة كاشفا كاشفة واصفا واصفة "
    "مطالبا مطالبة معربا معربة مستدركا مستدركة "
    "مردفا مردفة مختتما مختتمة"
)
_ATTRIBUTIONS = _forms("بحسب حسب حسبما وفقا وفق طبقا نقلا")

_TABLE: dict[str, Kind] = {}
for _kind, _words in (
    (Kind.OPINION, _OPINION),
    (Kind.STATEMENT, _STATEMENT),
    (Kind.SPEECH, _SPEECH),
    (Kind.PARTICIPLE, _PARTICIPLES),
):
    for _word in _words:
        if _word not in _NEEDS_CONJUNCTION:
            _TABLE[_word] = _kind
        for _conj in ("و", "ف"):
            _TABLE[_conj + _word] = _kind
for _word in _ATTRIBUTIONS:
    for _prefix in ("", "و", "ف"):
        _TABLE.setdefault(_prefix + _word, Kind.ATTRIBUTION)
ATTRIBUTIONS = frozenset(w for w, k in _TABLE.items() if k is Kind.ATTRIBUTION)

# إن and أن with the pronouns news copy glues to them, and with بـ (صرح بأن); فإن after بحسب.
COMPLEMENTIZERS = frozenset(
    fold(p + w)
    for w in ("ان", "انه", "انها", "انهم", "انهما", "انهن", "اننا", "انني", "اني", "انكم")
    for p in ("", "ب", "ف")
)
# أن after these is "before/after/without that …", not "said that …".
NOT_A_COMPLEMENT = _forms(
    "بعد قبل دون بدون منذ حتى يجب يمكن ينبغي لابد بد المقرر المتوقع المفترض المنتظر "
    "تقرر قرر قررت أراد أرادت يريد تريد يستطيع تستطيع استطاع بإمكان أجل لأجل كما إلا غير"
)
# إن وجدت، إن كان، إن شاء الله: the conditional إن, not "said that".
CONDITIONAL_AFTER_IN = _forms("وجد وجدت وجدوا كان كانت كانوا أمكن شاء لم")
# The verbs that take a quotation straight after the speaker, with no colon or إن (وقال X «…»).
DIRECT_VERBS = frozenset(
    w
    for base in _forms(
        "قال قالت قالوا يقول تقول أضاف أضافت يضيف تضيف تابع تابعت أردف أردفت استطرد "
        "ختم ختمت اختتم اختتمت غرد غردت كتب كتبت قائلا قائلة مضيفا مضيفة "
        "مردفا مردفة مستدركا مختتما أورد أوردت"
    )
    for w in (base, "و" + base, "ف" + base)
)
# Where a speaker phrase ends: prepositions, time words, relatives, the clause itself.
SPEAKER_STOPS = _forms(
    "في خلال لدى عند عدم عبر أمام أثناء إلى الى على عن مع حول بشأن ضمن عقب إثر اثر منذ حين عندما "
    "الذي التي الذين اللذين اللتين اللواتي وهو وهي قد لقد بالقول قوله تأكيده تصريحه "
    "ذلك هذا هذه تلك هؤلاء ما أيضا ايضا كذلك بدوره بدورها ان انه انها بان إن أن "
    "عليه عليها عليهم له لها لهم فيه فيها منه منها عنه عنها إليه إليها معه معها "
    "حديثه حديثها كلمته كلمتها كلامه كلامها تصريحاته تصريحاتها رسميا شخصيا مجددا"
)
# بحسب تعبيره، على حد قوله: the source is the current speaker, named by a pronoun.
PRONOUN_SOURCES = _forms("تعبيره تعبيرها تعبيرهم قوله قولها قولهم وصفه وصفها")
# A verb after these is denied or asked about, not reported (لم يوضح المصدر …).
NEGATIONS = _forms("لم لا لن ما ولم ولا ولن وما")
# After في these are where the words were said (في بيان، في محاضرة ألقاها), not part of the speaker.
OCCASIONS = tuple(
    _forms(
        "بيان تصريح كلم محاضر مقابل مؤتمر حديث لقاء اجتماع ندو حوار رسال تغريد منشور جلس "
        "خطاب ختام افتتاح نهاي بداي وقت اتصال مداخل تقرير بريد صفح حساب موقع برنامج "
        "هذا هذه ذلك تلك الصدد السياق الاطار معرض سياق اطار ضوء ظل حين"
    )
)
# A phrase opening with these is a title (مساعد الأمين العام), not a name.
TITLE_WORDS = _forms(
    "مساعد مدير رئيس وزير أمين الأمين متحدث المتحدث نائب سفير عضو مستشار قائد مندوب ممثل "
    "محافظ أمير ملك رئيسة وزيرة مديرة مسؤول المسؤول مستشارة الناطق ناطق زعيم مؤسس عميد "
    "الرئيس الوزير المدير السفير النائب المستشار القائد المندوب الممثل المحافظ الأمير الملك"
)
# Folding merges these with names (على/علي، أمام/إمام): they stop a speaker only as written.
PREPOSITION_SPELLINGS = {fold("على"): ("على",), fold("أمام"): ("أمام", "امام")}
# بموقعه، ببيان، بالقول: a prepositional phrase after the speaker, not part of the name.
PHRASE_NOUNS_AFTER_BA = tuple(
    _forms("ال موقع حساب بيان تصريح كلم مقابل رسال تغريد مؤتمر حديث لقاء اتصال مكالم")
)
TIME_WORDS = _forms(
    "أمس امس اليوم يوم الليلة ليلة صباح صباحا مساء مساء ظهر ظهر فجر فجر الليلة "
    "الأحد الاثنين الإثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة السبت "
    "الماضي الماضية الحالي الحالية المقبل مؤخرا حاليا سابقا لاحقا أيضا ايضا كذلك"
)
# ل + these is who the words were said to (لوكالة، لـ«عكاظ»، للصحافيين), not part of the speaker.
_ADDRESSEES = _forms(
    "وكالة الوكالة صحيفة الصحيفة موقع الموقع قناة القناة شبكة برنامج إذاعة الإذاعة تلفزيون "
    "التلفزيون مجلة المجلة الصحافيين الصحفيين صحافيين صحفيين الصحفي رويترز فرانس سكاي "
    "المراسلين مراسل مراسلنا الصحافة"
)
# A quoted name or title follows these (عملية "الدوحة"، ما يسمى بـ"…"، تحت اسم "…").
LABEL_NOUNS = _forms(
    "عملية العملية يسمى تسمى سمي سميت المسمى المسماة يعرف تعرف المعروف المعروفة الملقب "
    "اسم باسم بعنوان عنوان شعار حملة الحملة برنامج مسلسل فيلم كتاب رواية صحيفة موقع قناة "
    "وكالة حركة جماعة تنظيم منظمة جمعية مؤسسة شركة حزب وسم هاشتاق هاشتاغ مبادرة مشروع "
    "مؤتمر ندوة منتدى مهرجان جائزة عرض مسرحية تطبيق لقب مصطلح كلمة عبارة جملة مركز ملعب "
    "مطار مسابقة بطولة فريق نادي حساب تهمة بتهمة مسمى عليه عليها تخصص شعار وسم"
)

_FOLD_CACHE: dict[str, str] = {}


def fold_token(word: str) -> str:
    """`fold(word)`, remembered: news repeats its words, and folding is the hot path."""
    folded = _FOLD_CACHE.get(word)
    if folded is None:
        if len(_FOLD_CACHE) > WORD_MEMO:
            _FOLD_CACHE.clear()
        folded = _FOLD_CACHE[word] = fold(word)
    return folded


def verb_kind(folded: str) -> Kind | None:
    """The reporting kind of a folded token, or None when it reports nothing."""
    return _TABLE.get(folded)


def verb_kinds(folded: list[str]) -> list[Kind | None]:
    """`verb_kind` of every token at once (a C-speed map: most tokens report nothing)."""
    return list(map(_TABLE.get, folded))


def is_addressee(folded: str, raw: str = "") -> bool:
    """لوكالة، لـ«عكاظ»، لـCNN، للصحافيين: the person or outlet spoken to, after the speaker."""
    if folded in ("ل", "لـ") or raw.startswith("لـ"):
        return True
    for prefix in ("لل", "ل"):
        if folded.startswith(prefix):
            rest = folded[len(prefix) :]
            if rest in _ADDRESSEES or ("ال" + rest) in _ADDRESSEES:
                return True
    return False
