"""Build the folded-word frequency lexicon that guides clitic stripping.

    python training/build_lexicon.py [--data ../shared/data/news]

Counts every folded Arabic word in the news corpora and keeps those seen at least
three times. Deterministic: same data, same file.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from marsad.arabic.normalize import fold
from marsad.arabic.tokenize import words

OUT = Path(__file__).resolve().parents[1] / "src/marsad/models/arabic_lexicon.tsv.gz"
MIN_COUNT = 3


def corpus_texts(root: Path):
    for path in sorted(root.rglob("*.jsonl*")):
        if "_test" in path.name or "silver" in path.name or "ans_" in path.name:
            continue
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                yield f"{row.get('title') or ''}\n{row.get('text') or ''}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/news")
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    for text in corpus_texts(args.data):
        counts.update(w for w in words(fold(text)) if "\u0621" <= w[0] <= "\u064a")
    kept = sorted((w, c) for w, c in counts.items() if c >= MIN_COUNT)
    with gzip.GzipFile(OUT, "wb", mtime=0) as raw:
        raw.write("".join(f"{w}\t{c}\n" for w, c in kept).encode("utf-8"))
    print(f"{len(kept)} words (of {len(counts)}) -> {OUT}")


if __name__ == "__main__":
    main()
