"""Knowledge-base names in text: clitics, longest match, exact offsets, common words."""

from __future__ import annotations

import pytest

from marsad.kb import load_kb
from marsad.link.match import NameIndex, clitic_cut, first_word_keys


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(load_kb())


def _hits(index: NameIndex, text: str) -> list[tuple[str, str]]:
    return [(h.text, h.entries[0].id) for h in index.scan(text)]


@pytest.mark.parametrize(
    ("text", "mention", "entity"),
    [
        ("قال إن والسودان يواجه أزمة", "السودان", "LOC:SD"),
        ("عقد المؤتمر بالسنغال أمس", "السنغال", "LOC:SN"),
        ("وجه الدعوة لمنظمة التعاون الإسلامي الأسبوع الماضي", "منظمة التعاون الإسلامي", "ORG:oic"),
        ("قدم الدعم للسودان منذ سنوات", "سودان", "LOC:SD"),  # لل ate the article's alif
        ("مؤتمر سنوي عقد في سينغال.", "سينغال", "LOC:SN"),
        ("ووصل الوفد إلى لبنان", "لبنان", "LOC:LB"),
        ("قال متحدث لـCNN إن", "CNN", "ORG:cnn"),
        ("غرد الحساب #حزب_الله اليوم", "حزب_الله", "ORG:hezbollah"),
    ],
)
def test_match_clitics_left_out_of_the_mention(index: NameIndex, text: str, mention: str, entity: str) -> None:
    hits = index.scan(text)
    assert [(h.text, h.entries[0].id) for h in hits] == [(mention, entity)]
    assert all(text[h.start : h.end] == h.text for h in hits)


def test_match_longest_name_wins(index: NameIndex) -> None:
    text = "زار المبعوث السودان وجنوب السودان"
    assert _hits(index, text) == [("السودان", "LOC:SD"), ("جنوب السودان", "LOC:SS")]


def test_match_old_and_new_names_one_entry(index: NameIndex) -> None:
    text = "منظمة المؤتمر الإسلامي هي منظمة التعاون الإسلامي (OIC) نفسها"
    assert {i for _, i in _hits(index, text)} == {"ORG:oic"}
    assert len(index.scan(text)) == 3


def test_match_latin_acronym_needs_capitals(index: NameIndex) -> None:
    assert _hits(index, "the oic said") == []
    assert _hits(index, "قالت OIC إن") == [("OIC", "ORG:oic")]


def test_match_name_stops_at_punctuation(index: NameIndex) -> None:
    assert ("جنوب السودان", "LOC:SS") not in _hits(index, "في الجنوب، السودان")


@pytest.mark.parametrize("text", ["في حديثه مع الصحيفة", "عرضت صور الإعلام", "وكيل الوزارة", "نجاحا كبيرا"])
def test_match_common_words_are_not_strong_names(index: NameIndex, text: str) -> None:
    # حديثة, صور are towns; كيل, بيرا would need a clitic peeled off an ordinary word.
    assert all(h.weak for h in index.scan(text))


def test_match_lone_preposition_not_peeled_off_a_word(index: NameIndex) -> None:
    assert ("بيرا", 1) not in first_word_keys("كبيرا")
    assert clitic_cut("لانس", index.knows) == 0  # Lance, not ل + انس
    assert clitic_cut("لترامب", index.knows) == 1  # a known name after ل
    assert clitic_cut("والسودان", index.knows) == 1


def test_match_article_kept_in_names(index: NameIndex) -> None:
    # الخليل is Hebron; the given name خليل is not.
    assert _hits(index, "قال خليل إن") == []
    assert [i for _, i in _hits(index, "في مدينة الخليل")] == ["LOC:PS:hebron"]


def test_match_lookup_exact(index: NameIndex) -> None:
    assert [e.id for e in index.lookup("لمنظمة التعاون الإسلامي")] == ["ORG:oic"]
    assert index.lookup("كيندي") == ()  # not ك + يندي (a town in Ghana)
