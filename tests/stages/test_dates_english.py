from datetime import date

import pytest

from marsad.stages.dates import find_dates

ANCHOR = date(2025, 7, 24)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Briefing the Council on Thursday, he said", [("Thursday", "2025-07-24")]),
        ("the Pact adopted last September", [("last September", "2024-09")]),
        ("a memorandum signed in March 2024", [("March 2024", "2024-03")]),
        ("On 24 July 2025 the Council met", [("24 July 2025", "2025-07-24")]),
        ("It opened Jul. 4, 2024 in Geneva", [("Jul. 4, 2024", "2024-07-04")]),
        ("The report is dated 2025-07-01.", [("2025-07-01", "2025-07-01")]),
        ("Three days ago the convoy left; yesterday it arrived", [("Three days ago", "2025-07-21"),
                                                                  ("yesterday", "2025-07-23")]),
        ("Prices rose last week and since 2019", [("last week", "2025-W29"), ("2019", "2019")]),
        ("They met last Monday", [("last Monday", "2025-07-21")]),
    ],
)
def test_english_dates_resolve_against_the_anchor(text, expected):
    assert [(d.text, d.value) for d in find_dates(text, ANCHOR)] == expected


@pytest.mark.parametrize(
    "text",
    ["You may go now.", "The march was long.", "He said 2019 people came.", "Decide by the 12th."],
)
def test_english_words_that_only_look_like_dates_are_not_dates(text):
    assert find_dates(text, ANCHOR) == []


def test_mixed_arabic_and_english_dates_in_one_text():
    text = "قال يوم الخميس إن الاتفاق (signed on 3 March 2024) سار"
    assert [d.value for d in find_dates(text, ANCHOR)] == ["2025-07-24", "2024-03-03"]
