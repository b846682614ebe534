"""Train the shipped topic classifier (src/marsad/models/topics.zip).

    .venv/bin/python training/train_topics.py            # tune on dev, score test, ship the model
    .venv/bin/python training/train_topics.py --dev-only # tuning: dev scores only, ships nothing

Needs numpy and scikit-learn here only; the shipped model is scored in pure Python
by marsad.stages.topics.

Data (../shared/data/news, see SOURCES-news.md). Each dataset's own labels map onto
our ten topics; labels that name a region or a grab-bag rather than a topic are
dropped, because their articles are about anything:

    dataset             label                        -> topic
    ANT JawharaFM       politic                      -> politics
                        economy                      -> economy
                        society                      -> society   (mostly police and court news, some health)
                        culture                      -> culture
                        sport                        -> sport
                        technology                   -> science-technology
                        localNews, internationalNews -> dropped   (regions)
                        diverse                      -> dropped   (miscellany)
    ANT multisource     economy, culture, sport      -> economy, culture, sport
                        technology                   -> science-technology
                        internationalNews, middleEast-> dropped   (regions)
    ASND train + dev    politics                     -> politics
                        human-rights-press-freedom   -> politics  (IPTC files human rights under politics)
                        crime-war-conflict           -> conflict-security
                        business-and-economy         -> economy
                        health                       -> health
                        education                    -> society
                        art-and-entertainment        -> culture
                        sports                       -> sport
                        science-and-technology       -> science-technology
                        environment                  -> environment
                        spiritual                    -> religion
                        others                       -> dropped   (miscellany)

ASND is the only source of health, environment, religion and conflict-security
examples. Its test split is report-only and never read here.

Held-out data: texts are deduplicated first (the same article filed under two
sections keeps both labels), then grouped into near-duplicate clusters (word
3-shingle Jaccard >= 0.5: the same post on twitter and facebook, a wire story in two
outlets), and whole clusters go to train / dev / test (80/10/10, stratified by
dataset and label, seeded), so no test text has a near-copy in training.

Model: multinomial logistic regression (scikit-learn, L-BFGS) over
marsad.stages.topics.features (our stemmed words; numbers, links and handles left
out), tf-idf with 1 + log tf, smoothed idf and L2 norm, words seen in at least two
training texts. Rare topics weigh more: each example counts (n_largest / n_topic) ** alpha.
C and alpha are picked on dev by macro-F1, then accuracy.

Reproducible: fixed data order, a fixed seed for the split, and a deterministic
solver (L-BFGS). Phase 1 fits on train for each setting in a small grid and scores
dev; phase 2 fits the best setting on train + dev, scores test, and writes the model.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.arabic import match_terms
from marsad.stages import topics as runtime
from marsad.stages.topics import FORMAT, TOPICS, features

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data/news"
MODEL = ROOT / "src/marsad/models" / runtime.MODEL_FILE
SEED = 2025
DEV_FRACTION = TEST_FRACTION = 0.10
NEAR_DUP = 0.5
SHINGLE = 3
# Shingles this common are boilerplate ("عاجل | ..."), not evidence that two texts are copies.
SHINGLE_MAX_DF = 40
# Settings tried on dev: L2 strength C, class weight (n_max / n_c) ** alpha, min document frequency.
GRID = [{"C": c, "alpha": a, "min_df": 2} for c in (10.0, 30.0, 100.0) for a in (0.5, 1.0)]
WEIGHT_BITS = 15  # int16 weights: largest |weight| maps to 2**15 - 1

JAWHARA = {
    "politic": "politics",
    "economy": "economy",
    "society": "society",
    "culture": "culture",
    "sport": "sport",
    "technology": "science-technology",
}
MULTISOURCE = {
    "economy": "economy",
    "culture": "culture",
    "sport": "sport",
    "technology": "science-technology",
}
ASND = {
    "politics": "politics",
    "human-rights-press-freedom": "politics",
    "crime-war-conflict": "conflict-security",
    "business-and-economy": "economy",
    "health": "health",
    "education": "society",
    "art-and-entertainment": "culture",
    "sports": "sport",
    "science-and-technology": "science-technology",
    "environment": "environment",
    "spiritual": "religion",
}
SOURCES = [
    ("ant_jawharafm", "ant_jawharafm_v1.1/ant_jawharafm_v1.1.part0*.jsonl.gz", JAWHARA),
    ("ant_multisource", "ant_multisource_v2.1_2018-04/ant_multisource_2018-04.part0*.jsonl.gz", MULTISOURCE),
    ("asnd", "asnd/asnd_train.jsonl", ASND),
    ("asnd", "asnd/asnd_dev.jsonl", ASND),
]
# Report-only: scored by bench/topics_eval.py, never read by training.
ASND_TEST = ("asnd", "asnd/asnd_test.jsonl", ASND)


@dataclass(slots=True)
class Doc:
    """One labelled text, with every topic it was filed under."""

    dataset: str
    id: str
    title: str
    text: str
    labels: tuple[str, ...]


def _rows(pattern: str) -> Iterator[dict]:
    for path in sorted(DATA.glob(pattern)):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)


def read(dataset: str, pattern: str, mapping: dict[str, str]) -> list[Doc]:
    """The rows of one file whose label maps to a topic, with the mapped label."""
    return [
        Doc(dataset, row["id"], row.get("title") or "", row["text"], (mapping[row["category"]],))
        for row in _rows(pattern)
        if row.get("category") in mapping and row.get("text", "").strip()
    ]


def load() -> list[Doc]:
    """Every labelled text we may train and tune on, exact duplicates merged."""
    merged: dict[tuple[str, ...], Doc] = {}
    for source in SOURCES:
        for doc in read(*source):
            key = tuple(match_terms(doc.text))
            if key in merged:
                seen = merged[key]
                seen.labels = tuple(sorted(set(seen.labels) | set(doc.labels)))
            else:
                merged[key] = doc
    return list(merged.values())


def near_duplicate_groups(docs: list[Doc]) -> list[int]:
    """A group number per doc: near-copies (shingle Jaccard >= NEAR_DUP) share one."""
    shingles = []
    for doc in docs:
        terms = match_terms(doc.text)
        shingles.append({" ".join(terms[i : i + SHINGLE]) for i in range(max(1, len(terms) - SHINGLE + 1))})
    postings: dict[str, list[int]] = defaultdict(list)
    for i, found in enumerate(shingles):
        for shingle in found:
            postings[shingle].append(i)
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, found in enumerate(shingles):
        candidates = {j for s in found if len(postings[s]) <= SHINGLE_MAX_DF for j in postings[s] if j > i}
        for j in candidates:
            other = shingles[j]
            if len(found & other) >= NEAR_DUP * len(found | other):
                parent[root(j)] = root(i)
    return [root(i) for i in range(len(docs))]


def split(docs: list[Doc]) -> tuple[list[Doc], list[Doc], list[Doc]]:
    """Train, dev and test: whole near-duplicate groups, stratified by dataset and label."""
    groups: dict[int, list[Doc]] = defaultdict(list)
    for doc, group in zip(docs, near_duplicate_groups(docs)):
        groups[group].append(doc)
    strata: dict[tuple[str, str], list[list[Doc]]] = defaultdict(list)
    for members in groups.values():
        strata[(members[0].dataset, members[0].labels[0])].append(members)
    rng = random.Random(SEED)
    train, dev, test = [], [], []
    for key in sorted(strata):
        stratum = sorted(strata[key], key=lambda members: members[0].id)
        rng.shuffle(stratum)
        n_test, n_dev = round(TEST_FRACTION * len(stratum)), round(DEV_FRACTION * len(stratum))
        for k, members in enumerate(stratum):
            (test if k < n_test else dev if k < n_test + n_dev else train).extend(members)
    return train, dev, test


def held_out() -> tuple[list[Doc], list[Doc], list[Doc]]:
    """Train, dev and test exactly as training made them (bench/topics_eval.py uses test)."""
    return split(load())


def asnd_test() -> list[Doc]:
    """The ASND test split with mapped labels: report-only, for bench/topics_eval.py."""
    return read(*ASND_TEST)


# --- fitting -------------------------------------------------------------------------


def _design(docs: list[Doc], feats: dict[str, list[str]]) -> tuple[list[list[str]], list[str], list[float]]:
    """One row per (doc, label); a doc filed under two topics counts half for each."""
    rows, labels, weights = [], [], []
    for doc in docs:
        for label in doc.labels:
            rows.append(feats[doc.id])
            labels.append(label)
            weights.append(1.0 / len(doc.labels))
    return rows, labels, weights


def fit(docs: list[Doc], feats: dict[str, list[str]], setting: dict) -> tuple[object, object]:
    """A tf-idf vectorizer and a multinomial logistic regression fitted on `docs`."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, labels, weights = _design(docs, feats)
    vectorizer = TfidfVectorizer(analyzer=lambda row: row, min_df=setting["min_df"], sublinear_tf=True)
    x = vectorizer.fit_transform(rows)
    counts = Counter(labels)
    most = max(counts.values())
    sample_weight = [w * (most / counts[y]) ** setting["alpha"] for w, y in zip(weights, labels)]
    model = LogisticRegression(C=setting["C"], max_iter=1000)
    model.fit(x, labels, sample_weight=sample_weight)
    return vectorizer, model


