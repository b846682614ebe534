"""Function words: the grammar's closed classes, compared as written."""

from __future__ import annotations

from marsad.arabic import fold
from marsad.arabic.function_words import FUNCTION_WORDS, is_function_word


def test_function_words_are_told_apart_as_written() -> None:
    assert all(is_function_word(w) for w in ("إن", "أن", "ان", "على", "الذي", "لكنّ", "هؤلاء", "لأنه"))
    # علي (Ali) and على (on) fold to one match form, but only one is a function word.
    assert fold("علي") == fold("على") and not is_function_word("علي")
    assert not any(is_function_word(w) for w in ("عمان", "حزب", "أنطونيو", "أمل"))


def test_function_words_carry_no_diacritics_or_hamza_seats() -> None:
    assert FUNCTION_WORDS and not any(set(w) & set("أإآًٌٍَُِّْـ") for w in FUNCTION_WORDS)
