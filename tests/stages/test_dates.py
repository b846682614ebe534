"""Dates: every expression found with its exact span, and resolved to the right day.

The table below is written by hand. Relative expressions are resolved against a fixed
anchor, Thursday 20 March 2025 (20 Ramadan 1446), so the expected values are stable.
Hijri values were checked against the Umm al-Qura calendar as published (1 Ramadan 1446
= 1 March 2025, Eid al-Fitr 1446 = 30 March 2025, Eid al-Adha 1445 = 16 June 2024) and
against the Gregorian date a Saudi agency dateline gives beside the Hijri one.
"""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.article import Article, DateMention
from marsad.stages.dates import date_article, find_dates, resolve_dates

ANCHOR = date(2025, 3, 20)  # a Thursday; 20 Ramadan 1446
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_022d3e44706ecb06.txt"

# (expression, value) or (expression, value, the span found when it is not the whole expression)
TABLE = [
    # --- Gregorian months, the Egyptian/Gulf names and their spellings
    ("12 يناير 2025", "2025-01-12"),
    ("3 فبراير 2024", "2024-02-03"),
    ("12 مارس 2025", "2025-03-12"),
    ("1 أبريل 2023", "2023-04-01"),
    ("1 إبريل 2023", "2023-04-01"),
    ("15 مايو 2022", "2022-05-15"),
    ("30 يونيو 2021", "2021-06-30"),
    ("30 يونيه 2021", "2021-06-30"),
    ("4 يوليو 2020", "2020-07-04"),
    ("4 يوليه 2020", "2020-07-04"),
    ("15 أغسطس 2019", "2019-08-15"),
    ("15 اغسطس 2019", "2019-08-15"),
    ("11 سبتمبر 2001", "2001-09-11"),
    ("6 أكتوبر 1973", "1973-10-06"),
    ("9 نوفمبر 1989", "1989-11-09"),
    ("25 ديسمبر 2024", "2024-12-25"),
    # --- Levantine / Iraqi months
    ("15 كانون الثاني 2024", "2024-01-15"),
    ("كانون ثاني 2024", "2024-01"),
    ("14 شباط 2005", "2005-02-14"),
    ("8 آذار 2025", "2025-03-08"),
    ("7 نيسان 2023", "2023-04-07"),
    ("1 أيار 2024", "2024-05-01"),
    ("5 حزيران 1967", "1967-06-05"),
    ("17 تموز 2024", "2024-07-17"),
    ("4 آب 2020", "2020-08-04"),
    ("20 أيلول 2024", "2024-09-20"),
    ("6 تشرين الأول 1973", "1973-10-06"),
    ("2 تشرين الثاني 2024", "2024-11-02"),
    ("31 كانون الأول 2024", "2024-12-31"),
    ("تشرين أول 2019", "2019-10"),
    # --- Maghrebi months (Algeria, Tunisia) and Moroccan ones
    ("15 جانفي 2024", "2024-01-15"),
    ("22 فيفري 2019", "2019-02-22"),
    ("5 أفريل 2023", "2023-04-05"),
    ("1 ماي 2024", "2024-05-01"),
    ("20 جوان 2024", "2024-06-20"),
    ("5 جويلية 1962", "1962-07-05"),
    ("20 أوت 1955", "1955-08-20"),
    ("1 نوفمبر 1954", "1954-11-01"),
    ("20 غشت 2023", "2023-08-20"),
    ("16 شتنبر 2022", "2022-09-16"),
    ("18 نونبر 2024", "2024-11-18"),
    ("31 دجنبر 2023", "2023-12-31"),
    ("30 يوليوز 2024", "2024-07-30"),
    # --- month and year, double names, era marks, ordinals, weekdays in front
    ("مارس 2024", "2024-03"),
    ("يناير 2020", "2020-01"),
    ("شباط 2022", "2022-02"),
    ("جوان 2021", "2021-06"),
    ("ديسمبر 2019", "2019-12"),
    ("مارس من عام 2024", "2024-03"),
    ("مارس من العام 2024", "2024-03"),
    ("شهر يوليو 2015", "2015-07"),
    ("أغسطس/آب 2019", "2019-08"),
    ("12 آذار (مارس) 2025", "2025-03-12"),
    ("كانون الثاني/يناير 2024", "2024-01"),
    ("3 آب/أغسطس 2019", "2019-08-03"),
    ("التاسع من أغسطس آب 2014", "2014-08-09"),
    ("نوفمبر 2024م", "2024-11"),
    ("12 مارس 2025م", "2025-03-12"),
    ("12 مارس 2025 م", "2025-03-12"),
    ("31 يوليو2015", "2015-07-31"),
    ("12 مارس، 2025", "2025-03-12"),
    ("12 من مارس 2025", "2025-03-12"),
    ("الأول من مارس 2025", "2025-03-01"),
    ("الحادي والعشرين من مارس 2024", "2024-03-21"),
    ("الخامس عشر من يناير 2020", "2020-01-15"),
    ("الخميس 12 مارس 2025", "2025-03-12"),
    ("يوم الأحد 16 مارس 2025", "2025-03-16"),
    ("الثلاثاء، 11 مارس 2025", "2025-03-11"),
    ("الاثنين الموافق 10 مارس 2025", "2025-03-10"),
    ("١٢ مارس ٢٠٢٥", "2025-03-12"),
    # --- numbers: day first as Arabic news writes it, year first, Eastern digits
    ("12/03/2025", "2025-03-12"),
    ("12/3/2025", "2025-03-12"),
    ("2025/03/12", "2025-03-12"),
    ("2025-03-12", "2025-03-12"),
    ("12-03-2025", "2025-03-12"),
    ("12.03.2025", "2025-03-12"),
    ("١٢/٣/٢٠٢٥", "2025-03-12"),
    ("٢٠٢٥/٠٣/١٢", "2025-03-12"),
    ("۱۲/۳/۲۰۲۵", "2025-03-12"),
    ("1 / 11 / 2015", "2015-11-01"),
    ("03/25/2025", "2025-03-25"),
    ("12/03/2025م", "2025-03-12"),
    ("31/12/1999", "1999-12-31"),
    ("الأحد 16/3/2025", "2025-03-16"),
    # --- Hijri, converted with the Umm al-Qura calendar
    ("١٥ رمضان ١٤٤٦هـ", "2025-03-15"),
    ("15 رمضان 1446هـ", "2025-03-15"),
    ("15 رمضان 1446 هـ", "2025-03-15"),
    ("15 رمضان 1446 ه", "2025-03-15"),
    ("15 رمضان 1446 هجري", "2025-03-15"),
    ("15 رمضان 1446 للهجرة", "2025-03-15"),
    ("1 رمضان 1445هـ", "2024-03-11"),
    ("1 محرم 1446هـ", "2024-07-07"),
    ("1 شوال 1446هـ", "2025-03-30"),
    ("10 ذو الحجة 1445هـ", "2024-06-16"),
    ("10 ذي الحجة 1445هـ", "2024-06-16"),
    ("25 شوال 1436 هـ", "2015-08-10"),
    ("5 ذو القعدة 1436هـ", "2015-08-20"),
    ("العاشر من رمضان 1446هـ", "2025-03-10"),
    ("رمضان 1446هـ", "2025-03"),
    ("ذو الحجة 1445هـ", "2024-06"),
    ("27/5/1434هـ", "2013-04-08"),
    ("1 / 11 / 1436هـ", "2015-08-16"),
    ("1446/09/15", "2025-03-15"),
    ("عام 1446هـ", "2025"),
    ("رمضان 2025", "2025-03"),
    ("15 رمضان", "2025-03-15"),
    ("1 شوال", "2025-03-30"),
    # --- days relative to the anchor
    ("اليوم", "2025-03-20"),
    ("أمس", "2025-03-19"),
    ("امس", "2025-03-19"),
    ("يوم أمس", "2025-03-19"),
    ("بالأمس", "2025-03-19"),
    ("مساء أمس", "2025-03-19"),
    ("صباح اليوم", "2025-03-20"),
    ("أول أمس", "2025-03-18"),
    ("أول من أمس", "2025-03-18"),
    ("أمس الأول", "2025-03-18"),
    ("غدا", "2025-03-21"),
    ("غدًا", "2025-03-21"),
    ("غداً", "2025-03-21"),
    ("يوم غد", "2025-03-21"),
    ("بعد غد", "2025-03-22"),
    ("أمس الأربعاء", "2025-03-19"),
    ("اليوم (الخميس)", "2025-03-20"),
    ("أمس الثلاثاء", "2025-03-18"),  # the weekday is surer than the anchor
    # --- weekdays: the latest on or before the anchor, unless shifted
    ("يوم الخميس", "2025-03-20"),
    ("يوم الأربعاء", "2025-03-19"),
    ("الثلاثاء", "2025-03-18"),
    ("يوم الإثنين", "2025-03-17"),
    ("الأحد", "2025-03-16"),
    ("السبت", "2025-03-15"),
    ("الجمعة", "2025-03-14"),
    ("الخميس الماضي", "2025-03-13"),
    ("يوم الجمعة الماضي", "2025-03-14"),
    ("الجمعة الماضية", "2025-03-14"),
    ("الخميس المقبل", "2025-03-27"),
    ("الأحد المقبل", "2025-03-23"),
    ("الاثنين القادم", "2025-03-24"),
    ("مساء الأربعاء", "2025-03-19"),
    ("ليلة السبت المقبل", "2025-03-22"),
    # --- weeks, months and years relative to the anchor
    ("الأسبوع الماضي", "2025-W11"),
    ("الأسبوع المقبل", "2025-W13"),
    ("هذا الأسبوع", "2025-W12"),
    ("الشهر الماضي", "2025-02"),
    ("الشهر المقبل", "2025-04"),
    ("الشهر الجاري", "2025-03"),
    ("هذا الشهر", "2025-03"),
    ("العام الماضي", "2024"),
    ("السنة الماضية", "2024"),
    ("العام المقبل", "2026"),
    ("العام القادم", "2026"),
    ("هذا العام", "2025"),
    ("العام الجاري", "2025"),
    ("العام قبل الماضي", "2023"),
    ("مطلع العام المقبل", "2026"),
    ("أواخر الشهر الماضي", "2025-02"),
    ("منتصف الشهر الجاري", "2025-03"),
    # --- a named month relative to the anchor
    ("سبتمبر الماضي", "2024-09"),
    ("يناير الماضي", "2025-01"),
    ("مارس الماضي", "2024-03"),
    ("أبريل المقبل", "2025-04"),
    ("فبراير المقبل", "2026-02"),
    ("أيلول الماضي", "2024-09"),
    ("آب الماضي", "2024-08"),
    ("ديسمبر المنصرم", "2024-12"),
    ("مارس الجاري", "2025-03"),
    ("29 يوليو (تموز) الماضي", "2024-07-29", "29 يوليو (تموز) الماضي"),
    ("رمضان الماضي", "2024-03"),
    ("شعبان الماضي", "2025-02"),
    ("محرم المقبل", "2025-07"),
    # --- counted back from the anchor
    ("قبل يومين", "2025-03-18"),
    ("قبل ثلاثة أيام", "2025-03-17"),
    ("قبل 5 أيام", "2025-03-15"),
    ("منذ يومين", "2025-03-18"),
    ("قبل أسبوع", "2025-W11"),
    ("قبل أسبوعين", "2025-W10"),
    ("قبل شهر", "2025-02"),
    ("قبل شهرين", "2025-01"),
    ("قبل عامين", "2023"),
    ("قبل خمس سنوات", "2020"),
    # --- a month alone after a preposition or with a clitic: the nearest one
    ("في مارس", "2025-03", "مارس"),
    ("بمارس", "2025-03", "مارس"),
    ("في يناير", "2025-01", "يناير"),
    ("في يونيو", "2025-06", "يونيو"),
    ("في أغسطس", "2024-08", "أغسطس"),
    ("منذ نوفمبر", "2024-11", "نوفمبر"),
    ("في تموز", "2025-07", "تموز"),
    ("خلال شهر رمضان", "2025-03", "شهر رمضان"),
    ("ومارس 2024", "2024-03", "مارس 2024"),
    ("وفي 12 مارس 2025", "2025-03-12", "12 مارس 2025"),
    # --- a year alone, only where it is plainly a year
    ("عام 2024", "2024"),
    ("العام 2023", "2023"),
    ("سنة 1990", "1990"),
    ("عام 1453", "1453"),
    ("عام ٢٠٢٤", "2024"),
    ("عام 2024م", "2024"),
    ("لعام 2024", "2024", "عام 2024"),
    ("في 2023", "2023", "2023"),
    ("منذ 2011", "2011", "2011"),
    ("بحلول 2030", "2030", "2030"),
    ("وحتى 2030", "2030", "2030"),
    ("2025م", "2025"),
    ("مطلع 2024", "2024"),
    ("أواخر عام 2023", "2023"),
    ("عامي 2015-2016", "2015/2016"),
]