def evaluate(predicted: list[str], docs: list[Doc]) -> dict:
    """Accuracy (top topic among the doc's labels), macro-F1 and F1 per topic."""
    gold = [p if p in d.labels else d.labels[0] for p, d in zip(predicted, docs)]
    classes = [t for t in TOPICS if t in set(gold) | set(predicted)]
    per_class = {}
    for c in classes:
        tp = sum(1 for p, g in zip(predicted, gold) if p == c == g)
        n_pred, n_gold = predicted.count(c), gold.count(c)
        per_class[c] = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
    gold_classes = [c for c in classes if c in gold]
    return {
        "n": len(docs),
        "accuracy": round(sum(p == g for p, g in zip(predicted, gold)) / len(docs), 4),
        "macro_f1": round(sum(per_class[c] for c in gold_classes) / len(gold_classes), 4),
        "f1": {c: round(per_class[c], 4) for c in gold_classes},
    }


def predict(vectorizer, model, docs: list[Doc], feats: dict[str, list[str]]) -> list[str]:
    return list(model.predict(vectorizer.transform([feats[d.id] for d in docs])))


# --- export --------------------------------------------------------------------------


def export(vectorizer, model, path: Path, notes: dict) -> None:
    """Write the model in the format marsad.stages.topics reads (see its docstring)."""
    import numpy as np

    vocab = vectorizer.get_feature_names_out()
    order = [list(model.classes_).index(t) for t in TOPICS]
    coef = model.coef_[order].astype(np.float64)  # classes x features, in TOPICS order
    scale = float(np.abs(coef).max()) / (2**WEIGHT_BITS - 1)
    weights = np.round(coef / scale).astype("<i2")
    header = {
        "format": FORMAT,
        "classes": list(TOPICS),
        "bias": [float(b) for b in model.intercept_[order]],
        "scale": scale,
        "features": {"max_words": runtime.MAX_WORDS, "ngrams": [1], "tf": "1+log", "norm": "l2"},
        **notes,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    members = {
        "header.json": json.dumps(header, ensure_ascii=False, indent=1).encode("utf-8"),
        "vocab.txt": "\n".join(vocab).encode("utf-8"),
        "idf.f32": vectorizer.idf_.astype("<f4").tobytes(),
        "weights.i16": weights.tobytes(),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            # A fixed timestamp, so the same training run writes the same bytes.
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def check_export(path: Path, vectorizer, model, docs: list[Doc], feats: dict[str, list[str]]) -> float:
    """Share of `docs` on which the shipped file and scikit-learn pick the same topic."""
    shipped = runtime.TopicModel.load(path)
    ours = [shipped.probabilities(d.text, d.title)[0][0] for d in docs]
    return sum(a == b for a, b in zip(ours, predict(vectorizer, model, docs, feats))) / len(docs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dev-only", action="store_true", help="score the grid on dev; write nothing")
    parser.add_argument("--out", type=Path, default=MODEL)
    args = parser.parse_args()
    start = time.perf_counter()
    train, dev, test = held_out()
    counts = {
        name: dict(Counter(label for d in part for label in d.labels))
        for name, part in (("train", train), ("dev", dev), ("test", test))
    }
    print(f"docs: train {len(train)}, dev {len(dev)}, test {len(test)} ({time.perf_counter() - start:.0f} s)")
    print(json.dumps(counts, ensure_ascii=False))
    feats = {d.id: features(d.text, d.title) for d in train + dev + test}

    results = []
    for setting in GRID:
        vectorizer, model = fit(train, feats, setting)
        scores = evaluate(predict(vectorizer, model, dev, feats), dev)
        results.append((scores["macro_f1"], scores["accuracy"], setting, scores))
        print(f"dev {setting}: accuracy {scores['accuracy']}, macro-F1 {scores['macro_f1']}", flush=True)
    _, _, best, dev_scores = max(results, key=lambda r: (r[0], r[1]))
    print(f"best on dev: {best} {json.dumps(dev_scores['f1'])}")
    if args.dev_only:
        return

    vectorizer, model = fit(train + dev, feats, best)
    test_scores = evaluate(predict(vectorizer, model, test, feats), test)
    print(
        f"test: accuracy {test_scores['accuracy']}, macro-F1 {test_scores['macro_f1']} {json.dumps(test_scores['f1'])}"
    )
    notes = {
        "trained_on": "ANT JawharaFM + ANT multisource 2018-04 + ASND train/dev (mapped; see training/train_topics.py)",
        "setting": best,
        "seed": SEED,
        "label_counts": counts,
        "dev": dev_scores,
        "test": test_scores,
    }
    export(vectorizer, model, args.out, notes)
    agree = check_export(args.out, vectorizer, model, test, feats)
    size = args.out.stat().st_size / 1e6
    print(
        f"wrote {args.out} ({size:.1f} MB, {len(vectorizer.idf_)} features); "
        f"agrees with scikit-learn on {agree:.2%} of test; {time.perf_counter() - start:.0f} s"
    )
    if agree < 0.99:
        sys.exit("exported model disagrees with the fitted one")


if __name__ == "__main__":
    main()
