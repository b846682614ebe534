"""HTML extraction: the story's paragraphs and metadata, never the page around them."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from marsad.arabic import words
from marsad.article import Article
from marsad.errors import InputError
from marsad.pipeline import Pipeline
from marsad.stages.extract import Extracted, extract, extract_html

EXTRACTION_DATA = Path(__file__).resolve().parents[2].parent / "shared/data/extraction"

STORY = [
    ("أعلنت وزارة الصحة اليوم الخميس عن افتتاح ثلاثة مستشفيات جديدة في المناطق الشمالية، "
     "في إطار خطة تهدف إلى تحسين الخدمات الطبية المقدمة للمواطنين في القرى البعيدة عن المدن."),
    ("وقال الوزير في مؤتمر صحفي عقده في العاصمة إن المستشفيات الجديدة ستضم أكثر من خمسمائة "
     "سرير، وستعمل بكامل طاقتها بحلول نهاية العام الجاري بعد استكمال تجهيزها."),
    ("وأضاف أن الوزارة تعاقدت مع مئات الأطباء والممرضين للعمل في هذه المستشفيات، مشيرا إلى "
     "أن الأولوية ستكون لأبناء المناطق التي أقيمت فيها المشاريع."),
    ("من جهتهم، رحب سكان المنطقة بالقرار، وأكدوا أنهم كانوا يضطرون إلى قطع مسافات طويلة "
     "للحصول على العلاج في مستشفيات المدن الكبرى."),
]
TITLE = "افتتاح ثلاثة مستشفيات جديدة في الشمال"
BOILERPLATE = ["شارك عبر", "اقرأ أيضا", "جميع الحقوق محفوظة", "الأكثر قراءة", "ملفات تعريف الارتباط",
               "التعليقات", "اشترك في نشرتنا", "الكلمات المفتاحية", "ارتفاع أسعار الذهب"]


def news_page(paragraphs: list[str] = STORY, charset: str = "utf-8", lang: str = "ar") -> str:
    """A page the way Arabic news sites serve one: the story amid menus, boxes and widgets."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs[:2])
    body += '\n<div class="box"><strong>اقرأ أيضا:</strong> <a href="/n/7">ارتفاع أسعار الذهب في الأسواق المحلية</a></div>\n'
    body += "\n".join(f"<p>{p}</p>" for p in paragraphs[2:])
    headlines = ["ارتفاع أسعار الذهب في الأسواق المحلية", "المنتخب يفوز في مباراة ودية",
                 "طقس حار على معظم المناطق غدا", "افتتاح معرض الكتاب الدولي الأسبوع المقبل"]
    items = "".join(f'<li><a href="/n/{i}">{h}</a></li>' for i, h in enumerate(headlines))
    return f"""<!DOCTYPE html><html lang="{lang}" dir="rtl"><head><meta charset="{charset}">
<title>{TITLE} | الأفق نيوز</title>
<meta property="og:site_name" content="الأفق نيوز">
<meta property="article:published_time" content="2024-03-14T10:30:00+03:00">
<meta name="author" content="سارة الحربي"></head>
<body><div id="cookie-notice">نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. <button>موافق</button></div>
<header><a href="/">الأفق نيوز</a><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/s/1">سياسة</a></li>
<li><a href="/s/2">اقتصاد</a></li><li><a href="/s/3">رياضة</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">الرئيسية</a> › <a href="/s/5">صحة</a></div>
<main><article><h1>{TITLE}</h1><div class="meta">بقلم: سارة الحربي - الخميس 14 مارس 2024</div>
<div class="col-share"><span>شارك عبر</span> <a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<div class="text-body">{body}</div>
<div class="tg">الكلمات المفتاحية: <a href="/t/1">صحة</a> <a href="/t/2">مستشفيات</a></div>
<div class="col-4"><h3>اقرأ أيضا</h3><ul>{items}</ul></div>
<div class="nl"><h4>اشترك في نشرتنا البريدية</h4><input placeholder="بريدك الإلكتروني"><button>اشترك</button></div>
<section id="comments"><h3>التعليقات (2)</h3><div class="comment"><b>أبو محمد</b><p>خبر جميل، نتمنى أن تصل
الخدمات إلى كل القرى في أقرب وقت ممكن إن شاء الله.</p></div></section></article>
<aside><h3>الأكثر قراءة</h3><ol>{items}</ol></aside></main>
<footer><a href="/about">من نحن</a> <a href="/contact">اتصل بنا</a><p>جميع الحقوق محفوظة © 2024 الأفق نيوز</p></footer>
</body></html>"""