def _case_id(case: tuple) -> str:
    return case[0]


@pytest.mark.parametrize("case", TABLE, ids=_case_id)
def test_dates_table(case: tuple) -> None:
    expression, expected = case[0], case[1]
    span = case[2] if len(case) > 2 else expression
    found = find_dates(expression, ANCHOR)
    assert [(m.text, m.value) for m in found] == [(span, expected)]
    assert expression[found[0].start : found[0].end] == span


def test_dates_table_is_at_least_150_expressions() -> None:
    assert len(TABLE) >= 150
    assert len({case[0] for case in TABLE}) == len(TABLE)


@pytest.mark.parametrize("case", TABLE, ids=_case_id)
def test_dates_table_in_a_sentence(case: tuple) -> None:
    """The same expression inside running text, after punctuation and before a clause."""
    expression, expected = case[0], case[1]
    span = case[2] if len(case) > 2 else expression
    text = f"وكانت الحكومة قد أكدت، {expression}، أن المفاوضات مستمرة."
    found = find_dates(text, ANCHOR)
    assert [(m.text, m.value) for m in found] == [(span, expected)]
    assert all(text[m.start : m.end] == m.text for m in found)


# ------------------------------------------------------------------ not dates
@pytest.mark.parametrize(
    "text",
    [
        "قتل 2000 شخص في الزلزال",
        "قتل 57 شخصا وأصيب 120 آخرون",
        "للاستفسار اتصل على الرقم 0551234567",
        "اتصل على 011-456-7890 أو 920000890",
        "ارتفع المؤشر بنسبة 12.5% في التداولات",
        "فاز الفريق 2 صفر على ضيفه",
        "مارس الضغط على الحكومة لتغيير القرار",
        "وأكد أن من مارس العنف سيحاسب",
        "استقبل الرئيس رجب طيب أردوغان ضيفه",
        "أدى المصلون صلاة الجمعة في المسجد الحرام",
        "تناولت خطبة الجمعة قيم التسامح",
        "لا فرق بين الاثنين في الموقف",
        "كما ذكرت عين اليوم في تقريرها",
        "احتفلت المملكة باليوم الوطني وفي اليوم التالي عادت الحياة",
        "ارتفع العدد من 1500 إلى 2000",
        "عاشت الحضارة منذ 2000 عام",
        "بلغ عدد السكان في 2000 منزل",
        "الساعة 12:30 ظهرا",
        "تحديث النظام إلى الإصدار 12.3 متاح",
        "وصل قبل أيام إلى العاصمة",
        "أب لثلاثة أطفال",
        "أعلنت شركة نيسان عن طرازها الجديد",
        "الدوام من الأحد إلى الخميس",
        "القانون رقم 10 لسنة",
    ],
)
def test_dates_not_found_in_non_dates(text: str) -> None:
    assert find_dates(text, ANCHOR) == []


