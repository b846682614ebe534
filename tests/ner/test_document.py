"""Document-level features for the second NER pass, and documents made of labelled sentences."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.ner import NerTagger
from marsad.ner.conll import Example, Span, documents
from marsad.ner.document import document_features


def test_a_word_gets_the_first_pass_labels_of_its_other_occurrences() -> None:
    keys = [["قال", "ترك", "ان"], ["وصرح", "ترك", "امس"], ["ترك", "الملف"]]
    labels = [["O", "B-PER", "O"], ["O", "O", "O"], ["B-ORG", "O"]]
    rows = document_features(keys, labels)
    # Second sentence's ترك: the others are PER and ORG once each (ties go to the entity types).
    assert "dt=PER" in rows[1][1] and "dt=ORG" in rows[1][1]
    assert any(f.startswith("dm=") and f != "dm=O" for f in rows[1][1])
    # Its own label never counts: the first ترك sees one O and one ORG, not its own PER.
    assert "dt=PER" not in rows[0][1] and "dt=ORG" in rows[0][1]
    # The neighbours see it.
    assert any(f.startswith("dm[+1]=") for f in rows[1][0])
    assert any(f.startswith("dm[-1]=") for f in rows[1][2])


def test_a_word_seen_once_gets_nothing() -> None:
    rows = document_features([["قال", "غوتيريش"], ["في", "نيويورك"]], [["O", "B-PER"], ["O", "B-LOC"]])
    assert rows == [[[], []], [[], []]]


def test_a_word_always_o_elsewhere_says_so() -> None:
    rows = document_features([["الوئام", "سياسة"], ["الوئام", "قال"]], [["B-ORG", "O"], ["O", "O"]])
    assert rows[0][0] == ["dm=O"]
    assert rows[1][0] == ["dm=ORG", "dt=ORG"]


def test_documents_keep_every_span_on_its_words() -> None:
    examples = [
        Example("زار غوتيريش نيويورك", [Span("PER", 4, 11, "غوتيريش"), Span("LOC", 12, 19, "نيويورك")]),
        Example("قال الأمين العام", []),
        Example("في القاهرة اليوم", [Span("LOC", 3, 10, "القاهرة")]),
    ]
    runs = documents(examples, size=2)
    assert len(runs) == 2
    assert runs[0].text == "زار غوتيريش نيويورك\nقال الأمين العام"
    for run in runs:
        assert all(run.text[s.start : s.end] == s.text for s in run.spans)
    assert [s.text for s in runs[0].spans + runs[1].spans] == ["غوتيريش", "نيويورك", "القاهرة"]


def _two_pass_copy(tmp_path: Path, first: bool = True) -> Path:
    """The shipped model as both passes of a two-pass model (its weights ignore the document features)."""
    models = Path(str(resources.files("marsad.models")))
    meta = json.loads((models / "ner.json").read_text(encoding="utf-8"))
    shutil.copy(models / "ner.crfsuite", tmp_path / "ner.crfsuite")
    if first:
        shutil.copy(models / "ner.crfsuite", tmp_path / "ner_stage1.crfsuite")
    (tmp_path / "ner.json").write_text(json.dumps({**meta, "stage1": "ner_stage1.crfsuite"}), encoding="utf-8")
    return tmp_path / "ner.crfsuite"


TEXT = (
    "قال الأمين العام للأمم المتحدة أنطونيو غوتيريش في نيويورك إن الوضع خطير.\n"
    "وأضاف غوتيريش أن المنظمة سترسل فريقا إلى القاهرة."
)


def test_a_two_pass_model_runs_its_first_pass_over_the_whole_text(tmp_path: Path) -> None:
    tagger = NerTagger(_two_pass_copy(tmp_path)).load()
    assert tagger.first_pass == tmp_path / "ner_stage1.crfsuite"
    one_pass = NerTagger()
    assert one_pass.first_pass is None
    # The copy's weights know no document feature, so both must find the same names.
    assert tagger.tag(TEXT) == one_pass.tag(TEXT)


def test_a_missing_first_pass_is_named(tmp_path: Path) -> None:
    with pytest.raises(MarsadError, match="ner_stage1.crfsuite"):
        NerTagger(_two_pass_copy(tmp_path, first=False)).load()
