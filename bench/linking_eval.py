"""Entity linking on real news: every mention of 72 articles annotated by hand with its id.

    .venv/bin/python bench/linking_eval.py              # scores with and without NER, errors summary
    .venv/bin/python bench/linking_eval.py --errors     # every missed and spurious mention
    .venv/bin/python bench/linking_eval.py --speed      # linking and entity-stage throughput

Gold: bench/linking_gold.jsonl, one article a line: its `id` in ../shared/data/news
(ANT multi-source April 2018 or SaudiNewsNet), its `split` (`dev`: the 60 articles
looked at while the linker was built; `heldout`: 12 annotated afterwards and scored
once, untouched), and every mention as `start`, `end`
(character offsets into the article's `text` field exactly as stored in the JSONL,
not marsad's cleaned text, so the gold never moves when cleaning changes), `text`
(the surface), `occurrence` (which occurrence of that surface it is, to re-anchor
if offsets ever drift) and `id`: a knowledge-base id, or for an entity the KB lacks
the id `marsad.link.new_id` gives its longest name in that article. The article
texts themselves are not stored (the data is not ours). Annotation rules are in
bench/RESULTS-linking.md.

Scores, mention level:
- `linking_f1` (strict): a mention counts when span and id both match exactly.
- `linking_f1_overlap`: span overlapping, id equal (forgives boundary choices such as
  محافظة صعدة vs صعدة).
- `linking_accuracy`: of the gold mentions whose span the system found exactly,
  the share it gave the right id (the linking decision alone, NER misses aside).
- `linking_kb_accuracy`: the same, over gold mentions of knowledge-base entities.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import NEWS, cut_articles, require  # noqa: E402

from marsad.arabic import words  # noqa: E402
from marsad.article import Article  # noqa: E402
from marsad.link import Linker, new_id  # noqa: E402
from marsad.stages.entities import EntityLinker  # noqa: E402

GOLD = HERE / "linking_gold.jsonl"
DATASETS = {
    "ant_multisource": "ant_multisource_v2.1_2018-04/ant_multisource_*.jsonl.gz",
    "saudinewsnet": "saudinewsnet/saudinewsnet_*.jsonl.gz",
}
ARTICLE_WORDS = 400


def load_gold() -> list[dict]:
    """Gold articles with their texts from ../shared/data/news, mentions checked against them."""
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = _texts({g["id"] for g in gold})
    for item in gold:
        item["text"] = texts[item["id"]]
        for mention in item["mentions"]:
            _anchor(item["text"], mention)
        _rekey(item["mentions"])
    return gold


def _texts(ids: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for pattern in DATASETS.values():
        for path in sorted(require(NEWS).glob(pattern)):
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    row = json.loads(line)
                    if row["id"] in ids:
                        found[row["id"]] = row["text"]
    missing = ids - found.keys()
    if missing:
        sys.exit(f"linking_eval: articles not found in {NEWS}: {sorted(missing)[:5]}")
    return found


def _anchor(text: str, mention: dict) -> None:
    """Check a mention's offsets; if they drifted, find its surface by occurrence instead."""
    if text[mention["start"] : mention["end"]] == mention["text"]:
        return
    at, seen = -1, -1
    while seen < mention["occurrence"]:
        at = text.find(mention["text"], at + 1)
        if at < 0:
            sys.exit(f"linking_eval: cannot find {mention['text']!r} in the article")
        seen += 1
    mention["start"], mention["end"] = at, at + len(mention["text"])


def _rekey(mentions: list[dict]) -> None:
    """New-entity ids from the current `new_id`, so the gold follows the id scheme if it changes."""
    groups: dict[str, list[str]] = {}
    for mention in mentions:
        if ":~" in mention["id"]:
            groups.setdefault(mention["id"], []).append(mention["text"])
    for old, forms in groups.items():
        counts = Counter(forms)
        longest = max(forms, key=lambda f: (len(words(f)), counts[f], -forms.index(f)))
        kind = old.split(":")[0]
        fresh = _person_id(forms) if kind == "PER" else new_id(kind, longest)
        for mention in mentions:
            if mention["id"] == old:
                mention["id"] = fresh


def _person_id(forms: list[str]) -> str:
    """`marsad.link.person_id`; with code from before it (a `--peer` run), the old rule."""
    try:
        from marsad.link import person_id
    except ImportError:
        return new_id("PER", max(forms, key=lambda f: (len(words(f)), forms.count(f), -forms.index(f))))
    return person_id(forms)


def _is_role(text: str) -> bool:
    try:
        from marsad.link.roles import is_role_phrase
    except ImportError:  # code from before role mentions
        return False
    return is_role_phrase(text)


