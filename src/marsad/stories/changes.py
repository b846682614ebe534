"""What a copy changed against the text it copies: residue added, paragraphs cut, headline changed.

A fact-checker comparing a content farm's repost with the agency original wants to see
exactly this. Paragraphs are compared in the folded match form, so a repost that only
differs in hamza spelling or spacing has cut nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.arabic import fold
from marsad.article import Article

__all__ = ["CopyChanges", "copy_changes"]


@dataclass(slots=True)
class CopyChanges:
    """How a copy differs from what it copies."""

    residue_added: list[dict[str, str]] = field(default_factory=list)
    paragraphs_cut: list[str] = field(default_factory=list)
    paragraphs_added: list[str] = field(default_factory=list)
    headline_changed: bool = False
    headline_from: str | None = None
    headline_to: str | None = None


def _key(text: str) -> str:
    return " ".join(fold(text).split())


def copy_changes(copy: Article, original: Article) -> CopyChanges:
    """Residue the copy carries and the original did not, paragraphs each has alone, and the headline."""
    known = {(r.reason, _key(r.text)) for r in original.removed}
    residue = [{"reason": r.reason, "text": r.text} for r in copy.removed
               if (r.reason, _key(r.text)) not in known and r.reason != "title"]
    mine = {_key(p) for p in copy.paragraphs}
    theirs = {_key(p) for p in original.paragraphs}
    changed = _key(copy.title or "") != _key(original.title or "")
    return CopyChanges(
        residue_added=residue,
        paragraphs_cut=[p for p in original.paragraphs if _key(p) not in mine],
        paragraphs_added=[p for p in copy.paragraphs if _key(p) not in theirs],
        headline_changed=changed,
        headline_from=original.title if changed else None,
        headline_to=copy.title if changed else None,
    )
