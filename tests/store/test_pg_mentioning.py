"""The newest articles mentioning an entity on PostgreSQL: a common entity's page is read by
walking the archive newest first, a rare one's by sorting its mentions; both give SQLite's pages."""

from __future__ import annotations

import pytest

from marsad.article import Article, Entity, Mention
from marsad.store import pg_entities
from marsad.store.postgres import PostgresStore
from marsad.store.sqlite import SqliteStore

NAME = "قطر"


def _article(i: int) -> Article:
    # Every third article names the entity (once or twice), a few are undated, days repeat.
    text = f"خبر رقم {i} عن الطقس والأسواق في المنطقة اليوم."
    entities = []
    if i % 3 == 0:
        text = f"{NAME} {text} {NAME}" if i % 2 else f"{NAME} {text}"
        spans = [Mention(NAME, at, at + len(NAME)) for at in (0, len(text) - len(NAME))][: 2 if i % 2 else 1]
        entities.append(Entity("LOC:QA", "LOC", {"ar": NAME}, spans))
    published = None if i % 11 == 0 else f"2026-11-{1 + i % 9:02d}"
    return Article(id=f"a{i:03d}", title=f"عنوان {i}", paragraphs=[text], text=text, published=published,
                   entities=entities)


@pytest.fixture(scope="module")
def both(pg_cluster):
    url = pg_cluster.create_database("mentioning", template="marsad_template")
    with SqliteStore(":memory:") as lite, PostgresStore(url) as pg:
        for i in range(90):
            article = _article(i)
            lite.add(article)
            pg.add(article)
        yield lite, pg


def _pages(store) -> list[list[tuple[str, float]]]:
    return [[(h.id, h.score) for h in store.search(None, limit=7, offset=offset, entity_ids=["LOC:QA"])]
            for offset in (0, 7, 14, 21, 28)]


def test_walked_and_joined_pages_are_sqlites(both, monkeypatch) -> None:
    lite, pg = both
    theirs = _pages(lite)
    assert sum(map(len, theirs)) == 30  # every mention found once, the last page short
    joined = _pages(pg)  # 30 mentioning articles: far under the join limit
    monkeypatch.setattr(pg_entities, "_JOIN_AT_MOST", 5)  # now the entity counts as common
    with pg._conn() as conn:
        rows = pg_entities.mentioning(conn, ["LOC:QA"], 7, 0)
    walked = _pages(pg)
    assert joined == theirs and walked == theirs
    assert [row[0] for row in rows] == [id for id, _ in theirs[0]]
