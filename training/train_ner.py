"""Train the shipped Arabic NER model (a CRF over marsad.ner.features).

    .venv/bin/python training/train_ner.py            # dev score, then the shipped model
    .venv/bin/python training/train_ner.py --dev-only # tuning: dev score only, ships nothing

Data (../shared/data/ner, see SOURCES-ner.md): the ANERcorp reconstructed train split,
NewsFANE gold, AQMAR and the train part of the Wojood sample, with their types mapped
to PER/ORG/LOC (MISC and the rest become O). The last 15% of the ANERcorp train
sentences are our dev split: contiguous, so the articles it comes from are unseen,
as they are in the test split. The ANERcorp test split is never read here.

Reproducible: the data order is fixed, L-BFGS is deterministic, and the seed fixes
anything random we add. Phase 1 trains without the dev split and scores it; phase 2
trains on everything with the same settings and writes src/marsad/models/ner.crfsuite
plus ner.json (settings, data, dev scores).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pycrfsuite

from marsad.arabic import fold, tokens, words
from marsad.ner.conll import Example, read_conll, score, to_example, token_labels
from marsad.ner.features import Featurizer, sentences
from marsad.ner.tagger import NerTagger

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data/ner"
MODEL = ROOT / "src/marsad/models/ner.crfsuite"
DEV_FRACTION = 0.15
SEED = 13

ANERCORP = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
# NewsFANE's fine classes (ACE-like); facilities, vehicles, works and groups of
# people (nationalities) are O, as ANERcorp leaves them untagged or MISC.
NEWSFANE = {
    **dict.fromkeys(
        "Politician Athlete Artist Other_PER Religious_PER Scientist Businessperson Lawyer Engineer Police".split(),
        "PER",
    ),
    **dict.fromkeys(
        "Government Non-Governmental Commercial Educational Media Religious_ORG Sports Medical-Science"
        " Entertainment".split(),
        "ORG",
    ),
    **dict.fromkeys(
        "Nation Population-Center State-or-Province County-or-District GPE-Cluster Continent Water-Body"
        " Land-Region-Natural".split(),
        "LOC",
    ),
}
AQMAR = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
WOJOOD = {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
EXTRA = {
    "newsfane": (NEWSFANE, ["newsfane/NewsFANE_Gold_2014_170K.conll"]),
    "aqmar": (AQMAR, ["aqmar/*.conll"]),
    "wojood": (WOJOOD, ["wojood_sample/train.conll"]),
}


def load(data: Path, tag_map: dict[str, str], patterns: list[str]) -> list[Example]:
    """Every sentence of the files matching `patterns`, as text with gold spans."""
    examples = []
    for pattern in patterns:
        for path in sorted(data.glob(pattern)):
            examples += [to_example(s) for s in read_conll(path, tag_map.get)]
    return examples


def overlapping(examples: list[Example], reference: list[Example], n: int = 6) -> set[int]:
    """Indices of `examples` that repeat text of `reference` (any shared run of n words).

    NewsFANE is largely ANERcorp re-annotated: two thirds of its sentences repeat
    ANERcorp sentences, test split included. Those must not train a model that the
    test split measures, nor one whose dev score we trust.
    """
    grams: set[tuple[str, ...]] = set()
    for example in reference:
        w = [fold(x) for x in words(example.text)]
        grams.update(tuple(w[i : i + n]) for i in range(len(w) - n + 1))
    flat = " " + " ".join(" ".join(fold(x) for x in words(e.text)) for e in reference) + " "
    hits = set()
    for k, example in enumerate(examples):
        w = [fold(x) for x in words(example.text)]
        if len(w) < n:
            if " " + " ".join(w) + " " in flat:
                hits.add(k)
        elif any(tuple(w[i : i + n]) in grams for i in range(len(w) - n + 1)):
            hits.add(k)
    return hits


def sequences(examples: list[Example], featurizer: Featurizer, source: str = "") -> Iterator[tuple[list, list]]:
    """(features, labels) per sentence as the tagger will split and see it.

    With a `source` name, every feature also gets a copy private to that corpus
    (Daumé's "frustratingly easy" domain adaptation): what only that corpus does
    (its own annotation habits) goes to the copies, which the tagger never sees.
    """
    for example in examples:
        words = list(tokens(example.text))
        labels = token_labels(example, words)
        for first, last in sentences(example.text, words):
            if last > first:
                xseq = featurizer.sentence(example.text, words[first:last])
                if source:
                    xseq = [feats + [f"{source}:{f}" for f in feats] for feats in xseq]
                yield xseq, labels[first:last]


def train(
    examples: list[Example],
    others: list[tuple[str, Example]],
    featurizer: Featurizer,
    args: argparse.Namespace,
    out: Path,
) -> None:
    """Fit the CRF on ANERcorp `examples` and the (corpus, example) `others`, and write it to `out`."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in sequences(examples, featurizer):
        trainer.append(xseq, yseq)
    for name in dict.fromkeys(name for name, _ in others):
        corpus = [e for n, e in others if n == name]
        for xseq, yseq in sequences(corpus, featurizer, name if args.adapt else ""):
            trainer.append(xseq, yseq)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": args.minfreq,
        }
    )
    started = time.perf_counter()
    trainer.train(str(out))
    print(f"  trained on {len(examples) + len(others)} sentences in {time.perf_counter() - started:.0f}s -> {out}", flush=True)


