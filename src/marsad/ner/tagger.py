"""The shipped Arabic NER model: text in, PER/ORG/LOC spans with exact offsets out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.arabic import Token, tokens
from marsad.errors import MarsadError
from marsad.ner.conll import Span, bio_spans
from marsad.ner.decode import decode
from marsad.ner.document import document_features
from marsad.ner.features import Featurizer, sentences

__all__ = ["NerTagger", "Span"]

MODEL_FILE = "ner.crfsuite"


def _model_dir() -> Path:
    return Path(str(resources.files("marsad.models")))


class NerTagger:
    """A CRF tagger over `marsad.ner.features`, loaded on first use.

    Holds only the model path until it tags, so it pickles small and each worker
    process loads its own copy once.
    """

    def __init__(
        self,
        model_path: str | Path | None = None,
        entity_bonus: float | None = None,
        type_bonus: dict[str, float] | None = None,
    ) -> None:
        """Use the model at `model_path`, or the one shipped in `marsad.models`.

        `entity_bonus` overrides the decoding bonus stored with the model (0 = plain Viterbi),
        `type_bonus` the extra bonus per entity type stored with it (ORG: names the CRF
        finds least often).
        """
        self.model_path = Path(model_path) if model_path else _model_dir() / MODEL_FILE
        self.entity_bonus = entity_bonus
        self.type_bonus = type_bonus
        self._crf: Any = None
        self._first: Any = None
        self._featurizer: Featurizer | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "entity_bonus": self.entity_bonus, "type_bonus": self.type_bonus}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["model_path"], state.get("entity_bonus"), state.get("type_bonus"))  # type: ignore[misc]

    def load(self) -> NerTagger:
        """Load the model now rather than on the first call to `tag`."""
        if self._crf is None:
            import pycrfsuite

            if not self.model_path.is_file():
                raise MarsadError(f"NER model not found: {self.model_path} (run training/train_ner.py)")
            crf = pycrfsuite.Tagger()
            crf.open(str(self.model_path))
            meta = self._meta()
            self._featurizer = Featurizer.shipped(
                meta.get("gazetteer", True),
                meta.get("clusters", True),
                meta.get("nisba", False),
                meta.get("lists", False),
                meta.get("forms", False),
                meta.get("affix", ""),
                meta.get("list_context", False),
            )
            if self.entity_bonus is None:
                self.entity_bonus = float(meta.get("entity_bonus", 0.0))
            if self.type_bonus is None:
                self.type_bonus = {k: float(v) for k, v in meta.get("type_bonus", {}).items()}
            first_path = self.first_pass
            if first_path is not None:
                # A two-pass model (marsad.ner.document): the first pass's labels of a word's
                # other occurrences in the text are features of this one.
                if not first_path.is_file():
                    raise MarsadError(f"NER first-pass model not found: {first_path} (named in {self.model_path})")
                self._first = pycrfsuite.Tagger()
                self._first.open(str(first_path))
            self._crf = crf
        return self

    @property
    def first_pass(self) -> Path | None:
        """The first-pass model of a two-pass model, named in its ner.json (None: one pass)."""
        name = self._meta().get("stage1")
        return self.model_path.with_name(name) if name else None

    def _meta(self) -> dict[str, Any]:
        # Written beside the model by training/train_ner.py (ner.crfsuite -> ner.json): the
        # shipped resources its features use (gazetteer, clusters) and its decoding bonus.
        meta = self.model_path.with_name(self.model_path.stem + ".json")
        return json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}

    def tag(self, text: str, words: Sequence[Token] | None = None) -> list[Span]:
        """Every PER, ORG and LOC mention in `text`, with character offsets into it.

        `words` are the text's tokens when the caller has them already.
        """
        crf = self.load()._crf
        featurize = self._featurizer.sentence  # type: ignore[union-attr]
        if words is None:
            words = list(tokens(text))
        bonus, type_bonus = self.entity_bonus or 0.0, self.type_bonus or {}
        boosted = bool(bonus) or any(type_bonus.values())
        spans: list[Span] = []
        bounds = sentences(text, words)
        features = [featurize(text, words[first:last]) for first, last in bounds]
        if self._first is not None:
            features = self._second_pass_features(words, bounds, features)
        for (first, last), xseq in zip(bounds, features):
            sentence = words[first:last]
            labels = crf.tag(xseq)
            if boosted:
                labels = decode(crf, len(sentence), labels, bonus, type_bonus)
            for kind, i, j in bio_spans(labels):
                start, end = sentence[i].start, sentence[j - 1].end
                spans.append(Span(kind, start, end, text[start:end]))
        return spans

    def _second_pass_features(
        self, words: Sequence[Token], bounds: list[tuple[int, int]], features: list[list[list[str]]]
    ) -> list[list[list[str]]]:
        """The sentences' features plus what the first pass said of each word's other occurrences."""
        word = self._featurizer.word  # type: ignore[union-attr]
        first_pass = [self._first.tag(xseq) for xseq in features]
        keys = [[word(t.text).key for t in words[first:last]] for first, last in bounds]
        document = document_features(keys, first_pass)
        return [[own + doc for own, doc in zip(xseq, rows)] for xseq, rows in zip(features, document)]
