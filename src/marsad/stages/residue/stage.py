"""The residue stage: an `Article` in, its kept paragraphs and its cuts out.

Judging lines is `lines.judge_lines`; this module turns the verdicts into the
article's fields and flags, and makes sure no article is lost whole while it
holds prose (`prose.keep_prose`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from marsad.article import Article
from marsad.pipeline import Stage
from marsad.stages.residue.lines import split_residue
from marsad.stages.residue.prose import keep_prose

__all__ = ["StripResidue", "residue_stage"]


class StripResidue:
    """The residue stage: kept lines become `paragraphs`, cuts go to `removed`.

    Flags: `residue_split` counts lines that mixed text with a script, a poll or
    widget text and were split; `residue_kept_prose` counts sentence runs kept
    because every line was judged residue (`prose.keep_prose`): the article is
    kept, and flagged for a look, rather than lost whole.

    `templates` is one set for every article, or a mapping from `Article.source`
    to that source's set (as `TemplateLearner` produces). Title, author and
    published date are filled only where the article has none yet.
    """

    def __init__(self, templates: frozenset[str] | Mapping[str, frozenset[str]] = frozenset()) -> None:
        self.templates = templates

    def _templates_for(self, source: str | None) -> frozenset[str]:
        if isinstance(self.templates, frozenset):
            return self.templates
        return self.templates.get(source or "", frozenset())

    def __call__(self, article: Article) -> Article:
        raw = article.raw_text if article.raw_text is not None else "\n".join(article.paragraphs)
        kept, cut, header = split_residue(
            raw.splitlines(), self._templates_for(article.source), title=article.title
        )
        flags = dict(article.flags)
        if not article.published and header.published:
            flags["published_from"] = "text-header"
        if header.mixed:
            flags["residue_split"] = header.mixed
        if not kept:  # never lose a whole article to residue while it holds prose
            rescued, cut = keep_prose(cut)
            if rescued:
                kept, flags["residue_kept_prose"] = rescued, len(rescued)
        return replace(
            article,
            paragraphs=kept,
            removed=article.removed + cut,
            title=article.title or header.title,
            author=article.author or header.author,
            published=article.published or header.published,
            flags=flags,
        )


def residue_stage(templates: frozenset[str] | Mapping[str, frozenset[str]] = frozenset()) -> Stage:
    """The residue stage declared for a `Pipeline`."""
    return Stage(
        name="residue",
        func=StripResidue(templates),
        needs=frozenset({"raw_text"}),
        gives=frozenset({"paragraphs", "removed", "title", "author", "published", "flags"}),
    )
