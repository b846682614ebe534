"""Features, gazetteer matching and CoNLL scoring: the parts training and runtime share."""

from __future__ import annotations

import pytest

from marsad.arabic import tokens
from marsad.ner.conll import Example, Span, bio_spans, score, to_example, token_labels
from marsad.ner.features import Featurizer, sentences
from marsad.ner.gazetteer import Gazetteer, word_key


def test_sentences_split_at_sentence_punctuation() -> None:
    text = "قال الوزير. ثم غادر؟ نعم\nوعاد"
    words = list(tokens(text))
    assert [[w.text for w in words[a:b]] for a, b in sentences(text, words)] == [
        ["قال", "الوزير"],
        ["ثم", "غادر"],
        ["نعم"],
        ["وعاد"],
    ]


def test_featurizer_describes_words_in_the_match_form() -> None:
    text = "وبالقاهرة «مصر»"
    feats = Featurizer().sentence(text, list(tokens(text)))
    assert "b=قاهره" in feats[0] and "cl=وبال" in feats[0]
    assert "ga=Q" in feats[0] and "gb=Q" in feats[1]  # the quote between the words
    assert "b[1]=مصر" in feats[0] and "b[-1]=قاهره" in feats[1]


def test_featurizer_same_word_same_features_whatever_its_spelling() -> None:
    featurize = Featurizer().sentence
    one, two = "الأمم المتحدة", "الامم المتحده"
    assert featurize(one, list(tokens(one)))[0][1:3] == featurize(two, list(tokens(two)))[0][1:3]


def test_featurizer_marks_gazetteer_matches() -> None:
    gazetteer = Gazetteer([("الولايات المتحدة", "LOC"), ("الأمم المتحدة", "ORG")])
    text = "قالت والولايات المتحدة"
    feats = Featurizer(gazetteer).sentence(text, list(tokens(text)))
    assert "g=B-LOC" in feats[1] and "g=I-LOC" in feats[2] and "g[+1]=B-LOC" in feats[0]


def test_gazetteer_longest_match_and_clitics() -> None:
    gazetteer = Gazetteer([("جنوب السودان", "LOC"), ("السودان", "LOC"), ("كالوكان", "LOC")])
    keys = ["في", "جنوب", "السودان", "وبالسودان", "كان"]
    assert gazetteer.tags([word_key(w) for w in keys]) == [None, "B-LOC", "I-LOC", "B-LOC", None]


def test_bio_spans_reads_tags_like_conlleval() -> None:
    labels = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG", "O"]
    assert bio_spans(labels) == [("PER", 0, 2), ("LOC", 3, 5), ("LOC", 5, 6), ("ORG", 6, 7)]


def test_to_example_gives_character_spans_trimmed_to_words() -> None:
    sentence = [("زار", "O"), ("(", "B-ORG"), ("الأمم", "I-ORG"), ("المتحدة", "I-ORG"), ("بيروت", "B-LOC")]
    example = to_example(sentence)
    assert example.text == "زار ( الأمم المتحدة بيروت"
    assert [(s.type, s.text) for s in example.spans] == [("ORG", "الأمم المتحدة"), ("LOC", "بيروت")]
    words = list(tokens(example.text))
    assert token_labels(example, words) == ["O", "B-ORG", "I-ORG", "B-LOC"]


def test_score_exact_span_match() -> None:
    gold = [[Span("PER", 0, 5, ""), Span("LOC", 10, 15, "")]]
    pred = [[Span("PER", 0, 5, ""), Span("LOC", 10, 14, ""), Span("ORG", 20, 25, "")]]
    result = score(gold, pred)
    assert result["PER"]["f1"] == 1.0
    assert result["LOC"]["f1"] == 0.0
    assert result["micro"]["precision"] == pytest.approx(1 / 3)
    assert result["micro"]["recall"] == pytest.approx(1 / 2)


def test_example_is_plain_data() -> None:
    assert Example("x", []) == ("x", [])


def test_affix_variants_add_spelling_features() -> None:
    text = "وزيرها دوستويفسكي"
    feats = Featurizer(affix="long,ngram,stem").sentence(text, list(tokens(text)))
    assert "st=وزير" in feats[0] and "se=ها" in feats[0]
    assert "p4=دوست" in feats[1] and "s5=يفسكي" in feats[1]
    assert "g3=وست" in feats[1] and "g3=فسك" in feats[1] and "g3=دوس" not in feats[1]  # p3 has the edge
    plain = Featurizer().sentence(text, list(tokens(text)))
    assert not any(f.startswith(("st=", "p4=", "g3=")) for f in plain[0] + plain[1])
    with pytest.raises(Exception, match="unknown affix"):
        Featurizer(affix="suffixes")


def test_list_context_lets_the_words_after_an_opener_see_it() -> None:
    from marsad.ner.gazetteer import NameLists

    lists = NameLists(["first\tحزب\tORG", "last\tالوطني\tORG".replace("الوطني", word_key("الوطني"))])
    text = "قال حزب الوئام الوطني"
    with_context = Featurizer(lists=lists, list_context=True).sentence(text, list(tokens(text)))
    assert "xf=ORG" in with_context[1] and "xf[-1]=ORG" in with_context[2] and "xf[-2]=ORG" in with_context[3]
    assert "xl[+1]=ORG" in with_context[2] and "xl[+2]=ORG" in with_context[1]
    without = Featurizer(lists=lists).sentence(text, list(tokens(text)))
    assert not any(f.startswith(("xf[", "xl[")) for feats in without for f in feats)