# ------------------------------------------------------------------ spans
def test_dates_spans_slice_the_text_exactly_in_a_paragraph() -> None:
    text = (
        "الرياض 12 مارس 2025 (واس) - عقد مجلس الوزراء جلسته يوم الخميس، وناقش ما تم في "
        "سبتمبر الماضي.\n\nوأشار إلى مذكرة تفاهم وقعت في مارس 2024 وأخرى في ١٥ رمضان ١٤٤٦هـ."
    )
    found = find_dates(text, ANCHOR)
    assert [(m.text, m.value) for m in found] == [
        ("12 مارس 2025", "2025-03-12"),
        ("يوم الخميس", "2025-03-20"),
        ("سبتمبر الماضي", "2024-09"),
        ("مارس 2024", "2024-03"),
        ("١٥ رمضان ١٤٤٦هـ", "2025-03-15"),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_dates_spans_survive_diacritics_tatweel_and_controls() -> None:
    """Folding drops harakat, tatweel and bidi marks; spans must still point into the original."""
    text = "قالَ الوزيرُ غداً إنّ الاجتماعَ سيُعقد يوم الخميــس \u200f12 مارسَ 2025م، ثم في رمضانَ 1446هـ."
    found = find_dates(text, ANCHOR)
    assert [(m.text, m.value) for m in found] == [
        ("غداً", "2025-03-21"),
        ("يوم الخميــس \u200f12 مارسَ 2025م", "2025-03-12"),
        ("رمضانَ 1446هـ", "2025-03"),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_dates_spans_survive_presentation_forms() -> None:
    """A ligature (ﻻ) folds to two letters; the slow path maps every character."""
    text = "ﻻ تزال المحادثات مستمرة منذ 12 مارس 2025 وحتى اليوم"
    found = find_dates(text, ANCHOR)
    assert [(m.text, m.value) for m in found] == [("12 مارس 2025", "2025-03-12"), ("اليوم", "2025-03-20")]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_dates_before_a_named_month_is_not_a_month_ago() -> None:
    found = find_dates("بدأ المعسكر قبل شهر رمضان بأيام", ANCHOR)
    assert [(m.text, m.value) for m in found] == [("شهر رمضان", "2025-03")]


def test_dates_do_not_span_paragraphs() -> None:
    text = "وقعت الحادثة في 12 مارس\n\n2025 كان عاما صعبا"
    assert [m.text for m in find_dates(text, ANCHOR)] == ["12 مارس"]


def test_dates_weekday_with_a_future_cue_is_the_next_one() -> None:
    found = find_dates("ومن المقرر أن يجتمع الوزراء الأحد لبحث الملف", ANCHOR)
    assert [(m.text, m.value) for m in found] == [("الأحد", "2025-03-23")]


def test_dates_month_without_year_is_the_nearest() -> None:
    # Four months ahead at most, seven back: news reports the past, announces the near future.
    assert find_dates("12 يوليو", ANCHOR)[0].value == "2025-07-12"
    assert find_dates("12 أغسطس", ANCHOR)[0].value == "2024-08-12"
    assert find_dates("في ديسمبر", date(2025, 1, 10))[0].value == "2024-12"


def test_dates_impossible_days_are_found_without_a_value() -> None:
    found = find_dates("31 نوفمبر 2024 و30 رمضان 1446هـ", ANCHOR)
    assert [(m.text, m.value) for m in found] == [("31 نوفمبر 2024", None), ("30 رمضان 1446هـ", None)]


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)),
    family=st.sampled_from(["standard", "levantine", "maghrebi"]),
    eastern=st.booleans(),
)
def test_dates_any_day_in_any_month_family_round_trips(day: date, family: str, eastern: bool) -> None:
    names = {
        "standard": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
        "levantine": "كانون_الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين_الأول تشرين_الثاني كانون_الأول",
        "maghrebi": "جانفي فيفري مارس أفريل ماي جوان جويلية أوت سبتمبر أكتوبر نوفمبر ديسمبر",
    }[family].split()
    text = f"{day.day} {names[day.month - 1].replace('_', ' ')} {day.year}"
    if eastern:
        text = text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    found = find_dates(f"وقع ذلك في {text} بحسب المصادر", ANCHOR)
    assert [(m.text, m.value) for m in found] == [(text, day.isoformat())]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=6), st.dates(date(2000, 1, 1), date(2040, 12, 31)))
