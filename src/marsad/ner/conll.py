"""CoNLL-style NER data as text with character spans, and exact-span scoring.

Training and evaluation both turn a labelled token list into the text the tagger
would see (tokens joined by spaces) plus gold spans in character offsets, so the
tagger is trained and scored through the same tokenizer it runs with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from marsad.arabic import Token, tokens

__all__ = ["DOCUMENT_SENTENCES", "Example", "Span", "bio_spans", "documents", "read_conll", "score", "to_example", "token_labels"]

TYPES = ("PER", "ORG", "LOC")
# ANERcorp keeps its sentences in article order but marks no article boundaries; its
# 316 articles average about 15 sentences, so runs of 15 stand in for articles.
DOCUMENT_SENTENCES = 15


class Span(NamedTuple):
    """An entity mention: type and character offsets into the text it came from."""

    type: str
    start: int
    end: int
    text: str


class Example(NamedTuple):
    """A labelled sentence as plain text with gold entity spans."""

    text: str
    spans: list[Span]


def read_conll(path: Path, tag_map: Callable[[str], str | None]) -> Iterator[list[tuple[str, str]]]:
    """Sentences of (token, tag) from a `token<TAB>tag` file, tags mapped to PER/ORG/LOC.

    `tag_map` maps a source entity type (the part after B-/I-) to one of ours, or None
    for types we do not tag; their tokens become O.
    """
    sentence: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if sentence:
                    yield sentence
                sentence = []
                continue
            token, _, tag = line.partition("\t")
            sentence.append((token, _map_tag(tag.split()[0] if tag.split() else "O", tag_map)))
    if sentence:
        yield sentence


def _map_tag(tag: str, tag_map: Callable[[str], str | None]) -> str:
    if tag[:2] not in ("B-", "I-"):
        return "O"
    kind = tag_map(tag[2:])
    return f"{tag[:2]}{kind}" if kind else "O"


def bio_spans(labels: Iterable[str]) -> list[tuple[str, int, int]]:
    """(type, first, past-last) index runs of a BIO sequence, read as conlleval does.

    An I- tag that does not continue an entity of its own type starts a new one.
    """
    spans: list[tuple[str, int, int]] = []
    kind, first = None, 0
    for i, label in enumerate([*labels, "O"]):
        prefix, _, label_kind = label.partition("-")
        continues = prefix == "I" and label_kind == kind
        if kind is not None and not continues:
            spans.append((kind, first, i))
            kind = None
        if prefix in ("B", "I") and not continues:
            kind, first = label_kind, i
    return spans


def to_example(sentence: list[tuple[str, str]]) -> Example:
    """Join tokens with spaces and turn the BIO tags into character spans.

    Gold spans are trimmed to the words our tokenizer finds inside them, so a
    bracket or dot the annotators kept at an entity's edge does not make an exact
    match impossible; entities made of punctuation alone are dropped.
    """
    offsets, pos = [], 0
    for token, _ in sentence:
        offsets.append((pos, pos + len(token)))
        pos += len(token) + 1
    text = " ".join(token for token, _ in sentence)
    words = list(tokens(text))
    spans = []
    for kind, first, last in bio_spans(tag for _, tag in sentence):
        inside = [w for w in words if w.start >= offsets[first][0] and w.end <= offsets[last - 1][1]]
        if inside:
            start, end = inside[0].start, inside[-1].end
            spans.append(Span(kind, start, end, text[start:end]))
    return Example(text, spans)


def documents(examples: list[Example], size: int = DOCUMENT_SENTENCES) -> list[Example]:
    """Runs of `size` consecutive sentences as one text each (sentences on their own lines).

    The tagger sees whole articles at run time; scoring it on stretches of text lets a
    model that uses the rest of the document (marsad.ner.document) use it. A model
    that tags one sentence at a time scores the same either way.
    """
    out = []
    for k in range(0, len(examples), size):
        texts, spans, offset = [], [], 0
        for example in examples[k : k + size]:
            texts.append(example.text)
            spans += [Span(s.type, s.start + offset, s.end + offset, s.text) for s in example.spans]
            offset += len(example.text) + 1
        out.append(Example("\n".join(texts), spans))
    return out


def token_labels(example: Example, words: list[Token]) -> list[str]:
    """BIO labels for our tokens of `example.text` (the tagger's training targets)."""
    labels = ["O"] * len(words)
    for span in example.spans:
        inside = [i for i, w in enumerate(words) if w.start >= span.start and w.end <= span.end]
        for n, i in enumerate(inside):
            labels[i] = ("B-" if n == 0 else "I-") + span.type
    return labels


def score(gold: Iterable[list[Span]], predicted: Iterable[list[Span]]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 per type and micro over PER/ORG/LOC, exact span match."""
    counts = {kind: [0, 0, 0] for kind in TYPES}  # true positives, predicted, gold
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        gold_set = {(s.type, s.start, s.end) for s in gold_spans}
        pred_set = {(s.type, s.start, s.end) for s in pred_spans}
        for kind, start, end in pred_set:
            if kind in counts:
                counts[kind][1] += 1
                counts[kind][0] += (kind, start, end) in gold_set
        for kind, _, _ in gold_set:
            if kind in counts:
                counts[kind][2] += 1
    result = {kind: _prf(*c) for kind, c in counts.items()}
    result["micro"] = _prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return result


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": gold}
