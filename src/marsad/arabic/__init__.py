"""The one Arabic normal form that search, deduplication and name matching share."""

from marsad.arabic.normalize import fold, repair, strip_diacritics
from marsad.arabic.stem import match_terms, stem, strip_proclitics, word_count
from marsad.arabic.tokenize import Token, tokens, words

__all__ = [
    "Token",
    "fold",
    "match_terms",
    "repair",
    "stem",
    "strip_diacritics",
    "strip_proclitics",
    "tokens",
    "word_count",
    "words",
]
