"""What every reader yields: a raw article with where it came from."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from marsad.article import Article, Failure

__all__ = ["Input", "Skipped", "failed", "fingerprint", "safe_name"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    # U+DC80..U+DCFF is how Python carries an undecodable byte of a file name (surrogateescape).
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def safe_name(name: str) -> str:
    """`name` as valid Unicode: undecodable file-name bytes and lone surrogates become escapes
    (`bad\\xff.txt`), so the name can be printed and stored, and still tells the file apart."""
    return _SURROGATE.sub(_escape, name) if _SURROGATE.search(name) else name


@dataclass(slots=True)
class Input:
    """A raw article with its origin (for errors and quarantine) and content fingerprint
    (so a rerun of an ingest can skip what is already in the archive)."""

    origin: str
    fingerprint: str
    article: Article

    def __post_init__(self) -> None:
        self.origin = safe_name(self.origin)


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something a folder held that was not read, and why: `kind` is `special` (not a regular
    file), `link` (a link leaving the folder) or `archive` (the archive's own files)."""

    origin: str
    kind: str
    reason: str


def fingerprint(data: bytes) -> str:
    """A content hash: the same bytes give the same fingerprint wherever they come from."""
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def failed(origin: str, reason: str, fp: str = "") -> Input:
    """An input that could not be read, kept with its reason."""
    origin = safe_name(origin)
    return Input(origin, fp, Article(url=origin, error=Failure("read", reason)))
