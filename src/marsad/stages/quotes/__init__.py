"""Quotes with speakers: who said what, quoted directly or reported."""

from marsad.stages.quotes.finder import (
    extract_quotes,
    find_quotes,
)

__all__ = ["extract_quotes", "find_quotes"]
