"""The pipelines marsad runs, by name: `full` (every stage) and `clean` (cleaning only)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from marsad.article import Article
from marsad import settings
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
from marsad.stages.summary import summarize_article
from marsad.stages.topics import tag_topics
from marsad.stages.translation import translation_signal

__all__ = ["PIPELINES", "PipelineFactory", "cleaning_pipeline", "default_pipeline", "source_key"]


def source_key(article: Article) -> str:
    """What groups articles for template learning: the source, else the input's folder."""
    if article.source:
        return article.source
    return str(PurePath(article.url).parent) if article.url else ""


def cleaning_pipeline(templates: frozenset[str] = frozenset()) -> Pipeline:
    """Just the cleaning: extract, strip residue, compose the text, detect the language."""
    return Pipeline([extract_html_any, published_hint, residue_stage(templates), compose_text, detect_lang])


def default_pipeline(templates: frozenset[str] = frozenset()) -> Pipeline:
    """Cleaning, then what the text says: entities, quotes, dates, numbers, topics, summary, MT signal.

    The analysis stages work within `Bounds` (settings max_analysis_chars, analysis_seconds).
    """
    analysis = [
        link_entities, extract_quotes, resolve_dates, read_numbers, tag_topics, summarize_article, translation_signal,
    ]
    bounds = Bounds(frozenset(s.name for s in analysis), int(settings.get("max_analysis_chars")),
                    float(settings.get("analysis_seconds")))
    return Pipeline(cleaning_pipeline(templates).stages + analysis, bounds)


PipelineFactory = Callable[[frozenset[str]], Pipeline]
PIPELINES: dict[str, PipelineFactory] = {"full": default_pipeline, "clean": cleaning_pipeline}
