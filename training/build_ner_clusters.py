"""Build the word clusters the NER tagger uses to generalise past the words it was trained on.

    .venv/bin/python training/build_ner_clusters.py     (needs gensim and numpy: training only)

A name the labelled data never shows (a new minister, a club from another league)
still lands in the cluster of the names it is used like. We train word2vec on the
unlabelled news corpora (../shared/data/news, about 14 M words: SaudiNewsNet in full,
ANT, ASND; test and silver files left out, and the three-day SaudiNewsNet sample
skipped since the full set holds it) plus the text of our NER training sentences,
over the tagger's word keys (folded, proclitics peeled), and cut the vectors into
64, 256, 1024 and 4096 clusters with seeded spherical k-means. Output:
src/marsad/models/ner_clusters.tsv.gz, one `key<TAB>c64<TAB>c256<TAB>c1024<TAB>c4096`
line per word (56,854 words seen at least 5 times). Only that map ships, not the vectors (the tagger looks clusters up,
it never computes a vector).

Deterministic: fixed corpus order, one worker thread, fixed seeds. Bounded: 3 epochs
over 14 M words, about 33 minutes on one
core shared with other work (run it under `nice`).
"""

from __future__ import annotations

import argparse
import itertools
import gzip
import re
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from build_lexicon import corpus_texts

from marsad.arabic import words
from marsad.ner.gazetteer import word_key

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared/data/news"
NER = ROOT.parent / "shared/data/ner"
OUT = ROOT / "src/marsad/models/ner_clusters.tsv.gz"
SEED = 13
SIZES = (64, 256, 1024, 4096)
# The NER sentences whose text may join the corpus: training data only. NewsFANE is
# left out because much of it repeats the ANERcorp test split.
NER_TEXT = [
    "anercorp/ANERCorp_CamelSplit_reconstructed_train.conll",
    "aqmar/*.conll",
    "wojood_sample/train.conll",
]
_DIGIT = re.compile(r"\d")


def news_texts(root: Path) -> Iterator[str]:
    """The news texts the lexicon is counted from (training/build_lexicon.py), each once.

    `saudinewsnet/` is three days of `saudinewsnet_full/`: read only the full set.
    """
    skip = root / "saudinewsnet" if (root / "saudinewsnet_full").is_dir() else None
    for path in sorted(root.iterdir()):
        if path.is_dir() and path != skip:
            yield from corpus_texts(path)


def ner_texts(root: Path) -> Iterator[str]:
    for pattern in NER_TEXT:
        for path in sorted(root.glob(pattern)):
            with open(path, encoding="utf-8") as handle:
                sentence: list[str] = []
                for line in handle:
                    token = line.split("\t")[0].strip()
                    if token:
                        sentence.append(token)
                    elif sentence:
                        yield " ".join(sentence)
                        sentence = []
                if sentence:
                    yield " ".join(sentence)


def _stable_hash(text: str) -> int:
    """gensim seeds each word's vector with this; Python's own hash() changes per process."""
    return zlib.crc32(text.encode("utf-8"))


def cluster_key(word: str) -> str:
    """The form a word is clustered under: its tagger key, digits as 0."""
    return _DIGIT.sub("0", word_key(word))


def corpus(news: Path, ner: Path) -> list[list[str]]:
    """Every text as a list of word keys, split at line ends."""
    out = []
    seen: dict[str, str] = {}
    for text in itertools.chain(news_texts(news), ner_texts(ner)):
        for line in text.split("\n"):
            keys = [seen.setdefault(k, k) for k in map(cluster_key, words(line))]
            if len(keys) > 1:
                out.append(keys)
    return out


def kmeans(vectors: np.ndarray, k: int, seed: int, iterations: int = 25) -> np.ndarray:
    """Cluster ids for unit-length `vectors` (spherical k-means, seeded)."""
    rng = np.random.default_rng(seed)
    centres = vectors[rng.choice(len(vectors), size=k, replace=False)]
    labels = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(iterations):
        labels = np.argmax(vectors @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, vectors)
        norms = np.linalg.norm(sums, axis=1)
        filled = norms > 0
        centres[filled] = sums[filled] / norms[filled, None]
    return labels


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--news", type=Path, default=NEWS)
    parser.add_argument("--ner", type=Path, default=NER)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--vectors", type=Path, help="also save the word vectors here (not shipped)")
    parser.add_argument(
        "--from-vectors", type=Path, help="cluster vectors an earlier run saved with --vectors (no training)"
    )
    args = parser.parse_args()
    from gensim.models import KeyedVectors, Word2Vec  # training only: the corpus helpers here need no gensim

    started = time.perf_counter()
    if args.from_vectors:
        wv = KeyedVectors.load(str(args.from_vectors))
    else:
        sentences = corpus(args.news, args.ner)
        print(f"corpus: {len(sentences)} lines, {sum(map(len, sentences))} words", flush=True)
        wv = Word2Vec(
            sentences,
            vector_size=100,
            window=5,
            min_count=args.min_count,
            sg=1,
            negative=10,
            epochs=args.epochs,
            workers=1,
            seed=SEED,
            hashfxn=_stable_hash,
        ).wv
        if args.vectors:
            wv.save(str(args.vectors))
    keys = list(wv.index_to_key)
    vectors = wv.vectors / np.linalg.norm(wv.vectors, axis=1, keepdims=True)
    labels = [kmeans(vectors, k, SEED + k) for k in SIZES]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(args.out, "wb", mtime=0) as raw:
        for i, key in sorted(enumerate(keys), key=lambda pair: pair[1]):
            raw.write(("\t".join([key, *(str(l[i]) for l in labels)]) + "\n").encode("utf-8"))
    print(f"clusters: {len(keys)} words -> {args.out} in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
