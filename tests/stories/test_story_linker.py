"""Copies and stories on a real archive, from constructed articles (no pipeline: fast)."""

from __future__ import annotations

import itertools

import pytest

from marsad.article import Article, DateMention, Entity, Mention, Quote
from marsad.service import Archive
from marsad.stories.linker import link_article

FLOOD = [
    "غمرت السيول أحياء واسعة من مدينة جازان مساء الثلاثاء بعد أمطار غزيرة استمرت ست ساعات متواصلة.",
    "وقال المتحدث باسم الدفاع المدني إن فرق الإنقاذ أجلت 340 أسرة من المنازل المتضررة إلى مراكز الإيواء.",
    "وأضاف أن منسوب المياه تجاوز مترين في بعض الشوارع وأن الطرق المؤدية إلى الميناء أغلقت بالكامل.",
    "ودعت هيئة الأرصاد السكان إلى تجنب الأودية ومجاري السيول حتى مساء الخميس مع استمرار الحالة الجوية.",
]


def _entity(id: str, kind: str, name: str, text: str) -> Entity:
    start = text.find(name)
    return Entity(id, kind, {"ar": name}, [Mention(name, start, start + len(name))] if start >= 0 else [])


def article(id: str, paragraphs: list[str], *, published: str | None = "2025-03-04", title: str = "",
            source: str = "example.org", entities: tuple = (), day: str | None = None,
            lang: str = "ar") -> Article:
    text = "\n\n".join(paragraphs)
    found = [_entity(e, e.split(":")[0], name, text) for e, name in entities]
    dates = [DateMention(day, day, 0, 0, "published")] if day else []
    return Article(id=id, url=f"https://{source}/{id}", source=source, title=title or paragraphs[0][:40],
                   published=published, lang=lang, text=text, paragraphs=list(paragraphs), entities=found,
                   dates=dates)


FLOOD_ENTITIES = (("LOC:SA:jazan", "جازان"), ("ORG:civil-defense", "الدفاع المدني"))


def flood(id: str, **fields) -> Article:
    return article(id, FLOOD, title="سيول تغمر أحياء في جازان", entities=FLOOD_ENTITIES, day="2025-03-04", **fields)


def store_all(archive: Archive, articles: list[Article]) -> None:
    for item in articles:
        assert archive.store.add(item)
        link_article(archive.store, item)


@pytest.fixture
def archive(archive_path):
    with Archive(archive_path) as opened:
        yield opened


def test_linker_copies_point_at_the_earliest_and_share_a_story(archive):
    original = flood("orig", published="2025-03-04T10:00:00")
    repost = article("copy1", ["[ad_1]", *FLOOD[:3], "المصدر"], published=None, source="blog.example",
                     entities=FLOOD_ENTITIES)
    edited = article("copy2", [p.replace("الأمطار", "الامطار") for p in FLOOD], published="2025-03-05",
                     title="عاجل: السيول في جازان", source="farm.example", entities=FLOOD_ENTITIES)
    store_all(archive, [repost, edited, original])  # the original arrives last
    by_id = {a: archive.article(a) for a in ("orig", "copy1", "copy2")}
    assert by_id["orig"].provenance.copy_of is None
    assert by_id["orig"].provenance.relation == "origin"
    assert {by_id[a].provenance.copy_of for a in ("copy1", "copy2")} == {"orig"}
    assert {by_id[a].provenance.relation for a in ("copy1", "copy2")} == {"copy"}
    assert len({a.story for a in by_id.values()}) == 1
    assert by_id["copy1"].published_estimate == "2025-03-04"
    assert by_id["copy2"].published_estimate is None  # it has its own date


def test_linker_search_folds_copies_unless_asked_not_to(archive):
    store_all(archive, [flood("orig"), article("copy1", FLOOD[:3], published=None, entities=FLOOD_ENTITIES)])
    folded = archive.search("السيول")
    assert len(folded) == 1 and set(folded[0].copies) == {"orig", "copy1"} - {folded[0].id}
    assert {hit.id for hit in archive.search("السيول", all_copies=True)} == {"orig", "copy1"}


