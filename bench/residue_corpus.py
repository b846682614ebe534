"""What residue cleaning does to a whole real corpus: before and after, in one run.

Runs the `clean` pipeline (`process_inputs(..., pipeline="clean", workers=2)`, what
`marsad ingest --pipeline clean --workers 2` runs) over every file of a folder and
reports articles stored (distinct ids, as the archive would hold them), failures by
reason, articles lost whole to residue, and articles that lost more than half their
characters to residue, with a sample of those to check by hand.

    .venv/bin/python bench/residue_corpus.py [DIR] [--before REF] [--sample N]

With `--before REF` (a git ref, e.g. `main`) the same measurement first runs on
that commit's `src/` (exported with `git archive` to a temporary folder), so both
figures come from the same machine in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet_full"
RESIDUE_FAILURE = "no article text left after removing residue"
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3]")
_WHERE = re.compile(r"^cannot read '.*?': ")


def _chars(text: str) -> int:
    return len("".join(text.split()))


def _arabic(text: str) -> int:
    """Arabic letters: the article's text, as against the CSS or JavaScript a page carries."""
    return len(_ARABIC_LETTER.findall(text))


def measure(data: Path, workers: int) -> dict:
    """Run the clean pipeline over `data`; the figures and the articles worth a look."""
    from marsad.pipeline import Stats
    from marsad.run.local import process_inputs
    from marsad.sources.files import read_inputs

    stats, ids, failures, heavy, heavy_text, lost = Stats(), set(), Counter(), [], [], []
    total = ok = split = kept_prose = 0
    start = time.perf_counter()
    for item, article in process_inputs(read_inputs([str(data)]), stats, pipeline="clean", workers=workers):
        total += 1
        if article.error is not None:
            reason = _WHERE.sub("", article.error.reason)
            failures[f"{article.error.stage}: {reason}"] += 1
            if reason == RESIDUE_FAILURE:
                lost.append(_row(item.origin, article, 1.0))
            continue
        ok += 1
        ids.add(article.id)
        split += "residue_split" in article.flags
        kept_prose += "residue_kept_prose" in article.flags
        raw = _chars(article.raw_text or "")
        cut = sum(_chars(r.text) for r in article.removed)
        if raw and cut * 2 > raw:
            heavy.append(_row(item.origin, article, cut / raw))
        raw_text = _arabic(article.raw_text or "")
        cut_text = sum(_arabic(r.text) for r in article.removed)
        if raw_text and cut_text * 2 > raw_text:
            heavy_text.append(_row(item.origin, article, cut_text / raw_text))
    return {
        "inputs": total, "processed": ok, "stored": len(ids), "failures": dict(failures.most_common()),
        "lost_whole": lost, "over_half": heavy, "over_half_text": heavy_text, "split": split,
        "kept_prose": kept_prose, "seconds": time.perf_counter() - start,
    }


def speed(data: Path, repeats: int = 5, files: int = 8) -> float:
    """Median articles/s of `judge_lines` alone over the first `files` files of `data`, one core."""
    import gzip
    import statistics

    from marsad.stages.residue import judge_lines

    texts = []
    for path in sorted(data.glob("*.jsonl.gz"))[:files]:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            texts += [(json.loads(line).get("text") or "").splitlines() for line in handle]
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for lines in texts:
            judge_lines(lines)
        rates.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(rates)


def _row(origin: str, article, share: float) -> dict:
    reasons = Counter(r.reason for r in article.removed)
    return {"origin": origin, "url": article.url, "source": article.source, "title": article.title,
            "share_cut": round(share, 3), "reasons": dict(reasons.most_common()),
            "kept": article.text[:160], "cut": [r.text[:100] for r in article.removed[:4]]}


def _export(ref: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "src"], check=True, capture_output=True)
    tar_path = into / "src.tar"
    tar_path.write_bytes(archive.stdout)
    with tarfile.open(tar_path) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _run_at(ref: str, data: Path, workers: int, extra: list[str] = []) -> dict:
    """This script's measurement on another commit's code, in a fresh process."""
    with tempfile.TemporaryDirectory(prefix="marsad-before-") as tmp:
        src = _export(ref, Path(tmp))
        env = {**os.environ, "PYTHONPATH": str(src)}
        cmd = [sys.executable, __file__, str(data), "--workers", str(workers), "--json"] + extra
        out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def _report(name: str, m: dict, sample: int) -> list[str]:
    # An article lost whole lost all its text: it counts among those losing more than half.
    with_text = m["processed"] + len(m["lost_whole"])
    lost = len(m["lost_whole"])
    share = (len(m["over_half"]) + lost) / with_text if with_text else 0.0
    out = [f"## {name}", "",
           f"inputs {m['inputs']:,}; processed {m['processed']:,}; stored (distinct ids) {m['stored']:,}; "
           f"{m['seconds']:.1f} s", "",
           "| failure | articles |", "|---|---|"]
    out += [f"| {reason} | {n} |" for reason, n in m["failures"].items()]
    text_share = (len(m.get("over_half_text", [])) + lost) / with_text if with_text else 0.0
    out += ["", f"lost whole to residue: {len(m['lost_whole'])}; lines split (flag residue_split): "
            f"{m.get('split', 0)}; prose kept from an article judged all residue (flag residue_kept_prose): "
            f"{m.get('kept_prose', 0)}",
            f"of {with_text:,} articles with text, lost more than half their characters to residue "
            f"(lost whole included): {len(m['over_half']) + lost} ({share:.3%})",
            f"lost more than half their Arabic letters (the text, not the page's code): "
            f"{len(m.get('over_half_text', [])) + lost} ({text_share:.3%})", ""]
    for row in m["lost_whole"]:
        out.append(f"- lost whole: {row['origin']} {row['title']!r}")
    rng = random.Random(0)
    rows = m["over_half"] + [r for r in m.get("over_half_text", []) if r not in m["over_half"]]
    for row in rng.sample(rows, min(sample, len(rows))):
        out.append(f"- {row['share_cut']:.0%} cut {row['reasons']} {row['origin']} {row['title']!r}\n"
                   f"  kept: {row['kept']!r}\n  cut: {row['cut']!r}")
    return out + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, nargs="?", default=DATA)
    parser.add_argument("--before", metavar="REF", help="also measure this git ref's code, first")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=int, default=20, help="articles >half cut to print")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--speed", action="store_true", help="only time judge_lines (median of 5, one core)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"residue_corpus: no data folder at {args.data}", file=sys.stderr)
        return 2
    if args.speed:
        return _speed_report(args)
    before = _run_at(args.before, args.data, args.workers) if args.before else None
    after = measure(args.data, args.workers)
    if args.json:
        print(json.dumps(after, ensure_ascii=False))
        return 0
    if before is not None:
        print("\n".join(_report(f"before ({args.before})", before, args.sample)))
    print("\n".join(_report("after (this tree)", after, args.sample)))
    return 0


def _speed_report(args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps({"rate": speed(args.data)}))
        return 0
    rows = []
    for _ in range(2):  # before and after alternate, so load on the machine hits both alike
        if args.before:
            rows.append((f"before ({args.before})", _run_at(args.before, args.data, 1, ["--speed"])["rate"]))
        rows.append(("after (this tree)", speed(args.data)))
    print("| code | judge_lines articles/s (median of 5) |\n|---|---|")
    print("\n".join(f"| {name} | {rate:,.0f} |" for name, rate in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
