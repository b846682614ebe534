import pytest

from marsad.arabic import fold, repair, strip_diacritics, tokens, words


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("في غزة ، والسودان", "في غزة، والسودان"),
        ("انتهى الاجتماع .", "انتهى الاجتماع."),
        ("هل انتهى ؟ نعم ؛ انتهى", "هل انتهى؟ نعم؛ انتهى"),
        ("نص\u200fمع\u200b علامات", "نصمع علامات"),
        ("سطر\x1a أخير", "سطر أخير"),
        ("كلمتان   بينهما  فراغات", "كلمتان بينهما فراغات"),
    ],
)
def test_repair_fixes_only_clear_damage(damaged, repaired):
    assert repair(damaged) == repaired


@pytest.mark.parametrize(
    "faithful",
    ["قال: “لا غنى عنها”", "3.5 مليار", "مُنَظَّمَة", "الأمـم", "«السلام»"],
)
def test_repair_keeps_display_text_faithful(faithful):
    assert repair(faithful) == faithful


@pytest.mark.parametrize(
    ("variant", "base"),
    [
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمال", "امال"),
        ("مستشفى", "مستشفي"),
        ("منظمة", "منظمه"),
        ("مُنَظَّمَةٌ", "منظمه"),
        ("الأمـــم", "الامم"),
        ("٢٠٢٥", "2025"),
        ("ﻻ", "لا"),
    ],
)
def test_fold_merges_spelling_variants(variant, base):
    assert fold(variant) == base


def test_strip_diacritics_removes_harakat_and_tatweel():
    assert strip_diacritics("الـسَّلَامُ") == "السلام"


def test_tokens_offsets_slice_back_and_keep_diacritics_inside_words():
    text = "قالَ خالد خياري، al-Sisi: ١٢ مارس"
    found = list(tokens(text))
    assert [t.text for t in found] == ["قالَ", "خالد", "خياري", "al-Sisi", "١٢", "مارس"]
    assert all(text[t.start : t.end] == t.text for t in found)


def test_words_ignores_punctuation():
    assert words("«نعم» - (لا)!") == ["نعم", "لا"]
