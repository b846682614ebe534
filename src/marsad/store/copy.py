"""Copy one archive into another (SQLite into PostgreSQL, or back): resumable, checked by counts.

Articles go over in storage order, a batch per transaction, through the target's
own `add()`: it re-indexes them with the target's search terms and rebuilds entity
rows from the articles, and an article already there is skipped, so a copy that
was interrupted is finished by running it again. Inputs done and the quarantine go
over after the articles. The copy is then verified: every article id of the source
must be in the target, and each table must hold at least the source's rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from marsad.article import Article, Failure
from marsad.errors import StoreError
from marsad.store.base import Store
from marsad.store.sqlite import _decode

__all__ = ["CopyReport", "copy_archive", "table_counts"]

TABLES = ("articles", "inputs", "quarantine", "entities", "mentions")


@dataclass(slots=True)
class CopyReport:
    """What a copy did: articles added now, those already there, and the verified row counts."""

    copied: int = 0
    present: int = 0
    inputs: int = 0
    quarantined: int = 0
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # table: (source, target)

    def summary(self) -> str:
        checked = ", ".join(f"{table} {source}/{target}" for table, (source, target) in self.counts.items())
        return (
            f"copied {self.copied} articles ({self.present} were there already), {self.inputs} inputs, "
            f"{self.quarantined} quarantined; verified (source/target): {checked}"
        )


def table_counts(store: Store) -> dict[str, int]:
    """Rows in each table a copy carries over."""
    return {table: store.read(f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}  # type: ignore[attr-defined]


def copy_archive(
    source: Store, target: Store, *, batch_size: int = 1000, on_batch: Callable[[int], None] | None = None
) -> CopyReport:
    """Copy every article, input and quarantine entry of `source` into `target`; raise StoreError
    if the counts do not agree afterwards. `on_batch(n)` is told of each batch written."""
    report = CopyReport()
    after = 0
    while rows := source.read(  # type: ignore[attr-defined]
        "SELECT pk, id, text, data FROM articles WHERE pk > ? ORDER BY pk LIMIT ?", (after, batch_size)
    ):
        with target.batch():
            for _, article_id, text, data in rows:
                if target.add(_decode(text, data)):
                    report.copied += 1
                else:
                    report.present += 1
        after = rows[-1][0]
        if on_batch is not None:
            on_batch(len(rows))
    _copy_inputs(source, target, report, batch_size)
    _copy_quarantine(source, target, report)
    _verify(source, target, report)
    return report


def _copy_inputs(source: Store, target: Store, report: CopyReport, batch_size: int) -> None:
    offset = 0
    sql = "SELECT origin, fingerprint, article_id, status FROM inputs ORDER BY origin, fingerprint LIMIT ? OFFSET ?"
    while rows := source.read(sql, (batch_size, offset)):  # type: ignore[attr-defined]
        with target.batch():
            for origin, fingerprint, article_id, status in rows:
                target.record_input(origin, fingerprint, article_id, status=status)
        report.inputs += len(rows)
        offset += len(rows)


def _copy_quarantine(source: Store, target: Store, report: CopyReport) -> None:
    entries = source.quarantined()
    with target.batch():
        for entry in entries:
            article: Article | None = entry.article()
            target.quarantine(entry.origin, Failure(entry.stage, entry.reason), article)
    report.quarantined = len(entries)


def _verify(source: Store, target: Store, report: CopyReport) -> None:
    """Every source id in the target, and no table of the target smaller than the source's."""
    missing, after = 0, 0
    while rows := source.read("SELECT pk, id FROM articles WHERE pk > ? ORDER BY pk LIMIT 1000", (after,)):  # type: ignore[attr-defined]
        ids = [article_id for _, article_id in rows]
        found = target.read(  # type: ignore[attr-defined]
            f"SELECT count(*) FROM articles WHERE id IN ({', '.join('?' * len(ids))})", ids
        )[0][0]
        missing += len(ids) - found
        after = rows[-1][0]
    theirs, ours = table_counts(source), table_counts(target)
    report.counts = {table: (theirs[table], ours[table]) for table in TABLES}
    short = [table for table in TABLES if ours[table] < theirs[table]]
    if missing or short:
        problems = ([f"{missing} articles missing"] if missing else []) + [
            f"{table}: {ours[table]} rows, source has {theirs[table]}" for table in short
        ]
        raise StoreError(f"the copy is incomplete ({'; '.join(problems)}): run the same command again to resume")
