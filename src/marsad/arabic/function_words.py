"""Arabic function words: the closed classes of the grammar, never names.

Name lists harvested from bilingual dictionaries and Wikidata labels hold them by
accident (NERAr lists ان, a transliterated "Anne"; Wikidata's "of" and "in" come out
as من and في), and a listed function word makes the tagger pull إن or أن into the
name before it. The classes are listed whole, from the grammar, not from errors seen:
prepositions, conjunctions, particles, pronouns, demonstratives, relatives,
interrogatives, the copula and its sisters, quantifiers and the commonest adverbs.

Words are compared as written, hamza seats aside (`spelled`): على (on) is a function
word, علي (Ali) is not, although the match form folds the two together.
"""

from __future__ import annotations

from marsad.arabic.normalize import strip_diacritics

__all__ = ["FUNCTION_WORDS", "is_function_word", "spelled"]

_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})

_CLASSES = {
    "prepositions": "من إلى عن على في مع حتى منذ مذ لدى لدن عند بين نحو حول دون بدون ضد خلال عبر "
    "تحت فوق أمام وراء خلف قبل بعد مثل غير سوى إزاء ضمن قرب عدا خلا حاشا رغم لـ بـ كـ",
    "conjunctions": "و ف ثم أو أم بل لكن ولكن إذ إذا إذن كي لكي لأن لئلا بينما حيث كلما لما لو لولا "
    "إما أما كأن كأنما إنما ريثما طالما مثلما كما فيما عندما حينما بعدما قبلما",
    "particles": "إن أن لن لم لا ما قد لقد سوف هل ليت لعل نعم كلا بلى إلا ألا أجل يا أيها أيتها هلا "
    "إنه أنه إنها أنها إنهم أنهم لأنه",
    "pronouns": "أنا نحن أنت أنتما أنتم أنتن هو هي هما هم هن إياه إياها إياهم إياك إياي",
    "demonstratives": "هذا هذه هذان هذين هاتان هاتين هؤلاء ذلك تلك ذاك ذلكم أولئك هنا هناك هنالك ثمة",
    "relatives": "الذي التي اللذان اللذين اللتان اللتين الذين اللاتي اللواتي اللائي",
    "interrogatives": "ماذا متى أين كيف كم لماذا أي أيان أنى",
    "copula": "كان كانت كانوا يكون تكون يكونوا ليس ليست ليسوا أصبح أصبحت صار صارت ظل ظلت بات باتت "
    "مازال لايزال مادام",
    "quantifiers": "كل بعض جميع كلتا عدة أي",
    "adverbs": "الآن أيضا فقط جدا هكذا أمس غدا اليوم حينئذ عندئذ آنذاك",
}


def spelled(word: str) -> str:
    """A word as written, without diacritics and tatweel, with hamza seats on alef merged."""
    return strip_diacritics(word).translate(_ALEFS)


FUNCTION_WORDS = frozenset(spelled(w) for words in _CLASSES.values() for w in words.split())


def is_function_word(word: str) -> bool:
    """Whether `word`, as written, is one of the grammar's closed-class words."""
    return spelled(word) in FUNCTION_WORDS
