"""The numbers stage: every number an article writes, with its value.

Numbers are anchors that survive translation and rewording (57 member states, 2.3
billion, خمسة مراقبين), so stories and cross-language matching compare them; the
reader (`marsad.numbers`) reads Arabic and English alike.
"""

from __future__ import annotations

from marsad.article import Article
from marsad.numbers import find_numbers
from marsad.pipeline import stage

__all__ = ["read_numbers"]


@stage("numbers", needs={"text"}, gives={"numbers"})
def read_numbers(article: Article) -> Article:
    """Fill `numbers` from the clean text, in any language."""
    article.numbers = find_numbers(article.text)
    return article
