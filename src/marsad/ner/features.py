"""Token features for the NER tagger: the one definition training and runtime share.

The CRF only ever sees what `Featurizer.sentence` makes of a sentence, so training
(`training/train_ner.py`) and tagging (`marsad.ner.tagger`) both call it on text
tokenized by `marsad.arabic.tokens`. Punctuation is not a token there; what stands
between two words (a comma, an opening quote, a bracket) becomes a feature of the
words on either side instead, which is where it helps: names open after quotes and
brackets, and lists of places are separated by commas.

Words are compared in the shared match form (`fold`), with proclitics peeled
(`word_key`), so والقاهرة, بالقاهرة and القاهرة share their evidence. Two shipped
resources help with words the labelled data never showed: the knowledge base's
names (`Gazetteer`) and word clusters learnt from unlabelled news
(training/build_ner_clusters.py).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from sys import intern
from typing import NamedTuple

from marsad.arabic import Token, fold
from marsad.arabic.memo import WORD_MEMO
from marsad.errors import MarsadError
from marsad.ner.gazetteer import Gazetteer, NameLists, default_gazetteer, default_name_lists, word_key
from marsad.ner.nisba import Nisba, default_nisba

__all__ = ["CLUSTERS_FILE", "FORMS_FILE", "Featurizer", "load_clusters", "load_forms", "sentences"]

CLUSTERS_FILE = "ner_clusters.tsv.gz"
FORMS_FILE = "ner_forms.tsv.gz"
# What ends a sentence in the gap between two words: the tagger labels one
# sentence at a time, as the training data is labelled.
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_DIGIT = re.compile(r"\d")
_GAP_CLASSES = str.maketrans(
    {
        "«": "Q",
        "»": "Q",
        '"': "Q",
        "“": "Q",
        "”": "Q",
        "'": "Q",
        "‘": "Q",
        "’": "Q",
        "(": "(",
        "[": "(",
        "{": "(",
        ")": ")",
        "]": ")",
        "}": ")",
        "،": ",",
        ",": ",",
        "؛": ";",
        ";": ";",
        ":": ":",
        ".": ".",
        "!": ".",
        "?": ".",
        "؟": ".",
        "-": "-",
        "–": "-",
        "—": "-",
        "/": "/",
    }
)
_NO_CLUSTER = ("-",) * 4
# Feature names of the cluster columns, coarse to fine.
_CLUSTER_NAMES = ("c64=", "c256=", "c1k=", "c4k=")
# Extra spelling features a model may be trained with (ner.json "affix", comma-separated):
# "long" adds a 4-letter prefix and a 5-letter suffix to the 2-3 / 1-4 every model has;
# "ngram" adds the letter trigrams inside the word (transliterated names share them:
# -سكي, -يتش, -ستان); "stem" adds the word without its enclitic pronoun or inflectional
# ending (وزيرها, وزيرات -> وزير) and what was cut.
AFFIX_VARIANTS = frozenset({"long", "ngram", "stem"})
# Endings a light stem cuts, longest first (folded spelling: ة is ه, ى is ي).
_STEM_ENDINGS = ("هما", "كما", "تها", "ها", "هم", "هن", "كم", "نا", "ات", "ون", "ين", "ان", "يه", "ه", "ي")
_MIN_STEM = 3


class WordInfo(NamedTuple):
    """What a word contributes wherever it stands, its features precomputed once.

    `own` describes the word itself; `context[k]` is what it tells a neighbour
    standing at offset OFFSETS[k] from it (its key, cluster, ending...).
    """

    key: str
    own: tuple[str, ...]
    context: tuple[tuple[str, ...], ...]


# Offsets of the neighbours a token looks at, and what stands there past the sentence edge.
OFFSETS = (-2, -1, 1, 2)
_EDGE = tuple((f"b[{d}]=<{'s' if d < 0 else 'e'}>",) for d in OFFSETS)


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


def _clusters_path() -> Path:
    return Path(str(resources.files("marsad.models"))) / CLUSTERS_FILE


@lru_cache(maxsize=2)
def load_clusters(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Word key -> cluster ids, coarse to fine, from the shipped cluster file."""
    path = path or _clusters_path()
    if not path.is_file():
        raise MarsadError(f"NER word clusters not found: {path} (run training/build_ner_clusters.py)")
    clusters = {}
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            key, *ids = line.rstrip("\n").split("\t")
            row = tuple(map(intern, ids))
            clusters[intern(key)] = shared.setdefault(row, row)
    return clusters


