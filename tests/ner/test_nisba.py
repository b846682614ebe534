"""Place adjectives derived from the knowledge base's place names."""

from __future__ import annotations

import pytest

from marsad.arabic import tokens
from marsad.ner.features import Featurizer
from marsad.ner.gazetteer import word_key
from marsad.ner.nisba import Nisba, adjective_key, default_nisba


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("المغربي", "C"),
        ("السعودية", "C"),  # the country itself reads as its adjective's feminine
        ("الكاميروني", "C"),
        ("والفلسطينيون", "C"),
        ("السوري", "C"),
        ("الأوروبي", "R"),
        ("الآسيوي", "R"),
    ],
)
def test_adjectives_of_known_places(word: str, kind: str) -> None:
    assert default_nisba().kind(word_key(word)) == kind


@pytest.mark.parametrize(
    "word", ["الاقتصادي", "الدولي", "الحكومي", "الجنوبي", "الجديد", "وزير", "قال", "الرياضي", "الطائفي"]
)
def test_common_adjectives_and_words_are_not_places(word: str) -> None:
    # الرياضي and الطائفي would be adjectives of الرياض and الطائف: cities give none.
    assert default_nisba().kind(word_key(word)) is None


def test_an_adjective_in_a_multiword_name_gives_no_nisba() -> None:
    nisba = Nisba([("كوريا الجنوبية", "C"), ("الضاحية الجنوبية", "R"), ("الدار البيضاء", "R")])
    assert nisba.kind(word_key("الجنوبي")) is None
    assert nisba.kind(word_key("البيضاوي")) == "R"


def test_plural_and_feminine_endings_fold_to_the_bare_adjective() -> None:
    assert adjective_key("مغربيون") == adjective_key("مغربيين") == adjective_key("مغربيه") == "مغربي"
    assert adjective_key("مغربي") == "مغربي"


def test_featurizer_uses_nisba_only_when_asked() -> None:
    text = "وفاز المنتخب المغربي"
    words = list(tokens(text))
    with_nisba = Featurizer(nisba=default_nisba()).sentence(text, words)
    without = Featurizer().sentence(text, words)
    assert "nis=C" in with_nisba[2] and "nis[+1]=C" in with_nisba[1]
    assert not any(f.startswith("nis") for feats in without for f in feats)
