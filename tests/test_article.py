import json

from marsad.article import Article, DateMention, Entity, Failure, Mention, Quote, Removal

DESIGN_FIELDS = {
    "id", "url", "source", "title", "author", "published", "lang", "text", "paragraphs", "removed",
    "entities", "quotes", "dates", "numbers", "topics", "summary", "flags", "story", "error",
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
        dates=[DateMention("مارس 2024", "2024-03", 0, 9)],
        error=Failure("entities", "boom"),
    )
    again = Article.from_json(article.to_json())
    assert again == article
    assert again.to_json() == article.to_json()
    assert "خياري" in article.to_json()  # Arabic kept readable, not \u-escaped