def legacy_page() -> bytes:
    """An older site: table layout, <br>-separated paragraphs, windows-1256, declared in a meta."""
    text = "<br><br>\n".join(STORY)
    html = f"""<html dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>الأفق نيوز - {TITLE}</title></head><body><table width="980"><tr><td colspan="2">
<a href="/">الرئيسية</a> | <a href="/s/1">محليات</a> | <a href="/s/2">دوليات</a></td></tr>
<tr><td width="700"><table><tr><td><b>{TITLE}</b></td></tr><tr><td>{text}</td></tr>
<tr><td><a href="#">طباعة</a> | <a href="#">أرسل لصديق</a></td></tr></table></td>
<td><table><tr><td><b>الأكثر قراءة</b></td></tr><tr><td><a href="/n/1">ارتفاع أسعار الذهب في الأسواق المحلية</a></td></tr>
<tr><td><a href="/n/2">المنتخب يفوز في مباراة ودية</a></td></tr></table></td></tr>
<tr><td colspan="2">جميع الحقوق محفوظة لموقع الأفق نيوز 2015</td></tr></table></body></html>"""
    return html.encode("windows-1256")


def test_extract_keeps_story_paragraphs_in_order():
    assert extract(news_page(), "https://www.alofoq.example/news/1").paragraphs == STORY


@pytest.mark.parametrize("residue", BOILERPLATE)
def test_extract_leaves_page_furniture_out(residue: str) -> None:
    text = "\n".join(extract(news_page(), "https://www.alofoq.example/news/1").paragraphs)
    assert residue not in text


def test_extract_keeps_story_lines_that_open_like_box_labels():
    story = [*STORY[:2],
             "شارك وزير الخارجية في الاجتماع الذي عقد أمس لبحث الأوضاع في المنطقة، وأكد على أهمية الحوار.",
             "للمزيد من التفاصيل حول الخطة، قال المتحدث إن الوزارة ستنشر تقريرا شاملا خلال الأسبوع المقبل.",
             *STORY[2:]]
    assert extract(news_page(story)).paragraphs == story


def test_extract_reads_metadata():
    got = extract(news_page(), "https://www.alofoq.example/news/1")
    assert got.title == TITLE
    assert got.author == "سارة الحربي"
    assert got.published is not None and got.published.startswith("2024-03-14")
    assert got.lang == "ar"
    assert got.sitename == "الأفق نيوز"


def test_extract_honours_declared_windows_1256():
    got = extract(legacy_page(), "http://alofoq.example/article.php?id=5")
    assert got.paragraphs == STORY
    assert got.title == TITLE  # not the site name in front of it in <title>


def test_extract_reads_decoded_page_that_still_declares_its_encoding():
    # What a reader hands over for an XHTML page: text, with the XML declaration still on top.
    page = '<?xml version="1.0" encoding="windows-1256"?>\n' + news_page(charset="windows-1256")
    assert extract(page).paragraphs == STORY


def test_extract_reads_utf8_page_given_as_bytes():
    assert extract(news_page().encode("utf-8")).paragraphs == STORY


def test_extract_survives_truncated_html():
    page = news_page()
    cut = page[: page.index(STORY[2][:40]) + 20]  # the download stopped mid-paragraph
    got = extract(cut, "https://www.alofoq.example/news/1")
    assert got.paragraphs[:2] == STORY[:2]


