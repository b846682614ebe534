"""WARC input: throughput of `marsad ingest --pipeline clean` on a crawl, beside bare iteration.

    .venv/bin/python bench/warc_speed.py --mb 200     # build a ~200 MB .warc.gz, then measure
    .venv/bin/python bench/warc_speed.py --mb 500 --reader-only   # memory of the reader alone
    .venv/bin/python bench/warc_speed.py --mb 1000 --plain        # a 1 GB uncompressed .warc
    .venv/bin/python bench/warc_speed.py --mb 20 --extractors trafilatura,auto   # + ingest per extractor

The WARC is built at bench time in a temporary folder (never committed) from the shared
evaluation pages (../shared/data/extraction/html, real pages in several languages) and our
generated Arabic pages (bench/make_arabic_pages.py), each under its own URI, with a request
record before every response and an image now and then, as crawlers write them; records
are gzipped one by one (none with --plain). Past the first round of pages, each page carries a
crawl-copy number in its first paragraph, so that a page met again is a new article when that
paragraph is part of its story. Measured in the same run:
- bare iteration over every record, payload read, with fastwarc and with warcio (median of 3);
- `marsad ingest FILE --pipeline clean` in a child process: wall time, MB/s, articles/s and
  peak memory (ru_maxrss); the reader's share is bare fastwarc time / ingest time (target <= 10%).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import warcs  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "extraction"


def pages(arabic: int) -> list[tuple[str, bytes]]:
    """(content type, body) of the shared evaluation pages and `arabic` generated Arabic pages."""
    from make_arabic_pages import generate

    found = []
    for line in (SHARED / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        path = SHARED / row["html"]
        body = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        found.append(("text/html", body))
    for page in generate(arabic):
        charset = "windows-1256" if page.encoding != "utf-8" else "utf-8"
        found.append((f"text/html; charset={charset}", page.html))
    random.Random(7).shuffle(found)  # languages and sizes mixed along the file, as in a crawl
    return found


_PARAGRAPH = re.compile(rb"<p[ >]", re.IGNORECASE)


def marked(body: bytes, n: int) -> bytes:
    """The page with a crawl-copy number at the start of its first paragraph: a crawl is mostly
    new pages, and a page met again is then new text unless that paragraph is boilerplate."""
    found = _PARAGRAPH.search(body)
    if not found:
        return body
    at = body.index(b">", found.start()) + 1
    return body[:at] + f"({n}) ".encode() + body[at:]


def build(path: Path, megabytes: float, arabic: int) -> dict:
    """Write the WARC (records gzipped one by one unless the name ends in .warc); returns its
    size, record counts and payload volume."""
    target, written, responses, payload = megabytes * 1e6, 0, 0, 0
    found = pages(arabic)
    source = cycle(found)
    pack = (lambda record, level: record) if path.suffix == ".warc" else gzip.compress
    with path.open("wb") as out:
        out.write(pack(warcs.warcinfo(), 6))
        while written < target:
            kind, body = next(source)
            if responses >= len(found):
                body = marked(body, responses)
            uri = f"https://crawl.example/{responses}.html"
            chunk = pack(warcs.request(uri), 1) + pack(warcs.response(uri, body, kind), 6)
            if responses % 50 == 49:
                chunk += pack(warcs.response(uri + ".png", b"\x89PNG" + b"\0" * 2000, "image/png"), 6)
            out.write(chunk)
            written += len(chunk)
            responses += 1
            payload += len(body)
    return {"warc_mb": round(path.stat().st_size / 1e6, 1), "html_responses": responses,
            "html_payload_mb": round(payload / 1e6, 1)}


def iterate_fastwarc(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator

    n = 0
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle, parse_http=True):
            n += len(record.reader.read())
    return n


def iterate_warcio(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            n += len(record.content_stream().read())
    return n


def median_seconds(func, path: Path, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ingest(path: Path, db: Path, extra: list[str]) -> tuple[float, str]:
    marsad = Path(sys.executable).parent / "marsad"
    start = time.perf_counter()
    done = subprocess.run([str(marsad), "ingest", str(path), "--pipeline", "clean", "--no-progress", "--db", str(db),
                           *extra], capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr


_READER_CHILD = """
import json, os, resource, sys, time
from collections import Counter
from pathlib import Path
from marsad import settings
from marsad.sources.files import read_inputs
rss = lambda: int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
total, every = int(sys.argv[2]), max(1, int(sys.argv[2]) // 10)
skips, samples, n, start = Counter(), [], 0, time.perf_counter()
for item in read_inputs([sys.argv[1]], skips=skips):
    n += 1
    if n % every == 0:
        samples.append([n, round(rss(), 1)])
print(json.dumps({"inputs": n, "skipped": dict(skips), "read_s": round(time.perf_counter() - start, 1),
                  "rss_mb_every_tenth": samples,
                  "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def reader_only(path: Path, responses: int) -> dict:
    """marsad's own WARC input stream (what `marsad ingest` reads, decoded to text) over the whole
    file in a child process, its resident memory sampled every tenth of the way."""
    done = subprocess.run([sys.executable, "-c", _READER_CHILD, str(path), str(responses)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=200, help="size of the WARC to build")
    parser.add_argument("--plain", action="store_true", help="an uncompressed .warc instead of a .warc.gz")
    parser.add_argument("--arabic", type=int, default=1000, help="generated Arabic pages in the mix")
    parser.add_argument("--lang", action="store_true", help="also time ingest --lang ar")
    parser.add_argument("--reader-only", action="store_true",
                        help="no cleaning: marsad's WARC reader over the whole file, memory along the way")
    parser.add_argument("--extractors", default="",
                        help="also time ingest with each of these --extractor choices (comma-separated), in turn")
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"warc_speed: shared pages not found at {SHARED}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("crawl.warc" if args.plain else "crawl.warc.gz")
        result = build(path, args.mb, args.arabic)
        if args.reader_only:
            result["fastwarc_s"] = round(median_seconds(iterate_fastwarc, path, 1), 2)
            result["marsad_reader"] = reader_only(path, result["html_responses"])
            print(json.dumps(result, indent=1, ensure_ascii=False))
            return
        result["fastwarc_s"] = round(median_seconds(iterate_fastwarc, path), 2)
        result["warcio_s"] = round(median_seconds(iterate_warcio, path), 2)
        seconds, summary = ingest(path, Path(tmp) / "a.db", [])
        result["ingest_s"] = round(seconds, 1)
        result["ingest_peak_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
        result["ingest_summary"] = summary
        result["ingest_mb_per_s"] = round(result["warc_mb"] / seconds, 2)
        result["ingest_html_mb_per_s"] = round(result["html_payload_mb"] / seconds, 2)
        result["ingest_articles_per_s"] = round(result["html_responses"] / seconds, 1)
        result["reader_share_of_ingest"] = round(result["fastwarc_s"] / seconds, 4)
        result["warcio_vs_fastwarc"] = round(result["warcio_s"] / result["fastwarc_s"], 2)
        for choice in [c.strip() for c in args.extractors.split(",") if c.strip()]:
            seconds, summary = ingest(path, Path(tmp) / f"x-{choice}.db", ["--extractor", choice])
            result[f"ingest_extractor_{choice}"] = {"s": round(seconds, 1), "summary": summary,
                                                    "articles_per_s": round(result["html_responses"] / seconds, 1)}
        if args.lang:
            seconds, summary = ingest(path, Path(tmp) / "b.db", ["--lang", "ar"])
            result["ingest_lang_ar_s"], result["ingest_lang_ar_summary"] = round(seconds, 1), summary
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
