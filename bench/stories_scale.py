"""Copy and story linking cost at 10,000 and at 100,000 archived articles (must not grow).

    .venv/bin/python bench/stories_scale.py [--big 100000] [--n 1500]

The archive is filled with real processed articles (the stories evaluation's days, cached by
bench/stories_data.py), repeated with every word and entity id marked per repeat and the
dates moved 10 days per repeat, so repeats are neither copies nor one story: the link
tables grow as a real archive's do. Then the same `n` new articles are linked
(`stories.linker.link_article`: signature, candidate lookups, provenance) on top of each
archive; articles/s and peak memory of that step are compared.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from stories_data import processed  # noqa: E402

from marsad.article import Article  # noqa: E402
from marsad.service import Archive  # noqa: E402
from marsad.store import stories as tables  # noqa: E402
from marsad.stories import copies  # noqa: E402
from marsad.stories.evidence import article_day, evidence, retrieval_keys  # noqa: E402
from marsad.stories.linker import link_article  # noqa: E402

_WORD = re.compile(r"\w+")


def variant(article: Article, k: int) -> Article:
    """Repeat `k` of an article: other words, other entity ids, dates k*10 days later."""
    mark = lambda text: _WORD.sub(lambda m: f"{m.group()}{k}", text)  # noqa: E731
    day = date.fromisoformat(article.published[:10]) + timedelta(days=10 * k) if article.published else None
    text = mark(article.text)
    return replace(article, id=f"{article.id}-{k}", text=text, paragraphs=text.split("\n\n"),
                   title=mark(article.title or ""), published=day.isoformat() if day else None,
                   entities=[replace(e, id=f"{e.id}-{k}") for e in article.entities],
                   dates=[replace(d, value=None) for d in article.dates])


def fill(archive: Archive, base: list[Article], total: int) -> None:
    """Store `total` articles and index them as the linker would, without its lookups (fast)."""
    conn, k, stored = archive.store.connection(), 0, 0
    while stored < total:
        with archive.store.batch():
            for article in base:
                if stored == total:
                    break
                item = variant(article, k + 1)
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO articles (id, url, source, title, published, lang, text, data, ingested_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, '', '{}', '')",
                    (item.id, item.url, item.source, item.title, item.published, item.lang))
                if cursor.rowcount == 0:
                    continue  # the same text twice in the corpus: one id
                pk = cursor.lastrowid
                signature = copies.copy_signature(item)
                keys = evidence(item)
                tables.insert_link(conn, pk, f"s-{item.id}", article_day(item), pk,
                                   signature.size if signature else None,
                                   signature.to_bytes() if signature else None, keys,
                                   copies.band_keys(signature) if signature else [], retrieval_keys(keys))
                stored += 1
        k += 1


def measure(base: list[Article], size: int, n: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder, Archive(Path(folder) / "scale.db") as archive:
        fill(archive, base[n:], size)
        new = base[:n]
        tracemalloc.start()
        start = time.perf_counter()
        with archive.store.batch():
            for article in new:
                if archive.store.add(article):
                    link_article(archive.store, article)
        rate = n / (time.perf_counter() - start)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return rate, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--n", type=int, default=1500)
    args = parser.parse_args()
    base = [a for _, a in processed()]
    results = {size: measure(base, size, args.n) for size in (args.small, args.big)}
    for size, (rate, peak) in results.items():
        print(f"{size:>7} archived: {rate:.0f} articles/s linked, peak traced memory {peak:.1f} MiB")
    ratio = results[args.big][0] / results[args.small][0]
    print(json.dumps({"ratio_big_vs_small": round(ratio, 3)}))


if __name__ == "__main__":
    main()