@pytest.mark.parametrize("html", [
    "<html><head><title>صفحة</title></head><body></body></html>",
    "<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>",
    "",
    "<html><bo",
])
def test_extract_refuses_page_without_text(html: str) -> None:
    with pytest.raises(InputError, match="no article text found in HTML"):
        extract(html, "https://www.alofoq.example/empty")


def test_extract_drops_language_the_script_contradicts():
    # Templates often keep lang="en" on Arabic pages; the language stage decides then.
    assert extract(news_page(lang="en")).lang is None
    assert extract(news_page(lang="ar-SA")).lang == "ar"


def test_extract_dates_written_with_arabic_month_names():
    page = news_page().replace('<meta property="article:published_time" content="2024-03-14T10:30:00+03:00">', "")
    assert extract(page).published == "2024-03-14"


def test_extract_html_fills_article():
    article = Article(url="https://www.alofoq.example/news/1", html=news_page())
    done = extract_html(article)
    assert done.raw_text == "\n".join(STORY)
    assert done.html is None
    assert (done.title, done.author, done.lang, done.source) == (TITLE, "سارة الحربي", "ar", "الأفق نيوز")
    assert done.published.startswith("2024-03-14")


def test_extract_html_keeps_what_the_reader_knew():
    article = Article(url="u", html=news_page(), title="عنوان من الخلاصة", source="feed", lang="ar",
                      author="محرر", published="2024-03-15")
    done = extract_html(article)
    assert (done.title, done.source, done.author, done.published) == (
        "عنوان من الخلاصة", "feed", "محرر", "2024-03-15")


def test_extract_html_passes_articles_without_html():
    article = Article(url="a.txt", raw_text="نص")
    assert extract_html(article) is article


def test_extract_html_quarantines_page_without_text():
    article = Article(url="https://www.alofoq.example/empty", html="<html><body></body></html>")
    done = Pipeline([extract_html])(article)
    assert done.error is not None and done.error.stage == "extract"
    assert "no article text found in HTML" in done.error.reason
    assert "https://www.alofoq.example/empty" in done.error.reason


def test_extract_returns_extracted():
    assert isinstance(extract(news_page()), Extracted)


# --- real Arabic pages with a reference text (evaluation data; floors only, never tuned on) ---

def _manifest() -> list[dict]:
    if not (EXTRACTION_DATA / "manifest.jsonl").is_file():
        pytest.skip(f"extraction evaluation set not found at {EXTRACTION_DATA}")
    rows = [json.loads(line) for line in (EXTRACTION_DATA / "manifest.jsonl").read_text("utf-8").splitlines()]
    return [r for r in rows if r["lang"] == "ar"]


def _f1(predicted: str, gold: str) -> float:
    got, want = Counter(words(predicted.casefold())), Counter(words(gold.casefold()))
    shared = sum((got & want).values())
    return 0.0 if not shared else 2 * shared / (sum(got.values()) + sum(want.values()))


def test_extract_arabic_gold_pages_above_floor():
    pages = [r for r in _manifest() if r["gold_type"] == "full"]
    assert len(pages) == 2
    for row in pages:
        html = gzip.decompress((EXTRACTION_DATA / row["html"]).read_bytes())
        gold = (EXTRACTION_DATA / row["gold"]).read_text("utf-8")
        got = extract(html, row["url"])
        assert _f1("\n".join(got.paragraphs), gold) >= 0.9, row["id"]
        assert got.lang == "ar" and got.title


def test_extract_arabic_snippet_page_keeps_story_not_comments():
    pages = [r for r in _manifest() if r["gold_type"] == "snippets"]
    for row in pages:
        html = gzip.decompress((EXTRACTION_DATA / row["html"]).read_bytes())
        snippets = json.loads((EXTRACTION_DATA / row["snippets"]).read_text("utf-8"))
        text = " ".join(words(" ".join(extract(html, row["url"]).paragraphs)))
        assert all(" ".join(words(s)) in text for s in snippets["with"])
        assert not any(" ".join(words(s)) in text for s in snippets["without"])