def predict(stage: EntityLinker, gold: list[dict], roles: list | None = None) -> list[set[tuple[int, int, str]]]:
    """The system's (start, end, id) name mentions for each gold article.

    Mentions by role (المبعوث الأممي, `marsad.link.roles`) are left out: this gold
    annotates names only. Pass a list as `roles` to collect them (article id, text, id).
    """
    out = []
    for item in gold:
        article = stage(Article(text=item["text"]))
        found = set()
        for entity in article.entities:
            for m in entity.mentions:
                if entity.type == "PER" and _is_role(m.text):
                    if roles is not None:
                        roles.append((item["id"], m.start, m.end, entity.id))
                else:
                    found.add((m.start, m.end, entity.id))
        out.append(found)
    return out


def evaluate(gold: list[dict], predicted: list[set[tuple[int, int, str]]]) -> dict[str, float]:
    """Strict and overlap P/R/F1 of (span, id), and linking accuracy on found spans."""
    tp = fp = fn = overlap_tp = found = right = kb_found = kb_right = 0
    for item, pred in zip(gold, predicted):
        want = {(m["start"], m["end"], m["id"]) for m in item["mentions"]}
        tp += len(want & pred)
        fp += len(pred - want)
        fn += len(want - pred)
        overlap_tp += sum(1 for s, e, i in want if any(i == j and s < f and b < e for b, f, j in pred))
        by_span = {(s, e): i for s, e, i in pred}
        for s, e, i in want:
            if (s, e) in by_span:
                found += 1
                right += by_span[(s, e)] == i
                if ":~" not in i:
                    kb_found += 1
                    kb_right += by_span[(s, e)] == i
    n_gold = tp + fn
    precision, recall = tp / max(tp + fp, 1), tp / max(n_gold, 1)
    o_precision = overlap_tp / max(overlap_tp + fp - (overlap_tp - tp), 1)
    o_recall = overlap_tp / max(n_gold, 1)
    return {
        "linking_precision": round(precision, 4),
        "linking_recall": round(recall, 4),
        "linking_f1": round(_f1(precision, recall), 4),
        "linking_f1_overlap": round(_f1(o_precision, o_recall), 4),
        "linking_accuracy": round(right / max(found, 1), 4),
        "linking_kb_accuracy": round(kb_right / max(kb_found, 1), 4),
        "linking_spans_found": round(found / max(n_gold, 1), 4),
        "gold_mentions": n_gold,
    }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score() -> dict[str, float]:
    """The gated figures for bench/quality.py: the entity stage as shipped (NER when its model exists).

    `linking_*` over all 72 articles; `linking_f1_heldout` and `linking_accuracy_heldout`
    over the 12 articles never looked at while the linker was built.
    """
    gold = load_gold()
    stage = EntityLinker()
    predicted = predict(stage, gold)
    result = evaluate(gold, predicted)
    held = [(g, p) for g, p in zip(gold, predicted) if g["split"] == "heldout"]
    held_result = evaluate([g for g, _ in held], [p for _, p in held])
    result["linking_f1_heldout"] = held_result["linking_f1"]
    result["linking_accuracy_heldout"] = held_result["linking_accuracy"]
    result["linking_uses_ner"] = int(stage.uses_ner)
    result |= written_scores(stage)
    return result


def written_scores(stage: EntityLinker) -> dict[str, float]:
    """The 44 written articles (bench/linking_written.py): people, roles, ids across articles."""
    import linking_written

    items = linking_written.parse()
    predicted = linking_written.predict(stage, items)
    every = linking_written.evaluate(items, predicted)
    held = [(i, p) for i, p in zip(items, predicted) if i["split"] == "heldout"]
    heldout = linking_written.evaluate([i for i, _ in held], [p for _, p in held])
    return {
        "linking_written_f1": every["all_f1"],
        "linking_written_f1_heldout": heldout["all_f1"],
        "linking_written_roles_f1": every["roles_f1"],
        "linking_written_ids_consistent": every["ids_consistent"],
        "linking_written_variants_flagged": every["variants_flagged"],
    }


def errors(gold: list[dict], predicted: list[set[tuple[int, int, str]]]) -> None:
    """Print every missed and spurious mention with a little context."""
    for item, pred in zip(gold, predicted):
        want = {(m["start"], m["end"], m["id"]) for m in item["mentions"]}
        text = item["text"]
        for kind, items in (("MISS", want - pred), ("EXTRA", pred - want)):
            for s, e, i in sorted(items):
                context = text[max(0, s - 25) : e + 25].replace("\n", " ")
                print(f"{kind:5} {item['id']:34} {text[s:e]!r:30} {i:40} …{context}…")


