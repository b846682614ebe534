"""The fast extraction path on our own pages, the fallback decision, and bad input."""

from __future__ import annotations

import json

import pytest

from marsad import settings
from marsad.article import Article
from marsad.errors import InputError
from marsad.pipeline import Pipeline, Stats
from marsad.stages.extract_fast import CONFIDENT, MAX_PARSE_CHARS, extract_any, extract_fast, extract_html_any
from tests.stages.test_extract import BOILERPLATE, STORY, TITLE, legacy_page, news_page

ENGLISH = [
    "The city council voted on Tuesday to build a new bridge across the river, ending a debate that "
    "had lasted for more than a decade and divided residents of both banks.",
    "The bridge will cost about 40 million dollars, the mayor said, and work should start next spring "
    "once the last permits have been signed by the regional authority.",
    "Opponents said the money would be better spent on schools, but the vote passed by seven to two "
    "after a long session that ran late into the night.",
]


def _text(html: str | bytes, url: str | None = None) -> str:
    return "\n".join(extract_fast(html, url).extracted.paragraphs)


def test_article_page_gives_the_story_and_none_of_the_boxes_around_it():
    got = extract_fast(news_page(), "https://example.com/n/1")
    text = "\n".join(got.extracted.paragraphs)
    assert all(paragraph in text for paragraph in STORY)
    assert [b for b in BOILERPLATE if b in text] == []
    assert got.extracted.published.startswith("2024-03-14")
    assert got.extracted.sitename == "الأفق نيوز"
    assert got.confidence >= CONFIDENT


def test_json_ld_metadata_comes_first():
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "not the headline"},
        {"@type": "NewsArticle", "headline": "Council approves the river bridge", "datePublished": "2023-05-02",
         "author": [{"@type": "Person", "name": "Jane Roe"}], "publisher": {"name": "River Times"},
         "articleBody": " ".join(ENGLISH)}]}
    html = (f'<html lang="en"><head><title>Home | River Times</title><script type="application/ld+json">'
            f'{json.dumps(ld)}</script><meta property="og:title" content="og title loses"></head><body>'
            f'<div class="content">{"".join(f"<p>{p}</p>" for p in ENGLISH)}</div></body></html>')
    got = extract_fast(html).extracted
    assert (got.title, got.published, got.author, got.sitename, got.lang) == (
        "Council approves the river bridge", "2023-05-02", "Jane Roe", "River Times", "en")
    assert got.paragraphs == ENGLISH


def test_heavy_navigation_and_related_links_stay_out():
    links = "".join(f'<li><a href="/s/{i}">Section number {i} of the site menu</a></li>' for i in range(60))
    related = "".join(f'<div class="card"><a href="/r/{i}"><h3>Another story about the weather {i}</h3></a>'
                      f"<p>A teaser sentence about some other story that runs long enough, number {i}.</p></div>"
                      for i in range(8))
    html = (f"<html><body><div class='top'><ul>{links}</ul></div><div class='x'><h1>Bridge vote</h1>"
            f"{''.join(f'<p>{p}</p>' for p in ENGLISH)}</div><div class='more'>{related}</div>"
            f"<div class='y'><ul>{links}</ul></div></body></html>")
    text = _text(html)
    assert all(p in text for p in ENGLISH)
    assert "Section number" not in text and "teaser sentence" not in text


def test_a_read_also_box_inside_the_story_is_left_out_and_the_story_goes_on_after_it():
    box = ("<div class='inner'><h4>طالع أيضا</h4><ul>"
           + "".join(f"<li><a href='/x/{i}'>عنوان خبر آخر رقم {i} في الموقع</a></li>" for i in range(3)) + "</ul></div>")
    teasers = "".join(f"<div class='col card'><a href='/m/{i}'><h3>خبر مقترح رقم {i} عن الطقس</h3></a>"
                      f"<p>{STORY[i % 4]} وهذه جملة تشويقية لقصة أخرى.</p></div>" for i in range(4))
    html = (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1><div class='nwsTxt'>"
            f"<p>{STORY[0]}</p><p>{STORY[1]}</p>{box}<p>{STORY[2]}</p><p>{STORY[3]}</p></div>"
            f"<h2>المزيد من الأخبار</h2><div class='row'>{teasers}</div></body></html>")
    got = extract_fast(html).extracted.paragraphs
    assert got == STORY  # every paragraph, on both sides of the box; no label, link or teaser
    alone = html.replace(teasers, "")  # teasers under linked headlines are no rival story: same confidence
    assert extract_fast(html).confidence == extract_fast(alone).confidence


