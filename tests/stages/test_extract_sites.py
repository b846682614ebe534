"""Site templates for the fast path: a site's story container, learned from pages we were sure of."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from marsad.stages.extract_fast import CONFIDENT, SITE_FLOOR, extract_auto, extract_fast
from marsad.stages.extract_sites import SiteTemplates, container, host_of
from tests.stages.test_extract import STORY

MORE = [
    ("وفي سياق متصل، أكدت مديرية الصحة في المنطقة أن العمل جار على تجهيز مراكز صحية أولية في عدد من "
     "القرى، على أن تفتتح تباعا خلال الأشهر المقبلة وفق جدول زمني معلن."),
    ("من جهتهم، رحب سكان المناطق الشمالية بالخطوة، وقالوا إنها ستخفف عنهم عناء السفر إلى المدن الكبرى "
     "لتلقي العلاج، خصوصا في فصل الشتاء حين تنقطع الطرق بسبب الأمطار."),
]


def site_page(n: int, paragraphs: list[str]) -> str:
    """A page of one site: the same template (story in div.story-body, post number in the class), another story."""
    story = "".join(f"<p>{p}</p>" for p in paragraphs)
    menu = "".join(f"<li><a href='/s/{i}'>قسم {i}</a></li>" for i in range(8))
    return (f"<html dir='rtl'><head><title>خبر رقم {n}</title></head><body><ul class='top'>{menu}</ul>"
            f"<div id='page'><div class='story-body post-{n}'>{story}</div></div>"
            f"<div class='links'><a href='/a'>الرئيسية</a> <a href='/b'>اتصل بنا</a></div></body></html>")


def test_container_names_the_element_holding_the_story_alike_on_every_page_of_a_site():
    names = set()
    for n, paragraphs in ((1, STORY[:2]), (27, MORE)):
        tree = LexborHTMLParser(site_page(n, paragraphs))
        owners = tree.css("div.story-body p")
        names.add(container(owners))
    assert names == {"div.#page > div.post-0.story-body#"}
    assert container([]) is None


def test_a_container_is_the_sites_after_enough_distinct_pages_and_only_for_that_site():
    sites = SiteTemplates(min_pages=2)
    sites.learn("https://www.site.example/a/1", "div.story")
    sites.learn("https://www.site.example/a/1", "div.story")  # the same page again counts once
    assert not sites.agrees("https://site.example/a/3", "div.story")
    sites.learn("https://site.example/a/2", "div.story")
    assert sites.agrees("https://site.example/a/3", "div.story")
    assert not sites.agrees("https://site.example/a/3", "div.sidebar")
    assert not sites.agrees("https://other.example/a/3", "div.story")
    for i in range(3):  # the site moved its stories: the old container no longer holds most pages
        sites.learn(f"https://site.example/b/{i}", "main.article")
    assert not sites.agrees("https://site.example/a/9", "div.story")
    assert host_of("https://www.site.example/x") == "site.example" and host_of(None) is None


def test_capacity_bounds_the_sites_remembered():
    sites = SiteTemplates(capacity=3)
    for i in range(10):
        sites.learn(f"https://s{i}.example/p", "div.story")
    assert len(sites) == 3


def test_a_doubtful_page_of_a_known_site_takes_the_fast_path_once_its_template_is_confirmed():
    pages = [site_page(n, STORY[:2] if n % 2 else MORE) for n in range(1, 5)]
    doubt = [extract_fast(p).confidence for p in pages]
    assert all(SITE_FLOOR <= c < CONFIDENT for c in doubt), doubt
    sites = SiteTemplates(min_pages=2)
    served = []
    for n, page in enumerate(pages, 1):
        got, path = extract_auto(page, f"https://news.example/{n}.html", sites)
        served.append(path)
        assert got.paragraphs[0] in (STORY[0], MORE[0])
    # trafilatura confirms the fast reading on the first two pages; the site's template serves the rest
    assert served == ["trafilatura", "trafilatura", "fast", "fast"]
    # without a memory, or on another site, the same page still goes to trafilatura
    assert extract_auto(pages[2], "https://news.example/3.html")[1] == "trafilatura"
    assert extract_auto(pages[2], "https://elsewhere.example/3.html", sites)[1] == "trafilatura"
