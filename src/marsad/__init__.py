"""marsad (مرصد): Arabic news from the web into a clean, deduplicated, searchable archive.

    >>> import marsad
    >>> article = marsad.process("path/to/page.html")
    >>> with marsad.Archive("news.db") as archive:
    ...     archive.ingest(["scraped/"])
    ...     hits = archive.search("منظمة التعاون")
"""

from marsad.article import Article, DateMention, Entity, Mention, Quote, Removal
from marsad.errors import Drop, MarsadError
from marsad.pipeline import Pipeline, Stage, stage


def __getattr__(name: str):
    """`Archive` and `process` pull in the whole pipeline; load them on first use only."""
    if name in ("Archive", "process"):
        from marsad import service

        return getattr(service, name)
    raise AttributeError(f"module 'marsad' has no attribute {name!r}")


__all__ = [
    "Archive",
    "Article",
    "DateMention",
    "Drop",
    "Entity",
    "MarsadError",
    "Mention",
    "Pipeline",
    "Quote",
    "Removal",
    "Stage",
    "process",
    "stage",
]
