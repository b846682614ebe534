"""Article text as HTML (spans nested, escaped, clipped to paragraphs) and the SVG charts."""

import pytest

from marsad.article import Article, DateMention, Entity, Mention, Quote
from marsad.web import charts
from marsad.web.render import annotated_text, entity_url, safe_link


def _article(text: str, **parts) -> Article:
    return Article(id="x", text=text, paragraphs=text.split("\n\n"), **parts)


def test_render_marks_entity_quote_and_date_nested():
    text = "قال غوتيريش «إن السودان ينزف» يوم الخميس."
    q0, q1 = text.index("«"), text.index("»") + 1
    article = _article(
        text,
        entities=[Entity("PER:g", "PER", {"ar": "غوتيريش"}, [Mention("غوتيريش", 4, 11)]),
                  Entity("LOC:SD", "LOC", {"ar": "السودان"}, [Mention("السودان", text.index("السودان"),
                                                                      text.index("السودان") + 7)])],
        quotes=[Quote(text[q0:q1], "PER:g", "غوتيريش", "direct", q0, q1)],
        dates=[DateMention("يوم الخميس", "2024-03-07", text.index("يوم"), text.index("يوم") + 10)],
    )
    html = str(annotated_text(article))
    assert html.startswith('<p>قال <a class="ent ent-PER" href="/entities/PER:g">غوتيريش</a>')
    assert '<span class="quote" title="غوتيريش">«إن <a class="ent ent-LOC" href="/entities/LOC:SD"' in html
    assert '</a> ينزف»</span><a class="speaker" href="/entities/PER:g">— غوتيريش</a>' in html
    assert '<time class="date" datetime="2024-03-07" title="2024-03-07">يوم الخميس</time>.</p>' in html


def test_render_drops_a_span_that_crosses_another():
    text = "وزير خارجية السودان"
    article = _article(text, entities=[Entity("ORG:m", "ORG", {}, [Mention("وزير خارجية", 0, 11)])],
                       dates=[DateMention("خارجية السودان", None, 5, 19)])
    html = str(annotated_text(article))
    assert html.count("<a ") == 1 and "<time" not in html
    assert html.endswith("</a> السودان</p>")


def test_render_clips_spans_to_paragraphs_and_keeps_the_speaker_for_the_end():
    text = "«الجملة الأولى\n\nوالثانية» قال"
    article = _article(text, quotes=[Quote(text[:25], None, "المتحدث", "direct", 0, 25)])
    first, second = str(annotated_text(article)).split("\n")
    assert first == '<p><span class="quote" title="المتحدث">«الجملة الأولى</span></p>'
    assert second == '<p><span class="quote" title="المتحدث">والثانية»</span><span class="speaker">— المتحدث</span> قال</p>'


def test_render_escapes_text_and_attributes_and_ignores_broken_offsets():
    text = '<script>x</script> "a" & b'
    article = _article(text, entities=[Entity('E"><b', "PER", {"ar": '"><script>'}, [Mention("x", 0, 8)]),
                                       Entity("bad", "LOC", {}, [Mention("x", 20, 999)])])
    html = str(annotated_text(article))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&#34;a&#34; &amp; b" in html
    assert 'href="/entities/E%22%3E%3Cb"' in html
    assert html.count("<a ") == 1


def test_render_cuts_at_a_limit():
    article = _article("كلمة " * 100)
    assert len(str(annotated_text(article, limit=20))) < 40


@pytest.mark.parametrize(("url", "safe"), [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("http://example.org", "http://example.org"),
    ("javascript:alert(1)", None), ("JAVASCRIPT:alert(1)", None), ("data:text/html,x", None),
    ("/local/path.txt", None), ("samples/news/a.txt", None), ("https:///nohost", None), (None, None),
])
def test_safe_link_only_passes_http_urls(url, safe):
    assert safe_link(url) == safe


def test_entity_url_quotes_all_but_the_colon():
    assert entity_url("LOC:SA:riyadh") == "/entities/LOC:SA:riyadh"
    assert entity_url("a/b c") == "/entities/a%2Fb%20c"


def test_fill_days_and_months_fill_gaps_with_zero():
    assert charts.fill_days([("2024-02-28", 1), ("2024-03-01", 2)]) == [
        ("2024-02-28", 1), ("2024-02-29", 0), ("2024-03-01", 2)]
    assert charts.fill_months([("2023-11", 1), ("2024-02", 3)]) == [
        ("2023-11", 1), ("2023-12", 0), ("2024-01", 0), ("2024-02", 3)]


def test_timeline_switches_from_days_to_months_to_years():
    days = charts.timeline([("2024-01-01", 1), ("2024-01-03", 2)], "x")
    assert days.count("<rect") == 3
    months = charts.timeline([("2020-01-01", 1), ("2024-12-31", 2)], "x")
    assert months.count("<rect") == 60
    years = charts.timeline([("1990-01-01", 1), ("2024-12-31", 2)], "x")
    assert years.count("<rect") == 2


def test_month_chart_turns_to_years_past_twenty_years():
    assert charts.month_chart([("2020-01", 1), ("2021-12", 2)], "x").count("<rect") == 24
    assert charts.month_chart([("1990-01", 1), ("2024-12", 2)], "x").count("<rect") == 2


def test_bar_chart_is_escaped_svg_with_titles():
    svg = str(charts.bar_chart([("<b>", 3), ("y", 0)], 'label "q"'))
    assert svg.startswith('<svg class="chart" viewBox="0 0 600 150" direction="ltr" role="img"')
    assert 'aria-label="label &#34;q&#34;"' in svg and "<title>&lt;b&gt;: 3</title>" in svg
    assert " style=" not in svg
    assert charts.bar_chart([], "x") == "" and charts.line_chart([], "x") == ""
    assert "<polyline" in charts.line_chart([("a", 1), ("b", 2)], "x")