def test_what_comes_before_the_headline_and_a_leading_dateline_stay_out():
    ticker = "عاجل: " + "، ".join(f"خبر عاجل رقم {i} عن حدث مهم في المنطقة اليوم" for i in range(6)) + "."
    html = (f"<html><head><title>{TITLE} - الأفق</title></head><body><div class='bar'>{ticker}</div>"
            f"<div class='bar2'><marquee>{ticker}</marquee></div><h1>{TITLE}</h1>"
            f"<div><span>بقلم: خالد المصري</span><span> الخميس 6 أغسطس 2015 - 08:18</span></div>"
            f"{''.join(f'<p>{p}</p>' for p in STORY)}</body></html>")
    got = extract_fast(html).extracted
    assert got.paragraphs == STORY
    assert got.published == "2015-08-06"


def test_arabic_legacy_table_page_in_windows_1256():
    got = extract_fast(legacy_page(), "https://example.com/old/1")
    text = "\n".join(got.extracted.paragraphs)
    assert all(paragraph in text for paragraph in STORY)
    assert "الأكثر قراءة" not in text and "ارتفاع أسعار الذهب" not in text
    assert got.extracted.title == TITLE


def test_auto_keeps_a_confident_page_and_falls_back_on_a_doubtful_one():
    _, path = extract_any(news_page(), "https://example.com/n/1", "auto")
    assert path == "fast"
    # Two blocks of prose of the same weight, a link list between them: no clear main block.
    menu = "".join(f"<li><a href='/s/{i}'>section {i} of the site</a></li>" for i in range(12))
    doubtful = (f"<html><body><div>{''.join(f'<p>{p}</p>' for p in STORY[:2])}</div><ul>{menu}</ul>"
                f"<div>{''.join(f'<p>{p}</p>' for p in STORY[2:])}</div></body></html>")
    assert extract_fast(doubtful).confidence < CONFIDENT
    got, path = extract_any(doubtful, None, "auto")
    assert path == "trafilatura" and got.paragraphs


def test_stage_follows_the_setting_and_stats_count_the_path(monkeypatch):
    pages = [Article(url="https://example.com/n/1", html=news_page()), Article(url="https://example.com/n/2", html=news_page())]
    stats = Stats()
    monkeypatch.setenv(settings.SETTINGS["extractor"].env, "trafilatura")
    done = list(Pipeline([extract_html_any]).run(pages, stats))
    assert stats.extractor == {"trafilatura": 2}
    assert all(STORY[0] in a.raw_text and a.flags["extractor"] == "trafilatura" for a in done)
    monkeypatch.setenv(settings.SETTINGS["extractor"].env, "fast")
    stats = Stats()
    list(Pipeline([extract_html_any]).run([Article(url="u", html=news_page())], stats))
    assert stats.extractor == {"fast": 1}


@pytest.mark.parametrize("html, reason", [
    ("", "empty page"),
    ("<html><head><title>x</title></head><body><ul><li><a href='/'>home</a></li></ul></body></html>", "no article text"),
])
def test_pages_without_a_story_are_named_failures(html, reason):
    with pytest.raises(InputError, match=reason):
        extract_fast(html, "https://example.com/empty")


def test_truncated_and_malformed_pages_still_give_their_text():
    page = news_page()
    cut = page[: page.index(STORY[3][:20])]  # the download stopped inside the story
    text = _text(cut)
    assert STORY[0] in text and STORY[2] in text
    broken = "<div><p>" + "</span></b><p>".join(ENGLISH) + "<table><tr><td><p>unclosed"
    assert ENGLISH[1] in _text(broken)


def test_a_huge_page_is_read_only_up_to_the_parse_limit():
    filler = "<div><a href='/x'>link</a></div>" * (MAX_PARSE_CHARS // 30)
    html = f"<html><body><article>{''.join(f'<p>{p}</p>' for p in ENGLISH)}</article>{filler}<p>TAILWORD beyond</p></body></html>"
    text = _text(html)
    assert ENGLISH[0] in text and "TAILWORD" not in text
