"""The phonetic fold: transliteration variants of one name alike, different names apart."""

from __future__ import annotations

import pytest

from marsad.link.phonetic import skeleton, spelling_similarity, word_similarity


@pytest.mark.parametrize(
    ("a", "b"),
    [("خياري", "خيري"), ("غوتيريش", "جوتيريس"), ("لعمامرة", "لامامرا"), ("نتنياهو", "نتانياهو"), ("أردوغان", "اردوجان")],
)
def test_phonetic_transliterations_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)
    assert word_similarity(a, b) == 1.0


@pytest.mark.parametrize(("a", "b"), [("محمد", "أحمد"), ("عباس", "عياش"), ("خالد", "مشعل")])
def test_phonetic_different_names_stay_apart(a: str, b: str) -> None:
    assert skeleton(a) != skeleton(b)
    assert word_similarity(a, b) < 0.8


def test_phonetic_article_and_spelling() -> None:
    assert skeleton("التيفور") == skeleton("تيفور")
    assert spelling_similarity("الأحواز", "الأهواز") >= 0.8
    assert skeleton("خالد خياري") == skeleton("خالد خيري")
