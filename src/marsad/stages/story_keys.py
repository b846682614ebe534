"""The keys the archive's story linker needs from an article alone, computed where stages run.

Linking an article to its copies and its story reads the archive, so it happens in the
one writer; but most of its cost was the article's own copy signature and evidence
(`marsad.stories.keys`), which depend on nothing stored. As the last stage they are
computed in the pool processes or Dask workers, and the writer only looks up and inserts.
The keys ride on the article as a working field, outside its JSON form.
"""

from __future__ import annotations

from dataclasses import replace

from marsad.article import Article
from marsad.pipeline import stage
from marsad.stories.keys import link_keys

__all__ = ["story_keys"]


@stage("story_keys", needs={"text"}, gives={"link_keys"})
def story_keys(article: Article) -> Article:
    """The article with its `link_keys`; without them if they cannot be computed (the linker
    then tries again and, failing, gives the article a story of its own: it is never lost)."""
    try:
        keys = link_keys(article)
    except Exception:  # noqa: BLE001 - a linking problem must not quarantine the article
        return article
    return replace(article, link_keys=keys)
