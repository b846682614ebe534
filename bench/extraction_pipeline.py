"""Whole clean pipeline on HTML pages: articles/s with each `--extractor`, in the same run.

    taskset -c 0 .venv/bin/python bench/extraction_pipeline.py            # 2 rounds, about 2 minutes
    taskset -c 0 .venv/bin/python bench/extraction_pipeline.py --rounds 5 # on a quiet machine

The pages are the 375 shared evaluation pages (real pages in many languages) and the 200
synthetic Arabic pages of bench/extraction.py (seed 20240601), decoded to text as the readers
hand them over. Each round runs `marsad.run.local.process_inputs` with the `clean` pipeline
(extract, published hint, residue with templates learned per source, compose, language) once
per extractor, in turn, so that load from other processes falls on all of them alike; the figure
is the median round. `served` is the pipeline's own count of which path served each page
(`Stats.extractor`), the same count `marsad ingest` prints.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction  # noqa: E402

from marsad import settings  # noqa: E402
from marsad.article import Article  # noqa: E402
from marsad.pipeline import Stats  # noqa: E402
from marsad.run.local import process_inputs  # noqa: E402
from marsad.run.pipelines import cleaning_pipeline  # noqa: E402
from marsad.sources.base import Input  # noqa: E402
from marsad.sources.decode import declared_charset, decode  # noqa: E402

EXTRACTORS = ("trafilatura", "auto", "fast")


def load(synthetic: int) -> list[tuple[str, str]]:
    """(url, html text) of the evaluation pages and `synthetic` generated Arabic pages."""
    pages = extraction.load_pages(extraction.DATA) + extraction.synthetic_pages(synthetic)
    return [(page.url or f"https://page.example/{page.id}", decode(page.html, page.id, declared_charset(page.html)))
            for page in pages]


def clean_once(pages: list[tuple[str, str]], extractor: str) -> tuple[float, int, Counter]:
    """Seconds to clean every page with `extractor`, articles out, and which path served them."""
    os.environ[settings.SETTINGS["extractor"].env] = extractor
    stats = Stats()
    inputs = (Input(url, "", Article(url=url, html=html)) for url, html in pages)
    start = time.perf_counter()
    out = sum(1 for _ in process_inputs(inputs, stats=stats, pipeline=cleaning_pipeline, workers=1))
    return time.perf_counter() - start, out, stats.extractor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="rounds; every extractor once per round")
    parser.add_argument("--synthetic", type=int, default=extraction.SYNTHETIC_PAGES, help="synthetic Arabic pages")
    parser.add_argument("--extractors", default=",".join(EXTRACTORS), help="comma-separated; default: all three")
    args = parser.parse_args(argv)
    if not extraction.DATA.is_dir():
        raise SystemExit(f"extraction_pipeline: shared pages not found at {extraction.DATA}")
    pages = load(args.synthetic)
    chosen = [e.strip() for e in args.extractors.split(",") if e.strip()]
    for extractor in chosen:  # warm up: imports, models, first-call costs
        clean_once(pages[:5], extractor)
    seconds: dict[str, list[float]] = {e: [] for e in chosen}
    served: dict[str, Counter] = {}
    articles: dict[str, int] = {}
    for _ in range(args.rounds):
        for extractor in chosen:
            took, out, paths = clean_once(pages, extractor)
            seconds[extractor].append(took)
            served[extractor], articles[extractor] = paths, out
    result: dict = {"pages": len(pages), "rounds": args.rounds}
    for extractor in chosen:
        median = statistics.median(seconds[extractor])
        result[extractor] = {"articles_per_s": round(len(pages) / median, 1),
                             "ms_per_page": round(1000 * median / len(pages), 1),
                             "articles_out": articles[extractor], "served": dict(served[extractor])}
    if "trafilatura" in result:
        for extractor in chosen:
            if extractor != "trafilatura":
                result[extractor]["speedup_vs_trafilatura"] = round(
                    statistics.median(seconds["trafilatura"]) / statistics.median(seconds[extractor]), 2)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
