"""Which of ten topics an article is about, from a linear model we train ourselves.

The taxonomy is fixed: politics, conflict-security, economy, health, society,
culture, sport, science-technology, environment, religion. The model is a
multinomial logistic regression over the same stemmed words search uses
(`marsad.arabic.match_terms`), tf-idf weighted (1 + log tf) and L2-normalised.
training/train_topics.py fits it and writes `models/topics.zip`; here it is scored
in pure Python, so the stage adds no dependency.

`topics.zip` is a zip archive (deflated) whose format we own:

    header.json   format, classes, bias per class, weight scale, feature settings, training notes
    vocab.txt     one feature per line; line n is row n of the weights
    idf.f32       float32 little-endian, one idf per feature
    weights.i16   int16 little-endian, classes x features (all of class 0's weights
                  first, in `classes` order); weight = value * scale

An article gets its most probable topic, and a second one when the model
finds it nearly as likely (see `pick`).
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from array import array
from collections import Counter
from importlib import resources
from math import exp, log, sqrt
from operator import mul
from pathlib import Path
from typing import Any

from marsad.arabic import match_terms
from marsad.article import Article
from marsad.errors import MarsadError
from marsad.pipeline import Stage

__all__ = ["TOPICS", "TopicModel", "TopicTagger", "classify", "features", "pick", "tag_topics"]

TOPICS = (
    "politics",
    "conflict-security",
    "economy",
    "health",
    "society",
    "culture",
    "sport",
    "science-technology",
    "environment",
    "religion",
)
MODEL_FILE = "topics.zip"
FORMAT = "marsad-topics/1"

# Past this many words the topic is long settled; the cap keeps time per article bounded.
MAX_WORDS = 800
# A second topic when it is likely in its own right and not far behind the first:
# an article on a health ministry's budget is both health and economy.
SECOND_MIN = 0.25
SECOND_RATIO = 0.5

# 1 + log(tf), looked up: no feature occurs more often than there are words.
_SUBLINEAR_TF = [0.0] + [1.0 + log(n) for n in range(1, MAX_WORDS + 1)]
# Links, handles and retweet marks are social-media residue, not topic words; in the
# training data they would also tell the model which dataset a text came from.
_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|\bRT\b")


def features(text: str, title: str | None = None) -> list[str]:
    """The model's features: the stemmed words of the title, then of the text.

    Numbers are left out: years and scores say when a text was written, not what about.
    Bigrams were tried: 7 times the vocabulary and about twice the time per article for
    one point more dev accuracy and less dev macro-F1 (bench/RESULTS-topics.md).
    """
    found: list[str] = []
    for part in (title, text):
        if not part or len(found) >= MAX_WORDS:
            continue
        # Arabic words average under 10 characters with their space, so cutting here
        # bounds the time on a very long text without changing what the word cap keeps.
        part = part[: MAX_WORDS * 10]
        if "@" in part or "http" in part or "www." in part or "RT" in part:
            part = _NOISE.sub(" ", part)
        found += [t for t in match_terms(part) if len(t) > 1 and not t.isdigit()]
    return found[:MAX_WORDS]


def pick(ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The topics to assign from (topic, probability) best first: the top one, maybe a second."""
    if not ranked:
        return []
    chosen = ranked[:1]
    if len(ranked) > 1:
        second, p2 = ranked[1]
        if p2 >= SECOND_MIN and p2 >= SECOND_RATIO * ranked[0][1]:
            chosen.append((second, p2))
    return chosen


