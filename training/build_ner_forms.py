"""Count how each word alternates between definite and bare forms in unlabelled news.

    .venv/bin/python training/build_ner_forms.py     (about 2 minutes on one core)

Why: a name keeps one form. Mitterrand is always ميتيران, never الميتيران; al-Jazeera is
always الجزيرة as a channel. Common nouns alternate: الفيتو and فيتو, الوئام and وئام. The
tagger's lexical features cannot tell a rare common noun from a rare name (both are
unseen words), and a definite loanword after a cue (استخدام الفيتو) looks like an ORG.
How often a word's key occurs with the article in 12 M words of news is evidence the
labelled data cannot give, computed once here and looked up at run time.

Output: src/marsad/models/ner_forms.tsv.gz, `key<TAB>bucket` for keys seen at least
MIN_COUNT times, where bucket is the share of definite occurrences: `0` (never), `1`
(always), else `lo`, `mid` or `hi`. Corpus: the same texts as training/build_ner_clusters.py.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
from collections import Counter
from pathlib import Path

from build_ner_clusters import NER, NEWS, cluster_key, ner_texts, news_texts

from marsad.arabic import fold, words

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/marsad/models/ner_forms.tsv.gz"
MIN_COUNT = 5


def definite(word: str, key: str) -> bool:
    """Whether `word` carries the article in front of its key (ال, وال, بال, لل...)."""
    folded = fold(word)
    clitic = folded[: len(folded) - len(key)] if folded.endswith(key) else ""
    return clitic.endswith("ال") or clitic.endswith("لل")


def bucket(share: float) -> str:
    if share == 0:
        return "0"
    if share == 1:
        return "1"
    return "lo" if share < 0.25 else ("mid" if share < 0.75 else "hi")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--news", type=Path, default=NEWS)
    parser.add_argument("--ner", type=Path, default=NER)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    total: Counter[str] = Counter()
    with_article: Counter[str] = Counter()
    for text in itertools.chain(news_texts(args.news), ner_texts(args.ner)):
        for word in words(text):
            if not "\u0621" <= word[0] <= "\u064a":
                continue
            key = cluster_key(word)
            total[key] += 1
            if definite(word, key):
                with_article[key] += 1
    kept = sorted(k for k, n in total.items() if n >= MIN_COUNT)
    with gzip.GzipFile(args.out, "wb", mtime=0) as raw:
        raw.write("".join(f"{k}\t{bucket(with_article[k] / total[k])}\n" for k in kept).encode("utf-8"))
    print(f"{len(kept)} words -> {args.out}")


if __name__ == "__main__":
    main()
