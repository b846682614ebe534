"""Online assignment: each stored article joins its copies' group and the best story.

Run where articles are written (`service.Archive.ingest`), because it reads the
archive's candidate index; the stages that fill the record never touch the archive.
Two articles are linked when their copy signatures say same text, or their evidence
(`evidence.linked`) says same event within `STORY_WINDOW_DAYS`. Stories are the
connected groups of such links, so a late original joins its copies' story and a
bridging article merges two stories, and the result does not depend on the order
articles came in (bench/stories_eval.py measures it). Every decision looks at a
bounded number of candidates, found by index probes: cost per article stays flat.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import replace

from marsad.article import Article
from marsad.errors import MarsadError
from marsad.store import stories as tables
from marsad.stories import copies
from marsad.stories.evidence import Probe, article_day, linked, retrieval_keys
from marsad.stories.keys import LinkKeys, link_keys
from marsad.stories.provenance import settle_story

__all__ = ["STORY_WINDOW_DAYS", "StoryLinker"]

# Articles more than this many days apart are not one story (bench/stories_eval.py).
STORY_WINDOW_DAYS = 3
# A story grows from any one article by at most this many candidates per key looked up.
_PER_KEY = 60
# Merging two stories of this many articles each takes a stronger link than joining one.
_BIG_STORY = 40
_BRIDGE_FACTOR = 1.5


class StoryLinker:
    """Links articles as they are stored; `load` reads a stored article back for provenance."""

    def __init__(self, conn, load: Callable[[str], Article], save: Callable[[Article], None]) -> None:
        self.conn = conn
        self.load = load
        self.save = save

    def link(self, pk: int, article: Article) -> str:
        """Index the stored article `pk`, join or start its story, settle provenance; the story id.

        Its copy signature and evidence come with it when the pipeline computed them (stage
        `story_keys`, in the workers); else they are computed here."""
        own = article.link_keys if isinstance(article.link_keys, LinkKeys) else link_keys(article)
        signature, bands, keys = own.signature, own.bands, own.evidence
        day = article_day(article)
        copy_links = self._copies(signature, bands)
        group = min([pk] + [g for _, g, _ in copy_links])
        tables.relabel_copy_group(self.conn, {g for _, g, _ in copy_links} - {group}, group)
        story_pks = self._related(keys, day) | {c for c, _, _ in copy_links}
        story = self._story(article.id, story_pks, keys, day, {c for c, _, _ in copy_links})
        wanted = set(retrieval_keys(keys))
        tables.insert_link(self.conn, pk, story, day, group, signature.size if signature else None,
                           signature.to_bytes() if signature else None, keys, bands,
                           [k for k in keys if k in wanted])
        settle_story(self.conn, story, self.load, self.save, copy_scores={c: s for c, _, s in copy_links})
        return story

    def _copies(self, signature, bands) -> list[tuple[int, int, float]]:
        """(pk, copy group, containment) of stored texts this one copies or is copied by."""
        if signature is None:
            return []
        found = []
        for pk, group, data, size in tables.copy_candidates(self.conn, bands):
            if data is None:
                continue
            score = copies.estimate_containment(signature, copies.Signature.from_bytes(data, size))
            if score >= copies.COPY_CONTAINMENT:
                found.append((pk, group, score))
        return found

    def _related(self, keys: dict, day: int | None) -> set[int]:
        """Stored articles whose evidence links them to this one within the time window."""
        candidates = tables.key_candidates(self.conn, retrieval_keys(keys), day, STORY_WINDOW_DAYS, _PER_KEY)
        rows = tables.link_rows(self.conn, candidates)
        self._rows = rows
        probe = Probe(keys)
        return {pk for pk, (_, other_day, _, other) in rows.items()
                if _in_window(day, other_day) and probe.linked(other, dated=day is not None and other_day is not None)}

    def _story(self, article_id: str, pks: set[int], keys: dict, day: int | None, copy_pks: set[int]) -> str:
        """The story this article joins: one it links to, or several merged, or a new one."""
        rows = getattr(self, "_rows", {})
        missing = [pk for pk in pks if pk not in rows]
        if missing:
            rows = {**rows, **tables.link_rows(self.conn, missing)}
        linked_stories = {rows[pk][0] for pk in pks if pk in rows}
        if not linked_stories:
            return f"s-{article_id}"
        sizes = tables.story_sizes(self.conn, linked_stories)
        keep = max(sorted(linked_stories), key=lambda s: sizes.get(s, 0))
        merge = {s for s in linked_stories - {keep} if self._may_merge(keep, s, sizes, pks, rows, keys, copy_pks)}
        tables.relabel_story(self.conn, merge, keep)
        return keep

    def _may_merge(self, keep: str, other: str, sizes: dict, pks: set[int], rows: dict, keys: dict,
                   copy_pks: set[int]) -> bool:
        """Two big stories merge only through a copy or a strong link: no giant stories from weak glue."""
        if min(sizes.get(keep, 0), sizes.get(other, 0)) < _BIG_STORY:
            return True
        for pk in pks:
            if rows.get(pk, ("",))[0] != other:
                continue
            if pk in copy_pks or linked(keys, rows[pk][3], shared_min=3.0 * _BRIDGE_FACTOR):
                return True
        return False


def _in_window(day: int | None, other: int | None) -> bool:
    return day is None or other is None or abs(day - other) <= STORY_WINDOW_DAYS


def link_article(store, article: Article) -> str:
    """Link a just-stored article; if linking itself fails, the article still gets a story of its own."""
    pk = store.pk(article.id)
    linker = StoryLinker(store.connection(), store.article, store.rewrite)
    guard = getattr(store, "_guard", nullcontext)  # the store's own errors (full, locked) name the archive
    try:
        with store.batch(), guard():
            return linker.link(pk, article)
    except MarsadError:
        raise  # the archive itself is in trouble: the ingest must stop and say so
    except Exception:  # noqa: BLE001 - a bad record is never a reason to lose an article
        story = f"s-{article.id}"
        with store.batch(), guard():
            tables.insert_link(store.connection(), pk, story, None, pk, None, None, {}, [], [])
            settle_story(store.connection(), story, store.article, store.rewrite)
        return story


def rebuild_stories(store) -> int:
    """Forget every link and link every stored article again in ingest order, in one transaction:
    an interruption rolls back to the previous stories."""
    with store.batch():
        conn = store.connection()
        tables.clear(conn)
        rows = tables.unlinked(conn)
        for _, article_id in rows:
            stored = store.article(article_id)
            link_article(store, replace(stored, published_estimate=None))
    return len(rows)
