"""A phonetic fold of Arabic names, for telling transliteration variants of one name.

Foreign names reach Arabic through many hands: Khiari is written خياري, خيري or (by
a machine translator) خلي; Guterres غوتيريش, جوتيريش or غوتيريس; Lamamra لعمامرة or
لامامرا. The spellings differ in exactly the places transliteration is free: long
vowels written or not, emphatic or plain consonants (ص/س, ط/ت, ض/د), the letter
chosen for a G (غ/ج/ق), an ain that English drops. The skeleton below keeps what
survives every such choice: the consonants, in classes, without repeats.

The fold starts from `marsad.arabic.fold` (the shared match form) and only adds
phonetic classes on top of it, so it never disagrees with search about letters.
"""

from __future__ import annotations


from rapidfuzz.distance import Indel

from marsad.arabic import fold, word_count, words
from marsad.arabic.memo import word_memo

__all__ = ["name_similarity", "phonetic_key", "phonetic_word", "skeleton", "spelling_similarity", "word_similarity"]

# A word news writes this often is an established name: its letters, not its skeleton, key it.
ESTABLISHED = 50

# One letter per class of sounds a transliteration may pick between.
_CLASSES = str.maketrans({
    "ث": "س", "ص": "س", "ش": "س",
    "ذ": "ز", "ظ": "ز",
    "ض": "د",
    "ط": "ت",
    "ق": "ك", "غ": "ج",
    "ح": "ه", "ة": "ه",
    "ع": "", "ء": "",
})
_VOWELS = "اوي"


@word_memo
def _word_skeleton(word: str) -> str:
    folded = fold(word)
    if folded.startswith("ال") and len(folded) > 4:
        folded = folded[2:]
    letters = folded.translate(_CLASSES)
    if not letters:
        return ""
    # A leading long vowel is a consonant-like onset (ايران, اوباما); inner ones are
    # written or left out at will, and a final ه/ا/ي is the same vowel written three ways.
    head, body = letters[0], letters[1:].rstrip("اوي" + "ه")
    kept = head + "".join(c for c in body if c not in _VOWELS)
    return "".join(c for i, c in enumerate(kept) if i == 0 or c != kept[i - 1])


def skeleton(name: str) -> str:
    """The phonetic skeleton of a name, word by word: غوتيريش and جوتيريس both give جترس."""
    return " ".join(filter(None, (_word_skeleton(w) for w in words(name))))


@word_memo
def phonetic_word(word: str) -> str:
    """A name word's key: its skeleton if it is rare in news, else its letters (articles dropped).

    Transliterated names are rare words spelt many ways (دوجاريك, دوغريك: both دجرك);
    Arabic given names are common and spelt one way each, and two of them may share
    a skeleton (محمد, محمود), so they keep their letters.
    """
    folded = fold(word)
    bare = folded[2:] if folded.startswith("ال") and len(folded) > 4 else folded
    if word_count(folded) >= ESTABLISHED or word_count(bare) >= ESTABLISHED:
        return bare
    return _word_skeleton(word) or bare


def phonetic_key(name: str) -> str:
    """A name's phonetic key, word by word (`phonetic_word`): one key for its spellings."""
    return " ".join(filter(None, (phonetic_word(w) for w in words(name))))


def word_similarity(a: str, b: str) -> float:
    """How alike two name words sound, 0..1: the spelling and the skeleton, whichever is closer.

    The skeleton alone is too coarse for short names (two consonants), the spelling alone
    too strict for transliterations; taking the better of the two and requiring the
    same initial sound keeps خياري ~ خيري (1.0) while خالد / خليل stay apart.
    """
    fa, fb = _word_skeleton(a), _word_skeleton(b)
    if not fa or not fb or fa[0] != fb[0]:
        return 0.0
    spelt = Indel.normalized_similarity(fold(a), fold(b))
    return max(spelt, Indel.normalized_similarity(fa, fb))


def spelling_similarity(a: str, b: str) -> float:
    """How alike two names are as written, 0..1 (match form, articles aside)."""
    return Indel.normalized_similarity(_bare(a), _bare(b))


def _bare(name: str) -> str:
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words(fold(name)))


def name_similarity(a: str, b: str) -> float:
    """How alike two (multi-word) names sound, 0..1, word by word in order."""
    wa, wb = words(a), words(b)
    if len(wa) != len(wb) or not wa:
        return 0.0
    return min(word_similarity(x, y) for x, y in zip(wa, wb))