class TopicModel:
    """The trained weights, and scoring of one text against them."""

    def __init__(self, header: dict[str, Any], vocab: list[str], idf: array, weights: array) -> None:
        self.header = header
        self.classes: list[str] = header["classes"]
        self.bias: list[float] = header["bias"]
        self.index = dict(zip(vocab, range(len(vocab))))
        self.idf = idf
        # One list per class of shared float objects, indexed by the int16 weight itself
        # (a negative index reads the second half of the table, as Python lists do): a list
        # hands back a stored float three times faster than an array makes a new one.
        scale = header["scale"]
        table = [k * scale for k in range(32768)] + [k * scale for k in range(-32768, 0)]
        n = len(vocab)
        self.columns = [
            list(map(table.__getitem__, weights[c * n : c * n + n])) for c in range(len(self.classes))
        ]

    @classmethod
    def load(cls, path: str | Path) -> TopicModel:
        """Read a `topics.zip` written by training/train_topics.py."""
        path = Path(path)
        if not path.is_file():
            raise MarsadError(f"topic model not found: {path} (run training/train_topics.py)")
        with zipfile.ZipFile(path) as archive:
            header = json.loads(archive.read("header.json"))
            if header.get("format") != FORMAT:
                raise MarsadError(f"{path}: not a {FORMAT} model (format {header.get('format')!r})")
            vocab = archive.read("vocab.txt").decode("utf-8").split("\n")
            idf, weights = array("f"), array("h")
            idf.frombytes(archive.read("idf.f32"))
            weights.frombytes(archive.read("weights.i16"))
        if sys.byteorder == "big":
            idf.byteswap()
            weights.byteswap()
        if not len(vocab) == len(idf) == len(weights) // len(header["classes"]):
            raise MarsadError(f"{path}: vocabulary, idf and weights disagree in size")
        return cls(header, vocab, idf, weights)

    def probabilities(self, text: str, title: str | None = None) -> list[tuple[str, float]]:
        """Every topic with its probability, best first; empty when no known word is found."""
        # Every step is a C-level map over the article's known features, never a Python
        # loop per feature: this is what keeps the stage over 1,000 articles/s.
        counts = Counter(features(text, title))
        known = list(counts.keys() & self.index.keys())
        if not known:
            return []
        ids = list(map(self.index.__getitem__, known))
        tf = map(_SUBLINEAR_TF.__getitem__, map(counts.__getitem__, known))
        vals = list(map(mul, tf, map(self.idf.__getitem__, ids)))
        # tf-idf with L2 norm, as in training.
        factor = 1.0 / sqrt(sum(map(mul, vals, vals)))
        logits = [
            sum(map(mul, vals, map(column.__getitem__, ids))) * factor + b
            for column, b in zip(self.columns, self.bias)
        ]
        top = max(logits)
        odds = [exp(z - top) for z in logits]
        total = sum(odds)
        return sorted(((c, o / total) for c, o in zip(self.classes, odds)), key=lambda p: -p[1])

    def classify(self, text: str, title: str | None = None) -> list[tuple[str, float]]:
        """The assigned topics with their probabilities: the top one, and maybe a second."""
        return pick(self.probabilities(text, title))


def _model_path() -> Path:
    return Path(str(resources.files("marsad.models"))) / MODEL_FILE


class TopicTagger:
    """The topics stage: loads the model on first use and pickles without it."""

    def __init__(self, model_path: str | Path | None = None) -> None:
        """Use the model at `model_path`, or the one shipped in `marsad.models`."""
        self.model_path = Path(model_path) if model_path else None
        self._model: TopicModel | None = None

    def __getstate__(self) -> dict[str, Any]:
        # No resolved path either: a worker on another machine finds its own installed model.
        return {"model_path": self.model_path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["model_path"])  # type: ignore[misc]

    @property
    def model(self) -> TopicModel:
        """The loaded model (loaded now if it was not yet)."""
        if self._model is None:
            self._model = TopicModel.load(self.model_path or _model_path())
        return self._model

    def __call__(self, article: Article) -> Article:
        """Set `article.topics` to the chosen topic slugs, best first; none outside Arabic.

        The model knows Arabic words only: on other text it would answer from a few
        Latin acronyms and its priors, so it says nothing rather than guess.
        """
        if article.lang not in (None, "ar"):
            article.topics = []
            return article
        article.topics = [topic for topic, _ in self.model.classify(article.text, article.title)]
        return article


_default = TopicTagger()


def classify(text: str, title: str | None = None) -> list[tuple[str, float]]:
    """The topics of `text` (and its title) with probabilities, best first, by the shipped model."""
    return _default.model.classify(text, title)


tag_topics = Stage("topics", _default, needs=frozenset({"text"}), gives=frozenset({"topics"}))
