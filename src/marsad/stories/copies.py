"""Near-duplicate texts: MinHash signatures over word shingles of the match form.

A repost changes residue, cuts the ending or edits a few words; shingles of the folded
match form (the one `arabic.fold` that search and names use) survive all three, where
a hash of the text does not. Signatures come from datasketch's MinHash, with a CRC32
shingle hash so they are the same in every process and can be stored. LSH bands of
the signature are the candidate keys; a candidate is a copy when the estimated
containment of the shorter text in the longer one passes `COPY_CONTAINMENT`
(calibrated in bench/copies_eval.py). Containment, not Jaccard, because a partial
repost holds half the original and is still a copy of it.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from marsad.arabic import fold
from marsad.article import Article

__all__ = ["BANDS", "COPY_CONTAINMENT", "NUM_PERM", "Signature", "band_keys", "copy_signature",
           "estimate_containment", "estimate_jaccard", "shingles"]

NUM_PERM = 128
SHINGLE_WORDS = 4
# 32 bands of 4 rows: a pair at Jaccard 0.5 (a repost cut to half) is a candidate 87% of
# the time, at 0.7 over 99.9%; unrelated news (Jaccard < 0.02) almost never.
BANDS, ROWS = 32, 4
COPY_CONTAINMENT = 0.7
# A copy is judged on the first this many characters: a 20 MB line must not cost 2 GB of shingles.
MAX_TEXT_CHARS = 100_000
# Below this many shingles a text is too short to call a copy from its words alone.
MIN_SHINGLES = 8
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Signature:
    """A text's MinHash values and how many distinct shingles it has (for containment)."""

    values: np.ndarray
    size: int

    def to_bytes(self) -> bytes:
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Signature:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint64), size)


def shingles(text: str) -> set[bytes]:
    """Overlapping runs of SHINGLE_WORDS words of the folded text; a short text is one shingle."""
    words = _WORD.findall(fold(text))
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def _crc(data: bytes) -> int:
    return zlib.crc32(data)


@lru_cache(maxsize=1)
def _template() -> MinHash:
    # Permutations are drawn once; copies of this template share them.
    return MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_crc)


def copy_signature(article: Article) -> Signature | None:
    """The MinHash signature of the article's clean text, or None when it is too short to judge."""
    found = shingles(article.text[:MAX_TEXT_CHARS])
    if len(found) < MIN_SHINGLES:
        return None
    minhash = _template().copy()
    minhash.update_batch(list(found))
    return Signature(minhash.hashvalues, len(found))


def band_keys(signature: Signature) -> list[int]:
    """One 63-bit key per LSH band: two texts sharing any key are copy candidates."""
    values = signature.values.astype("<u4")
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=band.to_bytes(2, "little")).digest()
        keys.append(int.from_bytes(digest, "little") >> 1)
    return keys


def estimate_jaccard(a: Signature, b: Signature) -> float:
    """Share of equal MinHash values: the Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a.values == b.values)) / NUM_PERM


def estimate_containment(a: Signature, b: Signature) -> float:
    """How much of the smaller shingle set the larger one holds, from Jaccard and the set sizes."""
    jaccard = estimate_jaccard(a, b)
    shared = jaccard * (a.size + b.size) / (1.0 + jaccard)
    return min(1.0, shared / max(1, min(a.size, b.size)))
