"""Tagger-like spans for tests of the linker: the given surfaces, found in order in the text."""

from __future__ import annotations

from marsad.ner.conll import Span


def tagged(text: str, items: list[tuple[str, str]]) -> list[Span]:
    """A span of each (type, surface), searched for after the previous one, as a tagger reads."""
    out, at = [], 0
    for kind, surface in items:
        start = text.index(surface, at)
        out.append(Span(kind, start, start + len(surface), surface))
        at = start + len(surface)
    return out
