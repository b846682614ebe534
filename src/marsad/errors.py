"""Every error marsad raises on purpose, each with the exit code the CLI uses.

    MarsadError                 exit 1   base; its message is meant for people
    ├── InputError              exit 2   one input could not be read or understood
    │   ├── EmptyInput                   nothing in it
    │   ├── BinaryInput                  not text (binary data)
    │   ├── EncodingError                text in an encoding we cannot identify
    │   └── TooLarge                     over the configured size limit
    ├── QueryError              exit 3   a search query that cannot be parsed
    ├── StoreError              exit 4   the archive cannot be opened or written
    │   ├── ReadOnlyStore                the file or its folder is not writable
    │   ├── StoreLocked                  another process holds the write lock
    │   └── StoreFull                    the disk (or the page limit) is full
    ├── NotFound                exit 5   an id that is not in the archive
    ├── PipelineError           exit 6   stages in an order that cannot work
    └── ExecutorError           exit 7   the cluster running the pipeline is unreachable or went away

`Drop` is not an error: a stage raises it to leave an article out on purpose.
"""

from __future__ import annotations

__all__ = [
    "BinaryInput",
    "Drop",
    "EmptyInput",
    "EncodingError",
    "ExecutorError",
    "InputError",
    "MarsadError",
    "NotFound",
    "PipelineError",
    "QueryError",
    "ReadOnlyStore",
    "StoreError",
    "StoreFull",
    "StoreLocked",
    "TooLarge",
]


class MarsadError(Exception):
    """Base of marsad's own errors; `str(error)` is a message for a person."""

    exit_code = 1


class InputError(MarsadError):
    """One input could not be read; the batch goes on without it."""

    exit_code = 2

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"cannot read {origin!r}: {reason}")
        self.origin = origin
        self.reason = reason


class EmptyInput(InputError):
    """The input holds no text at all."""


class BinaryInput(InputError):
    """The input is binary data, not text."""


class EncodingError(InputError):
    """The bytes are text in no encoding we can identify."""


class TooLarge(InputError):
    """The input is over the size limit (setting `max_input_bytes`)."""


class QueryError(MarsadError):
    """A search query that cannot be parsed."""

    exit_code = 3


class StoreError(MarsadError):
    """The archive cannot be opened or written; nothing stored is lost."""

    exit_code = 4


class ReadOnlyStore(StoreError):
    """The archive file or its folder is not writable."""


class StoreLocked(StoreError):
    """Another process holds the archive's write lock."""


class StoreFull(StoreError):
    """No room left to write: disk full or page limit reached."""


class NotFound(MarsadError):
    """An id that is not in the archive."""

    exit_code = 5


class PipelineError(MarsadError):
    """Stages declared in an order that cannot work."""

    exit_code = 6


class ExecutorError(MarsadError):
    """The cluster running the pipeline cannot be reached or went away; what was stored is kept."""

    exit_code = 7


class Drop(Exception):
    """Raised by a stage to leave an article out, with the reason counted."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
