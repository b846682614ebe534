"""What the CLI, the API and the web pages all ask for, in one place.

`process` cleans without storing; `Archive` is the stored side: ingest, search,
read back, and the quarantine of inputs that failed. Front ends stay thin shells
over these, so they can never disagree.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from marsad import settings
from marsad.article import Article
from marsad.errors import InputError, MarsadError
from marsad.run.local import process_inputs
from marsad.sources import Input, read_inputs
from marsad.sources.base import Skipped, failed
from marsad.sources.decode import check_unicode
from marsad.store.base import Hit, QuarantineEntry
from marsad.store.entities import EntitySummary
from marsad.store.factory import is_url, location, open_store
from marsad.stories import listing
from marsad.stories.linker import link_article, rebuild_stories

# Folding copies needs more hits than it shows: read this many times the page, plus a few.
_FOLD_READ, _FOLD_EXTRA = 3, 10

__all__ = ["Archive", "IngestReport", "failure_message", "process", "process_paths"]

log = logging.getLogger("marsad")


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name no file could have (too long): text, then
        return False


def _as_input(text_or_path: str | Path) -> Iterable[Input]:
    if isinstance(text_or_path, str):
        try:
            check_unicode(text_or_path, "<text>")
        except InputError as error:
            return [failed("<text>", error.reason)]
    path = Path(text_or_path)
    # An empty string is empty text, not Path("") (the current folder, read whole).
    looks_like_path = isinstance(text_or_path, Path) or (
        "\n" not in text_or_path and 0 < len(text_or_path.strip()) and len(text_or_path) < 4096)
    if looks_like_path and _exists(path):
        return read_inputs([str(path)])
    from marsad.sources.files import read_bytes

    return read_bytes("<text>", str(text_or_path).encode("utf-8"), settings.get("max_input_bytes"))


def process(text_or_path: str | Path) -> Article:
    """Clean one article given as text, HTML, or a path to a file; nothing is stored.

    For a file that holds several articles (JSONL) the first is returned; use
    `process_paths` for all of them.
    """
    for _, article in process_inputs(_as_input(text_or_path)):
        return article
    raise ValueError("no input given")


def process_paths(
    paths: Iterable[str], pipeline: str | None = None, workers: int | None = None,
    executor: str | None = None, scheduler: str | None = None, *,
    follow_links: bool = False, on_skip: Callable[[Skipped], None] | None = None,
) -> Iterator[tuple[Input, Article]]:
    """Every article under `paths`, processed by `pipeline` (full or clean), with its input;
    what folders hold but is not read (see `read_inputs`) goes to `on_skip`."""
    inputs = read_inputs(paths, follow_links=follow_links, on_skip=on_skip)
    return process_inputs(inputs, pipeline=settings.get("pipeline", pipeline), workers=workers,
                          executor=executor, scheduler=scheduler)


@dataclass(slots=True)
class _Batch:
    """What one ingest transaction wrote: how many, and the pairs when someone asked to see them."""

    count: int = 0
    pairs: list[tuple[Input, Article]] = field(default_factory=list)


@dataclass(slots=True)
class IngestReport:
    """What one ingest did, input by input, so the summary can say it plainly."""

    new: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    left_out: list[Skipped] = field(default_factory=list)
    skipped_records: Counter = field(default_factory=Counter)  # WARC records left out, by reason
    extractor: Counter = field(default_factory=Counter)  # HTML pages by the extraction path that served them

    @property
    def seen(self) -> int:
        return self.new + self.duplicates + self.skipped + len(self.failed)

    def summary(self) -> str:
        parts = [f"{self.new} new article{'s' if self.new != 1 else ''}"]
        if self.duplicates:
            parts.append(f"{self.duplicates} already in the archive (same text)")
        if self.skipped:
            parts.append(f"{self.skipped} inputs skipped (ingested before, unchanged)")
        if self.failed:
            parts.append(f"{len(self.failed)} failed (see `marsad quarantine`)")
        if self.skipped_records:
            reasons = ", ".join(f"{reason} {n}" for reason, n in self.skipped_records.most_common())
            parts.append(f"{sum(self.skipped_records.values())} WARC records skipped ({reasons})")
        summary = f"ingested {self.seen} input{'s' if self.seen != 1 else ''}: " + ", ".join(parts)
        return summary + _left_out(self.left_out)


_LEFT_OUT = {"special": ("file that is not a regular file", "files that are not regular files"),
             "link": ("link leaving the folder", "links leaving the folder"),
             "archive": ("file of the archive itself", "files of the archive itself")}


def _left_out(skipped: list[Skipped]) -> str:
    counts = Counter(item.kind for item in skipped)
    parts = [f"{n} {_LEFT_OUT[kind][n != 1]}" for kind, n in sorted(counts.items()) if kind in _LEFT_OUT]
    return f"; left out {', '.join(parts)}" if parts else ""


def failure_message(origin: str, article: Article) -> str:
    """What to tell a person about a failed input: the CLI, the summary and the API say the same."""
    error = article.error
    assert error is not None
    if error.reason.startswith("cannot read"):
        return error.reason
    if error.stage == "read":
        return f"cannot read {origin!r}: {error.reason}"
    return f"cannot process {origin!r}: {error.reason} (stage {error.stage})"


class Archive:
    """A stored, searchable collection of clean articles (an SQLite file, or a PostgreSQL URL)."""

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False, **store_options) -> None:
        target = settings.get("db", path)
        self.path: Path | str = location(target)
        self.store = open_store(self.path, readonly=readonly, **store_options)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fresh(self, inputs: Iterable[Input], report: IngestReport) -> Iterator[Input]:
        for item in inputs:
            if item.fingerprint and self.store.input_done(item.origin, item.fingerprint):
                report.skipped += 1
            else:
                yield item

    def _keep(self, item: Input, article: Article, report: IngestReport) -> None:
        if "extractor" in article.flags:
            report.extractor[article.flags["extractor"]] += 1
        if article.error is not None:
            report.failed.append((item.origin, failure_message(item.origin, article)))
            self.store.quarantine(item.origin, article.error, article)
            return
        if self.store.add(article):
            report.new += 1
            if hasattr(self.store, "connection"):  # a store with the story tables (both do)
                link_article(self.store, article)
        else:
            report.duplicates += 1
        self.store.record_input(item.origin, item.fingerprint, article.id)
        self.store.release(item.origin)

    def ingest(
        self,
        sources: Iterable[str] | Iterable[Input],
        *,
        on_article: Callable[[Input, Article], None] | None = None,
        batch_size: int | None = None,
        pipeline: str | None = None,
        workers: int | None = None,
        lang: str | None = None,
        executor: str | None = None,
        scheduler: str | None = None,
        follow_links: bool = False,
        on_skip: Callable[[Skipped], None] | None = None,
    ) -> IngestReport:
        """Clean and store every input; a rerun skips what is done and retries what failed.

        Writes go in transactions of `batch_size` articles: an interruption loses at
        most the batch in flight, and the archive stays consistent. `lang="ar"` skips
        WARC pages not in Arabic before any stage runs (counted in the report). In folders,
        what is not read (see `read_inputs`; the archive's own files never are) is listed in
        `report.left_out` and passed to `on_skip`.
        """
        batch_size = settings.get("batch_size", batch_size)
        report = IngestReport()

        def skip(item: Skipped) -> None:
            report.left_out.append(item)
            if on_skip is not None:
                on_skip(item)

        if _are_paths(sources):
            inputs = read_inputs([str(s) for s in sources], follow_links=follow_links, exclude=self.own_files(),
                                 on_skip=skip, lang=lang, skips=report.skipped_records)
        else:
            inputs = sources
        stream = process_inputs(
            self._fresh(inputs, report), pipeline=settings.get("pipeline", pipeline), workers=workers,
            executor=executor, scheduler=scheduler,
        )
        while batch := self._write_batch(islice(stream, batch_size), report, keep=on_article is not None):
            self._alert()
            if on_article is not None:
                for item, article in batch.pairs:
                    on_article(item, article)
        return report

    def _write_batch(self, pairs: Iterable[tuple[Input, Article]], report: IngestReport, keep: bool) -> _Batch | None:
        """One transaction of articles as the pipeline finishes them; None once the stream is dry.

        The pairs are held for the caller only when it asked to see them: held, a batch of
        finished articles was tens of megabytes of the ingest's peak.
        """
        batch = _Batch()
        with self.store.batch():
            for item, article in pairs:
                self._keep(item, article, report)
                batch.count += 1
                if keep:
                    batch.pairs.append((item, article))
        return batch if batch.count else None

    def own_files(self) -> list[Path]:
        """The archive's files (the database and SQLite's journal files beside it); none on a server."""
        if is_url(self.path):
            return []
        return [self.path.with_name(self.path.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")]

    def _alert(self) -> None:
        """Alerts for what the batch just stored (marsad.alerts); a delivery problem never stops an ingest."""
        from marsad.alerts import deliver

        try:
            deliver(self)
        except MarsadError as error:
            log.error("alerts: not delivered now, the next batch or `marsad alerts send` will: %s", error)
        except Exception:  # whatever goes wrong in alerts, the articles are stored: the ingest goes on
            log.exception("alerts: delivery failed; the next batch or `marsad alerts send` retries")

    def search(self, query: str | None, limit: int = 10, offset: int = 0, *, entity: str | None = None,
               all_copies: bool = False) -> list[Hit]:
        """Articles matching `query`, best first (see README for the query language).

        `entity` (an id or any of its names) keeps only articles that mention it, under
        whatever name they used; without a query those come newest first. A hit whose
        text copies a higher-ranked hit is folded into it (its id in `copies`) unless
        `all_copies`.
        """
        entity_ids = self.resolve_entity(entity) if entity else None
        if all_copies or not hasattr(self.store, "connection"):  # a store without copy links: nothing to fold
            return self.store.search(query, limit=limit, offset=offset, entity_ids=entity_ids)
        hits = self.store.search(query, limit=limit * _FOLD_READ + _FOLD_EXTRA, offset=offset, entity_ids=entity_ids)
        return listing.fold_copies(self.store.connection(), hits, limit)

    def stories(self, limit: int = 20, since: str | None = None, entity: str | None = None) -> list[listing.StoryView]:
        """Stories, newest first: each with its articles, origin and relations."""
        entity_ids = self.resolve_entity(entity) if entity else None
        return listing.story_list(self._links(), limit=limit, since=since, entity_ids=entity_ids)

    def story(self, id: str) -> listing.StoryView:
        """One story, by a story id or any of its articles' ids; raises `NotFound`."""
        return listing.story(self._links(), id)

    def _links(self):
        """The connection the story tables live on (SQLite's own; PostgreSQL's through store/pg_compat.py)."""
        if not hasattr(self.store, "connection"):
            from marsad.errors import StoreError

            raise StoreError(f"archive {str(self.path)!r}: stories are kept in SQLite archives only (not yet PostgreSQL)")
        return self.store.connection()

    def rebuild_stories(self) -> int:
        """Recompute copies and stories of the whole archive in one transaction; the article count."""
        return rebuild_stories(self.store)

    def resolve_entity(self, id_or_name: str) -> list[str]:
        """Entity ids meant by an id or a name: names seen in the archive, then the knowledge base.

        The knowledge base knows names no stored article used yet (an old name of an
        organisation, another transliteration), so they find the entity too.
        """
        from marsad.kb import load_kb

        found = self.store.resolve_entity(id_or_name)
        known = [entry.id for entry in load_kb().lookup(id_or_name)]
        return list(dict.fromkeys(found + known))

    def entities(self, kind: str | None = None, limit: int = 50) -> list[EntitySummary]:
        """Entities by how many articles mention them, with the names seen for each."""
        return self.store.entities(kind, limit)

    def article(self, article_id: str) -> Article:
        """One stored article; raises `NotFound` for an unknown id."""
        return self.store.article(article_id)

    def quarantine(self) -> list[QuarantineEntry]:
        """Inputs that failed, with stage and reason, newest first."""
        return self.store.quarantined()

    def count(self) -> int:
        return self.store.count()


def _are_paths(sources: Iterable) -> bool:
    return isinstance(sources, (list, tuple)) and all(isinstance(s, (str, Path)) for s in sources)
