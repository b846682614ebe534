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
_WHERE = re.compile(r"^cannot read '.*?': ")


def _chars(text: str) -> int:
    return len("".join(text.split()))


def measure(data: Path, workers: int) -> dict:
    """Run the clean pipeline over `data`; the figures and the articles worth a look."""
    from marsad.pipeline import Stats
    from marsad.run.local import process_inputs
    from marsad.sources.files import read_inputs

    stats, ids, failures, heavy, lost, flagged = Stats(), set(), Counter(), [], [], 0
    total = ok = 0
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
        flagged += bool(article.flags.get("residue_split") or article.flags.get("residue_kept_prose"))
        raw = _chars(article.raw_text or "")
        cut = sum(_chars(r.text) for r in article.removed)
        if raw and cut * 2 > raw:
            heavy.append(_row(item.origin, article, cut / raw))
    return {
        "inputs": total, "processed": ok, "stored": len(ids), "failures": dict(failures.most_common()),
        "lost_whole": lost, "over_half": heavy, "flagged": flagged, "seconds": time.perf_counter() - start,
    }


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


def _run_at(ref: str, data: Path, workers: int) -> dict:
    """This script's measurement on another commit's code, in a fresh process."""
    with tempfile.TemporaryDirectory(prefix="marsad-before-") as tmp:
        src = _export(ref, Path(tmp))
        env = {**os.environ, "PYTHONPATH": str(src)}
        cmd = [sys.executable, __file__, str(data), "--workers", str(workers), "--json"]
        out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def _report(name: str, m: dict, sample: int) -> list[str]:
    share = len(m["over_half"]) / m["processed"] if m["processed"] else 0.0
    out = [f"## {name}", "",
           f"inputs {m['inputs']:,}; processed {m['processed']:,}; stored (distinct ids) {m['stored']:,}; "
           f"{m['seconds']:.1f} s", "",
           "| failure | articles |", "|---|---|"]
    out += [f"| {reason} | {n} |" for reason, n in m["failures"].items()]
    out += ["", f"lost whole to residue: {len(m['lost_whole'])}; flagged for kept prose: {m['flagged']}",
            f"lost more than half their characters to residue: {len(m['over_half'])} "
            f"({share:.3%} of processed)", ""]
    for row in m["lost_whole"]:
        out.append(f"- lost whole: {row['origin']} {row['title']!r}")
    rng = random.Random(0)
    for row in rng.sample(m["over_half"], min(sample, len(m["over_half"]))):
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
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"residue_corpus: no data folder at {args.data}", file=sys.stderr)
        return 2
    before = _run_at(args.before, args.data, args.workers) if args.before else None
    after = measure(args.data, args.workers)
    if args.json:
        print(json.dumps(after, ensure_ascii=False))
        return 0
    if before is not None:
        print("\n".join(_report(f"before ({args.before})", before, args.sample)))
    print("\n".join(_report("after (this tree)", after, args.sample)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
