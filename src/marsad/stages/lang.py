"""Which language an article is in (ISO 639-1).

Most of what marsad sees is plainly Arabic, and deciding that from the script is
a hundred times cheaper than a statistical model, so the model (lingua) only sees
texts the script leaves in doubt: mixed scripts, Latin text, or Arabic script with
Persian or Urdu letters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.article import Article
from marsad.pipeline import stage

__all__ = ["detect_lang", "detect_language"]

_PERSIAN_URDU = frozenset("پچژگکیۀےٹڈڑںھ")
_SAMPLE = 1500
_SURE = 0.9


# Runs, not single letters: findall then builds a list per word, not per letter.
_ARABIC_RUNS = re.compile("[\u0620-\u064a\u066e-\u06d3\u0750-\u077f]+")
_OTHER_LETTERS = re.compile(r"[^\W\d_\u0600-\u06ff\u0750-\u077f]+")
_OTHER_ARABIC_SCRIPT = re.compile(f"[{''.join(sorted(_PERSIAN_URDU))}]")


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
    arabic = sum(map(len, _ARABIC_RUNS.findall(sample)))
    letters = arabic + sum(map(len, _OTHER_LETTERS.findall(sample)))
    if letters < 3:
        return None
    if arabic >= _SURE * letters and not _OTHER_ARABIC_SCRIPT.search(sample):
        return "ar"
    found = _detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found else None


@stage("lang", needs={"text"}, gives={"lang"})
def detect_lang(article: Article) -> Article:
    """Fill `lang` from the clean text, keeping a language the page itself declared."""
    if not article.lang:
        article.lang = detect_language(article.text)
    return article
