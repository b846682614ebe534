"""The words Arabic news writes dates with, in display spelling, keyed for folded text.

Every table is written as people spell it and folded once at import with the shared
normalizer, so a table entry and the text it must match are always compared in the
same form (أبريل, إبريل and ابريل are one key). `dates.py` builds its patterns from
these tables; nothing here knows about regular expressions.
"""

from __future__ import annotations

from marsad.arabic import fold

__all__ = [
    "AGO_UNITS",
    "FUTURE_CUES",
    "GREGORIAN",
    "HIJRI",
    "MODIFIERS",
    "MONTH_NEEDS_CONTEXT",
    "MONTH_PREPOSITIONS",
    "MONTH_VERBS",
    "NUMBER_WORDS",
    "ORDINALS",
    "PERIOD_UNITS",
    "RELATIVE_DAYS",
    "SHIFT_WORDS",
    "TODAY_NOT_AFTER",
    "TODAY_NOT_BEFORE",
    "WEEKDAYS",
    "WEEKDAY_NOT_BEFORE",
    "YEAR_NOT_BEFORE",
    "YEAR_PREPOSITIONS",
    "key",
]


def key(phrase: str) -> str:
    """The lookup key of a phrase: folded, words joined by one space."""
    return " ".join(fold(phrase).split())


def _keyed(table: dict[int, tuple[str, ...]]) -> dict[str, int]:
    return {key(name): number for number, names in table.items() for name in names}


# Gregorian months: the Egyptian/Gulf names, the Levantine/Iraqi (Syriac) names, the
# Algerian/Tunisian (French) names and the Moroccan ones, with common spellings.
GREGORIAN = _keyed({
    1: ("يناير", "كانون الثاني", "كانون ثاني", "جانفي", "ينار"),
    2: ("فبراير", "فبرير", "شباط", "فيفري"),
    3: ("مارس", "آذار", "أذار"),
    4: ("أبريل", "إبريل", "ابريل", "أبريل", "نيسان", "أفريل"),
    5: ("مايو", "أيار", "ماي"),
    6: ("يونيو", "يونيه", "يونية", "حزيران", "جوان"),
    7: ("يوليو", "يوليه", "يولية", "تموز", "جويلية", "جويلة", "يوليوز"),
    8: ("أغسطس", "اغسطس", "أغسطوس", "آب", "أوت", "غشت"),
    9: ("سبتمبر", "أيلول", "شتنبر"),
    10: ("أكتوبر", "اكتوبر", "تشرين الأول", "تشرين أول"),
    11: ("نوفمبر", "تشرين الثاني", "تشرين ثاني", "نونبر"),
    12: ("ديسمبر", "كانون الأول", "كانون أول", "دجنبر"),
})

