"""Token features for the NER tagger: the one definition training and runtime share.

The CRF only ever sees what `sentence_features` makes of a sentence, so training
(`training/train_ner.py`) and tagging (`marsad.ner.tagger`) both call it on text
tokenized by `marsad.arabic.tokens`. Punctuation is not a token there; what stands
between two words (a comma, an opening quote, a bracket) becomes a feature of the
words on either side instead, which is where it helps: names open after quotes and
brackets, and lists of places are separated by commas.

Words are compared in the shared match form (`fold`), with proclitics peeled
(`strip_proclitics`), so والقاهرة, بالقاهرة and القاهرة share their evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from marsad.arabic import Token, fold, stem
from marsad.ner.gazetteer import Gazetteer, word_key

__all__ = ["WordInfo", "sentence_features", "sentences", "word_info"]

# What ends a sentence in the gap between two words: the tagger labels one
# sentence at a time, as the training data is labelled.
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_GAP_CLASSES = str.maketrans(
    {
        "«": "Q", "»": "Q", '"': "Q", "“": "Q", "”": "Q", "'": "Q", "‘": "Q", "’": "Q",
        "(": "(", "[": "(", "{": "(", ")": ")", "]": ")", "}": ")",
        "،": ",", ",": ",", "؛": ";", ";": ";", ":": ":",
        ".": ".", "!": ".", "?": ".", "؟": ".",
        "-": "-", "–": "-", "—": "-", "/": "/",
    }
)
_CACHE_LIMIT = 200_000


class WordInfo(NamedTuple):
    """What a word contributes wherever it stands: its match key and own features."""

    key: str
    own: tuple[str, ...]


_cache: dict[str, WordInfo] = {}


def sentences(text: str, toks: Sequence[Token]) -> list[tuple[int, int]]:
    """Split a token list into sentences, as (first, past-last) token index pairs."""
    bounds, first = [], 0
    for i in range(len(toks) - 1):
        if _SENTENCE_END.search(text, toks[i].end, toks[i + 1].start):
            bounds.append((first, i + 1))
            first = i + 1
    if toks:
        bounds.append((first, len(toks)))
    return bounds


def word_info(word: str) -> WordInfo:
    """The features of a word that do not depend on its neighbours (cached)."""
    info = _cache.get(word)
    if info is None:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        info = _cache[word] = _compute_word_info(word)
    return info


def _shape(word: str) -> str:
    if word.isdigit():
        return "dig"
    if _ARABIC.search(word):
        return "mix" if (_LATIN.search(word) or any(c.isdigit() for c in word)) else "ar"
    if _LATIN.search(word):
        if word.isupper():
            return "LAT"
        return "Lat" if word[0].isupper() else "lat"
    return "other"


def _length_bucket(n: int) -> str:
    return str(n) if n <= 4 else ("5-6" if n <= 6 else "7+")


def _compute_word_info(word: str) -> WordInfo:
    folded = fold(word)
    bare = word_key(word)
    clitic = folded[: len(folded) - len(bare)] if folded.endswith(bare) else "?"
    own = [
        "w=" + folded,
        "b=" + bare,
        "st=" + stem(word),
        "cl=" + clitic,
        "sh=" + _shape(word),
        "len=" + _length_bucket(len(bare)),
        "p2=" + bare[:2],
        "p3=" + bare[:3],
        "s1=" + bare[-1:],
        "s2=" + bare[-2:],
        "s3=" + bare[-3:],
        "s4=" + bare[-4:],
    ]
    if word != folded:
        own.append("raw=" + word)
    return WordInfo(bare, tuple(own))


def _gap(text: str, start: int, end: int) -> str:
    """The punctuation between two words as classes, at most two ('' for plain space)."""
    if end - start == 1 and text[start] == " ":
        return ""
    return "".join(text[start:end].split()).translate(_GAP_CLASSES)[:2]


def sentence_features(
    text: str, toks: Sequence[Token], gazetteer: Gazetteer | None = None
) -> list[list[str]]:
    """One feature list per token of one sentence of `text` (`toks` are its words)."""
    infos = [word_info(t.text) for t in toks]
    keys = [i.key for i in infos]
    words = [i.own[0][2:] for i in infos]
    gaz = gazetteer.tags(keys) if gazetteer is not None else [None] * len(toks)
    n = len(toks)
    gaps = [_gap(text, toks[i - 1].end, toks[i].start) if i else "^" for i in range(n)]
    gaps.append("$")
    out: list[list[str]] = []
    for i in range(n):
        feats = ["bias", *infos[i].own, "gb=" + gaps[i], "ga=" + gaps[i + 1]]
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                feats.append(f"b[{d}]={keys[j]}")
            else:
                feats.append(f"b[{d}]=<{'s' if j < 0 else 'e'}>")
        if i > 0:
            feats.append(f"w[-1]={words[i - 1]}")
            feats.append(f"s2[-1]={keys[i - 1][-2:]}")
            feats.append(f"bb[-1]={keys[i - 1]}|{keys[i]}")
            feats.append(f"gb[-1]={gaps[i - 1]}")
        if i + 1 < n:
            feats.append(f"w[+1]={words[i + 1]}")
            feats.append(f"s2[+1]={keys[i + 1][-2:]}")
            feats.append(f"bb[+1]={keys[i]}|{keys[i + 1]}")
        if gaz[i]:
            feats.append("g=" + gaz[i])
        if i > 0 and gaz[i - 1]:
            feats.append("g[-1]=" + gaz[i - 1])
        if i + 1 < n and gaz[i + 1]:
            feats.append("g[+1]=" + gaz[i + 1])
        out.append(feats)
    return out