def test_dates_weekday_is_the_latest_on_or_before_the_anchor(weekday: int, anchor: date) -> None:
    name = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"][weekday]
    value = date.fromisoformat(find_dates(f"قال يوم {name} إن", anchor)[0].value)
    assert value.weekday() == weekday and anchor - timedelta(days=6) <= value <= anchor


# ------------------------------------------------------------------ published and the stage
def test_dates_published_filled_from_a_dateline() -> None:
    article = Article(text="الرياض 12 مارس 2025 (واس) - أعلنت وزارة الصحة أمس عن حملة جديدة.")
    done = date_article(article, ingest=date(2026, 1, 1))
    assert done.published == "2025-03-12"
    assert done.flags["published_from"] == "text-dateline"
    assert done.flags["dates_anchor"] == "published"
    assert [(m.text, m.value) for m in done.dates] == [("12 مارس 2025", "2025-03-12"), ("أمس", "2025-03-11")]


@pytest.mark.parametrize(
    "text, published",
    [
        ("جدة 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس نظمت الغرفة التجارية ندوة.", "2015-08-10"),
        ("القاهرة - 12/3/2025 - قال المتحدث باسم الوزارة إن", "2025-03-12"),
        ("نشر في: 2025/03/12\n\nقال المتحدث إن", "2025-03-12"),
        ("بيروت، 3 آذار (مارس) 2025 (أ ف ب) - قال", "2025-03-03"),
    ],
)
def test_dates_published_dateline_shapes(text: str, published: str) -> None:
    done = date_article(Article(text=text), ingest=date(2026, 1, 1))
    assert (done.published, done.flags["published_from"]) == (published, "text-dateline")


