"""Training data for the second NER pass (marsad.ner.document), used by train_ner.py.

The second CRF learns how far to trust the first pass's labels of a word's other
occurrences in the article. Labels the first CRF gives its own training sentences
are nearly perfect, so they would teach it to trust them blindly; as in Krishnan
and Manning (2006), each ANERcorp fold is labelled by a first-pass model trained
without it (jackknife), which makes errors like those the shipped first pass makes
on unseen text. The other corpora get no document features (WikiANN and Wojood are
loose sentences), so only ANERcorp teaches their weights.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pycrfsuite

from marsad.arabic import tokens
from marsad.ner.conll import DOCUMENT_SENTENCES, Example, token_labels
from marsad.ner.document import document_features
from marsad.ner.features import Featurizer, sentences

Labels = list[list[str]]  # one label list per sentence the tagger splits an example into


def first_pass_labels(model: Path, examples: list[Example], featurizer: Featurizer) -> list[Labels]:
    """The plain Viterbi labels `model` gives each example, sentence by sentence, as at run time."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    out = []
    for example in examples:
        words = list(tokens(example.text))
        out.append(
            [tagger.tag(featurizer.sentence(example.text, words[a:b])) for a, b in sentences(example.text, words)]
        )
    tagger.close()
    return out


def jackknife(
    examples: list[Example], folds: int, train: Callable[[list[Example], Path], None], featurizer: Featurizer, tmp: Path
) -> list[Labels]:
    """First-pass labels for every example from a model trained without its fold (contiguous folds)."""
    size = -(-len(examples) // folds)
    labels: list[Labels] = []
    for k in range(folds):
        held = examples[k * size : (k + 1) * size]
        model = tmp / f"fold{k}.crfsuite"
        train(examples[: k * size] + examples[(k + 1) * size :], model)
        labels += first_pass_labels(model, held, featurizer)
        print(f"  fold {k + 1}/{folds}: {len(held)} sentences labelled", flush=True)
    return labels


def second_pass_sequences(
    examples: list[Example], labels: list[Labels], featurizer: Featurizer, size: int = DOCUMENT_SENTENCES
) -> Iterator[tuple[list, list]]:
    """(features, gold labels) per sentence, with the document features of its run of `size` examples."""
    for k in range(0, len(examples), size):
        block, block_labels = examples[k : k + size], labels[k : k + size]
        xseqs, yseqs, keys, firsts = [], [], [], []
        for example, first in zip(block, block_labels, strict=True):
            words = list(tokens(example.text))
            gold = token_labels(example, words)
            for (a, b), predicted in zip(sentences(example.text, words), first, strict=True):
                xseqs.append(featurizer.sentence(example.text, words[a:b]))
                yseqs.append(gold[a:b])
                keys.append([featurizer.word(w.text).key for w in words[a:b]])
                firsts.append(predicted)
        for xseq, yseq, rows in zip(xseqs, yseqs, document_features(keys, firsts)):
            yield [own + doc for own, doc in zip(xseq, rows)], yseq
