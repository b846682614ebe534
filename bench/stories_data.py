"""The stories evaluation data: hand-labelled SaudiNewsNet articles among every other article
of their days, run once through the full pipeline and cached (never shipped).

bench/data/stories_labels.jsonl holds ids and labels only (no text): 442 SaudiNewsNet
articles of four days in 189 stories, and 219 ant_multisource articles of 2018-04-13..16
(five outlets; the US-British-French strikes on Syria and what surrounded them) in 101
stories, labelled by hand from candidate groups of similar headlines; each group was read
and split into the events it really holds, so the groups carry the hard negatives (same
people and places, other events). `split` is dev (even groups) or test; for ant_multisource
groups that share a story are one unit, split by its first group.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from corpus import NEWS, require

from marsad.article import Article

LABELS = Path(__file__).with_name("data") / "stories_labels.jsonl"
DAYS = ("2015-07-21", "2015-07-22", "2015-08-06", "2015-08-07")
ANT_DAYS = ("2018-04-13", "2018-04-14", "2018-04-15", "2018-04-16")
CACHE = Path("/tmp/marsad-bench-stories.jsonl")
ANT_CACHE = Path("/tmp/marsad-bench-stories-ant.jsonl")


def labels() -> list[dict]:
    with LABELS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def day_rows(days: tuple[str, ...] = DAYS) -> list[dict]:
    """Every article of the labelled days, as the corpus holds it."""
    root = require(NEWS / "saudinewsnet_full")
    out = []
    for day in days:
        with gzip.open(root / f"saudinewsnet_{day}.jsonl.gz", "rt", encoding="utf-8") as handle:
            out.extend(json.loads(line) for line in handle)
    return [r for r in out if (r.get("text") or "").strip()]


def ant_rows(days: tuple[str, ...] = ANT_DAYS) -> list[dict]:
    """Every ant_multisource article of the labelled days, with the fields `day_rows` gives."""
    out = []
    for path in sorted(require(NEWS / "ant_multisource_v2.1_2018-04").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for row in map(json.loads, handle):
                if row["date"][:10] in days and (row.get("text") or "").strip():
                    out.append({**row, "date_extracted": row["date"]})
    return out


def processed() -> list[tuple[str, Article]]:
    """(corpus id, Article) for every article of the labelled days of both corpora (cached)."""
    return _processed(CACHE, day_rows) + _processed(ANT_CACHE, ant_rows)


def _processed(cache: Path, read) -> list[tuple[str, Article]]:
    if cache.exists():
        with cache.open(encoding="utf-8") as handle:
            return [(d["corpus_id"], Article.from_dict(d)) for d in map(json.loads, handle)]
    from marsad.service import process_paths

    rows = read()
    source = cache.with_suffix(".input.jsonl")
    with source.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({"text": row["text"], "title": row["title"], "url": row["url"],
                                     "source": row["source"], "published": row["date_extracted"][:10],
                                     "lang": "ar"}, ensure_ascii=False) + "\n")
    out = []
    for item, article in process_paths([str(source)]):
        if article.error is None:
            line = int(item.origin.rsplit(":", 1)[1])  # "file.jsonl:12": inputs count lines from 1
            out.append((rows[line - 1]["id"], article))
    with cache.open("w", encoding="utf-8") as handle:
        for corpus_id, article in out:
            handle.write(json.dumps({**article.to_dict(), "corpus_id": corpus_id}, ensure_ascii=False) + "\n")
    return out


if __name__ == "__main__":
    import time

    start = time.perf_counter()
    print(len(processed()), "articles", f"{time.perf_counter() - start:.0f} s")
