"""Arabic named entities: the shipped CRF tagger and the features it is trained on."""

from marsad.ner.conll import Span
from marsad.ner.tagger import NerTagger

__all__ = ["NerTagger", "Span"]
