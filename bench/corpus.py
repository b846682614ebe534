"""Real Arabic news from ../shared/data/news, for benchmarks (never shipped).

Repeating the ~11,000 articles of SaudiNewsNet and the ANT multi-source month
gives archives of any size; each repeat gets a distinct marker in its first
paragraph so its text, and so its id, differs from the original's.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news"
FILES = ("saudinewsnet/saudinewsnet_*.jsonl.gz", "ant_multisource_v2.1_2018-04/ant_multisource_*.jsonl.gz")


def require(path: Path) -> Path:
    """`path`, or exit with a clear message when the shared data is not there."""
    if not path.exists():
        sys.exit(f"bench: data folder {path} is absent (it lives in ../shared/data beside the repo)")
    return path


def all_rows(root: Path = NEWS) -> Iterator[dict]:
    """Every article row (id, title, text, source, url, …) as the corpus files hold it."""
    paths = [path for pattern in FILES for path in sorted(root.glob(pattern))]
    if not paths:
        raise FileNotFoundError(f"no {' or '.join(FILES)} under {root}")
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            yield from map(json.loads, handle)


def rows(root: Path = NEWS) -> Iterator[dict]:
    """Every article row with a non-empty text."""
    require(root)
    return (row for row in all_rows(root) if (row.get("text") or "").strip())


def cut_articles(n: int, words: int = 400, root: Path = NEWS) -> list[str]:
    """`n` real article texts of at least `words` words, each cut after its `words`-th word:
    the fixed article length the speed figures are quoted at."""
    from marsad.arabic import tokens

    out = []
    for row in rows(root):
        toks = list(tokens(row["text"]))
        if len(toks) >= words:
            out.append(row["text"][: toks[words - 1].end])
            if len(out) == n:
                break
    return out


def part_of(salt: str, key: str) -> str:
    """`dev` or `report` (about half each), fixed by a salted hash of `key`: evaluations keep
    a half to look at while developing and a half they never tune on."""
    digest = hashlib.blake2b(f"{salt}:{key}".encode(), digest_size=2).digest()
    return "dev" if digest[0] % 2 == 0 else "report"


def repeated(n: int, root: Path = NEWS) -> Iterator[dict]:
    """`n` rows, cycling through the corpus; repeats carry a marker so ids differ."""
    base = list(rows(root))
    for i in range(n):
        row = dict(base[i % len(base)])
        round_ = i // len(base)
        if round_:
            # Inside the first paragraph and unique per copy: a marker line shared by many
            # copies would be learned as site template and cut, collapsing the copies.
            first, _, rest = row["text"].partition("\n")
            row["text"] = f"{first} (نسخة {i})\n{rest}"
            row["url"] = f"{row.get('url') or row['id']}#{round_}"
        yield row


def write_jsonl(path: Path, n: int, root: Path = NEWS) -> Path:
    """A JSONL file of `n` articles in the reader's input format."""
    with path.open("w", encoding="utf-8") as out:
        for row in repeated(n, root):
            keep = {k: row.get(k) for k in ("text", "title", "url", "source")}
            out.write(json.dumps(keep, ensure_ascii=False) + "\n")
    return path