def test_dates_a_date_in_the_lede_is_not_a_dateline() -> None:
    article = Article(text="أعلنت الوزارة في بيان صدر عنها أنها ستبدأ في 12 مارس 2025 تطبيق القرار. وقالت أمس")
    done = date_article(article, ingest=ANCHOR)
    assert done.published is None
    assert "published_from" not in done.flags
    assert done.flags["dates_anchor"] == "ingest"
    assert done.dates[-1].value == "2025-03-19"


def test_dates_metadata_published_is_the_anchor_and_is_recorded() -> None:
    article = Article(text="الرياض 1 يناير 2020 - قال الوزير أمس", published="2025-03-20T09:30:00+03:00")
    done = date_article(article, ingest=date(2030, 1, 1))
    assert done.published == "2025-03-20T09:30:00+03:00"
    assert done.flags["published_from"] == "metadata"
    assert [m.value for m in done.dates] == ["2020-01-01", "2025-03-19"]


def test_dates_keeps_an_existing_published_from() -> None:
    article = Article(text="قال أمس", published="2025-03-20", flags={"published_from": "html-meta"})
    assert date_article(article, ingest=ANCHOR).flags["published_from"] == "html-meta"


def test_dates_reads_a_published_date_that_is_not_iso() -> None:
    article = Article(text="قال أمس", published="Thu, 20 Mar 2025 10:00:00 GMT")
    assert date_article(article, ingest=date(2030, 1, 1)).dates[0].value == "2025-03-19"