def speed(n: int) -> dict[str, float]:
    """Articles/s of linking alone (NER spans given) and of the whole entity stage, at 400 words."""
    texts = cut_articles(n, ARTICLE_WORDS)
    stage = EntityLinker().load()
    linker: Linker = stage._linker  # type: ignore[assignment]
    tagger = stage._tagger
    spans = [tagger.tag(t) if tagger else None for t in texts]
    report = {"articles": len(texts), "uses_ner": int(tagger is not None)}
    report["linking_per_s"] = _rate(lambda: [linker.link(t, s) for t, s in zip(texts, spans)], len(texts))
    report["stage_per_s"] = _rate(lambda: [stage(Article(text=t)) for t in texts], len(texts))
    # CPU time per article: steadier than wall time while other jobs share the machine
    report["linking_cpu_ms"] = _cpu_ms(lambda: [linker.link(t, s) for t, s in zip(texts, spans)], len(texts))
    report["stage_cpu_ms"] = _cpu_ms(lambda: [stage(Article(text=t)) for t in texts], len(texts))
    if tagger is not None:
        report["ner_per_s"] = _rate(lambda: [tagger.tag(t) for t in texts], len(texts))
    return report


def speed_with_peer(n: int, peer: Path, rounds: int = 3) -> dict[str, float]:
    """`speed` of this checkout and of the code under `peer` (a `src` folder), in turns, one process each.

    Both run the same articles on the same machine in one run, alternating, so load
    from other jobs falls on both; medians over `rounds` turns, and the ratio.
    """
    import os
    import subprocess

    def one(src: Path | None) -> dict:
        env = dict(os.environ)
        if src is not None:
            env["PYTHONPATH"] = str(src)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--speed", "--articles", str(n)]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    runs: dict[str, list[dict]] = {"this": [], "peer": []}
    for _ in range(rounds):
        runs["peer"].append(one(peer))
        runs["this"].append(one(None))
    report: dict[str, float] = {"articles": n, "rounds": rounds}
    for who, results in runs.items():
        for key in ("linking_per_s", "stage_per_s", "ner_per_s", "linking_cpu_ms", "stage_cpu_ms"):
            values = [r[key] for r in results if key in r]
            if values:
                report[f"{who}_{key}"] = statistics.median(values)
    report["stage_ratio"] = round(report["this_stage_per_s"] / report["peer_stage_per_s"], 3)
    report["linking_ratio"] = round(report["this_linking_per_s"] / report["peer_linking_per_s"], 3)
    report["stage_cpu_ratio"] = round(report["peer_stage_cpu_ms"] / report["this_stage_cpu_ms"], 3)
    report["linking_cpu_ratio"] = round(report["peer_linking_cpu_ms"] / report["this_linking_cpu_ms"], 3)
    return report


def _cpu_ms(run, n: int, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.process_time()
        run()
        times.append(time.process_time() - started)
    return round(1000 * min(times) / n, 3)


def _rate(run, n: int, repeats: int = 3) -> float:
    run()  # warm caches
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return round(n / statistics.median(times), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list every missed and spurious mention")
    parser.add_argument("--speed", action="store_true", help="measure throughput instead")
    parser.add_argument("--articles", type=int, default=300, help="articles for --speed")
    parser.add_argument("--roles", action="store_true", help="list the role mentions found (not in this gold)")
    parser.add_argument("--peer", type=Path, help="with --speed: also time the code in this src folder, in turns")
    args = parser.parse_args()
    if args.speed:
        print(json.dumps(speed_with_peer(args.articles, args.peer) if args.peer else speed(args.articles)))
        return
    gold = load_gold()
    splits = {"all": gold} | {s: [g for g in gold if g["split"] == s] for s in ("dev", "heldout")}
    for name, part in splits.items():
        print(f"{name}: {len(part)} articles, {sum(len(g['mentions']) for g in part)} gold mentions")
    for label, stage in (("kb-only", EntityLinker(ner=False)), ("shipped", EntityLinker())):
        roles: list = []
        predicted = dict(zip((g["id"] for g in gold), predict(stage, gold, roles)))
        print(f"{label:8} role mentions found (not scored here): {len(roles)}")
        if args.roles and label == "shipped":
            texts = {g["id"]: (g["text"], g["split"]) for g in gold}
            for article_id, s, e, entity_id in roles:
                text, split = texts[article_id]
                if split == "dev":
                    print(f"ROLE  {article_id:34} {text[s:e]!r:30} {entity_id:32} …{text[max(0, s - 40) : e + 30]}…")
        for name, part in splits.items():
            result = evaluate(part, [predicted[g["id"]] for g in part])
            print(f"{label:8} ner={int(stage.uses_ner)} {name:8} {json.dumps(result)}")
    if args.errors:
        errors(gold, [predicted[g["id"]] for g in gold])


if __name__ == "__main__":
    sys.exit(main())
