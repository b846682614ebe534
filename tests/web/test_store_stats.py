"""store/stats.py: the aggregates behind the overview, entity, source and search pages, on both backends."""

import pytest

from marsad.article import Entity, Mention, Quote, Removal
from marsad.store import stats


# `store` is conftest's: every aggregate runs on SQLite and again on PostgreSQL.


def _entity(entity_id: str, kind: str, name: str, n: int = 1) -> Entity:
    return Entity(entity_id, kind, {"ar": name, "en": entity_id}, [Mention(name, 0, len(name))] * n)


@pytest.fixture
def filled(store, news_article):
    """Five articles: two sources, three days plus one undated, entities and a quote."""
    un, sd, sa = _entity("ORG:un", "ORG", "الأمم المتحدة"), _entity("LOC:SD", "LOC", "السودان"), \
        _entity("LOC:SA", "LOC", "السعودية")
    rows = [
        news_article(id="a1", source="s1", published="2024-03-01T10:00:00", entities=[un, sd],
                     topics=["politics"], removed=[Removal("[ad_1]", "ad-placeholder")],
                     flags={"machine_translated": 0.9},
                     quotes=[Quote("كلام", "ORG:un", "المنظمة", "direct", 0, 4)]),
        news_article(id="a2", source="s1", published="2024-03-01", entities=[sd], topics=["politics", "health"]),
        news_article(id="a3", source="s2", published="2024-03-09", entities=[sd, sa], topics=["economy"]),
        news_article(id="a4", source="s2", published="2024-02-10", entities=[un]),
        news_article(id="a5", source="s2", published=None, entities=[sa]),
    ]
    with store.batch():
        for article in rows:
            store.add(article)
    return store


def test_version_moves_with_articles_and_quarantine(filled, news_article):
    from marsad.article import Failure

    before = stats.version(filled)
    filled.add(news_article(id="a6"))
    assert stats.version(filled)[0] > before[0]
    filled.quarantine("x.txt", Failure("read", "broken"))
    assert stats.version(filled)[1] == before[1] + 1


def test_totals_and_days(filled):
    assert stats.totals(filled) == {"articles": 5, "sources": 2, "entities": 3, "mentions": 7, "quarantined": 0,
                                    "first_day": "2024-02-10", "last_day": "2024-03-09"}
    assert stats.per_day(filled) == [("2024-02-10", 1), ("2024-03-01", 2), ("2024-03-09", 1)]
    assert stats.per_day(filled, source="s1") == [("2024-03-01", 2)]
    assert stats.per_day(filled, days=1) == [("2024-03-09", 1)]


def test_top_entities_look_at_the_archive_s_last_week(filled):
    week = stats.top_entities(filled, days=7)
    assert week["window"] == ("2024-03-03", "2024-03-09")
    assert [(e["id"], e["articles"]) for e in week["entities"]] == [("LOC:SA", 1), ("LOC:SD", 1)]
    assert stats.top_entities(filled, days=30)["entities"][0]["id"] == "LOC:SD"


def test_top_entities_of_an_undated_archive_are_all_time(store, news_article):
    store.add(news_article(id="u1", published=None, entities=[_entity("LOC:SD", "LOC", "السودان")]))
    week = stats.top_entities(store)
    assert week["window"] is None and week["entities"][0]["id"] == "LOC:SD"


def test_sources_and_one_source(filled):
    assert stats.sources(filled) == [
        {"name": "s2", "articles": 3, "first_day": "2024-02-10", "last_day": "2024-03-09"},
        {"name": "s1", "articles": 2, "first_day": "2024-03-01", "last_day": "2024-03-01"}]
    one = stats.source(filled, "s1")
    assert (one["articles"], one["with_residue"], one["machine_translated"]) == (2, 1, 1)
    assert one["residue_share"] == one["machine_translated_share"] == 0.5
    assert 0 < one["residue_chars_share"] < 0.1
    assert stats.source(filled, "s2")["undated"] == 1
    assert stats.source(filled, "nowhere") is None


def test_entity_details(filled):
    assert stats.entity(filled, "LOC:SD") == {"id": "LOC:SD", "type": "LOC",
                                              "name": {"ar": "السودان", "en": "LOC:SD"}, "articles": 3}
    assert stats.entity(filled, "nobody") is None
    assert stats.entity_names(filled, "ORG:un") == [("الأمم المتحدة", 2)]
    assert stats.entity_timeline(filled, "ORG:un") == [("2024-02", 1), ("2024-03", 1)]
    assert [e["id"] for e in stats.co_mentioned(filled, "LOC:SD")["entities"]] == ["LOC:SA", "ORG:un"]
    assert stats.entity_quotes(filled, "ORG:un") == [
        {"article": "a1", "title": "الصحة العالمية تحذر من انهيار المستشفيات", "published": "2024-03-01T10:00:00",
         "text": "كلام"}]
    assert [a["id"] for a in stats.entity_articles(filled, "LOC:SA")] == ["a3", "a5"]  # undated last
    assert [a["id"] for a in stats.entity_articles(filled, "LOC:SD", limit=2)] == ["a3", "a1"]


def test_entity_list_pages_with_names(filled):
    first = stats.entity_list(filled, limit=1)
    assert first[0]["id"] == "LOC:SD" and first[0]["names_seen"] == ["السودان"]
    assert [e["id"] for e in stats.entity_list(filled, limit=5, offset=1)] == ["LOC:SA", "ORG:un"]
    assert [e["id"] for e in stats.entity_list(filled, kind="ORG")] == ["ORG:un"]


def test_facets_count_over_the_given_articles(filled):
    pks = [pk for (pk,) in filled.read("SELECT pk FROM articles WHERE id IN ('a1', 'a2', 'a3')")]
    found = stats.facets(filled, pks)
    assert [(e["id"], e["articles"]) for e in found["place"]] == [("LOC:SD", 3), ("LOC:SA", 1)]
    assert [(e["id"], e["articles"]) for e in found["entity"]] == [("ORG:un", 1)]
    assert found["type"] == [{"value": "LOC", "count": 3}, {"value": "ORG", "count": 1}]
    assert found["topic"][0] == {"value": "politics", "count": 2}
    assert found["source"] == [{"value": "s1", "count": 2}, {"value": "s2", "count": 1}]
    assert found["month"] == [{"value": "2024-03", "count": 3}]
    assert stats.facets(filled, [])["source"] == []