def test_dates_unreadable_published_falls_back_to_ingest() -> None:
    article = Article(text="قال أمس", published="غير معروف")
    done = date_article(article, ingest=ANCHOR)
    assert done.flags["dates_anchor"] == "ingest"
    assert done.dates[0].value == "2025-03-19"


def test_dates_relative_mentions_say_their_anchor_and_absolute_ones_none() -> None:
    text = "قال الوزير يوم الخميس إن اتفاق 1 يناير 2020 لم يعد قائما"
    published = date_article(Article(text=text, published="2025-07-25"), ingest=ANCHOR)
    assert [(m.value, m.anchor) for m in published.dates] == [("2025-07-24", "published"), ("2020-01-01", None)]
    today = date_article(Article(text=text), ingest=date(2025, 3, 21))
    assert today.dates[0].anchor == "today" and today.flags["dates_anchor"] == "ingest"


def test_dates_resolve_against_the_published_estimate_when_no_published() -> None:
    article = Article(text="قال الوزير يوم الخميس", published_estimate="2025-07-25")
    done = date_article(article, ingest=date(2030, 1, 1))
    assert done.published is None
    assert (done.dates[0].value, done.dates[0].anchor) == ("2025-07-24", "estimate")
    assert done.flags["dates_anchor"] == "estimate"


