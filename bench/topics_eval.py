"""The shipped topic model scored on held-out data, and its speed.

    .venv/bin/python bench/topics_eval.py            # scores, ASND report, speed
    .venv/bin/python bench/topics_eval.py --no-speed

- held-out test: our own split of the training data, made by training/train_topics.py
  (deduplicated, near-duplicate groups kept together, never trained or tuned on);
- ASND test (report-only): the dataset's own test split with its labels mapped the same
  way ("others" left out). Never look at its errors to change the model;
- speed: the topics stage on 400-word articles (SaudiNewsNet, unlabelled), one process.

Accuracy counts the top topic right when it is one of the article's labels (an article
filed under two sections has two). `score()` gives the held-out figures to bench/quality.py.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

import train_topics

from marsad.arabic import match_terms
from marsad.article import Article
from marsad.stages.topics import TopicModel, TopicTagger, _model_path, pick

SPEED_FILE = ROOT.parent / "shared/data/news/saudinewsnet/saudinewsnet_2015-08-06.jsonl.gz"
SPEED_WORDS = 400
SPEED_ARTICLES = 1000
# Import and load in a fresh process, as a worker would.
_LOAD = """
import time
start = time.perf_counter()
from marsad.stages.topics import TopicTagger
TopicTagger().model
print(time.perf_counter() - start)
"""


def _top(model: TopicModel, docs: list[train_topics.Doc]) -> list[str]:
    return [(model.probabilities(d.text, d.title) or [("", 0.0)])[0][0] for d in docs]


def held_out_scores(model: TopicModel) -> dict:
    """Dev and test of our own split, overall and per dataset, plus how often a second topic is given."""
    _, _, test = train_topics.held_out()
    # The shipped model was fitted on train + dev; its dev figures come from the train-only fit.
    report = {"dev (train-only fit, from the model header)": model.header.get("dev")}
    report["test"] = train_topics.evaluate(_top(model, test), test)
    for dataset in ("ant_jawharafm", "ant_multisource", "asnd"):
        part = [d for d in test if d.dataset == dataset]
        report[f"test {dataset}"] = train_topics.evaluate(_top(model, part), part)
    ranked = [model.probabilities(d.text, d.title) for d in test]
    report["test second topic rate"] = round(sum(len(pick(r)) == 2 for r in ranked) / len(test), 4)
    return report


def asnd_report(model: TopicModel) -> dict:
    """Report-only: the ASND test split, labels mapped; scored, never tuned on.

    Also counts test posts whose words exactly match a text we trained on (the same post
    on another platform), so the figure can be read for what it is.
    """
    docs = train_topics.asnd_test()
    report = train_topics.evaluate(_top(model, docs), docs)
    trained = {tuple(match_terms(d.text)) for d in train_topics.load()}
    unseen = [d for d in docs if tuple(match_terms(d.text)) not in trained]
    report["n_also_in_training"] = len(docs) - len(unseen)
    report["unseen_only"] = train_topics.evaluate(_top(model, unseen), unseen)
    return report


def speed() -> dict:
    """Articles per second of the topics stage on ~400-word articles, and load time."""
    load_s = float(
        subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True).stdout
    )
    tagger = TopicTagger()
    tagger(Article(text="نص قصير"))  # loads the model and the stemmer's lexicon, once per process
    texts = []
    with gzip.open(SPEED_FILE, "rt", encoding="utf-8") as handle:
        for line in handle:
            words = json.loads(line)["text"].split()
            if len(words) >= SPEED_WORDS * 3 // 4:
                texts.append(" ".join(words[:SPEED_WORDS]))
            if len(texts) == SPEED_ARTICLES:
                break
    rates = []
    # The first pass also fills the stemmer's word cache, as the start of a real run does.
    for _ in range(3):
        articles = [Article(text=t) for t in texts]
        start = time.process_time()
        for article in articles:
            tagger(article)
        rates.append(len(articles) / (time.process_time() - start))
    return {
        "articles": len(texts),
        "mean_words": round(statistics.mean(len(t.split()) for t in texts)),
        "load_s": round(load_s, 3),
        "articles_per_s_first_pass": round(rates[0]),
        "articles_per_s_median": round(statistics.median(rates)),
        "model_mb": round(_model_path().stat().st_size / 1e6, 2),
    }


def score() -> dict:
    """Held-out test accuracy and macro-F1 of the shipped model, for the quality gate."""
    test = held_out_scores(TopicModel.load(_model_path()))["test"]
    return {"topics_accuracy": test["accuracy"], "topics_macro_f1": test["macro_f1"]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    model = TopicModel.load(_model_path())
    print(
        json.dumps(
            {"setting": model.header.get("setting"), "label_counts": model.header.get("label_counts")},
            ensure_ascii=False,
        )
    )
    for name, result in held_out_scores(model).items():
        print(f"{name}: {json.dumps(result, ensure_ascii=False)}")
    print(f"ASND test (report-only): {json.dumps(asnd_report(model), ensure_ascii=False)}")
    if not args.no_speed:
        print(f"speed: {json.dumps(speed())}")


if __name__ == "__main__":
    main()
