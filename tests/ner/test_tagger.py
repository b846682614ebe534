"""The shipped NER tagger: finds the obvious entities, with offsets that slice back exactly."""

from __future__ import annotations

import pickle

import pytest

from marsad.ner import NerTagger, Span


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return NerTagger().load()


def found(tagger: NerTagger, text: str) -> set[tuple[str, str]]:
    return {(s.type, s.text) for s in tagger.tag(text)}


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("قال الرئيس المصري عبد الفتاح السيسي إن بلاده ترفض التهجير.", ("PER", "عبد الفتاح السيسي")),
        ("وصل وزير الخارجية إلى القاهرة صباح اليوم.", ("LOC", "القاهرة")),
        ("أعلنت منظمة الصحة العالمية عن حملة تطعيم جديدة في اليمن.", ("ORG", "منظمة الصحة العالمية")),
        ("أعلنت منظمة الصحة العالمية عن حملة تطعيم جديدة في اليمن.", ("LOC", "اليمن")),
        ("وعقد مجلس الأمن الدولي جلسة طارئة لبحث الأوضاع في السودان.", ("LOC", "السودان")),
        ("التقى الأمين العام للأمم المتحدة أنطونيو غوتيريش رئيس الوزراء الفرنسي في باريس.", ("LOC", "باريس")),
        (
            "وأكد الملك عبد الله الثاني خلال لقائه وفدا من البرلمان الأوروبي دعم الأردن للسلام.",
            ("LOC", "الأردن"),
        ),
    ],
)
def test_tagger_finds_obvious_entities(tagger: NerTagger, text: str, entity: tuple[str, str]) -> None:
    assert entity in found(tagger, text)


def test_tagger_spans_slice_back_to_their_text(tagger: NerTagger) -> None:
    text = "  «قال»  وزير الخارجية السعودي فيصل بن فرحان، في الرياض، إن المملكة تدعم جهود الأمم المتحدة.\n\nوأضاف: نعم."
    spans = tagger.tag(text)
    assert spans
    for span in spans:
        assert isinstance(span, Span)
        assert span.type in {"PER", "ORG", "LOC"}
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip()


def test_tagger_keeps_clitic_inside_the_span(tagger: NerTagger) -> None:
    text = "وصل الوفد إلى بيروت ثم توجه بعد ذلك لبغداد."
    assert ("LOC", "بيروت") in found(tagger, text)
    assert any(s.type == "LOC" and "بغداد" in s.text for s in tagger.tag(text))


def test_tagger_handles_empty_and_entity_free_text(tagger: NerTagger) -> None:
    assert tagger.tag("") == []
    assert tagger.tag(" ... ، ") == []
    assert tagger.tag("ارتفعت درجات الحرارة اليوم بشكل ملحوظ.") == []


def test_tagger_pickles_small_and_reloads(tagger: NerTagger) -> None:
    data = pickle.dumps(tagger)
    assert len(data) < 1000  # the model is not in the pickle: each worker loads its own
    clone = pickle.loads(data)
    text = "زار الرئيس الفرنسي إيمانويل ماكرون بيروت."
    assert clone.tag(text) == tagger.tag(text)


def test_tagger_sentences_are_tagged_independently(tagger: NerTagger) -> None:
    one = "وصل الوفد إلى القاهرة."
    both = one + " " + one
    first = tagger.tag(one)
    second = [Span(s.type, s.start + len(one) + 1, s.end + len(one) + 1, s.text) for s in first]
    assert tagger.tag(both) == first + second


def test_tagger_missing_model_is_a_clear_error(tmp_path) -> None:
    from marsad.errors import MarsadError

    with pytest.raises(MarsadError, match="NER model not found"):
        NerTagger(tmp_path / "nope.crfsuite").tag("نص")


def test_tagger_on_the_seed_finds_its_actors(tagger: NerTagger, seed_text: str) -> None:
    """The canonical machine-translated page: old and new OIC names, the envoy, Senegal."""
    seen = found(tagger, seed_text)
    assert {
        ("ORG", "منظمة المؤتمر الإسلامي"),
        ("ORG", "منظمة التعاون الإسلامي"),
        ("ORG", "مجلس الأمن"),
        ("PER", "خياري"),
        ("PER", "رامتان لامامرا"),
        ("LOC", "سينغال"),
        ("LOC", "جدة"),
    } <= seen
    for span in tagger.tag(seed_text):
        assert seed_text[span.start : span.end] == span.text
