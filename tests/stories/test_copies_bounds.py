"""A page of megabytes is judged on its opening: copies, evidence and the script check read a bounded prefix."""

from marsad.article import Article
from marsad.stages.residue.classify import _judged_alone
from marsad.stages.residue.latin import latin_page
from marsad.stories.copies import MAX_TEXT_CHARS, copy_signature

OPENING = "قالت الأمم المتحدة إن المساعدات وصلت إلى المدينة بعد أسابيع من الحصار. " * 3000


def test_copy_signature_reads_the_first_characters_only():
    assert len(OPENING) > MAX_TEXT_CHARS
    one = copy_signature(Article(id="a", text=OPENING))
    other = copy_signature(Article(id="b", text=OPENING + " different words after the cap " * 1000))
    assert one is not None and one.to_bytes() == other.to_bytes()


def test_script_of_a_huge_line_is_told_from_its_opening():
    arabic_then_latin = OPENING + "latin letters only from here on " * 200_000
    assert not latin_page([_judged_alone(arabic_then_latin)])
    assert latin_page([_judged_alone("Aid reached the city after weeks of siege. " * 100)])
