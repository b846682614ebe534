"""The HTML pages, in-process: Arabic, right to left, with what each page promises."""

import re

import pytest


def test_pages_are_arabic_right_to_left_with_font_and_htmx(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    assert 'name="viewport"' in page.text
    assert '<script src="/static/htmx.min.js" defer></script>' in page.text
    css = client.get("/static/style.css").text
    assert "NotoSansArabicUI-Regular.woff2" in css
    font = client.get("/static/fonts/NotoSansArabicUI-Regular.woff2")
    assert font.status_code == 200 and font.content[:4] == b"wOF2" and len(font.content) < 400_000
    assert "SIL Open Font License" in client.get("/static/fonts/OFL.txt").text
    assert client.get("/static/htmx.min.js").text.startswith("var htmx=")


def test_pages_carry_no_inline_script_or_style(client):
    for path in ("/", "/search?q=السودان", "/articles/web-un-sudan", "/entities/PER:antonio-guterres",
                 "/sources/news.example.org", "/entities", "/sources", "/api/docs"):
        html = client.get(path).text
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == [], path
        assert " style=" not in html and "<style" not in html, path


def test_overview_shows_counts_chart_and_top_entities(client):
    html = client.get("/").text
    assert "مقالة" in html and '<svg class="chart"' in html
    assert "آخر ٧ أيام" in html
    assert 'href="/entities/PER:antonio-guterres"' in html or 'href="/entities/LOC:SD"' in html


def test_search_highlights_and_links_hits(client):
    html = client.get("/search", params={"q": "هدنة"}).text
    assert "<mark>هدنة</mark>" in html
    assert 'href="/articles/web-un-sudan"' in html
    assert "نتائج البحث عن «<bdi>هدنة</bdi>»" in html


def test_search_facets_link_to_filtered_searches(client):
    html = client.get("/search", params={"q": "السودان"}).text
    for heading in ("الكيانات", "البلدان والأماكن", "نوع الكيان", "الموضوع", "المصدر", "التاريخ"):
        assert f"<h2>{heading}</h2>" in html
    assert "entity=PER%3Aantonio-guterres" in html  # the entity facet adds an entity filter
    assert "source=wire.example.com" in html
    assert "topic=politics" in html
    assert "from=2024-03&amp;to=2024-03" in html


def test_search_with_a_facet_keeps_only_matching_articles_and_offers_removal(client):
    html = client.get("/search", params={"q": "السودان", "source": "wire.example.com"}).text
    assert 'href="/articles/web-followup-0"' in html and "web-un-sudan" not in html
    assert 'class="chip on"' in html


def test_search_pages_and_sorts(client):
    first = client.get("/search", params={"q": "السودان", "size": 2}).text
    assert 'rel="next"' in first and "page=2" in first
    second = client.get("/search", params={"q": "السودان", "size": 2, "page": 2}).text
    assert 'rel="prev"' in second
    by_date = client.get("/search", params={"q": "السودان", "sort": "date"}).text
    assert "<strong>الأحدث</strong>" in by_date


def test_search_without_query_lists_newest(client):
    html = client.get("/search").text
    assert "أحدث المقالات" in html and "hit-title" in html


def test_article_page_marks_entities_quotes_dates_and_cuts(client):
    html = client.get("/articles/web-un-sudan").text
    assert '<a class="ent ent-PER" href="/entities/PER:antonio-guterres"' in html
    assert '<a class="ent ent-LOC" href="/entities/LOC:SD"' in html
    assert '<span class="quote" title="غوتيريش">' in html
    assert '<a class="speaker" href="/entities/PER:antonio-guterres">— غوتيريش</a>' in html
    assert '<time class="date" datetime="2024-03-07"' in html
    assert "سياسة" in html and "نزاعات وأمن" in html  # topics, in Arabic
    assert "الأمين العام يدعو إلى وقف الحرب" in html  # summary
    assert 'href="https://news.example.org/un/sudan" rel="noopener noreferrer nofollow"' in html
    assert "مترجمة آليًا" in html
    details = re.search(r'<details class="removed">.*?</details>', html, re.DOTALL).group()
    assert "<details class=\"removed\">" in details and " open" not in details.split(">")[0]
    assert "[ad_1]" in details and "ad-placeholder" in details


def test_article_page_of_a_sample_shows_what_cleaning_removed(client):
    hits = client.get("/api/search", params={"q": "الأمطار"}).json()["hits"]
    html = client.get(f"/articles/{hits[0]['id']}").text
    assert "ما حذفه التنظيف" in html and "<p>" in html


def test_entity_page_shows_names_chart_company_quotes_and_latest(client):
    html = client.get("/entities/PER:antonio-guterres").text
    assert "<h1><bdi>أنطونيو غوتيريش</bdi>" in html
    assert "غوتيريس" in html and "غوتيريش" in html  # the names seen
    assert '<svg class="chart"' in html and "2024-04" in html
    assert 'href="/entities/LOC:SD"' in html  # co-mentioned
    assert "يجب أن تتوقف الحرب الآن" in html  # a quote attributed to him
    assert 'href="/articles/web-followup-' in html  # latest articles


def test_entity_page_by_name_redirects_to_the_id(client):
    response = client.get("/entities/غوتيريس", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/entities/PER:antonio-guterres"


def test_source_pages(client):
    listing = client.get("/sources").text
    assert 'href="/sources/wire.example.com"' in listing
    html = client.get("/sources/news.example.org").text
    assert "50.0%" in html  # one of its two articles had residue cut and is flagged machine-translated
    assert '<svg class="chart"' in html


def test_entities_listing_filters_by_type(client):
    html = client.get("/entities", params={"type": "LOC"}).text
    assert "السودان" in html and "أنطونيو غوتيريش" not in html


@pytest.mark.parametrize("path", ["/articles/nope", "/entities/PER:nobody", "/sources/nowhere", "/no/such/page"])
def test_unknown_things_give_an_html_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"] and 'dir="rtl"' in response.text
    assert "غير موجود" in response.text


def test_bad_parameters_give_an_html_400(client):
    response = client.get("/search", params={"q": '"غزة'})
    assert response.status_code == 400 and "unbalanced quote" in response.text
    assert client.get("/search", params={"sort": "best"}).status_code == 400
    assert client.get("/search", params={"from": "yesterday"}).status_code == 400


def test_long_articles_are_cut_with_a_link_to_the_whole(client, monkeypatch):
    from marsad.web import pages

    monkeypatch.setattr(pages, "MAX_TEXT_CHARS", 50)
    def body(url: str) -> str:
        return re.search(r'<section class="body".*?</section>', client.get(url).text, re.DOTALL).group()

    assert "?full=1" in body("/articles/web-un-sudan") and "يجب أن تتوقف" not in body("/articles/web-un-sudan")
    assert "يجب أن تتوقف" in body("/articles/web-un-sudan?full=1")


def test_no_article_page_passes_100_kb(fresh_client, web_db):
    from marsad.article import Article, DateMention, Entity, Mention, Quote, Removal
    from marsad.service import Archive

    word = "السودان "
    text = word * 12_500  # 100,000 characters
    mentions = [Mention("السودان", i * len(word), i * len(word) + 7) for i in range(0, 12_500, 5)]
    monster = Article(
        id="monster", text=text, paragraphs=[text], title="مقالة طويلة جدا", lang="ar",
        entities=[Entity("LOC:SD", "LOC", {"ar": "السودان"}, mentions)]
        + [Entity(f"PER:p{i}", "PER", {"ar": f"شخص {i}"}, [Mention("السودان", 0, 7)]) for i in range(300)],
        quotes=[Quote("كلام " * 200, None, "متحدث", "direct", 0, 7) for _ in range(200)],
        dates=[DateMention("السودان", "2024-01-01", 0, 7) for _ in range(300)],
        removed=[Removal("بقايا " * 100, "widget") for _ in range(500)],
        summary="ملخص " * 1000,
    )
    path = fresh_client.app.state.archives.path
    with Archive(path) as archive:
        archive.store.add(monster)
    page = fresh_client.get("/articles/monster")
    assert page.status_code == 200 and len(page.content) < 100_000
    assert "?full=1" in page.text


def test_overview_of_an_undated_archive_says_its_counts_are_all_time(tmp_path, news_article):
    from fastapi.testclient import TestClient

    from marsad.service import Archive
    from marsad.web import create_app

    path = tmp_path / "undated.db"
    with Archive(path) as archive, archive.store.batch():
        archive.store.add(news_article(published=None))
    with TestClient(create_app(path)) as undated:
        html = undated.get("/").text
    assert "آخر ٧ أيام" not in html
    assert "في الأرشيف كله" in html
