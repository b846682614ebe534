"""Near-duplicate texts: MinHash signatures over word shingles of the match form.

A repost changes residue, cuts the ending or edits a few words; shingles of the folded
match form (the one `arabic.fold` that search and names use) survive all three, where
a hash of the text does not. Each shingle of SHINGLE_WORDS words gets a 32-bit hash
computed for all shingles of a text at once in numpy (a polynomial hash per word,
mixed, then combined per run of words), so a text costs a few array operations, not
a Python call per shingle; the hashes are the same in every process and can be stored.
They are permuted and min-reduced as datasketch's MinHash does it (its affine32 scheme and
seed: the same values as `MinHash.update_batch`, without importing it at run time). LSH bands of the signature are
the candidate keys; a candidate is a copy when the estimated containment of the shorter
text in the longer one passes `COPY_CONTAINMENT` (calibrated in bench/copies_eval.py).
Containment, not Jaccard, because a partial repost holds half the original and is still
a copy of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from marsad.arabic import fold
from marsad.article import Article

__all__ = ["BANDS", "COPY_CONTAINMENT", "NUM_PERM", "Signature", "band_keys", "copy_signature",
           "estimate_containment", "estimate_jaccard", "shingles"]

NUM_PERM = 128
SHINGLE_WORDS = 4
# 42 bands of 3 rows (picked on the dev half of bench/copies_eval.py over 32 x 4 and 64 x 2):
# a pair at Jaccard 0.35 (a repost cut to half, with edits) is a candidate 84% of the time,
# at 0.5 over 99.5%; unrelated news (Jaccard < 0.02) one time in 3,000.
BANDS, ROWS = 42, 3
# A second family over the text's first LEAD_SHINGLES shingles only: a repost that keeps the
# opening paragraphs and cuts the rest shares a third of the original's shingles (Jaccard 0.35,
# often missed by the bands above) but nearly all of its lead.
LEAD_SHINGLES, LEAD_BANDS, LEAD_ROWS = 64, 16, 4
# Picked on the dev half of bench/copies_eval.py: the lowest 0.05 step from which every
# containment bin of candidate pairs is at least 97% copies.
COPY_CONTAINMENT = 0.65
# A copy is judged on the first this many characters: a 20 MB line must not cost 2 GB of shingles.
MAX_TEXT_CHARS = 100_000
# Below this many shingles a text is too short to call a copy from its words alone.
MIN_SHINGLES = 8
_WORD = re.compile(r"\w+")
# Folding can lengthen a text (NFKC spells out ligatures); the hash reads at most this many code points.
_MAX_CODES = 4 * MAX_TEXT_CHARS
_BASE = 0x100000001B3  # odd, so invertible modulo 2**64: a word's hash is read off prefix sums
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, slots=True)
class Signature:
    """A text's MinHash values and how many distinct shingles it has (for containment)."""

    values: np.ndarray
    size: int
    lead: np.ndarray | None = None  # MinHash of the opening shingles; not stored, only banded

    def to_bytes(self) -> bytes:
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Signature:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint64), size)


def shingles(text: str) -> set[bytes]:
    """Overlapping runs of SHINGLE_WORDS words of the folded text; a short text is one shingle.

    The readable form of what `shingle_hashes` hashes (for peers and tests)."""
    words = _WORD.findall(fold(text))
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


@lru_cache(maxsize=1)
def _word_chars() -> np.ndarray:
    # What the regex `\w` matches, for every code point of the basic plane.
    return np.array([chr(c).isalnum() or c == 0x5F for c in range(0x10000)], dtype=bool)


