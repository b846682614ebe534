"""Writers for the exported corpus: JSONL (one Article JSON per line) and Parquet.

Both write to a temporary file beside OUT and move it into place at the end, so
an interrupted export never leaves a truncated file that looks complete.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import IO

from marsad.article import Article
from marsad.errors import MarsadError
from marsad.export.schema import arrow_schema, row

__all__ = ["FORMATS", "write"]

# Articles per Parquet row group: a few MB, so memory stays flat and readers can skip.
ROW_GROUP = 1000


@contextmanager
def _replacing(out: str, mode: str) -> Iterator[IO]:
    """A file that becomes `out` only when the block ends without an error."""
    target = Path(out)
    tmp = target.with_name(f".{target.name}.part")
    try:
        with open(tmp, mode, **({"encoding": "utf-8"} if "b" not in mode else {})) as handle:
            yield handle
        os.replace(tmp, target)
    except OSError as error:
        raise MarsadError(f"cannot write {out!r}: {error.strerror or error}") from error
    finally:
        tmp.unlink(missing_ok=True)


def write_jsonl(articles: Iterable[Article], out: str) -> int:
    """One Article JSON object per line (`-` writes to standard output); the count written."""
    count = 0
    if out == "-":
        for count, article in enumerate(articles, 1):
            sys.stdout.write(article.to_json() + "\n")
        return count
    with _replacing(out, "w") as handle:
        for count, article in enumerate(articles, 1):
            handle.write(article.to_json() + "\n")
    return count


def write_parquet(articles: Iterable[Article], out: str) -> int:
    """Every article as one Parquet row, nested fields as lists of structs; the count written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if out == "-":
        raise MarsadError("Parquet cannot go to standard output: give a file name")
    schema, count = arrow_schema(), 0
    stream = iter(articles)
    with _replacing(out, "wb") as handle, pq.ParquetWriter(handle, schema, compression="zstd") as writer:
        while batch := list(islice(stream, ROW_GROUP)):
            writer.write_table(pa.Table.from_pylist([row(a) for a in batch], schema=schema))
            count += len(batch)
    return count


FORMATS: dict[str, Callable[[Iterable[Article], str], int]] = {"jsonl": write_jsonl, "parquet": write_parquet}


def write(articles: Iterable[Article], out: str, fmt: str = "jsonl") -> int:
    """Write `articles` to `out` in `fmt` (jsonl or parquet); the number written."""
    return FORMATS[fmt](articles, out)
