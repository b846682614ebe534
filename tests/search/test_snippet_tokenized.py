"""A text tokenized once gives the same snippets as tokenizing it for each one."""

import pytest

from marsad.search import HTML_MARKS, index_terms, snippet
from marsad.search.snippet import SCAN_CHARS, Tokenized

TEXT = ("قال الأمين العام للأمم المتحدة أنطونيو غوتيريش يوم الخميس إن الوضع في السودان كارثي.\n\n"
        + "وأضاف أن المساعدات لا تصل إلى المحتاجين في دارفور وكردفان. " * 12
        + "\n\nوختم غوتيريش بالدعوة إلى هدنة إنسانية عاجلة في السودان.")


@pytest.mark.parametrize("words", ["السودان", "غوتيريش هدنة", "المساعدات", "لا يوجد", "الأمم المتحدة دارفور"])
@pytest.mark.parametrize("marks", [None, HTML_MARKS])
def test_snippet_tokenized_once_is_the_same(words, marks):
    terms = frozenset(index_terms(words))
    options = {} if marks is None else {"marks": marks}
    assert snippet(TEXT, terms, tokenized=Tokenized.of(TEXT), **options) == snippet(TEXT, terms, **options)


LONG = ("افتتح الوزير المؤتمر السنوي للطاقة في الرياض. " + "وناقش المشاركون قضايا التنمية والتعليم والصحة. " * 400
        + "وفي الختام تحدث الخبراء عن أسعار النفط وتوقعات السوق.")


def test_a_long_text_is_cut_around_a_match_in_its_head():
    assert len(LONG) > 4 * SCAN_CHARS
    found = snippet(LONG, frozenset(index_terms("الرياض")))
    assert found.startswith("افتتح الوزير") and "[الرياض]" in found and found.endswith("…")


def test_a_long_text_matching_only_past_its_head_still_shows_the_match():
    found = snippet(LONG, frozenset(index_terms("النفط")))
    assert "[النفط]" in found and found.startswith("…") and not found.endswith("…")