@lru_cache(maxsize=1)
def _powers() -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(over="ignore"):
        up = np.full(_MAX_CODES + 1, _BASE, dtype=np.uint64)
        down = np.full(_MAX_CODES + 1, pow(_BASE, -1, 2**64), dtype=np.uint64)
        up[0] = down[0] = 1
        return np.cumprod(up, dtype=np.uint64), np.cumprod(down, dtype=np.uint64)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves every output bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the text's shingles in text order (one per position, so repeats repeat)."""
    codes = np.frombuffer(fold(text).encode("utf-32-le"), dtype=np.uint32)[:_MAX_CODES]
    if not len(codes):
        return np.zeros(0, dtype=np.uint64)
    if codes.max() < 0x10000:
        inside = _word_chars()[codes]
    else:
        inside = np.fromiter((chr(c).isalnum() or c == 0x5F for c in codes.tolist()), dtype=bool, count=len(codes))
    edges = np.zeros(len(codes) + 2, dtype=bool)
    edges[1:-1] = inside
    flips = np.flatnonzero(edges[1:] != edges[:-1])
    starts, ends = flips[0::2], flips[1::2]
    if not len(starts):
        return np.zeros(0, dtype=np.uint64)
    up, down = _powers()
    with np.errstate(over="ignore"):
        prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
        np.cumsum(codes * up[: len(codes)], dtype=np.uint64, out=prefix[1:])
        words = _mix((prefix[ends] - prefix[starts]) * down[starts] ^ (ends - starts).astype(np.uint64))
        if len(words) <= SHINGLE_WORDS:
            combined = np.zeros(1, dtype=np.uint64)
            for word in words:
                combined = combined * _GOLDEN + word
        else:
            count = len(words) - SHINGLE_WORDS + 1
            combined = words[:count].copy()
            for offset in range(1, SHINGLE_WORDS):
                combined = combined * _GOLDEN + words[offset : offset + count]
        return _mix(combined) >> np.uint64(32)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The odd multipliers and offsets of datasketch's `MinHash(num_perm=128, seed=1,
    scheme="affine32")`, drawn as it draws them (a test checks they are equal).

    Importing datasketch costs the process 60 MB (it imports all of SciPy for its LSH
    tuning); the permutations are two arrays of 128 numbers.
    """
    generator = np.random.RandomState(1)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a.reshape(1, -1), b.reshape(1, -1)


def _fmix32(x: np.ndarray) -> np.ndarray:
    # MurmurHash3's 32-bit finaliser, which datasketch's affine32 scheme applies before permuting.
    x = x ^ (x >> np.uint32(16))
    x = x * np.uint32(0x85EBCA6B)
    x = x ^ (x >> np.uint32(13))
    x = x * np.uint32(0xC2B2AE35)
    return x ^ (x >> np.uint32(16))


def minhash_values(hashes: np.ndarray) -> np.ndarray:
    """The MinHash of 32-bit shingle hashes: what `MinHash.update_batch` computes, without a call per item."""
    a, b = _permutations()
    with np.errstate(over="ignore"):
        permuted = _fmix32(hashes.astype(np.uint32).reshape(-1, 1)) * a + b
    return permuted.min(axis=0).astype(np.uint64)


def copy_signature(article: Article) -> Signature | None:
    """The MinHash signature of the article's clean text, or None when it is too short to judge."""
    hashes = shingle_hashes(article.text[:MAX_TEXT_CHARS])
    ordered = np.sort(hashes)
    size = int(np.count_nonzero(ordered[1:] != ordered[:-1])) + 1 if len(hashes) else 0
    if size < MIN_SHINGLES:
        return None
    lead = minhash_values(hashes[:LEAD_SHINGLES]) if len(hashes) > LEAD_SHINGLES else None
    return Signature(minhash_values(hashes), size, lead)


def _bands(values: np.ndarray, bands: int, rows: int, salt: int) -> list[int]:
    table = values[: bands * rows].astype(np.uint64).reshape(bands, rows)
    with np.errstate(over="ignore"):
        combined = np.arange(salt, salt + bands, dtype=np.uint64)
        for row in range(rows):
            combined = combined * _GOLDEN + table[:, row]
        return (_mix(combined) >> np.uint64(1)).tolist()


def band_keys(signature: Signature) -> list[int]:
    """63-bit LSH keys, one per band of the whole text and of its lead: two texts sharing
    any key are copy candidates. A short text's lead is the whole text, so its lead keys are
    those of its whole signature."""
    keys = _bands(signature.values, BANDS, ROWS, 1)
    lead = signature.values if signature.lead is None else signature.lead
    return keys + _bands(lead, LEAD_BANDS, LEAD_ROWS, 1001)


def estimate_jaccard(a: Signature, b: Signature) -> float:
    """Share of equal MinHash values: the Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a.values == b.values)) / NUM_PERM


def estimate_containment(a: Signature, b: Signature) -> float:
    """How much of the smaller shingle set the larger one holds, from Jaccard and the set sizes."""
    jaccard = estimate_jaccard(a, b)
    shared = jaccard * (a.size + b.size) / (1.0 + jaccard)
    return min(1.0, shared / max(1, min(a.size, b.size)))