def test_dates_malformed_estimate_falls_back_to_today() -> None:
    done = date_article(Article(text="قال أمس", published_estimate="2025-13-45"), ingest=ANCHOR)
    assert (done.dates[0].value, done.dates[0].anchor) == ("2025-03-19", "today")


def test_dates_stage_declares_what_it_needs_and_gives() -> None:
    assert resolve_dates.name == "dates"
    assert resolve_dates.needs == frozenset({"text"})
    assert resolve_dates.gives == frozenset({"dates", "published"})
    assert pickle.loads(pickle.dumps(resolve_dates)) is resolve_dates


def test_dates_stage_on_an_article(make_article) -> None:
    article = make_article(text="دمشق 5 نيسان 2024 (سانا) - قال الوزير يوم الخميس إن الاجتماع عقد الشهر الماضي.")
    done = resolve_dates(article)
    assert done.published == "2024-04-05"
    assert [(m.text, m.value) for m in done.dates] == [
        ("5 نيسان 2024", "2024-04-05"),
        ("يوم الخميس", "2024-04-04"),
        ("الشهر الماضي", "2024-03"),
    ]
    assert all(isinstance(m, DateMention) for m in done.dates)
    assert article.dates == []  # the input is left as it was


def test_dates_stage_on_an_empty_article(make_article) -> None:
    done = resolve_dates(make_article(text=""))
    assert done.dates == [] and done.published is None


def test_dates_stage_uses_today_without_an_anchor(make_article) -> None:
    done = resolve_dates(make_article(text="قال أمس"))
    assert done.dates[0].value == (date.today() - timedelta(days=1)).isoformat()


# ------------------------------------------------------------------ the seed page
def test_dates_seed_relative_and_absolute_dates() -> None:
    if not SEED.is_file():
        pytest.skip(f"seed page {SEED} is absent")
    text = SEED.read_text(encoding="utf-8")
    found = find_dates(text, date(2025, 5, 15))  # a Thursday
    assert [(m.text, m.value) for m in found] == [
        ("يوم الخميس", "2025-05-15"),
        ("سبتمبر الماضي", "2024-09"),
        ("مارس 2024", "2024-03"),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)


# ------------------------------------------------------------------ a peer
def test_dates_agree_with_dateparser_where_it_reads_them() -> None:
    """dateparser reads some of the table (standard names, numbers, أمس); where it gives
    a day, seen from the same anchor, it must be ours. It reads none of the Hijri, Maghrebi
    or Levantine dates, which is why we do not lean on it."""
    dateparser = pytest.importorskip("dateparser")
    base = datetime.combine(ANCHOR, datetime.min.time())
    settings = {"DATE_ORDER": "DMY", "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    compared = 0
    for case in TABLE:
        expression, expected = case[0], case[1]
        if len(expected) != 10:
            continue
        parsed = dateparser.parse(expression, languages=["ar"], settings=settings)
        if parsed is None or parsed.year < 1600:  # unread, or a Hijri year read as Gregorian
            continue
        compared += 1
        assert parsed.date().isoformat() == expected, expression
    assert compared >= 40
