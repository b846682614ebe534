"""Peak memory and time of pathological pages through the whole pipeline and into an archive.

    .venv/bin/python bench/hostile.py                  # both cases, full and clean pipelines
    .venv/bin/python bench/hostile.py --repeats 3      # median of 3 runs per case

Two inputs an attacker (or a broken crawler) can send, built here from our own samples
and the knowledge base (nothing from ../shared):
- `entity-page`: a 5.3 MB HTML page whose paragraphs are dense with entity names;
- `single-line`: 20 MB of Arabic text on one line, no paragraph breaks.

Each run is `marsad ingest` of one input into a fresh archive, in a child process of its
own, so the peak RSS (`ru_maxrss`) is that input's alone; the child also reports its RSS
after loading the models (before reading the input), and the peer is the same input with
`--pipeline clean`. Targets (issue 15): at most 300 MB peak and under 10 s per input.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "src" / "marsad" / "kb" / "data"
SAMPLES = ROOT / "samples" / "news"
VERBS = ["قال", "أعلن", "التقى", "زار", "انتقد", "رحب", "دعا", "أكد", "اتهم", "ناقش"]
GLUE = ["مع", "في", "بشأن", "إلى", "عن", "و", "أمام", "لدى"]


def _names(limit: int = 400) -> list[str]:
    found = []
    for name in ("people.jsonl", "organisations.jsonl", "places.jsonl"):
        for line in (KB / name).read_text(encoding="utf-8").splitlines():
            ar = json.loads(line).get("names", {}).get("ar")
            if ar:
                found.append(ar)
    return found[:limit]


def entity_page(size: int = 5_300_000) -> str:
    """An HTML page of `size` bytes whose every sentence names four or five entities."""
    rng, names, parts, total = random.Random(15), _names(), [], 0
    while total < size:
        sentences = []
        for _ in range(4):
            words = [rng.choice(VERBS), rng.choice(names)]
            for _ in range(rng.randint(3, 4)):
                words += [rng.choice(GLUE), rng.choice(names)]
            sentences.append(" ".join(words) + ".")
        paragraph = f"<p>{' '.join(sentences)}</p>\n"
        parts.append(paragraph)
        total += len(paragraph.encode())
    return f'<html lang="ar"><head><title>صفحة أسماء</title></head><body><article>{"".join(parts)}</article></body></html>'


def single_line(size: int = 20_000_000) -> str:
    """`size` bytes of Arabic words from our samples on one line."""
    words = " ".join(p.read_text(encoding="utf-8", errors="ignore") for p in sorted(SAMPLES.rglob("*.txt"))).split()
    rng, out, total = random.Random(20), [], 0
    while total < size:
        word = rng.choice(words)
        out.append(word)
        total += len(word.encode()) + 1
    return " ".join(out)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(path: str, pipeline: str) -> None:
    """Ingest one input into a fresh archive; print wall time and memory as JSON."""
    from marsad.service import Archive
    from marsad.stages.entities import _default

    _default.load()  # the models, so `loaded_mb` is what marsad costs before any input
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as folder, Archive(Path(folder) / "a.db") as archive:
        start, cpu = time.perf_counter(), _cpu()
        report = archive.ingest([path], pipeline=pipeline)
        wall, cpu = time.perf_counter() - start, _cpu() - cpu
        stored = [archive.article(i) for i in archive.store.ids()]
    flags = {k: v for k, v in (stored[0].flags if stored else {}).items() if k != "name_variants"}
    print(json.dumps({"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                      "loaded_mb": round(loaded), "stored": report.new, "failed": report.failed,
                      "chars": len(stored[0].text) if stored else 0,
                      "entities": len(stored[0].entities) if stored else 0, "flags": flags}, ensure_ascii=False))


def measure(path: Path, pipeline: str, repeats: int) -> dict:
    runs = []
    for _ in range(repeats):
        done = subprocess.run([sys.executable, __file__, "--child", str(path), pipeline],
                              capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    last = runs[-1]
    return {**last, "wall_s": statistics.median(r["wall_s"] for r in runs),
            "cpu_s": statistics.median(r["cpu_s"] for r in runs),
            "peak_mb": statistics.median(r["peak_mb"] for r in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("PATH", "PIPELINE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        cases = {"entity-page": Path(folder) / "entities.html", "single-line": Path(folder) / "line.txt"}
        cases["entity-page"].write_text(entity_page(), encoding="utf-8")
        cases["single-line"].write_text(single_line(), encoding="utf-8")
        for name, path in cases.items():
            mb = path.stat().st_size / 1_000_000
            for pipeline in ("full", "clean"):
                result = measure(path, pipeline, args.repeats)
                verdict = "ok" if result["peak_mb"] <= 300 and result["wall_s"] < 10 else "OVER TARGET"
                flags = {k: v for k, v in result["flags"].items() if k in ("analysed_chars", "skipped_stages")}
                print(f"{name} ({mb:.1f} MB) --pipeline {pipeline}: {result['wall_s']:.2f} s "
                      f"(CPU {result['cpu_s']:.2f} s, load {os.getloadavg()[0]:.1f}), "
                      f"peak {result['peak_mb']:.0f} MB (models loaded: {result['loaded_mb']} MB) [{verdict}]  "
                      f"stored {result['stored']}, {result['chars']:,} chars, {result['entities']} entities, "
                      f"flags {flags} {result['failed'] or ''}", flush=True)


if __name__ == "__main__":
    main()
