"""Mentions by role (المبعوث الأممي) and short spellings (السيد ترك) joined to the person named."""

from __future__ import annotations

import pytest
from tagged import tagged

from marsad.article import Article
from marsad.link import Linked, Linker, new_id
from marsad.link.roles import is_role_phrase
from marsad.stages.entities import EntityLinker
from marsad.stages.quotes import find_quotes


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker()


def _by_id(result: Linked) -> dict[str, list[str]]:
    return {e.id: [m.text for m in e.mentions] for e in result.entities}


TURK = (
    "جنيف - حذر فولكر تورك، رئيس المفوضية السامية لحقوق الإنسان، من تدهور الأوضاع. "
    "وقال رئيس المفوضية في بيان: «ما نشهده انتهاك صارخ». وأضاف السيد ترك: «على العالم أن يتحرك»."
)


def test_role_and_short_spelling_join_the_person(linker: Linker) -> None:
    found = _by_id(linker.link(TURK))
    assert found["PER:volker-turk"] == ["فولكر تورك", "رئيس المفوضية", "ترك"]


def test_role_before_the_name_is_a_title_not_a_mention(linker: Linker) -> None:
    text = "وصل المبعوث الأممي هانس غروندبرغ إلى صنعاء. وقال المبعوث الأممي إن الحوار هو السبيل."
    found = _by_id(linker.link(text))
    assert found["PER:hans-grundberg"] == ["هانس غروندبرغ", "المبعوث الأممي"]


def test_role_two_people_hold_is_not_joined(linker: Linker) -> None:
    text = (
        "التقى المبعوث الأممي غير بيدرسن المبعوث الأمريكي ستيف ويتكوف في جنيف. "
        "وقال المبعوث إن اللقاء كان مثمرا. وأضاف المبعوث الأمريكي أن واشنطن تدعم الحل."
    )
    found = _by_id(linker.link(text))
    assert found["PER:geir-pedersen"] == ["غير بيدرسن"]
    assert found["PER:steve-witkoff"] == ["ستيف ويتكوف", "المبعوث الأمريكي"]


def test_a_longer_role_names_somebody_else(linker: Linker) -> None:
    # وزير الخارجية الروسي is not the Saudi foreign minister the article named.
    text = "قال وزير الخارجية السعودي عادل الجبير إن الرياض تدعم الحل. وأكد وزير الخارجية الروسي أن موسكو ترفض."
    found = _by_id(linker.link(text))
    assert found["PER:adel-al-jubeir"] == ["عادل الجبير"]


def test_unknown_spokesman_two_spellings_one_id(linker: Linker) -> None:
    text = (
        "قال ستيفان دوجاريك، المتحدث باسم الأمم المتحدة، إن المنظمة قلقة. "
        "وأضاف ستيفان دوغريك أن القوافل متوقفة. وقال المتحدث الأممي إن الوضع خطير."
    )
    spans = tagged(text, [("PER", "ستيفان دوجاريك"), ("PER", "ستيفان دوغريك")])
    result = linker.link(text, spans)
    found = _by_id(result)
    assert found[new_id("PER", "ستيفان دوجاريك")] == ["ستيفان دوجاريك", "ستيفان دوغريك", "المتحدث الأممي"]
    assert ["ستيفان دوجاريك", "ستيفان دوغريك"] in result.variants


def test_unknown_person_id_whatever_spelling_comes_first(linker: Linker) -> None:
    a, b = "ماثيو ميلر", "ماتيو ميلر"
    ids = []
    for names in ((a, b, b), (b, a, b), (b, b, a)):
        text = (
            f"قال {names[0]}، المتحدث باسم الخارجية، إن الوزير سيزور المنطقة. "
            f"وقال {names[1]} إن الزيارة تستمر يومين. وقال {names[2]} أيضا إن الموعد لم يحدد."
        )
        result = linker.link(text, tagged(text, [("PER", n) for n in names]))
        (person,) = [e for e in result.entities if e.type == "PER"]
        assert len(person.mentions) == 3
        ids.append(person.id)
    assert ids == [new_id("PER", b)] * 3  # the spelling written most, wherever it stands


def test_quotes_attributed_by_role_or_short_form_get_the_person() -> None:
    article = EntityLinker(ner=False)(Article(text=TURK))
    speakers = [(q.speaker_text, q.speaker) for q in find_quotes(TURK, article.entities)]
    assert speakers == [("رئيس المفوضية", "PER:volker-turk"), ("السيد ترك", "PER:volker-turk")]


def test_is_role_phrase() -> None:
    assert is_role_phrase("المبعوث الأممي") and is_role_phrase("رئيس المفوضية")
    assert not is_role_phrase("فولكر تورك")
