import pytest

from marsad.numbers import find_numbers, number_values


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("57 member states and five observers", [57, 5]),
        ("a plan worth 2.3 billion dollars for 1,200 troops", [2_300_000_000, 1200]),
        ("twenty-five people and 3.5 million refugees, 45% of them", [25, 3_500_000, 45]),
        ("تضم 57 دولة عضوًا وخمسة مراقبين", [57, 5]),
        ("نحو 2,5 مليون لاجئ و٣٠٠ شخص و1,200,000 دولار", [2_500_000, 300, 1_200_000]),
        ("في عام 2024 نزح ثلاثة ملايين شخص", [2024, 3_000_000]),
        ("وصل ألفين من الزوار", [2000]),
    ],
)
def test_reader_reads_arabic_and_english_numbers(text, values):
    assert number_values(text) == values


def test_reader_spans_slice_the_text_and_skip_words_that_only_look_like_numbers():
    text = "One official said the state would send 40 trucks, and ستة آلاف طن."
    found = find_numbers(text)
    assert [text[n.start : n.end] for n in found] == [n.text for n in found] == ["40", "ستة آلاف"]
    assert found[1].value == 6000


def test_reader_finds_nothing_in_plain_words():
    assert find_numbers("The council met on the question of Jerusalem.") == []
