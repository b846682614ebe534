"""The pipelines marsad runs, by name: `full` (every stage) and `clean` (cleaning only)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from marsad import settings
from marsad.article import Article
from marsad.pipeline import Bounds, Pipeline
from marsad.stages.compose import compose_text
from marsad.stages.dates import resolve_dates
from marsad.stages.entities import link_entities
from marsad.stages.extract_fast import extract_html_any
from marsad.stages.lang import detect_lang
from marsad.stages.numbers import read_numbers
from marsad.stages.published_hint import published_hint
from marsad.stages.quotes import extract_quotes
from marsad.stages.residue import residue_stage
from marsad.stages.story_keys import story_keys
from marsad.stages.summary import summarize_article
from marsad.stages.topics import tag_topics
from marsad.stages.translation import translation_signal

__all__ = ["PIPELINES", "PipelineFactory", "cleaning_pipeline", "default_pipeline", "source_key"]


def source_key(article: Article) -> str:
    """What groups articles for template learning: the source, else the input's folder."""
    if article.source:
        return article.source
    return str(PurePath(article.url).parent) if article.url else ""


def _cleaning(templates: frozenset[str]) -> list:
    return [extract_html_any, published_hint, residue_stage(templates), compose_text, detect_lang]


def cleaning_pipeline(templates: frozenset[str] = frozenset()) -> Pipeline:
    """Just the cleaning: extract, strip residue, compose the text, detect the language;
    then the keys the archive's story linker needs (`story_keys`, not part of the JSON form)."""
    return Pipeline([*_cleaning(templates), story_keys])


def default_pipeline(templates: frozenset[str] = frozenset()) -> Pipeline:
    """Cleaning, then what the text says: entities, quotes, dates, numbers, topics, summary, MT signal;
    last the keys the archive's story linker needs (`story_keys`, from all of these).

    The analysis stages work within `Bounds` (settings max_analysis_chars, analysis_seconds).
    """
    analysis = [
        link_entities, extract_quotes, resolve_dates, read_numbers, tag_topics, summarize_article, translation_signal,
    ]
    bounds = Bounds(frozenset(s.name for s in analysis), int(settings.get("max_analysis_chars")),
                    float(settings.get("analysis_seconds")))
    return Pipeline([*_cleaning(templates), *analysis, story_keys], bounds)


PipelineFactory = Callable[[frozenset[str]], Pipeline]
PIPELINES: dict[str, PipelineFactory] = {"full": default_pipeline, "clean": cleaning_pipeline}
