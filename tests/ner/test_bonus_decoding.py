"""Bonus decoding over the CRF's marginals: the same path as decoding every word, BIO kept."""

from __future__ import annotations

import math

import pytest

from marsad.arabic import tokens
from marsad.ner import NerTagger
from marsad.ner.decode import _FLOOR, _viterbi, decode
from marsad.ner.features import sentences

TEXT = (
    "قال المتحدث باسم الأمين العام للأمم المتحدة ستيفان دوجاريك إن المنظمة قلقة. "
    "واستقبل الرئيس التونسي قيس سعيد في قصر قرطاج وفدا من البنك الدولي وصندوق النقد الدولي. "
    "وأكد نادي الوداد البيضاوي تعاقده مع المهاجم الكاميروني صامويل إيتو."
)


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return NerTagger().load()


def _full_path(crf, n: int, bonus: float) -> list[str]:
    """The reference: every word's row scored, certain words included, one Viterbi pass."""
    names = crf.labels()
    certain = 1.0 / (1.0 + math.exp(-bonus))
    rows = []
    for t in range(n):
        p_o = crf.marginal("O", t)
        if p_o >= certain:
            rows.append({"O": 0.0})
        else:
            row = {y: math.log(max(crf.marginal(y, t), _FLOOR)) + bonus for y in names if y != "O"}
            row["O"] = math.log(max(p_o, _FLOOR))
            rows.append(row)
    return _viterbi(rows)


@pytest.mark.parametrize("bonus", [0.5, 1.5, 3.0])
def test_decoding_by_runs_matches_decoding_the_whole_sentence(tagger: NerTagger, bonus: float) -> None:
    words = list(tokens(TEXT))
    crf, featurize = tagger._crf, tagger._featurizer
    compared = 0
    for first, last in sentences(TEXT, words):
        sentence = words[first:last]
        labels = crf.tag(featurize.sentence(TEXT, sentence))
        got = decode(crf, len(sentence), labels, bonus)
        assert got == _full_path(crf, len(sentence), bonus)
        compared += 1
    assert compared == 3


def test_viterbi_never_opens_a_name_with_inside() -> None:
    rows = [{"O": -0.1, "I-PER": 5.0, "B-LOC": -3.0}, {"O": -5.0, "I-PER": 2.0, "B-PER": 1.0}]
    path = _viterbi(rows)
    assert path[0] != "I-PER"
    assert path == ["O", "B-PER"]


def test_a_larger_bonus_finds_at_least_as_many_names(tagger: NerTagger) -> None:
    plain = NerTagger(tagger.model_path, entity_bonus=0.0, type_bonus={}).tag(TEXT)
    boosted = NerTagger(tagger.model_path, entity_bonus=3.0).tag(TEXT)
    entity_words = lambda spans: sum(len(s.text.split()) for s in spans)  # noqa: E731
    assert entity_words(boosted) >= entity_words(plain)


def test_a_type_bonus_finds_at_least_as_many_names_of_that_type(tagger: NerTagger) -> None:
    base = NerTagger(tagger.model_path, entity_bonus=0.5, type_bonus={}).tag(TEXT)
    org = NerTagger(tagger.model_path, entity_bonus=0.5, type_bonus={"ORG": 3.0}).tag(TEXT)
    org_words = lambda spans: sum(len(s.text.split()) for s in spans if s.type == "ORG")  # noqa: E731
    assert org_words(org) >= org_words(base) > 0
