"""In a real browser: Debian's Chromium, driven by Playwright, against a live `marsad serve`.

Search, a facet click (swapped in place by htmx under the strict CSP), an article,
an entity, on a desktop and a phone viewport, with a screenshot of each page in a
temporary folder (`MARSAD_SCREENSHOTS=folder` copies them there too). No browser is
ever downloaded: without /usr/bin/chromium these tests skip, except in CI, where a
missing browser fails them (.ci/run installs it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def page(browser, shots: Path):
    """A fresh page that records console errors (CSP violations land there) and dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    tab = context.new_page()
    tab.errors, tab.dialogs = [], []
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


def _shot(page, shots: Path, name: str) -> Path:
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000
    if os.environ.get("MARSAD_SCREENSHOTS"):
        target = Path(os.environ["MARSAD_SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / path.name)
    return path


def test_browser_search_and_a_facet_click(page, live_server, shots):
    page.goto(f"{live_server}/search?q={quote('السودان')}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".hit").count() >= 7
    assert page.locator(".snippet mark").first.inner_text() == "السودان"
    font = page.evaluate("document.fonts.check('16px \"Noto Sans Arabic UI\"', 'السودان')")
    assert font
    _shot(page, shots, "search")
    page.evaluate("window.stillHere = true")  # survives only if htmx swaps instead of reloading
    page.locator(".facet a", has_text="wire.example.com").click()
    page.wait_for_url("**source=wire.example.com**")
    page.locator(".active-filters .chip.on").wait_for()
    assert page.locator(".hit").count() == 4
    assert page.evaluate("window.stillHere === true"), "the facet link reloaded the page: htmx did not run"
    _shot(page, shots, "search-facet")
    assert page.errors == [] and page.dialogs == []


def test_browser_searches_while_typing(page, live_server):
    page.goto(live_server + "/")
    page.evaluate("window.stillHere = true")
    page.locator(".searchbox input").press_sequentially("هدنة", delay=30)
    page.wait_for_url("**/search?q=**")
    page.locator(".hit").first.wait_for()
    assert "web-un-sudan" in page.locator(".hit-title").first.get_attribute("href")
    assert page.evaluate("window.stillHere === true")
    assert page.errors == []


def test_browser_article_and_entity_pages(page, live_server, shots):
    page.goto(f"{live_server}/articles/web-un-sudan")
    assert page.locator(".body a.ent").count() >= 4
    assert page.locator(".body .quote").count() == 1
    removed = page.locator("details.removed")
    assert removed.get_attribute("open") is None
    removed.locator("summary").click()
    assert removed.locator("li").first.is_visible()
    _shot(page, shots, "article")
    page.locator(".body a.ent-PER").first.click()
    page.wait_for_url("**/entities/PER:antonio-guterres")
    assert page.locator("h1").inner_text().startswith("أنطونيو غوتيريش")
    assert page.locator("svg.chart rect.bar").count() >= 4
    _shot(page, shots, "entity")
    assert page.errors == [] and page.dialogs == []


def test_browser_pages_fit_a_phone(page, live_server, shots):
    page.set_viewport_size({"width": 390, "height": 844})
    for path, name in (("/", "overview-phone"), (f"/search?q={quote('السودان')}", "search-phone"),
                       ("/entities/PER:antonio-guterres", "entity-phone")):
        page.goto(live_server + path)
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{path} scrolls sideways on a phone: {width}"
        _shot(page, shots, name)
    assert page.errors == []


def test_browser_runs_no_script_from_article_content(page, live_server):
    page.goto(f"{live_server}/articles/web-hostile")
    page.locator("h1").hover()
    page.locator(".body").hover()
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert page.dialogs == []
