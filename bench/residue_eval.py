"""Residue cleaning scored on real articles with real-looking residue inserted.

Real articles (SaudiNewsNet, ANT multisource) get residue blocks from
`residue_patterns` (written apart from the detection rules) at the top, between
paragraphs and at the bottom; one fictional site per source also stamps its own
template lines. Lines the originals already carry as residue ("// انتهى //",
"رابط الخبر ...") are left out of the scores. Articles are split by a salted
hash: `dev` may be looked at while writing rules, `report` never.

    .venv/bin/python bench/residue_eval.py [--data DIR] [--part report|dev] [--errors N]

`score()` gives the report figures to bench/quality.py.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from residue_patterns import (
    CITIES,
    EXPECTED_REASON,
    NATIVE_FIRST_LINE,
    NATIVE_LIST_HEADING,
    NATIVE_RESIDUE,
    OUTLETS,
    SECTIONS,
    make_block,
    site_templates,
)

from marsad.arabic import fold
from marsad.article import Article
from marsad.stages.residue import StripResidue, TemplateLearner, judge_by_line, judge_lines, template_key

DATA = Path(__file__).resolve().parents[1].parent / "shared/data/news"
FILES = ("saudinewsnet_*.jsonl.gz", "ant_multisource_*.jsonl.gz")
SALT = "marsad-residue-eval-v1"
DEV_PERCENT = 30
_NATIVE = [re.compile(p) for p in NATIVE_RESIDUE]


class DataMissing(FileNotFoundError):
    """The news data the eval is built from is not where we looked."""


@dataclass
class Case:
    """One evaluation article: its lines, a label per line, and the header it should yield."""

    source: str
    lines: list[str]
    labels: list[str]  # "real", "native", or the inserted residue kind
    expected: dict[str, str | None] = field(default_factory=dict)
    heldout: bool = False  # residue drawn from the held-out wording (report part only)


def load_articles(data: Path) -> list[dict]:
    paths = sorted(p for pattern in FILES for p in data.rglob(pattern))
    if not paths:
        raise DataMissing(f"no {' or '.join(FILES)} under {data}")
    articles = []
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            articles += [a for a in map(json.loads, handle) if (a.get("text") or "").strip()]
    return articles


def part_of(article_id: str) -> str:
    digest = hashlib.blake2b(f"{SALT}:{article_id}".encode(), digest_size=8).digest()
    return "dev" if int.from_bytes(digest, "big") % 100 < DEV_PERCENT else "report"


def _site(source: str) -> dict:
    rng = random.Random(f"{SALT}:site:{source}")
    outlet = rng.choice(OUTLETS)
    return {"outlet": outlet, "handle": f"news_{rng.randint(10, 999)}", "templates": site_templates(rng, outlet),
            "template_top": rng.random() < 0.5}


def _tag_words(title: str, rng: random.Random) -> list[str]:
    words = [w.strip("\"'«»“”:.,،؟!") for w in title.split()]
    words = [w for w in words if len(w) >= 4 and not w.startswith("و")]
    rng.shuffle(words)
    return words[:3] + [rng.choice(CITIES)]


def _native_labels(source: str, lines: list[str]) -> list[str]:
    """"native" for residue the original already carries, "real" for the rest."""
    labels = ["native" if any(p.search(line) for p in _NATIVE) else "real" for line in lines]
    first = NATIVE_FIRST_LINE.get(source)
    if first and lines and re.search(first, lines[0]):
        labels[0] = "native"
    for i, line in enumerate(lines):
        if re.search(NATIVE_LIST_HEADING, line):
            for j in range(i + 1, min(i + 7, len(lines))):
                if lines[j].endswith((".", ":")) or len(lines[j].split()) > 20:
                    break
                labels[j] = "native"
    return labels


def build_case(article: dict, titles: list[str], heldout: bool = False) -> Case:
    """Insert residue blocks into one real article, deterministically from its id."""
    rng = random.Random(f"{SALT}:{article['id']}")
    site = _site(article["source"])
    lines = [line.strip() for line in article["text"].splitlines() if line.strip()]
    labels = _native_labels(article["source"], lines)
    case = Case(article["source"], lines, labels, heldout=heldout)
    if rng.random() < 0.15:
        return case
    others = [t for t in rng.sample(titles, 6) if t != article["title"]]
    tag_words = _tag_words(article["title"], rng)
    ctx = {**site, "headlines": others, "section": rng.choice(SECTIONS), "tag_words": tag_words, "heldout": heldout}
    top, bottom = _top_blocks(rng, ctx, article, case), _bottom_blocks(rng, ctx, case)
    if site["templates"] and rng.random() < 0.7:
        block = [("template", line) for line in site["templates"]]
        top, bottom = (block + top, bottom) if site["template_top"] else (top, bottom + block)
    middle = _middle_blocks(rng, ctx, len(lines))
    out: list[tuple[str, str]] = list(top)
    for i, (line, label) in enumerate(zip(lines, labels)):
        out.append((label, line))
        out += middle.get(i, [])
    out += bottom
    case.labels, case.lines = [k for k, _ in out], [t for _, t in out]
    return case


def _block(kind: str, rng: random.Random, ctx: dict) -> list[tuple[str, str]]:
    return [(kind, line) for line in make_block(kind, rng, ctx)[0]]


def _top_blocks(rng: random.Random, ctx: dict, article: dict, case: Case) -> list[tuple[str, str]]:
    top: list[tuple[str, str]] = []
    if rng.random() < 0.2:
        top += _block("breadcrumb", rng, ctx)
    if rng.random() < 0.35:
        top.append(("title", article["title"].strip()))
        case.expected["title"] = article["title"].strip()
    for kind, share in (("byline", 0.3), ("timestamp", 0.3), ("share", 0.05)):
        if rng.random() < share:
            lines, value = make_block(kind, rng, ctx)
            top += [(kind, line) for line in lines]
            if kind != "share":
                case.expected["author" if kind == "byline" else "published"] = value
    return top


def _middle_blocks(rng: random.Random, ctx: dict, n_lines: int) -> dict[int, list[tuple[str, str]]]:
    middle: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if n_lines < 2:
        return middle
    for kind, share in (("ad", 0.35), ("related", 0.25), ("widget", 0.15), ("ad", 0.15), ("share", 0.05),
                        ("english", 0.05)):
        if rng.random() < share:
            middle[rng.randrange(n_lines - 1)] += _block(kind, rng, ctx)
    return middle


def _bottom_blocks(rng: random.Random, ctx: dict, case: Case) -> list[tuple[str, str]]:
    plan = [("share", 0.25), ("tags", 0.25), ("related", 0.2), ("copyright", 0.2), ("cookie", 0.1),
            ("source", 0.25), ("english", 0.15), ("ad", 0.15), ("byline", 0.05), ("timestamp", 0.05)]
    rng.shuffle(plan)
    bottom: list[tuple[str, str]] = []
    for kind, share in plan:
        if rng.random() < share:
            bottom += _block(kind, rng, ctx)
    return bottom


def build_cases(data: Path, part: str) -> list[Case]:
    articles = load_articles(data)
    titles = [a["title"].strip() for a in articles if (a.get("title") or "").strip()]
    chosen = [a for a in articles if part_of(a["id"]) == part and (a.get("title") or "").strip()]
    # Half the report articles get held-out wording; the dev part never sees it.
    return [build_case(a, titles, heldout=part == "report" and i % 2 == 1) for i, a in enumerate(chosen)]


# ------------------------------------------------------------------ scoring
def run(cases: list[Case], templates: dict[str, frozenset[str]] | None) -> tuple[list, list, float]:
    """Judge every case; returns per-case reasons, headers, and articles per second."""
    start = time.perf_counter()
    results = [judge_by_line(c.lines, (templates or {}).get(c.source, frozenset())) for c in cases]
    rate = len(cases) / (time.perf_counter() - start)
    return [[_line_reason(pieces) for pieces in judged] for judged, _ in results], [h for _, h in results], rate


def _line_reason(pieces: list[tuple[str, str | None]]) -> str | None:
    """A line counts as kept when any of it is kept (a mixed line may come back in pieces)."""
    reasons = [reason for _, reason in pieces]
    return None if None in reasons else reasons[0]


def learn(cases: list[Case]) -> dict[str, frozenset[str]]:
    learner = TemplateLearner()
    for case in cases:
        learner.add(case.source, "\n".join(case.lines))
    return learner.all_templates()


def measure(cases: list[Case], reasons: list[list[str | None]], headers: list) -> dict:
    tp = fp = fn = real = native = native_cut = articles_hurt = 0
    by_kind: dict[str, Counter] = defaultdict(Counter)
    by_reason: dict[str, Counter] = defaultdict(Counter)
    for case, cut in zip(cases, reasons):
        hurt = False
        for label, reason in zip(case.labels, cut):
            if label == "native":
                native, native_cut = native + 1, native_cut + (reason is not None)
                continue
            if reason is not None:
                by_reason[reason]["residue" if label != "real" else "real"] += 1
            if label == "real":
                real += 1
                if reason is not None:
                    fp, hurt = fp + 1, True
                continue
            by_kind[label]["n"] += 1
            if reason is None:
                fn += 1
            else:
                tp += 1
                by_kind[label]["cut"] += 1
                by_kind[label]["right_reason"] += reason == EXPECTED_REASON[label]
        articles_hurt += hurt
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "real_lines": real, "real_cut": fp, "real_cut_rate": fp / real if real else 0.0,
        "articles": len(cases), "articles_with_real_cut": articles_hurt, "residue_lines": tp + fn,
        "native_lines": native, "native_cut": native_cut, "by_kind": by_kind, "by_reason": by_reason,
        "header": _header_scores(cases, headers),
    }


def _header_scores(cases: list[Case], headers: list) -> dict[str, tuple[int, int]]:
    scores = {"title": [0, 0], "author": [0, 0], "published": [0, 0]}
    for case, header in zip(cases, headers):
        for name, want in case.expected.items():
            if want is None:
                continue
            got = getattr(header, name) or ""
            scores[name][0] += 1
            if name == "title":
                scores[name][1] += template_key(got) == template_key(want)
            elif name == "author":
                scores[name][1] += bool(got) and fold(want) in fold(got)
            else:
                scores[name][1] += got.startswith(want)
    return {k: (n, ok) for k, (n, ok) in scores.items()}


def evaluate(data: Path = DATA, part: str = "report") -> dict[str, dict]:
    """Both modes on one part: each line alone, and with templates learned from the batch."""
    if not data.is_dir():
        raise DataMissing(f"no news data directory at {data}")
    cases = build_cases(data, part)
    reasons, headers, rate = run(cases, None)
    per_line = measure(cases, reasons, headers)
    per_line["articles_per_s"] = rate
    start = time.perf_counter()
    templates = learn(cases)
    learn_rate = len(cases) / (time.perf_counter() - start)
    reasons_t, headers_t, rate_t = run(cases, templates)
    batch = measure(cases, reasons_t, headers_t)
    batch["articles_per_s"], batch["learn_articles_per_s"] = rate_t, learn_rate
    result = {"cases": cases, "per_line": per_line, "batch": batch, "reasons": reasons_t}
    for wording, held in (("seen wording", False), ("held-out wording", True)):
        picked = [i for i, c in enumerate(cases) if c.heldout == held]
        if picked and part == "report":
            result[wording] = measure([cases[i] for i in picked], [reasons_t[i] for i in picked],
                                      [headers_t[i] for i in picked])
            result[wording]["articles_per_s"] = rate_t
    return result


def score(data: Path = DATA) -> dict[str, float]:
    """Report-part figures for bench/quality.py (batch mode, templates learned)."""
    result = evaluate(data, "report")
    batch, per_line = result["batch"], result["per_line"]
    return {
        "residue_precision": round(batch["precision"], 4),
        "residue_recall": round(batch["recall"], 4),
        "residue_f1": round(batch["f1"], 4),
        "residue_real_kept_rate": round(1 - batch["real_cut_rate"], 5),
        "residue_f1_per_line": round(per_line["f1"], 4),
        "residue_f1_heldout": round(result["held-out wording"]["f1"], 4),
    }


def speed(data: Path = DATA, part: str = "report", repeat: int = 3) -> dict[str, float]:
    """Articles per second on one core, best of `repeat`: raw originals and residue-laden pages."""
    cases = build_cases(data, part)
    originals = [[ln for ln, lab in zip(c.lines, c.labels) if lab in ("real", "native")] for c in cases]
    articles = [Article(raw_text="\n".join(c.lines), source=c.source) for c in cases]
    stage = StripResidue()
    timings = {
        "judge_lines, original articles": lambda: [judge_lines(lines) for lines in originals],
        "judge_lines, with inserted residue": lambda: [judge_lines(c.lines) for c in cases],
        "StripResidue stage, with inserted residue": lambda: [stage(a) for a in articles],
    }
    rates = {}
    for name, work in timings.items():
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - start)
        rates[name] = len(cases) / best
    return rates


# ------------------------------------------------------------------ report
def _table(name: str, m: dict) -> list[str]:
    out = [f"## {name}", "",
           (f"articles {m['articles']}, residue lines {m['residue_lines']}, real lines {m['real_lines']}, "
            f"{m['articles_per_s']:,.0f} articles/s"), "",
           "| | precision | recall | F1 |", "|---|---|---|---|",
           f"| all residue lines | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |", "",
           (f"real lines wrongly cut: {m['real_cut']} of {m['real_lines']} ({m['real_cut_rate']:.3%}); "
            f"articles with any real line cut: {m['articles_with_real_cut']} "
            f"({m['articles_with_real_cut'] / m['articles']:.2%})"),
           f"native residue in the originals cut (not scored): {m['native_cut']} of {m['native_lines']}", "",
           "| inserted kind | lines | recall | right reason |", "|---|---|---|---|"]
    for kind, c in sorted(m["by_kind"].items()):
        out.append(f"| {kind} | {c['n']} | {c['cut'] / c['n']:.3f} | {c['right_reason'] / max(c['cut'], 1):.3f} |")
    out += ["", "| reason given | cuts | precision |", "|---|---|---|"]
    for reason, c in sorted(m["by_reason"].items()):
        total = c["residue"] + c["real"]
        out.append(f"| {reason} | {total} | {c['residue'] / total:.3f} |")
    out += ["", "| header field | articles | found right |", "|---|---|---|"]
    for field_name, (n, ok) in m["header"].items():
        out.append(f"| {field_name} | {n} | {ok / n if n else 0:.3f} |")
    return out + [""]


def _errors(result: dict, limit: int) -> list[str]:
    fps, fns = [], []
    for case, cut in zip(result["cases"], result["reasons"]):
        for label, line, reason in zip(case.labels, case.lines, cut):
            if label == "real" and reason:
                fps.append(f"  FP [{reason}] {case.source}: {line[:110]}")
            elif label not in ("real", "native") and not reason:
                fns.append(f"  FN [{label}] {case.source}: {line[:110]}")
    rng = random.Random(0)
    return (["wrongly cut:"] + rng.sample(fps, min(limit, len(fps)))
            + ["missed:"] + rng.sample(fns, min(limit, len(fns))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding the news jsonl.gz files")
    parser.add_argument("--part", choices=("report", "dev"), default="report")
    parser.add_argument("--errors", type=int, default=0, help="show N sample errors (dev part only)")
    parser.add_argument("--speed", action="store_true", help="also time the stage (best of 3, one core)")
    args = parser.parse_args(argv)
    try:
        result = evaluate(args.data, args.part)
    except DataMissing as error:
        print(f"residue_eval: {error}; pass --data DIR", file=sys.stderr)
        return 2
    print(f"# residue eval, part={args.part}\n")
    print("\n".join(_table("each line alone (no templates)", result["per_line"])))
    print("\n".join(_table("batch: templates learned per source", result["batch"])))
    for wording in ("seen wording", "held-out wording"):
        if wording in result:
            print("\n".join(_table(f"batch, {wording} only", result[wording])))
    if args.speed:
        print("## speed (one core, best of 3)\n\n| what | articles/s |\n|---|---|")
        for name, rate in speed(args.data, args.part).items():
            print(f"| {name} | {rate:,.0f} |")
    if args.errors and args.part == "dev":
        print("\n".join(_errors(result, args.errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
