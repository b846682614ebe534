"""Build the Arabic→English lexicon that cross-language origin matching ships.

    python training/build_crosslang_lexicon.py [--data ../shared/data/parallel/lexicon]

Only sources whose licence lets a derived file ship (../shared/data/SOURCES-more.md):
  - omw_ar_en.tsv.gz: Arabic WordNet 2 / OMW Wiktionary / CLDR joined to WordNet
    (CC BY-SA 3.0, Unicode, WordNet licence): the file we write is CC BY-SA 3.0 with
    attribution (src/marsad/models/README-crosslang.md);
  - names_ar_en.tsv.gz: only the Wikidata (CC0) and google/transliteration (Apache-2.0) rows.
FreeDict and Buckwalter (GPL), MUSE (CC BY-NC) and ANETAC (no licence) are left out.

Lexicon precision matters more than size: WordNet synsets give every Arabic word
every synonym of every sense, so for each Arabic key we keep the English words in
order of how many senses and sources agree on them, at most `MAX_SENSES`, and drop
keys that translate to too many words (those are the noisy, polysemous ones).
Keys are the run-time match form (`marsad.crosslang.lexicon.arabic_key`), values the
English match form (`english_key`), so build and run time cannot disagree.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.crosslang.lexicon import LEXICON_PATH, arabic_keys, english_key  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "parallel" / "lexicon"
SHIPPABLE_NAME_SOURCES = {"wikidata-netranslit", "google-translit"}
MAX_SENSES = 4
MAX_CANDIDATES = 16
MIN_NAME_COUNT = 1


def _rows(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _add(pairs: dict[str, Counter], ar: str, en: str, weight: float) -> None:
    """One (Arabic, English) pair, single words only, in both match forms."""
    if " " in ar.strip() or " " in en.strip() or "_" in en:
        return
    value = english_key(en)
    if len(value) < 2 or not value.isalpha() or not value.isascii():
        return
    for key in arabic_keys(ar):
        if len(key) < 2 or not all("\u0621" <= c <= "\u064a" for c in key):
            return  # the Wiktionary rows hold a few other languages' words
        pairs[key][value] += weight


def build(data: Path) -> dict[str, list[str]]:
    """Arabic key -> English keys, most agreed first."""
    pairs: dict[str, Counter] = defaultdict(Counter)
    for row in _rows(data / "omw_ar_en.tsv.gz"):
        _add(pairs, row["ar"], row["en"], 1.0)
    # Names only where WordNet has no word: سلام is "peace", not Salam.
    names: dict[str, Counter] = defaultdict(Counter)
    for row in _rows(data / "names_ar_en.tsv.gz"):
        if row["source"] in SHIPPABLE_NAME_SOURCES:
            _add(names, row["ar"], row["en"], 1.0)
    for key, counts in names.items():
        pairs.setdefault(key, counts)
    lexicon = {}
    for key, counts in pairs.items():
        if len(counts) > MAX_CANDIDATES:
            continue
        ranked = [en for en, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        lexicon[key] = ranked[:MAX_SENSES]
    return lexicon


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    lexicon = build(args.data)
    body = "".join(key + "\t" + " ".join(lexicon[key]) + "\n" for key in sorted(lexicon))
    # mtime 0: the same sources give the same bytes, so a rebuild shows in git only when it changes.
    with open(LEXICON_PATH, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
        out.write(body.encode("utf-8"))
    print(f"{len(lexicon)} Arabic keys -> {LEXICON_PATH}")


if __name__ == "__main__":
    main()
