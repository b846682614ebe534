"""`PostgresStore.add_many` (store/pg_bulk.py) leaves the archive one batch of `add` calls leaves.

Two databases get the same articles, one through `add` in one batch, one through
`add_many`; every table `add` writes is then compared row for row (ingest times aside).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from marsad.article import Article, Entity, Failure, Mention
from marsad.errors import ReadOnlyStore
from marsad.store.postgres import PostgresStore

TABLES = {
    "articles": "SELECT pk, id, url, source, title, author, published, lang, text, data, terms::text, "
    "top_terms::text, length FROM articles ORDER BY pk",
    "totals": "SELECT articles, terms FROM totals",
    "entities": "SELECT * FROM entities ORDER BY id",
    "mentions": "SELECT * FROM mentions ORDER BY entity_id, article_pk",
    "entity_names": "SELECT * FROM entity_names ORDER BY entity_id, name",
    "lexicon": "SELECT id, term, docs FROM lexicon ORDER BY id",
    "impacts": "SELECT term_id, impact, article_pk FROM impacts ORDER BY term_id, article_pk",
    "next pk": "SELECT last_value FROM articles_pk_seq",
}
NAMES = {"LOC:SA": "السعودية", "LOC:YE": "اليمن", "ORG:un": "الأمم المتحدة", "LOC:IR": "إيران", "LOC:EG": "مصر"}


def dump(url: str) -> dict[str, list[tuple]]:
    with psycopg.connect(url) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in TABLES.items()}


def both(pg_cluster, before: list[Article], articles: list[Article]) -> tuple[dict, dict, list[bool], int]:
    """Archives after `before` (added alike), then `articles` by `add` in one batch and by `add_many`."""
    import uuid

    one, many = (pg_cluster.create_database(f"b_{uuid.uuid4().hex[:12]}", template="marsad_template")
                 for _ in range(2))  # fmt: skip
    with PostgresStore(one) as store:
        with store.batch():
            for article in before:
                store.add(article)
        with store.batch():
            added = [store.add(article) for article in articles]
    with PostgresStore(many) as store:
        with store.batch():
            for article in before:
                store.add(article)
        new = store.add_many(iter(articles))
    return dump(one), dump(many), added, new


def with_entities(article: Article) -> Article:
    """Entities for a few well-known names, by exact match (as bench/pg_speed.py marks them)."""
    for entity_id, name in NAMES.items():
        at = [i for i in range(len(article.text)) if article.text.startswith(name, i)]
        if at:
            mentions = [Mention(name, i, i + len(name)) for i in at]
            article.entities.append(Entity(entity_id, entity_id[:3], {"ar": name}, mentions))
    return article


def test_add_many_writes_what_add_writes(pg_cluster, news_article: Callable[..., Article]) -> None:
    gaza = Entity("LOC:PS", "LOC", {"ar": "غزة", "en": "Gaza"}, [Mention("غزة", 48, 51)])
    who = Entity("ORG:who", "ORG", {"ar": "منظمة الصحة العالمية"}, [Mention("منظمة الصحة العالمية", 5, 25)])
    who_again = Entity("ORG:who", "PER", {"ar": "الصحة العالمية"},  # another type: the first one stays
                       [Mention("الصحة العالمية", 11, 25), Mention("المنظمة", 70, 77), Mention("المنظمة", 80, 87)])
    before = [news_article(id="old", entities=[gaza])]
    articles = [
        news_article(id="n1", entities=[who, gaza]),
        news_article(id="old", title="مكرر"),  # already stored: skipped, its entities too
        news_article(id="n2", title="عنوان آخر", url=None, published=None, entities=[who_again]),
        news_article(id="n1", title="مكرر في القائمة"),  # twice in the list: the first one is stored
        news_article(id="n3", paragraphs=["نص قصير عن الطقس."], author="مراسل", flags={"x": 1}),
    ]
    by_add, by_many, added, new = both(pg_cluster, before, articles)
    assert added == [True, False, True, False, True] and new == 3
    assert by_many == by_add
    assert by_add["articles"][1][4] == news_article().title  # the first n1 is the one kept
    assert {row[0]: row[1] for row in by_add["entities"]}["ORG:who"] == "ORG"
    assert by_add["impacts"] and by_add["lexicon"]


def test_add_many_writes_what_add_writes_on_real_news(pg_cluster, shared: Path) -> None:
    path = sorted((shared / "data" / "news" / "saudinewsnet").glob("saudinewsnet_*.jsonl.gz"))[0]
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [row for row in map(json.loads, handle) if row.get("text")][:300]
    articles = []
    for row in rows:
        paragraphs = [p.strip() for p in row["text"].split("\n") if p.strip()]
        articles.append(with_entities(Article(
            id=row["id"], url=row.get("url"), source=row.get("source"), title=row.get("title"),
            published=row.get("date"), lang="ar", text="\n\n".join(paragraphs), paragraphs=paragraphs)))  # fmt: skip
    by_add, by_many, added, new = both(pg_cluster, articles[:20], articles)
    assert new == sum(added) == 280
    assert by_many == by_add
    assert len(by_add["articles"]) == 300 and len(by_add["mentions"]) > 100
    assert len(by_add["entity_names"]) == len(NAMES)


def test_add_many_long_text_is_flagged_as_add_flags_it(pg_cluster, news_article, monkeypatch) -> None:
    monkeypatch.setenv("MARSAD_MAX_INDEX_CHARS", "60")
    by_add, by_many, _, new = both(pg_cluster, [], [news_article(id="long")])
    assert new == 1 and by_many == by_add
    assert '"indexed_chars"' in by_add["articles"][0][9]


def test_add_many_refuses_bad_articles_before_writing(pg_archive_url: str, news_article) -> None:
    failed = news_article(id="bad", error=Failure("clean", "no text"))
    with PostgresStore(pg_archive_url) as store:
        with pytest.raises(ValueError, match="'bad' failed at 'clean'"):
            store.add_many([news_article(id="ok"), failed])
        with pytest.raises(ValueError, match="without an id"):
            store.add_many([news_article(id="")])
        assert store.count() == 0
        assert store.add_many([]) == 0
        assert store.add_many([news_article(id="ok")]) == 1 and store.search("غزة")[0].id == "ok"
        assert store.add_many([news_article(id="ok")]) == 0
    with PostgresStore(pg_archive_url, readonly=True) as store, pytest.raises(ReadOnlyStore):
        store.add_many([news_article(id="x")])
