"""An English original goes through the same pipeline as an Arabic page, end to end."""

import pytest

import marsad

ENGLISH_SAMPLE = "english/un-security-council-briefing.html"

SCRAPED = """[ad_1]
UN envoy warns of famine risk in Sudan
The United Nations warned on Tuesday that 25 million people in Sudan face acute hunger, as fighting spreads.
Subscribe to our newsletter
Enter your email address
Success! You're on the list.
"We are running out of time," said Tom Fletcher, the UN relief chief, adding that $2.7 billion was needed.
Share this article
Aid workers said more help was needed.
The app was shared widely in the camps.
[ad_2]
Source"""


@pytest.fixture(scope="module")
def original():
    from pathlib import Path

    return marsad.process(Path(__file__).resolve().parents[2] / "samples" / "news" / ENGLISH_SAMPLE)


def test_english_original_is_detected_dated_and_kept_whole(original):
    assert original.error is None
    assert (original.lang, original.published[:10]) == ("en", "2025-07-24")
    assert original.title == "UN and OIC deepen partnership on crises from Gaza to Myanmar"
    assert len(original.paragraphs) == 16 and original.removed == []


def test_english_entities_link_through_the_knowledge_base_english_names(original):
    ids = {e.id for e in original.entities}
    assert {"ORG:un", "ORG:oic", "ORG:un-security-council", "PER:khaled-khiari", "PER:ramtane-lamamra",
            "LOC:SN", "LOC:SN:dakar", "LOC:SA:jeddah", "ORG:arab-league"} <= ids
    khiari = next(e for e in original.entities if e.id == "PER:khaled-khiari")
    assert khiari.name == {"ar": "خالد خياري", "en": "Khaled Khiari"}
    assert {original.text[m.start : m.end] for m in khiari.mentions} == {"Khaled Khiari", "Khiari"}


def test_english_dates_resolve_against_the_published_date(original):
    assert [(d.text, d.value) for d in original.dates] == [
        ("Thursday", "2025-07-24"), ("last September", "2024-09"), ("March 2024", "2024-03")]


def test_english_numbers_quotes_topics_and_summary(original):
    assert [(n.text, n.value) for n in original.numbers][:2] == [("57", 57), ("five", 5)]
    assert all(original.text[n.start : n.end] == n.text for n in original.numbers)
    speakers = {q.speaker for q in original.quotes}
    assert speakers == {"PER:khaled-khiari"} and len(original.quotes) == 3
    assert original.topics == []  # the topic model knows Arabic words only
    assert original.summary.startswith("With geopolitical turmoil on the rise")


def test_english_residue_is_cut_and_english_sentences_are_not():
    article = marsad.process(SCRAPED)
    cut = {r.text for r in article.removed}
    assert {"[ad_1]", "Subscribe to our newsletter", "Enter your email address", "Success! You're on the list.",
            "Share this article", "[ad_2]", "Source"} <= cut
    assert "Aid workers said more help was needed." in article.paragraphs
    assert "The app was shared widely in the camps." in article.paragraphs
    assert [q.speaker for q in article.quotes] == ["PER:tom-fletcher"]
    assert [n.value for n in article.numbers] == [25_000_000, 2_700_000_000]


def test_other_languages_get_language_cleaning_numbers_and_dates():
    article = marsad.process("[ad_1]\nLe Conseil de sécurité s'est réuni le 3 mars 2024 à New York pour examiner "
                             "la situation au Soudan, où 25 millions de personnes ont besoin d'aide.\n[ad_2]")
    assert article.lang == "fr" and article.removed and article.paragraphs[0].startswith("Le Conseil")
    assert [n.value for n in article.numbers] == [3, 2024, 25_000_000]
    assert [(d.text, d.value) for d in article.dates] == [("le 3 mars 2024", "2024-03-03")]


def test_english_dateline_capitalised_town_and_no_tagger_noise():
    article = marsad.process(
        "GENEVA, 24 July 2025 (UN News) - John Smith, a spokesman for the Ministry of Health, said on Thursday "
        "that 40 trucks had reached Gaza.\n\nThe European Union welcomed the move, while Acme Holdings "
        "pledged $5 million.")
    assert (article.published, article.flags["published_from"]) == ("2025-07-24", "text-dateline")
    assert [e.id for e in article.entities] == ["LOC:CH:geneva", "ORG:un-news", "LOC:PS:gaza", "ORG:eu"]
    assert [d.value for d in article.dates] == ["2025-07-24", "2025-07-24"]
