"""The quality gate: every score we track, checked against floors in baseline.json.

    .venv/bin/python bench/quality.py            # run every evaluation, fail below a floor
    .venv/bin/python bench/quality.py --only search residue

Each evaluation lives in its own module with a `score() -> dict`; this script
only collects them. A floor is pinned a little under the measured score so
machine noise cannot fail CI, while a real regression does. Exit status 1 names
every score that fell below its floor.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BASELINE = HERE / "baseline.json"
# evaluation name -> module in bench/ whose score() it calls
EVALUATIONS = {
    "extraction": "extraction",
    "residue": "residue_eval",
    "title": "title_eval",
    "search": "search_eval",
    "mt": "mt_eval",
    "topics": "topics_eval",
    "quotes": "quotes_eval",
    "linking": "linking_eval",
    "ner": "ner_eval",
    "copies": "copies_eval",
}


def run(names: list[str]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for name in names:
        start = time.perf_counter()
        module = importlib.import_module(EVALUATIONS[name])
        result = module.score()
        print(f"{name}: {json.dumps(result, ensure_ascii=False)} ({time.perf_counter() - start:.0f} s)", flush=True)
        scores |= {k: v for k, v in result.items() if isinstance(v, (int, float))}
    return scores


def check(scores: dict[str, float], floors: dict[str, float]) -> list[str]:
    """Every floor whose score is missing or below it, as a sentence."""
    problems = []
    for key, floor in sorted(floors.items()):
        if key not in scores:
            problems.append(f"{key}: not measured (floor {floor})")
        elif scores[key] < floor:
            problems.append(f"{key}: {scores[key]} is below its floor {floor}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", choices=sorted(EVALUATIONS), default=sorted(EVALUATIONS))
    args = parser.parse_args()
    floors_all = json.loads(BASELINE.read_text(encoding="utf-8"))
    scores = run(args.only)
    # A floor belongs to the evaluation its key starts with ("residue_f1" -> residue).
    floors = {k: v for k, v in floors_all.items() if any(k.startswith(f"{name}_") for name in args.only)}
    problems = check(scores, floors)
    for key in sorted(floors):
        print(f"  {key:32} {scores.get(key, '—')!s:>8}  floor {floors[key]}")
    if problems:
        print("quality gate FAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
        sys.exit(1)
    print(f"quality gate passed: {len(floors)} scores at or above their floors")



if __name__ == "__main__":
    main()
