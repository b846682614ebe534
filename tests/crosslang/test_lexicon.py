"""The shipped lexicon is keyed in the same match form the run-time code reads words in.

Its keys are search stems: when a change to `marsad.arabic.stem` makes these fail, rebuild
it with `python training/build_crosslang_lexicon.py`.
"""

import pytest

from marsad.crosslang.lexicon import arabic_keys, english_key, load_lexicon, translations


@pytest.mark.parametrize(
    ("arabic", "english"),
    [("الوزير", "minister"), ("البرلمان", "parliament"), ("والحرب", "war"), ("لمنظمة", "organisation"),
     ("التعاون", "cooperation"), ("اللاجئين", "refugee"), ("السلام", "peace"), ("ويلز", "Wales")],
)
def test_arabic_words_in_any_clitic_form_find_their_english(arabic, english):
    key, *bare = arabic_keys(arabic)
    assert english_key(english) in translations(key, bare[0] if bare else "")


def test_lexicon_is_loaded_and_precise():
    lexicon = load_lexicon()
    assert len(lexicon) > 50_000
    assert max(len(senses) for senses in lexicon.values()) <= 4
    assert all("\u0621" <= c <= "\u064a" for key in list(lexicon)[:2000] for c in key)
