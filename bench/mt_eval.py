"""The machine-translation signal scored on articles we labelled by hand.

bench/mt_labels.jsonl holds one label per line: the seed (machine-translated), real
articles from ../shared/data/news named by id only (their text is not ours to copy;
it is loaded from the shared data here), and machine-translation-style texts written
by us, stored whole. Every text goes through the real cleaning stages (residue,
compose: the display text loses its spaces before ،) and then the translation stage,
so the evaluation reads `raw_text` and `text` exactly as the pipeline hands them over.

Labels are split by a salted hash: `dev` may be looked at while setting weights,
`report` gives the figures. `--native` also scores every article of the native corpus
(11,402, none machine-translated as far as we know) and reports how many would be
flagged, the false-alarm rate on real traffic.

    .venv/bin/python bench/mt_eval.py [--part report|dev|all] [--native] [--errors] [--summary]

`score()` gives the report figures to bench/quality.py. `--summary` also checks the
summary stage of the same issue over the native corpus (it has no labels of its own):
sentences verbatim and at most three, how often the lede leads, word overlap with the
outlet's own abstract (ANT rows carry one) against lead-1 and lead-3, and speed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from marsad.arabic import match_terms
from marsad.article import Article
from marsad.pipeline import Pipeline
from marsad.run.pipelines import default_pipeline
from marsad.stages.summary import select_sentences, split_sentences
from marsad.stages.translation import translation_signal

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import NEWS, all_rows
from corpus import part_of as split_part

HERE = Path(__file__).resolve().parent
LABELS = HERE / "mt_labels.jsonl"
SHARED = NEWS.parents[1]
SALT = "marsad-mt-eval-v1"
THRESHOLD = 0.5


def part_of(label_id: str) -> str:
    """`dev` or `report`, fixed by a salted hash of the label id."""
    return split_part(SALT, label_id)


def load_labels(path: Path = LABELS, data: Path = NEWS) -> list[dict]:
    """The labelled items, each with its `text` filled in from wherever it lives."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = {i["id"] for i in items if "text" not in i and "path" not in i}
    found = {row["id"]: row["text"] for row in all_rows(data) if row["id"] in wanted}
    missing = wanted - found.keys()
    if missing:
        raise KeyError(f"labelled ids not in {data}: {', '.join(sorted(missing))}")
    for item in items:
        if "path" in item:
            item["text"] = (SHARED / item["path"]).read_text(encoding="utf-8")
        item.setdefault("text", found.get(item["id"]))
    return items


def pipeline() -> Pipeline:
    """The default cleaning pipeline followed by the translation stage."""
    return Pipeline([*default_pipeline().stages, translation_signal])


def predict(items: list[dict]) -> list[tuple[dict, float, dict]]:
    """Each item with its machine_translated score and the evidence behind it."""
    run = pipeline()
    out = []
    for item in items:
        done = run(Article(url=item["id"], raw_text=item["text"]))
        if done.error is not None:
            raise RuntimeError(f"{item['id']}: {done.error.stage}: {done.error.reason}")
        out.append((item, done.flags["machine_translated"], done.flags["mt_evidence"]))
    return out


def auc(labels: list[int], scores: list[float]) -> float:
    """ROC AUC as the share of (positive, negative) pairs ranked right, ties half."""
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    if not pos or not neg:
        return float("nan")
    won = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return won / (len(pos) * len(neg))


def metrics(labels: list[int], scores: list[float], threshold: float = THRESHOLD) -> dict[str, float]:
    """AUC, and accuracy / precision / recall of `score >= threshold`."""
    flagged = [s >= threshold for s in scores]
    tp = sum(f and y for f, y in zip(flagged, labels))
    fp = sum(f and not y for f, y in zip(flagged, labels))
    fn = sum(y and not f for f, y in zip(flagged, labels))
    correct = sum(f == bool(y) for f, y in zip(flagged, labels))
    return {
        "n": len(labels),
        "positives": sum(labels),
        "auc": round(auc(labels, scores), 3),
        "accuracy": round(correct / len(labels), 3),
        "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
    }


def evaluate(part: str = "report") -> tuple[dict[str, float], list[tuple[dict, float, dict]]]:
    """Metrics over one part (`dev`, `report` or `all`) and the scored items."""
    items = [i for i in load_labels() if part == "all" or part_of(i["id"]) == part]
    scored = predict(items)
    return metrics([i["label"] for i, _, _ in scored], [s for _, s, _ in scored]), scored


