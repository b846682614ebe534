"""One bound for every per-word memo, so a long ingest keeps flat memory.

News vocabulary never stops growing (names, misspellings, clitic forms), so a
memo sized for "every word seen" grows with the batch: nine word memos of
200,000 entries each took an ingest of 15,000 articles past 700 MB. Word
frequencies are Zipfian, so the most recent 32,768 words hold nearly every
repeat; an LRU of that size keeps the speed and caps each memo at a few MB.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

__all__ = ["WORD_MEMO", "word_memo"]

WORD_MEMO = 32_768

_F = TypeVar("_F", bound=Callable)


def word_memo(func: _F) -> _F:
    """`func` memoized on its last WORD_MEMO distinct arguments (least recently used go)."""
    return lru_cache(maxsize=WORD_MEMO)(func)  # type: ignore[return-value]
