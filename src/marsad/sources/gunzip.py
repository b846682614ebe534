"""Gzip inputs, decompressed with bounds: whole for one document, line by line for JSONL.

A compressed JSONL export can be far larger than any one input may be, so it is read
a line at a time and the size limit applies to each line, as for a plain file. What
stops a compression bomb is the ratio: real news compresses a few times over, while a
bomb's zeros or newlines expand about a thousand times; past the size limit, a stream
that has expanded more than `MAX_RATIO` times is stopped with a reason.
"""

from __future__ import annotations

import gzip
import io
from typing import BinaryIO

from marsad.errors import TooLarge

__all__ = ["MAX_RATIO", "GunzipLines", "gunzip"]

MAX_RATIO = 100


def gunzip(data: bytes, origin: str, limit: int) -> bytes:
    """The decompressed `data`, refused when it would be over `limit` bytes."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        out = handle.read(limit + 1)
    if len(out) > limit:
        raise TooLarge(origin, f"decompresses to over {limit:,} bytes (setting max_input_bytes)")
    return out


class _Counting(io.RawIOBase):
    """A raw reader that counts the compressed bytes taken from `handle`."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        data = self.handle.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class GunzipLines:
    """`readline` over a gzip stream, raising TooLarge once it looks like a bomb."""

    def __init__(self, handle: BinaryIO, origin: str, limit: int) -> None:
        self._raw = _Counting(handle)
        self._stream = gzip.GzipFile(fileobj=io.BufferedReader(self._raw), mode="rb")
        self.origin, self.limit, self.out = origin, limit, 0

    def readline(self, size: int = -1) -> bytes:
        """The next line (at most `size` bytes), as `io.BufferedIOBase.readline`."""
        line = self._stream.readline(size)
        self.out += len(line)
        if self.out > self.limit and self.out > MAX_RATIO * max(self._raw.count, 1):
            raise TooLarge(
                self.origin,
                f"decompresses to over {MAX_RATIO} times its size ({self.out:,} bytes from "
                f"{self._raw.count:,}): refused as a likely compression bomb",
            )
        return line
