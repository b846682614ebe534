"""Hand the memory of freed large objects back to the system as soon as they are freed.

glibc serves an allocation over its mmap threshold with a mapping of its own, which
`free` unmaps; but each such free raises the threshold to that size (up to 32 MB), so the
next page's megabyte strings come from the heap instead, and a freed hole in the heap
stays in the process. Ingesting one 20 MB page left about 60 MB of such holes, which the
next copy of the text could not reuse. Fixing the threshold at 1 MiB keeps every large
string in a mapping of its own; small objects, most of an article, are not affected.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache

__all__ = ["return_large_frees"]

_M_MMAP_THRESHOLD = -3  # glibc's malloc.h
_THRESHOLD = 1 << 20


@cache
def return_large_frees() -> bool:
    """Fix glibc's mmap threshold for this process (once); False where there is no glibc."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, _THRESHOLD))
    except (OSError, AttributeError):
        return False  # musl and others: no mallopt, and no such ratchet either