def test_linker_distractor_sharing_entities_and_day_is_another_story(archive):
    other = article("other", [
        "افتتح أمير منطقة جازان مساء الثلاثاء مركزا جديدا لتدريب متطوعي الدفاع المدني على الإسعافات الأولية.",
        "ويضم المركز قاعات للمحاكاة ومضمارا للتدريب على إطفاء الحرائق ويستوعب مئة متدرب في الدورة الواحدة.",
    ], title="افتتاح مركز تدريب في جازان", entities=FLOOD_ENTITIES, day="2025-03-04")
    store_all(archive, [flood("orig"), other])
    assert archive.article("orig").story != archive.article("other").story


def test_linker_a_bridging_article_merges_two_stories(archive):
    left = article("left", ["أعلن وزير المالية محمد الجدعان رفع ميزانية الإسكان إلى 1532 مليون ريال هذا العام."],
                   entities=(("PER:mohammed-aljadaan", "محمد الجدعان"),), day="2025-03-04")
    right = article("right", ["وقعت وزارة الإسكان عقدا بقيمة 48700 ألف ريال لبناء مساكن ميسرة في الرياض."],
                    entities=(("ORG:housing", "وزارة الإسكان"),), day="2025-03-04")
    bridge = article("bridge", [
        "أعلن وزير المالية محمد الجدعان رفع ميزانية الإسكان إلى 1532 مليون ريال، "
        "ووقعت وزارة الإسكان عقدا بقيمة 48700 ألف ريال لبناء مساكن ميسرة."],
        entities=(("PER:mohammed-aljadaan", "محمد الجدعان"), ("ORG:housing", "وزارة الإسكان")), day="2025-03-04")
    store_all(archive, [left, right])
    assert archive.article("left").story != archive.article("right").story
    store_all(archive, [bridge])
    assert len({archive.article(i).story for i in ("left", "right", "bridge")}) == 1


def test_linker_articles_with_nothing_to_go_on_get_a_story_each(archive):
    bare = [Article(id=f"bare{i}", text=t, paragraphs=[t] if t else []) for i, t in enumerate(["", "نص", "12"])]
    store_all(archive, bare)
    stories = {archive.article(a.id).story for a in bare}
    assert len(stories) == 3 and None not in stories
    assert all(archive.article(a.id).provenance.relation == "origin" for a in bare)


def test_linker_malformed_published_dates_do_not_stop_linking(archive):
    store_all(archive, [flood("orig", published="not a date"), flood("x2", published="2025-99-99")])
    assert archive.article("orig").story is not None


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_linker_stories_do_not_depend_on_ingest_order(tmp_path, order):
    items = [flood("orig"), article("copy1", FLOOD[:3], published=None, entities=FLOOD_ENTITIES),
             article("lone", ["خبر آخر تماما عن مباراة كرة قدم انتهت بالتعادل السلبي بين فريقين في الدوري."])]
    with Archive(tmp_path / f"{order}.db") as archive:
        store_all(archive, [items[i] for i in order])
        partition = {frozenset(a.id for a in archive.story(i).articles) for i in ("orig", "lone")}
    assert partition == {frozenset({"orig", "copy1"}), frozenset({"lone"})}


def test_linker_rebuild_gives_the_same_stories_and_an_interruption_keeps_them(archive, monkeypatch):
    store_all(archive, [flood("orig"), article("copy1", FLOOD[:3], published=None, entities=FLOOD_ENTITIES)])
    before = archive.stories()
    assert archive.rebuild_stories() == 2
    assert [s.to_dict() for s in archive.stories()] == [s.to_dict() for s in before]

    import marsad.stories.linker as linker

    calls = []

    def interrupted(store, item):
        calls.append(item.id)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(store, item)

    real = linker.link_article
    monkeypatch.setattr(linker, "link_article", interrupted)
    with pytest.raises(KeyboardInterrupt):
        archive.rebuild_stories()
    assert [s.to_dict() for s in archive.stories()] == [s.to_dict() for s in before]


def test_linker_quoted_speaker_and_story_json_shape(archive):
    item = flood("orig")
    item.quotes.append(Quote("كلام", "ORG:civil-defense", "الدفاع المدني", "direct", 0, 4))
    store_all(archive, [item])
    data = archive.story("orig").to_dict()
    assert list(data) == ["id", "title", "first_published", "last_published", "languages", "sources", "origin",
                          "articles"]
    assert list(data["articles"][0]) == ["id", "title", "url", "source", "lang", "published", "relation"]
    assert data["origin"] == "orig" and data["first_published"] == "2025-03-04"
