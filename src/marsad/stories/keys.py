"""What linking needs from an article alone: its copy signature, LSH bands and evidence.

All three are functions of the article's own fields, never of the archive, so the
pipeline computes them (stage `story_keys`) where the other stages run: in the pool
processes or Dask workers, not in the one writer, which only looks candidates up and
inserts. The linker computes them itself for an article that comes without them
(read back from the archive, or built by hand).
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.article import Article
from marsad.stories import copies
from marsad.stories.evidence import Evidence, evidence

__all__ = ["LinkKeys", "link_keys"]


@dataclass(frozen=True, slots=True)
class LinkKeys:
    """An article's copy signature (None when too short to judge), its bands, and its evidence."""

    signature: copies.Signature | None
    bands: list[int]
    evidence: Evidence


def link_keys(article: Article) -> LinkKeys:
    """The article's keys, from its text, title, entities, quotes and dates."""
    signature = copies.copy_signature(article)
    bands = copies.band_keys(signature) if signature is not None else []
    if signature is not None:
        signature = copies.Signature(signature.values, signature.size)  # the lead is only banded: not shipped
    return LinkKeys(signature, bands, evidence(article))