def native_alarms(thresholds: tuple[float, ...] = (0.3, 0.5, 0.7)) -> dict[str, float]:
    """Share of the native corpus scored at or above each threshold, and the speed."""
    run = pipeline()
    scores: list[float] = []
    start = time.perf_counter()
    for row in all_rows():
        if (row.get("text") or "").strip():
            done = run(Article(url=row["id"], raw_text=row["text"]))
            scores.append(done.flags.get("machine_translated", 0.0) if done.error is None else 0.0)
    seconds = time.perf_counter() - start
    result: dict[str, float] = {
        "native_n": len(scores),
        "pipeline_articles_per_s": round(len(scores) / seconds),
    }
    for t in thresholds:
        result[f"native_share_ge_{t}"] = round(sum(s >= t for s in scores) / len(scores), 4)
    return result


def _overlap_f1(candidate: str, reference: str) -> float:
    """Unigram F1 over our search terms (a ROUGE-1 on stems)."""
    got, want = Counter(match_terms(candidate)), Counter(match_terms(reference))
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def summary_figures() -> dict[str, object]:
    """The summary stage over the cleaned native corpus: shape, lede, abstract overlap, speed."""
    clean = default_pipeline()
    cleaned = []
    for row in all_rows():
        if (row.get("text") or "").strip():
            done = clean(Article(url=row["id"], raw_text=row["text"], title=row.get("title")))
            if done.error is None:
                cleaned.append((done, row.get("abstract")))
    start = time.perf_counter()
    chosen = [select_sentences(a.paragraphs, a.title) for a, _ in cleaned]
    seconds = time.perf_counter() - start
    firsts = [[s for p in a.paragraphs for s in split_sentences(p)] for a, _ in cleaned]
    f1: dict[str, list[float]] = {"ours": [], "lead1": [], "lead3": []}
    for (_, abstract), picks, sentences in zip(cleaned, chosen, firsts):
        if abstract:
            f1["ours"].append(_overlap_f1(" ".join(picks), abstract))
            f1["lead1"].append(_overlap_f1(" ".join(sentences[:1]), abstract))
            f1["lead3"].append(_overlap_f1(" ".join(sentences[:3]), abstract))
    bad = sum(
        not picks or len(picks) > 3 or any(p not in a.text for p in picks)
        for (a, _), picks in zip(cleaned, chosen)
    )
    lede = sum(
        bool(picks) and picks[0] == next((s for s in sentences if len(s.split()) >= 10), sentences[0])
        for picks, sentences in zip(chosen, firsts)
    )
    sizes = Counter(len(picks) for picks in chosen)
    return {
        "summary_n": len(cleaned),
        "summary_not_verbatim_or_over_3": bad,
        "summary_sentences_1_2_3": [sizes[1], sizes[2], sizes[3]],
        "summary_lede_first_share": round(lede / len(cleaned), 3),
        "summary_abstract_n": len(f1["ours"]),
        **{f"abstract_f1_{k}": round(sum(v) / len(v), 3) for k, v in f1.items()},
        "summary_articles_per_s": round(len(cleaned) / seconds),
    }


def score() -> dict[str, float]:
    """The report-half figures for bench/quality.py."""
    report, _ = evaluate("report")
    return {f"mt_{k}": v for k, v in report.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", choices=("report", "dev", "all"), default="report")
    parser.add_argument("--native", action="store_true", help="also score the whole native corpus")
    parser.add_argument("--errors", action="store_true", help="list items on the wrong side of 0.5")
    parser.add_argument("--summary", action="store_true", help="also check the summary stage")
    args = parser.parse_args()
    result, scored = evaluate(args.part)
    print(f"{args.part}: {json.dumps(result)}")
    for item, value, evidence in sorted(scored, key=lambda s: -s[1]):
        wrong = (value >= THRESHOLD) != bool(item["label"])
        if args.errors and not wrong:
            continue
        mark = "WRONG " if wrong else ""
        print(f"  {mark}{item['label']} {value:.3f} {item['id']:40} {json.dumps(evidence)}")
    if args.native:
        print(f"native corpus: {json.dumps(native_alarms())}")
    if args.summary:
        print(f"summary: {json.dumps(summary_figures())}")


if __name__ == "__main__":
    sys.exit(main())
