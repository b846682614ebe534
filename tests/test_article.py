import json

from marsad.article import Article, DateMention, Entity, Failure, Mention, Provenance, Quote, Removal

DESIGN_FIELDS = {
    "id", "url", "source", "title", "author", "published", "lang", "text", "paragraphs", "removed",
    "entities", "quotes", "dates", "numbers", "topics", "summary", "flags", "story", "provenance",
    "published_estimate", "error",
}


def test_json_has_every_design_field_and_no_working_fields():
    data = json.loads(Article(html="<p>x</p>", raw_text="x").to_json())
    assert set(data) == DESIGN_FIELDS
    assert data["entities"] == [] and data["error"] is None


def test_json_round_trip_keeps_every_part():
    article = Article(
        id="abc", text="قال خالد خياري إن", paragraphs=["قال خالد خياري إن"],
        removed=[Removal("[ad_1]", "ad-placeholder")],
        entities=[Entity("PER:khiari", "PER", {"ar": "خالد خياري"}, [Mention("خالد خياري", 4, 14)])],
        quotes=[Quote("إن", "PER:khiari", "خالد خياري", "indirect", 15, 17)],
        dates=[DateMention("مارس 2024", "2024-03", 0, 9), DateMention("الخميس", "2025-07-24", 0, 6, "estimate")],
        story="s1", published_estimate="2025-07-25",
        provenance=Provenance(origin="o1", copy_of=None, relation="translation", score=0.8),
        error=Failure("entities", "boom"),
    )
    again = Article.from_json(article.to_json())
    assert again == article
    assert again.to_json() == article.to_json()
    assert "خياري" in article.to_json()  # Arabic kept readable, not \u-escaped


def test_provenance_and_estimate_are_always_present_and_null_by_default():
    data = json.loads(Article().to_json())
    assert data["provenance"] == {"origin": None, "copy_of": None, "relation": None, "score": None}
    assert data["published_estimate"] is None
    old = dict(data)
    del old["provenance"], old["published_estimate"]  # JSON stored before these fields existed
    assert Article.from_dict(old).provenance == Provenance()
