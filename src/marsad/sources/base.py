"""What every reader yields: a raw article with where it came from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from marsad.article import Article, Failure

__all__ = ["Input", "failed", "fingerprint"]


@dataclass(slots=True)
class Input:
    """A raw article with its origin (for errors and quarantine) and content fingerprint
    (so a rerun of an ingest can skip what is already in the archive)."""

    origin: str
    fingerprint: str
    article: Article


def fingerprint(data: bytes) -> str:
    """A content hash: the same bytes give the same fingerprint wherever they come from."""
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def failed(origin: str, reason: str, fp: str = "") -> Input:
    """An input that could not be read, kept with its reason."""
    return Input(origin, fp, Article(url=origin, error=Failure("read", reason)))