@lru_cache(maxsize=2)
def load_forms(path: Path | None = None) -> dict[str, str]:
    """Word key -> how often it takes the article in news (training/build_ner_forms.py)."""
    path = path or Path(str(resources.files("marsad.models"))) / FORMS_FILE
    if not path.is_file():
        raise MarsadError(f"NER word forms not found: {path} (run training/build_ner_forms.py)")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        buckets: dict[str, str] = {}
        return {intern(key): buckets.setdefault(b, b) for key, b in (line.rstrip("\n").split("\t") for line in handle)}


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


def _gap(text: str, start: int, end: int) -> str:
    """The punctuation between two words as classes, at most two ('' for plain space)."""
    if end - start == 1 and text[start] == " ":
        return ""
    return "".join(text[start:end].split()).translate(_GAP_CLASSES)[:2]


class Featurizer:
    """Turns a sentence into CRF features, with the resources a model was trained with."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        clusters: dict[str, tuple[str, ...]] | None = None,
        nisba: Nisba | None = None,
        lists: NameLists | None = None,
        forms: dict[str, str] | None = None,
        affix: str = "",
        list_context: bool = False,
    ) -> None:
        """Use the resources given; features that need a missing one are left out.

        `affix` names the extra spelling features (AFFIX_VARIANTS, comma-separated);
        `list_context` lets a word see that its neighbours open or close listed names
        (وزارة, جامعة, حزب before an unseen word), not only its own list entries.
        """
        self.gazetteer = gazetteer
        self.clusters = clusters
        self.nisba = nisba
        self.lists = lists
        self.forms = forms
        self.affix = frozenset(a for a in affix.split(",") if a)
        if self.affix - AFFIX_VARIANTS:
            raise MarsadError(f"NER features: unknown affix variant(s) {sorted(self.affix - AFFIX_VARIANTS)}")
        self.list_context = list_context
        self._shared: dict[str, str] = {}
        # A C-level LRU of the word memo's size: smaller, it missed the words of a 300-article pass.
        self.word: Callable[[str], WordInfo] = lru_cache(maxsize=WORD_MEMO)(self._word_info)

    @classmethod
    def shipped(
        cls,
        gazetteer: bool = True,
        clusters: bool = True,
        nisba: bool = False,
        lists: bool = False,
        forms: bool = False,
        affix: str = "",
        list_context: bool = False,
    ) -> Featurizer:
        """A featurizer over the resources shipped in the package."""
        return cls(
            default_gazetteer() if gazetteer else None,
            load_clusters() if clusters else None,
            default_nisba() if nisba else None,
            default_name_lists() if lists else None,
            load_forms() if forms else None,
            affix,
            list_context,
        )

    def _word_info(self, word: str) -> WordInfo:
        """The features of a word that do not depend on its neighbours (`word` caches them).

        Features drawn from a small set (shape, length, short endings, clusters, list
        tags) are one shared string each, not one per cached word: shared, a full memo
        takes half the memory.
        """
        shared = self._shared

        def share(feature: str) -> str:
            return shared.setdefault(feature, feature)

        folded = fold(word)
        bare = word_key(word)
        clitic = folded[: len(folded) - len(bare)] if folded.endswith(bare) else "?"
        own = [
            "w=" + folded,
            "b=" + bare,
            share("cl=" + clitic),
            share("sh=" + _shape(word)),
            share("len=" + _length_bucket(len(bare))),
            share("p2=" + bare[:2]),
            "p3=" + bare[:3],
            share("s1=" + bare[-1:]),
            share("s2=" + bare[-2:]),
            "s3=" + bare[-3:],
            "s4=" + bare[-4:],
        ]
        if self.affix:
            own += _affix_features(bare, self.affix)
        cluster = None
        if self.clusters is not None:
            clusters = self.clusters.get(_DIGIT.sub("0", bare), _NO_CLUSTER)
            own += [share(name + c) for name, c in zip(_CLUSTER_NAMES, clusters)]
            cluster = clusters[1]
        place = self.nisba.kind(bare) if self.nisba is not None else None
        if place:
            own.append(share("nis=" + place))
        if self.forms is not None:
            # Names keep one form; common nouns alternate between الفيتو and فيتو.
            definite = "+" if clitic.endswith(("ال", "لل")) else "-"
            own.append(share("df=" + self.forms.get(_DIGIT.sub("0", bare), "?") + definite))
        person = opens = closes = None
        if self.lists is not None:
            person = self.lists.person_word.get(bare)
            if person:
                own.append(share("pn=" + person))
            opens = self.lists.first.get(bare)
            if opens:
                own.append(share("xf=" + opens))
            closes = self.lists.last.get(bare)
            if closes:
                own.append(share("xl=" + closes))
            if not self.list_context:
                opens = closes = None
        context = []
        for d in OFFSETS:
            seen = [f"b[{d}]={bare}"]
            if cluster is not None:
                seen.append(share(f"c256[{d}]={cluster}"))
            if d in (-1, 1):  # the word's own form and ending matter next door only
                seen += [f"w[{d:+d}]={folded}", share(f"s2[{d:+d}]={bare[-2:]}")]
                if place:
                    seen.append(share(f"nis[{d:+d}]={place}"))
                if person:
                    seen.append(share(f"pn[{d:+d}]={person}"))
            # The words after a name's opener (وزارة ..., حزب ...) are likely inside it.
            if opens and d < 0:
                seen.append(share(f"xf[{d}]={opens}"))
            if closes and d > 0:
                seen.append(share(f"xl[+{d}]={closes}"))
            context.append(tuple(seen))
        return WordInfo(bare, tuple(own), tuple(context))

    def sentence(self, text: str, toks: Sequence[Token]) -> list[list[str]]:
        """One feature list per token of one sentence of `text` (`toks` are its words)."""
        word = self.word
        infos = [word(t.text) for t in toks]
        keys = [i.key for i in infos]
        n = len(toks)
        gaz = self.gazetteer.tags(keys) if self.gazetteer is not None else [None] * n
        listed = _single_apart(self.lists.names.tags(keys)) if self.lists is not None else None
        gaps = ["^"]
        for i in range(1, n):
            gaps.append(_gap(text, toks[i - 1].end, toks[i].start))
        gaps.append("$")
        # Neighbours' context tuples, the sentence edges standing in past its ends.
        m2 = [_EDGE[0], _EDGE[0], *(x.context[0] for x in infos)]
        m1 = [_EDGE[1], *(x.context[1] for x in infos)]
        p1 = [*(x.context[2] for x in infos[1:]), _EDGE[2]]
        p2 = [*(x.context[3] for x in infos[2:]), _EDGE[3], _EDGE[3]]
        out: list[list[str]] = []
        for i in range(n):
            feats = ["bias", *infos[i].own, "gb=" + gaps[i], "ga=" + gaps[i + 1], *m2[i], *m1[i], *p1[i], *p2[i]]
            if i > 0:
                feats += (f"bb[-1]={keys[i - 1]}|{keys[i]}", "gb[-1]=" + gaps[i - 1])
            if i + 1 < n:
                feats.append(f"bb[+1]={keys[i]}|{keys[i + 1]}")
            feats += _gazetteer_features(gaz, i)
            if listed is not None:
                feats += _gazetteer_features(listed, i, "x")
            out.append(feats)
        return out


def _affix_features(bare: str, variants: frozenset[str]) -> list[str]:
    """The extra spelling features of a word key for the chosen variants."""
    out = []
    if "long" in variants:
        out += ["p4=" + bare[:4], "s5=" + bare[-5:]]
    if "ngram" in variants and len(bare) >= 4:
        out += ["g3=" + bare[k : k + 3] for k in range(1, len(bare) - 3)]
    if "stem" in variants:
        for ending in _STEM_ENDINGS:
            if bare.endswith(ending) and len(bare) - len(ending) >= _MIN_STEM:
                out += ["st=" + bare[: -len(ending)], "se=" + ending]
                break
    return out


def _single_apart(tags: list[str | None]) -> list[str | None]:
    """One-word list names as U- tags: the lists hold common words too (عام, أمل), and
    the CRF should weigh a lone word apart from a matched run of several."""
    n = len(tags)
    for i, tag in enumerate(tags):
        if tag and tag[0] == "B" and (i + 1 == n or not tags[i + 1] or tags[i + 1][0] != "I"):
            tags[i] = "U" + tag[1:]
    return tags


def _gazetteer_features(gaz: list[str | None], i: int, prefix: str = "") -> list[str]:
    """The gazetteer tag of a token and of its two neighbours, where there is one."""
    out = []
    if gaz[i]:
        out.append(prefix + "g=" + gaz[i])
    if i > 0 and gaz[i - 1]:
        out.append(prefix + "g[-1]=" + gaz[i - 1])
    if i + 1 < len(gaz) and gaz[i + 1]:
        out.append(prefix + "g[+1]=" + gaz[i + 1])
    return out