def evaluate(model: Path, examples: list[Example]) -> dict:
    """Exact-span scores of the model at `model` on `examples`, through the runtime tagger."""
    tagger = NerTagger(model)
    return score((e.spans for e in examples), (tagger.tag(e.text) for e in examples))


def write_meta(model: Path, args: argparse.Namespace, extra: list[str], dev: dict | None, counts: dict) -> None:
    meta = {
        "model": model.name,
        "gazetteer": args.gazetteer,
        "clusters": args.clusters,
        "adapt": args.adapt,
        "params": {"c1": args.c1, "c2": args.c2, "iterations": args.iterations, "minfreq": args.minfreq},
        "data": {"anercorp_train": True, **{name: name in extra for name in EXTRA}},
        "newsfane": args.newsfane,
        "sentences": counts,
        "dev": dev,
        "seed": args.seed,
        "command": "training/train_ner.py " + " ".join(sys.argv[1:]),
    }
    model.with_name(model.stem + ".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--extra", default="newsfane,aqmar,wojood", help="comma-separated extra corpora")
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.05)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--minfreq", type=float, default=1)
    parser.add_argument("--no-gazetteer", dest="gazetteer", action="store_false")
    parser.add_argument("--no-clusters", dest="clusters", action="store_false")
    parser.add_argument("--no-adapt", dest="adapt", action="store_false", help="extra corpora share all weights")
    parser.add_argument("--dev-only", action="store_true", help="score on dev, do not ship a model")
    parser.add_argument("--skip-dev", action="store_true", help="only train the shipped model")
    parser.add_argument(
        "--newsfane",
        choices=["new", "not-heldout"],
        default="not-heldout",
        help="NewsFANE sentences to keep: only text ANERcorp lacks, or all but those repeating held-out text",
    )
    parser.add_argument("--keep-dev-model", type=Path, help="also keep the phase-1 model here (for error analysis)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    random.seed(args.seed)
    if not args.data.is_dir():
        sys.exit(f"train_ner: no training data at {args.data}")

    anercorp = load(args.data, ANERCORP, ["anercorp/ANERCorp_CamelSplit_reconstructed_train.conll"])
    cut = int(len(anercorp) * (1 - DEV_FRACTION))
    train_part, dev = anercorp[:cut], anercorp[cut:]
    # The test split's words are read for one purpose only: to keep the sentences
    # NewsFANE shares with it out of training. Its labels are never used.
    test_text = load(args.data, ANERCORP, ["anercorp/ANERCorp_CamelSplit_reconstructed_test.conll"])
    extra = [name for name in args.extra.split(",") if name]
    others, heldout_overlap = [], set()
    for name in extra:
        examples = load(args.data, *EXTRA[name])
        if name == "newsfane":
            held = overlapping(examples, test_text + (anercorp if args.newsfane == "new" else []))
            examples = [e for k, e in enumerate(examples) if k not in held]
            heldout_overlap = {len(others) + k for k in overlapping(examples, dev)}
        others += [(name, e) for e in examples]
    featurizer = Featurizer.shipped(args.gazetteer, args.clusters)
    gazetteer = featurizer.gazetteer
    counts = {"anercorp_train": len(train_part), "dev": len(dev), "extra": len(others),
              "extra_repeating_dev": len(heldout_overlap)}
    print(f"data: {counts}; gazetteer: {len(gazetteer) if gazetteer else 0} names", flush=True)

    dev_scores = None
    if not args.skip_dev:
        with tempfile.TemporaryDirectory() as tmp:
            model = Path(tmp) / "dev.crfsuite"
            write_meta(model, args, extra, None, counts)
            unseen = [pair for k, pair in enumerate(others) if k not in heldout_overlap]
            train(train_part, unseen, featurizer, args, model)
            dev_scores = evaluate(model, dev)
            if args.keep_dev_model:
                shutil.copy(model, args.keep_dev_model)
                shutil.copy(model.with_suffix(".json"), args.keep_dev_model.with_suffix(".json"))
        print("dev F1:", json.dumps({k: round(v["f1"] * 100, 2) for k, v in dev_scores.items()}), flush=True)
        micro = dev_scores["micro"]
        print(f"dev micro P/R: {micro['precision'] * 100:.2f}/{micro['recall'] * 100:.2f}", flush=True)
    if not args.dev_only:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_meta(args.out, args, extra, dev_scores, counts)
        train(anercorp, others, featurizer, args, args.out)
        print(f"model: {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
