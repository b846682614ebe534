"""Train the shipped Arabic NER model (a CRF over marsad.ner.features).

    .venv/bin/python training/train_ner.py            # dev score, then the shipped model
    .venv/bin/python training/train_ner.py --dev-only # tuning: dev score only, ships nothing

Data (../shared/data/ner, see SOURCES-ner.md): the ANERcorp reconstructed train split,
NewsFANE gold, AQMAR and the train part of the Wojood sample, with their types mapped
to PER/ORG/LOC (MISC and the rest become O). The last 15% of the ANERcorp train
sentences are our dev split: contiguous, so the articles it comes from are unseen,
as they are in the test split.

NewsFANE is mostly ANERcorp re-annotated (two thirds of its sentences repeat ANERcorp
text, test split included), so only its sentences that ANERcorp lacks are used. The
test split's words are read for that check alone; its labels are never used.
The other corpora are annotated by other hands and habits: each gets its own
private copy of every feature (`sequences`), which on dev is worth +4 F1 over
pooling them plainly (pooled, they cost 3 points against ANERcorp alone).

Needs src/marsad/models/ner_clusters.tsv.gz (training/build_ner_clusters.py; it is
built first if missing). Reproducible: fixed data order, deterministic L-BFGS,
fixed seeds. Phase 1 trains without the dev split, scores it and picks the decoding
bonus (marsad.ner.decode) on it; phase 2 trains on everything with the same
settings and writes src/marsad/models/ner.crfsuite plus ner.json (settings, data,
dev scores, bonus). About 10 minutes on one core.

`--two-pass` adds a second CRF over the first one's labels of each word's other
occurrences in the text (marsad.ner.document; training/ner_two_pass.py): three more
trainings for the jackknifed first-pass labels, so about four times as long.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pycrfsuite

from marsad.arabic import fold, tokens, words
from marsad.ner.conll import Example, documents, read_conll, score, to_example, token_labels
from marsad.ner.features import CLUSTERS_FILE, Featurizer, sentences
from marsad.ner.tagger import NerTagger
from ner_two_pass import Labels, jackknife, second_pass_sequences

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data/ner"
MODEL = ROOT / "src/marsad/models/ner.crfsuite"
# The first-pass model of a two-pass model (--two-pass) lives beside it under this name.
FIRST_PASS = "ner_stage1.crfsuite"
DEV_FRACTION = 0.15
# Decoding bonuses for entity labels tried on dev (0 is the CRF's plain best path).
BONUSES = (0.0, 0.5, 1.0, 1.5, 2.0)
# Extra bonus for ORG labels tried with each of them: ORG is the type the CRF misses most.
ORG_BONUSES = (0.0, 0.5, 1.0, 1.5)
SEED = 13

ANERCORP = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
# NewsFANE's fine classes (ACE-like); facilities, vehicles, works and groups of
# people (nationalities) are O, as ANERcorp leaves them untagged or MISC.
NEWSFANE = {
    **dict.fromkeys(
        [
            "Politician",
            "Athlete",
            "Artist",
            "Other_PER",
            "Religious_PER",
            "Scientist",
            "Businessperson",
            "Lawyer",
            "Engineer",
            "Police",
        ],
        "PER",
    ),
    **dict.fromkeys(
        [
            "Government",
            "Non-Governmental",
            "Commercial",
            "Educational",
            "Media",
            "Religious_ORG",
            "Sports",
            "Medical-Science",
            "Entertainment",
        ],
        "ORG",
    ),
    **dict.fromkeys(
        [
            "Nation",
            "Population-Center",
            "State-or-Province",
            "County-or-District",
            "GPE-Cluster",
            "Continent",
            "Water-Body",
            "Land-Region-Natural",
        ],
        "LOC",
    ),
}
AQMAR = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
WOJOOD = {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
EXTRA = {
    "newsfane": (NEWSFANE, ["newsfane/NewsFANE_Gold_2014_170K.conll"]),
    "aqmar": (AQMAR, ["aqmar/*.conll"]),
    "wojood": (WOJOOD, ["wojood_sample/train.conll"]),
    # Silver (machine-made) tags on short Wikipedia fragments: a different domain and
    # annotator, so it always trains through its private feature copies, and is sampled.
    "wikiann": (AQMAR, ["wikiann_ar/train-ar.tsv"]),
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


def sequences(
    examples: list[Example], featurizer: Featurizer, source: str = ""
) -> Iterator[tuple[list, list]]:
    """(features, labels) per sentence as the tagger will split and see it.

    With a `source` name, every feature also gets a copy private to that corpus
    (Daumé's "frustratingly easy" domain adaptation): what only that corpus does,
    such as its own annotation habits, goes to the copies, which the tagger never sees.
    """
    for example in examples:
        words_ = list(tokens(example.text))
        labels = token_labels(example, words_)
        for first, last in sentences(example.text, words_):
            xseq = featurizer.sentence(example.text, words_[first:last])
            if source:
                xseq = [feats + [f"{source}:{f}" for f in feats] for feats in xseq]
            yield xseq, labels[first:last]


def featurizer_for(args: argparse.Namespace) -> Featurizer:
    return Featurizer.shipped(
        args.gazetteer, args.clusters, args.nisba, args.lists, args.forms, args.affix, args.list_context
    )


def train(
    examples: list[Example],
    others: list[tuple[str, Example]],
    args: argparse.Namespace,
    out: Path,
    first: tuple[str, list[Labels]] | None = None,
) -> None:
    """Fit the CRF on ANERcorp `examples` and the (corpus, example) `others`; write it to `out`.

    With `first` (the first-pass model's file name beside `out`, and jackknifed first-pass
    labels of `examples`), this is the second pass of a two-pass model.
    """
    featurizer = featurizer_for(args)
    trainer = pycrfsuite.Trainer(verbose=False)
    if first:
        anercorp = second_pass_sequences(examples, first[1], featurizer)
    else:
        anercorp = sequences(examples, featurizer)
    for xseq, yseq in anercorp:
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
        }
    )
    started = time.perf_counter()
    write_meta(out, args, None, first[0] if first else None)
    trainer.train(str(out))
    print(
        f"  trained on {len(examples) + len(others)} sentences in {time.perf_counter() - started:.0f}s",
        flush=True,
    )


def evaluate(model: Path, examples: list[Example], bonus: float, org: float = 0.0) -> dict:
    """Exact-span scores of the model at `model` on `examples`, through the runtime tagger.

    The examples are tagged in runs of consecutive sentences, as articles are at run time.
    """
    tagger = NerTagger(model, entity_bonus=bonus, type_bonus={"ORG": org} if org else {})
    runs = documents(examples)
    return score((e.spans for e in runs), (tagger.tag(e.text) for e in runs))


def two_pass(
    examples: list[Example], others: list[tuple[str, Example]], args: argparse.Namespace, out: Path, first: Path
) -> None:
    """Train the second pass into `out` over the first-pass model `first` (trained here if absent)."""
    one_pass = argparse.Namespace(**{**vars(args), "two_pass": False})
    if args.first_pass_model:
        shutil.copy(args.first_pass_model, first)
        write_meta(first, one_pass, None)
    else:
        train(examples, others, one_pass, first)
    with tempfile.TemporaryDirectory() as tmp:
        labels = jackknife(
            examples, args.folds, lambda part, model: train(part, others, one_pass, model), featurizer_for(args), Path(tmp)
        )
    train(examples, others, args, out, (first.name, labels))


def write_meta(model: Path, args: argparse.Namespace, dev: dict | None, first: str | None = None) -> None:
    """ner.json beside the model: what the tagger must load, and how the model was made."""
    meta = {
        "model": model.name,
        **({"stage1": first, "folds": args.folds} if first else {}),
        "gazetteer": args.gazetteer,
        "clusters": args.clusters,
        "nisba": args.nisba,
        "lists": args.lists,
        "forms": args.forms,
        "affix": args.affix,
        "list_context": args.list_context,
        "params": {"c1": args.c1, "c2": args.c2, "iterations": args.iterations, "adapt": args.adapt},
        "entity_bonus": args.entity_bonus,
        "type_bonus": {"ORG": args.org_bonus} if args.org_bonus else {},
        "data": {
            "anercorp_train": True,
            **{name: name in args.extra.split(",") for name in EXTRA},
            "wikiann_sentences": args.wikiann if "wikiann" in args.extra.split(",") else 0,
        },
        "dev": dev,
        "seed": args.seed,
        "command": " ".join(["training/train_ner.py", *sys.argv[1:]]),
    }
    model.with_name(model.stem + ".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")


def load_extra(args: argparse.Namespace, anercorp: list[Example]) -> list[tuple[str, Example]]:
    """The extra corpora as (corpus, example), NewsFANE without what repeats ANERcorp."""
    # The test split's words are read for one purpose only: to keep the sentences
    # NewsFANE shares with it out of training. Its labels are never used.
    test_text = load(args.data, ANERCORP, ["anercorp/ANERCorp_CamelSplit_reconstructed_test.conll"])
    others: list[tuple[str, Example]] = []
    for name in (n for n in args.extra.split(",") if n):
        examples = load(args.data, *EXTRA[name])
        if name == "newsfane":
            seen = overlapping(examples, test_text + anercorp)
            examples = [e for k, e in enumerate(examples) if k not in seen]
        if name == "wikiann" and 0 < args.wikiann < len(examples):
            examples = [e for e in examples if e.spans] if args.wikiann_entities_only else examples
            picked = sorted(random.Random(args.seed).sample(range(len(examples)), min(args.wikiann, len(examples))))
            examples = [examples[k] for k in picked]
        others += [(name, e) for e in examples]
    return others


def dev_phase(train_part: list[Example], dev: list[Example], others: list, args: argparse.Namespace) -> dict:
    """Train without the dev split, pick the decoding bonus on it, and report its scores."""
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "dev.crfsuite"
        if args.two_pass:
            two_pass(train_part, others, args, model, Path(tmp) / FIRST_PASS)
        else:
            train(train_part, others, args, model)
        if args.keep_dev_model:
            shutil.copy(model, args.keep_dev_model)
            shutil.copy(model.with_suffix(".json"), args.keep_dev_model.with_suffix(".json"))
            if args.two_pass:
                shutil.copy(Path(tmp) / FIRST_PASS, args.keep_dev_model.with_name(FIRST_PASS))
        return pick_decoding(model, dev, args)


def pick_decoding(model: Path, dev: list[Example], args: argparse.Namespace) -> dict:
    """Score `model` on dev under each decoding bonus (and ORG extra); keep the best in `args`."""
    grid = {(bonus, org): evaluate(model, dev, bonus, org) for bonus in BONUSES for org in ORG_BONUSES}
    for (bonus, org), scores in grid.items():
        micro = scores["micro"]
        print(
            f"dev, entity bonus {bonus}, ORG +{org}: F1 "
            + json.dumps({k: round(v["f1"] * 100, 2) for k, v in scores.items()})
            + f"; micro P/R {micro['precision'] * 100:.2f}/{micro['recall'] * 100:.2f}"
            + f"; ORG R {scores['ORG']['recall'] * 100:.2f}",
            flush=True,
        )
    # The goal keeps a precision floor, so decoding that buys recall below it is not a candidate.
    allowed = [k for k in grid if grid[k]["micro"]["precision"] >= args.min_dev_precision] or list(grid)
    args.entity_bonus, args.org_bonus = max(allowed, key=lambda k: grid[k]["micro"]["f1"])
    print(f"entity bonus: {args.entity_bonus}, ORG extra: {args.org_bonus}", flush=True)
    return {"viterbi": grid[0.0, 0.0], "shipped": grid[args.entity_bonus, args.org_bonus]}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--extra", default="newsfane,aqmar,wojood,wikiann", help="comma-separated extra corpora")
    parser.add_argument("--c1", type=float, default=0.02)
    parser.add_argument("--c2", type=float, default=0.02)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--no-gazetteer", dest="gazetteer", action="store_false")
    parser.add_argument("--no-clusters", dest="clusters", action="store_false")
    parser.add_argument(
        "--no-lists", dest="lists", action="store_false", help="no NERAr/ArWikiCats/Wikidata name-list features"
    )
    parser.add_argument(
        "--no-forms", dest="forms", action="store_false", help="no definite/bare alternation features"
    )
    parser.add_argument("--wikiann", type=int, default=5000, help="WikiANN sentences sampled (0 = all)")
    parser.add_argument("--wikiann-entities-only", action="store_true", help="sample only sentences with a name")
    parser.add_argument(
        "--affix", default="", help="extra spelling features: comma-separated of long, ngram, stem"
    )
    parser.add_argument(
        "--list-context", action="store_true", help="words see their neighbours' name-list opener/closer entries"
    )
    parser.add_argument("--no-nisba", dest="nisba", action="store_false", help="no place-adjective features")
    parser.add_argument(
        "--no-adapt", dest="adapt", action="store_false", help="extra corpora share all weights"
    )
    parser.add_argument(
        "--entity-bonus", type=float, default=1.5, help="decoding bonus when --skip-dev (else tuned on dev)"
    )
    parser.add_argument(
        "--min-dev-precision", type=float, default=0.0, help="pick the decoding only among those this precise on dev"
    )
    parser.add_argument("--org-bonus", type=float, default=0.0, help="extra ORG decoding bonus when --skip-dev")
    parser.add_argument("--dev-only", action="store_true", help="score on dev, do not ship a model")
    parser.add_argument("--skip-dev", action="store_true", help="only train the shipped model")
    parser.add_argument(
        "--dev-scores",
        type=Path,
        help="with --dev-only: write the dev scores and bonus here; with --skip-dev: read them for ner.json",
    )
    parser.add_argument(
        "--keep-dev-model", type=Path, help="also keep the phase-1 model here (for error analysis)"
    )
    parser.add_argument(
        "--rescore", type=Path, help="only re-pick the decoding on dev for this kept phase-1 model (no training)"
    )
    parser.add_argument(
        "--two-pass",
        action="store_true",
        help="a second CRF that sees the first one's labels of each word elsewhere in the article",
    )
    parser.add_argument("--folds", type=int, default=3, help="with --two-pass: jackknife folds for the first-pass labels")
    parser.add_argument(
        "--first-pass-model",
        type=Path,
        help="with --two-pass: an already trained first-pass model for the same data and settings (saves one training)",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    random.seed(args.seed)
    kept_meta = args.keep_dev_model.with_suffix(".json") if args.keep_dev_model else None
    if kept_meta and args.dev_scores and args.dev_scores.resolve() == kept_meta.resolve():
        sys.exit(f"train_ner: --dev-scores {args.dev_scores} is where the kept dev model's settings go")
    if not args.data.is_dir():
        sys.exit(f"train_ner: no training data at {args.data}")
    if args.clusters and not (ROOT / "src/marsad/models" / CLUSTERS_FILE).is_file():
        subprocess.run([sys.executable, str(ROOT / "training/build_ner_clusters.py")], check=True)
    anercorp = load(args.data, ANERCORP, ["anercorp/ANERCorp_CamelSplit_reconstructed_train.conll"])
    cut = int(len(anercorp) * (1 - DEV_FRACTION))
    train_part, dev = anercorp[:cut], anercorp[cut:]
    if args.rescore:
        dev_scores = pick_decoding(args.rescore, dev, args)
        if args.dev_scores:
            record = {"entity_bonus": args.entity_bonus, "org_bonus": args.org_bonus, "dev": dev_scores}
            args.dev_scores.write_text(json.dumps(record, indent=2) + "\n")
        return
    others = load_extra(args, anercorp)
    print(
        f"data: ANERcorp train {len(train_part)} + dev {len(dev)} sentences, extra {len(others)}", flush=True
    )
    dev_scores = None if args.skip_dev else dev_phase(train_part, dev, others, args)
    if dev_scores and args.dev_scores:
        record = {"entity_bonus": args.entity_bonus, "org_bonus": args.org_bonus, "dev": dev_scores}
        args.dev_scores.write_text(json.dumps(record, indent=2) + "\n")
    if not args.dev_only:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if args.two_pass:
            two_pass(anercorp, others, args, args.out, args.out.with_name(FIRST_PASS))
        else:
            train(anercorp, others, args, args.out)
        if args.skip_dev and args.dev_scores:
            # The dev phase ran as its own process (same settings, `--dev-only --dev-scores`),
            # in parallel: its bonus and scores go with the model. The bonus only
            # changes decoding, so the model file is the same whichever process trains it.
            record = json.loads(args.dev_scores.read_text())
            args.entity_bonus, dev_scores = record["entity_bonus"], record["dev"]
            args.org_bonus = record.get("org_bonus", 0.0)
        write_meta(args.out, args, dev_scores, FIRST_PASS if args.two_pass else None)
        if args.two_pass:  # the first pass's own ner.json, with the same decoding (it can run alone)
            write_meta(args.out.with_name(FIRST_PASS), argparse.Namespace(**{**vars(args), "two_pass": False}), None)
        print(f"model: {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
