"""Which language an article is in (ISO 639-1).

Most of what marsad sees is plainly Arabic, and deciding that from the script is
a hundred times cheaper than a statistical model, so the model (lingua) only sees
texts the script leaves in doubt: mixed scripts, Latin text, or Arabic script with
Persian or Urdu letters.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.article import Article
from marsad.pipeline import stage

__all__ = ["detect_language", "detect_lang"]

_PERSIAN_URDU = frozenset("پچژگکیۀےٹڈڑںھ")
_SAMPLE = 1500
_SURE = 0.9


def _is_arabic_letter(ch: str) -> bool:
    return "\u0620" <= ch <= "\u064a" or "\u066e" <= ch <= "\u06d3" or "\u0750" <= ch <= "\u077f"


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = [
        Language.ARABIC, Language.PERSIAN, Language.URDU, Language.ENGLISH, Language.FRENCH,
        Language.SPANISH, Language.GERMAN, Language.TURKISH, Language.RUSSIAN, Language.CHINESE,
    ]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`'s language, or None when there is too little text to tell."""
    sample = text[:_SAMPLE]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < 3:
        return None
    arabic = sum(1 for ch in letters if _is_arabic_letter(ch))
    if arabic >= _SURE * len(letters) and not _PERSIAN_URDU.intersection(letters):
        return "ar"
    found = _detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found else None


@stage("lang", needs={"text"}, gives={"lang"})
def detect_lang(article: Article) -> Article:
    """Fill `lang` from the clean text, keeping a language the page itself declared."""
    if not article.lang:
        article.lang = detect_language(article.text)
    return article
