"""The access log without query strings, unless the `access_log_query` setting keeps them.

A query string carries what an analyst searched for (`/search?q=…`), which the log
of a shared server should not keep by default; the path and status are enough to
operate it.
"""

from __future__ import annotations

import logging

__all__ = ["QueryStrings", "install"]


class QueryStrings(logging.Filter):
    """Cuts the query string from uvicorn's access log records (their third argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > 2 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def install(keep_query: bool) -> None:
    """Put the filter on uvicorn's access logger (once), or take it off with `keep_query`."""
    logger = logging.getLogger("uvicorn.access")
    for existing in [f for f in logger.filters if isinstance(f, QueryStrings)]:
        logger.removeFilter(existing)
    if not keep_query:
        logger.addFilter(QueryStrings())