# Umm al-Qura month names, with the genitive (ذي) and the spellings news uses.
HIJRI = _keyed({
    1: ("محرم", "المحرم"),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع أول"),
    4: ("ربيع الآخر", "ربيع الثاني", "ربيع ثاني", "ربيع الاخر"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى الاولى"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى الأخيرة"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة", "ذو القعده"),
    12: ("ذو الحجة", "ذي الحجة"),
})

# Month names that are also ordinary words or names: "آب" is father (أب), "ماي" and
# "أوت" are short, رجب/شعبان are first names, صفر is zero ("فاز 2 صفر"), محرم is
# "forbidden", شباط and نيسان are a politician and a carmaker. They count as dates
# only with a day, a year or "الماضي/المقبل", or after the word شهر.
MONTH_NEEDS_CONTEXT = frozenset(
    key(w) for w in ("آب", "ماي", "أوت", "رجب", "شعبان", "صفر", "محرم", "المحرم")
)

# Python's weekday(): Monday is 0.
WEEKDAYS = _keyed({
    0: ("الاثنين", "الإثنين"),
    1: ("الثلاثاء", "الثلاثا"),
    2: ("الأربعاء", "الاربعا"),
    3: ("الخميس",),
    4: ("الجمعة",),
    5: ("السبت",),
    6: ("الأحد",),
})

# Day ordinals used in "الأول من مارس", "العاشر من رمضان".
_UNITS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")


def _ordinals() -> dict[str, int]:
    table = {key(word): n for n, word in enumerate(_UNITS, start=1)}
    table[key("العاشر")] = 10
    table[key("العشرين")] = 20
    table[key("الثلاثين")] = 30
    compound = ("الحادي",) + _UNITS[1:]
    for n, word in enumerate(compound, start=1):
        table[key(f"{word} عشر")] = 10 + n
        table[key(f"{word} والعشرين")] = 20 + n
    table[key("الحادي والثلاثين")] = 31
    return table


ORDINALS = _ordinals()

# Relative day words -> days from the anchor.
RELATIVE_DAYS = {
    key(w): d
    for w, d in (
        ("اليوم", 0), ("أمس", -1), ("يوم أمس", -1), ("الأمس", -1), ("بالأمس", -1),
        ("أمس الأول", -2), ("يوم أمس الأول", -2), ("أول أمس", -2), ("أول من أمس", -2), ("أول من أمس", -2),
        ("غدا", 1), ("غدًا", 1), ("يوم غد", 1), ("يوم الغد", 1),
        ("بعد غد", 2), ("بعد الغد", 2),
    )
}

# "الأسبوع/الشهر/العام" + a shift word, or "هذا/هذه" + the unit.
PERIOD_UNITS = {key(w): u for w, u in (
    ("الأسبوع", "week"), ("الشهر", "month"), ("العام", "year"), ("السنة", "year"),
)}

# Words after a month, weekday or period that shift it; 0 is "the current one".
SHIFT_WORDS = {
    key(w): s
    for w, s in (
        ("الماضي", -1), ("الماضية", -1), ("المنصرم", -1), ("المنصرمة", -1), ("الفائت", -1),
        ("الفائتة", -1), ("قبل الماضي", -2), ("قبل الماضية", -2),
        ("المقبل", 1), ("المقبلة", 1), ("القادم", 1), ("القادمة", 1),
        ("الجاري", 0), ("الجارية", 0), ("الحالي", 0), ("الحالية", 0),
    )
}

# Words that place a date inside its period; kept in the span, the value stays the period.
MODIFIERS = tuple(key(w) for w in (
    "مطلع", "مستهل", "بداية", "أوائل", "منتصف", "أواسط", "أواخر", "نهاية", "ختام", "أول", "آخر", "أوائل",
))

# A bare year ("في 2023") is a date after these words; "من 2000" and "إلى 2000" are
# as often counts ("ارتفع من 1500 إلى 2000") and are left out.
YEAR_PREPOSITIONS = frozenset(key(w) for w in (
    "في", "منذ", "خلال", "حتى", "بحلول", "قبل", "بعد", "طيلة", "طوال", "إبان", "أثناء",
))
# A bare month ("في مارس", "منذ يناير") is a date after these words, or after the
# attached preposition ب ("بمارس").
MONTH_PREPOSITIONS = YEAR_PREPOSITIONS | frozenset(key(w) for w in ("من", "إلى", "الى", "حتى", "مطلع"))
# Month names that are also verbs: "مارس الضغط" (exerted pressure), "من مارس العنف".
MONTH_VERBS = frozenset((key("مارس"),))

# "قبل يومين", "قبل ثلاثة أيام", "قبل أسبوعين": the count words and unit forms.
NUMBER_WORDS = {key(w): n for w, n in (
    ("ثلاثة", 3), ("ثلاث", 3), ("أربعة", 4), ("أربع", 4), ("خمسة", 5), ("خمس", 5), ("ستة", 6), ("ست", 6),
    ("سبعة", 7), ("سبع", 7), ("ثمانية", 8), ("ثماني", 8), ("تسعة", 9), ("تسع", 9), ("عشرة", 10), ("عشر", 10),
)}
AGO_UNITS = {key(w): (u, n) for w, u, n in (
    ("يوم", "day", 1), ("يومين", "day", 2), ("أيام", "day", 0),
    ("أسبوع", "week", 1), ("أسبوعين", "week", 2), ("أسابيع", "week", 0),
    ("شهر", "month", 1), ("شهرين", "month", 2), ("أشهر", "month", 0), ("شهور", "month", 0),
    ("عام", "year", 1), ("عامين", "year", 2), ("أعوام", "year", 0),
    ("سنة", "year", 1), ("سنتين", "year", 2), ("سنوات", "year", 0),
)}

# "اليوم" is not today in "عين اليوم", "روسيا اليوم", "اليوم السابع", "في ذلك اليوم".
TODAY_NOT_BEFORE = frozenset(key(w) for w in (
    "عين", "روسيا", "صحيفة", "جريدة", "موقع", "قناة", "برنامج", "نشرة", "نفس", "ذلك", "ذات", "طوال",
    "طيلة", "مدار", "في",
))
TODAY_NOT_AFTER = frozenset(key(w) for w in (
    "نفسه", "ذاته", "التالي", "السابق", "الوطني", "العالمي", "الدولي", "الأول", "الثاني", "الثالث",
    "الرابع", "الخامس", "السادس", "السابع", "الأخير", "الذي", "الواحد", "المفتوح", "الدراسي", "الموعود",
))

# "صلاة الجمعة" is a prayer, "بين الاثنين" is "between the two".
WEEKDAY_NOT_BEFORE = frozenset(key(w) for w in (
    "صلاة", "خطبة", "خطب", "خطيب", "صلوات", "سوق", "بين", "كلا", "هذين", "هذان", "لصلاة", "وصلاة", "أداء",
))

# "في 2000 شخص", "منذ 2000 عام": a count, not a year.
YEAR_NOT_BEFORE = frozenset(key(w) for w in (
    "عام", "أعوام", "سنة", "سنوات", "سنين", "يوم", "أيام", "شهر", "أشهر", "ساعة", "ساعات", "دقيقة",
    "شخص", "أشخاص", "مواطن", "طالب", "طفل", "امرأة", "رجل", "قتيل", "جريح", "منزل", "حالة", "عائلة",
    "أسرة", "دولار", "ريال", "جنيه", "دينار", "درهم", "يورو", "ليرة", "كيلو", "كيلومتر", "متر", "طن",
    "برميل", "وظيفة", "مليون", "ألف", "مليار", "نسمة", "عنصر", "جندي", "مقاتل", "مشروع", "وحدة", "سيارة",
    "مرة", "مرات", "صفحة", "كلمة", "مقعد", "عضو", "موظف", "عامل", "لاجئ", "نازح", "معتقل", "سجين",
))

# Words before a bare weekday that say it is still ahead ("من المقرر أن يجتمع الخميس").
FUTURE_CUES = frozenset(key(w) for w in (
    "سوف", "المقرر", "المرتقب", "المزمع", "المنتظر", "يعتزم", "تعتزم", "سيعقد", "ستعقد", "سيجتمع",
    "ستبدأ", "سيبدأ", "سيصل", "ستصل", "سيزور", "ستزور", "سيلتقي", "سيتم", "ستنطلق", "سينطلق", "موعد",
    "سيتوجه", "ستتوجه", "سيشارك", "ستشارك", "سيقام", "ستقام", "سيعود", "ستعود", "سيغادر", "ستغادر",
    "سيواجه", "ستواجه", "سيلعب", "سيخوض", "سيعلن", "ستعلن", "ستجرى", "سيجري", "ستختتم", "سيختتم",
))
