"""Build the name lists the NER tagger uses as features, from openly licensed gazetteers.

    .venv/bin/python training/build_ner_gazetteer.py

Sources (../shared/data/gazetteers, see SOURCES-more.md), all of which may ship:
- NERAr (BSD-2-Clause, Gahbiche-Braham et al. 2014): PER/ORG/LOC names in normalized
  Buckwalter transliteration, converted here to Arabic letters;
- ArWikiCats (MIT): Arabic Wikipedia titles of people, sports clubs, cities and other places;
- Wikidata person-name tokens (CC0, via NETransliteration-COLING2018): single name words
  with how often they occur in Wikidata person labels.

Output: src/marsad/models/ner_gazetteer.tsv.gz, lines `KIND<TAB>key words<TAB>type`:
`name` lines are whole names (type PER, ORG or LOC, several joined by `/`), `first` and
`last` lines the types of the several-word names a word opens or closes, `token` lines
person-name words with a frequency bucket. Names are stored as the tagger's match keys
(`marsad.kb.loader.name_word_key` per word), so loading is a split, not a re-folding.
The tagger only uses them as CRF features: a list entry is evidence weighed by training,
never a verdict, so the lists' noise (common words among the mono-lingual NERAr names)
costs little. Lone words that are surely not names are left out all the same: under three
letters once keyed (ان, NERAr's "Anne", made the tagger pull إن into the name before it),
or a function word of the grammar (`marsad.arabic.function_words`: Wikidata's "of" is من).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

from marsad.arabic import words
from marsad.arabic.function_words import is_function_word
from marsad.kb.loader import name_word_key

ROOT = Path(__file__).resolve().parents[1]
GAZ = ROOT.parent / "shared/data/gazetteers"
OUT = ROOT / "src/marsad/models/ner_gazetteer.tsv.gz"
MAX_WORDS = 6
# A one-word name (or person-name word) shorter than this is too often a particle or a
# clitic-stripped fragment of a common word (ان, من, لي) to be evidence of a name.
MIN_SINGLE = 3

# Buckwalter, with the extended letters NERAr uses (P, J, V, G for پ چ ڤ گ); short vowels,
# shadda, sukun and tanween are dropped.
BUCKWALTER = {
    "'": "ء", "|": "آ", ">": "أ", "&": "ؤ", "<": "إ", "}": "ئ", "A": "ا", "b": "ب", "p": "ة",
    "t": "ت", "v": "ث", "j": "ج", "H": "ح", "x": "خ", "d": "د", "*": "ذ", "r": "ر", "z": "ز",
    "s": "س", "$": "ش", "S": "ص", "D": "ض", "T": "ط", "Z": "ظ", "E": "ع", "g": "غ", "f": "ف",
    "q": "ق", "k": "ك", "l": "ل", "m": "م", "n": "ن", "h": "ه", "w": "و", "Y": "ى", "y": "ي",
    "P": "پ", "J": "چ", "V": "ڤ", "G": "گ", "{": "ا",
    **dict.fromkeys("aiuoFNK~`_", ""),
    " ": " ", "-": " ",
}
_DIGITS = re.compile(r"\d")
NERAR_TYPES = {"PERS": "PER", "ORG": "ORG", "LOC": "LOC"}
ARWIKICATS = {
    "peoples.json": "PER",
    "Clubs_key.json": "ORG",
    "cities_full.json": "LOC",
    "popopo.json": "LOC",
    "P17_2_final_ll.json": "LOC",
}


def from_buckwalter(text: str) -> str | None:
    """Arabic letters for a Buckwalter string, or None when it holds anything else."""
    out = []
    for char in text.strip():
        arabic = BUCKWALTER.get(char)
        if arabic is None:
            return None
        out.append(arabic)
    return "".join(out)


def key(name: str) -> tuple[str, ...]:
    return tuple(name_word_key(w) for w in words(name))


def usable(name: str, k: tuple[str, ...]) -> bool:
    """A name worth listing: 1..MAX_WORDS Arabic words, none a lone letter, no digits,
    and, when it is one word, a real word of its own (see `single_word_ok`)."""
    return (
        0 < len(k) <= MAX_WORDS
        and all(len(w) >= 2 and "\u0621" <= w[0] <= "\u064a" for w in k)
        and not any(_DIGITS.search(w) for w in k)
        and (len(k) > 1 or single_word_ok(name.strip(), k[0]))
    )


def single_word_ok(written: str, key_: str) -> bool:
    """Whether a lone word may stand as a name: three letters or more once keyed, and not
    a function word as written (so علي stays while على, إن and من go)."""
    return len(key_) >= MIN_SINGLE and not is_function_word(written)


def nerar_names(root: Path) -> list[tuple[str, str]]:
    names = []
    for path in sorted(root.glob("dico-*.norm")):
        kind = NERAR_TYPES[re.search(r"PERS|ORG|LOC", path.name).group()]
        # The French side is not always UTF-8; only the Arabic (ASCII) side is read.
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            arabic = from_buckwalter(line.split("\t")[0])
            if arabic:
                names.append((arabic, kind))
    return names


def arwikicats_names(root: Path) -> list[tuple[str, str]]:
    names = []
    for file, kind in ARWIKICATS.items():
        for value in json.loads((root / file).read_text(encoding="utf-8")).values():
            if isinstance(value, str):
                # Wikipedia titles disambiguate in brackets: "الهلال (نادي)".
                names.append((re.sub(r"\s*\(.*?\)", "", value), kind))
    return names


def name_tokens(path: Path) -> dict[str, int]:
    """Wikidata person-name words (Arabic side) with their summed counts."""
    counts: dict[str, int] = defaultdict(int)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[2].isdigit():
            written = parts[1].replace(" ", "")
            word = name_word_key(written)
            if single_word_ok(written, word):
                counts[word] += int(parts[2])
    return counts


def bucket(count: int) -> str:
    return "1" if count < 3 else ("3" if count < 30 else "30")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gazetteers", type=Path, default=GAZ)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    types: dict[tuple[str, ...], set[str]] = defaultdict(set)
    names: dict[tuple[str, ...], str] = {}  # a written form of each name
    for name, kind in nerar_names(args.gazetteers / "nerar") + arwikicats_names(args.gazetteers / "arwikicats"):
        k = key(name)
        if usable(name, k):
            types[k].add(kind)
            names.setdefault(k, name)
    tokens = name_tokens(args.gazetteers / "wikidata_name_tokens/wd_arabic.normalized.aligned.tokens")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    first: dict[str, set[str]] = defaultdict(set)
    last: dict[str, set[str]] = defaultdict(set)
    for k, kinds in types.items():
        if len(k) > 1:
            # A particle opening or closing a listed name (ان in "ان ..."), is no evidence
            # that the words after or before it in a text belong to a name.
            written = words(names[k])
            if single_word_ok(written[0], k[0]):
                first[k[0]] |= kinds
            if single_word_ok(written[-1], k[-1]):
                last[k[-1]] |= kinds
    with gzip.GzipFile(args.out, "wb", mtime=0) as raw:
        for kind, table in (("name", {" ".join(k): v for k, v in types.items()}), ("first", first), ("last", last)):
            for k in sorted(table):
                raw.write(f"{kind}\t{k}\t{'/'.join(sorted(table[k]))}\n".encode())
        for word in sorted(tokens):
            raw.write(f"token\t{word}\t{bucket(tokens[word])}\n".encode())
    by_type: dict[str, int] = defaultdict(int)
    for kinds in types.values():
        for kind in kinds:
            by_type[kind] += 1
    print(f"{len(types)} names {dict(by_type)}, {len(tokens)} person-name words -> {args.out}")


if __name__ == "__main__":
    main()
