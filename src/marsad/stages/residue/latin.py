"""Residue in a Latin-script article (English, French, ...): its Latin lines are its text.

The line rules cut short Latin lines with words such as "more", "share" or "update",
because in an Arabic page such a line is debris ("Read more", "Share"). In an article
written in English those words are ordinary words ("Aid workers said more help was
needed."), so there only whole-phrase UI text counts: "Subscribe to our newsletter",
"Success! You're on the list.", "Share this article".
"""

from __future__ import annotations

from marsad.stages.residue import rules
from marsad.stages.residue.classify import _full, _Line, _mark

__all__ = ["english_page", "latin_page"]

_SAMPLE_LINES = 40
_SAMPLE_CHARS = 20_000  # enough letters to tell the script; a 20 MB line must not become a list of them
_MAX_UI_WORDS = 12


def latin_page(items: list[_Line]) -> bool:
    """Whether the article itself is in a Latin-script language."""
    sample = " ".join(item.text[:_SAMPLE_CHARS] for item in items[:_SAMPLE_LINES])[:_SAMPLE_CHARS].lower()
    return len(rules.LATIN_LETTER.findall(sample)) > 2 * len(rules.ARABIC_LETTER.findall(sample))


def english_page(items: list[_Line]) -> None:
    """Undo the Arabic-page "english-boilerplate" cuts unless the line is whole-phrase UI
    text, which is cut wherever it stands."""
    for item in items:
        if item.reason not in (None, "english-boilerplate") or item.words > _MAX_UI_WORDS:
            continue
        if rules.ENGLISH_PAGE.search(_full(item)):
            _mark(item, "english-boilerplate", 3)
        elif item.reason == "english-boilerplate":
            item.reason, item.level, item.pending = None, 0, False
