"""Entities in the archive (SQLite and PostgreSQL): stored mentions, search by entity under any name, listings."""

from marsad.article import Entity, Mention
from marsad.service import Archive

OIC_NEW = "منظمة التعاون الإسلامي"
OIC_OLD = "منظمة المؤتمر الإسلامي"


def _with_entities(news_article, article_id, text, entities):
    return news_article(id=article_id, paragraphs=[text], text=text, entities=entities)


def _oic(text, form):
    start = text.index(form)
    return Entity("ORG:oic", "ORG", {"ar": OIC_NEW, "en": "Organisation of Islamic Cooperation"},
                  [Mention(form, start, start + len(form))])


def _archive(target, news_article):
    first = f"رحبت {OIC_NEW} بقرار مجلس الأمن بشأن غزة."
    second = f"قالت {OIC_OLD} إن الوضع في السودان يتدهور."
    third = "افتتحت البلدية حديقة عامة جديدة في وسط المدينة."
    sudan_at = second.index("السودان")
    archive = Archive(target)
    with archive.store.batch():
        archive.store.add(_with_entities(news_article, "a1", first, [_oic(first, OIC_NEW)]))
        archive.store.add(_with_entities(news_article, "a2", second, [
            _oic(second, OIC_OLD),
            Entity("LOC:SD", "LOC", {"ar": "السودان", "en": "Sudan"}, [Mention("السودان", sudan_at, sudan_at + 7)]),
        ]))
        archive.store.add(_with_entities(news_article, "a3", third, []))
    return archive


def test_search_by_entity_id_finds_every_name_it_was_written_under(archive_target, news_article):
    with _archive(archive_target, news_article) as archive:
        assert {h.id for h in archive.search(None, entity="ORG:oic")} == {"a1", "a2"}


def test_search_by_any_name_seen_or_known_finds_the_entity(archive_target, news_article):
    with _archive(archive_target, news_article) as archive:
        assert {h.id for h in archive.search(None, entity=OIC_OLD)} == {"a1", "a2"}
        assert {h.id for h in archive.search(None, entity="OIC")} == {"a1", "a2"}  # from the knowledge base
        assert [h.id for h in archive.search(None, entity="السودان")] == ["a2"]


def test_entity_filter_combines_with_a_query(archive_target, news_article):
    with _archive(archive_target, news_article) as archive:
        assert [h.id for h in archive.search("غزة", entity="ORG:oic")] == ["a1"]
        assert archive.search("غزة", entity="LOC:SD") == []
        assert archive.search(None, entity="كيان لا يعرفه أحد") == []


def test_entities_lists_article_counts_and_names_seen(archive_target, news_article):
    with _archive(archive_target, news_article) as archive:
        listed = archive.entities()
        assert [(e.id, e.articles) for e in listed] == [("ORG:oic", 2), ("LOC:SD", 1)]
        assert set(listed[0].names_seen) == {OIC_NEW, OIC_OLD}
        assert [e.id for e in archive.entities("LOC")] == ["LOC:SD"]


def test_search_within_an_entity_ranks_as_plain_search_does(archive_target, news_article):
    # The query word in one title, in the other's body only: the title weight must decide
    # the order, and the scores must be those plain search gives the same articles.
    in_title = "قمة إسلامية في جدة"
    body_title = "بيان ختامي"
    texts = {
        "t1": "اجتمع القادة في جدة. " + f"وقالت {OIC_NEW} إن القمة ناقشت الأزمات. " * 3,
        "t2": f"قالت {OIC_NEW} إن القمة المقبلة ستعقد في الربيع. " + "وناقش الوزراء الميزانية. " * 3,
    }
    with Archive(archive_target) as archive:
        with archive.store.batch():
            for article_id, title in (("t1", body_title), ("t2", in_title)):
                text = texts[article_id]
                article = _with_entities(news_article, article_id, text, [_oic(text, OIC_NEW)])
                article.title = title
                archive.store.add(article)
        plain = [(h.id, round(h.score, 6)) for h in archive.search("قمة")]
        within = [(h.id, round(h.score, 6)) for h in archive.search("قمة", entity="ORG:oic")]
    assert within == plain
    assert [i for i, _ in within][0] == "t2"
