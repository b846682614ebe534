"""The alert pages in Debian's Chromium (Playwright), against a live `marsad serve` that mails
through a loopback SMTP server: sign up with the form, confirm with the button, unsubscribe.

Like tests/web/test_browser.py: never downloads a browser; skips without /usr/bin/chromium,
except in CI, where that fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PUBLIC, link_in

from marsad.alerts import tokens
from marsad.alerts.subscriptions import listed
from marsad.service import Archive


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def _statuses(db: Path) -> list[str]:
    with Archive(db) as archive:
        return [s.status for s in listed(archive.store)]


def test_alerts_browser_sign_up_confirm_unsubscribe(page, alert_server, mailbox):
    base, db = alert_server
    page.goto(f"{base}/search?q=%D8%A7%D9%84%D8%B3%D9%88%D8%AF%D8%A7%D9%86")
    page.locator("a.feed-link", has_text="تنبيه بالبريد").click()
    page.wait_for_url("**/alerts?q=**")
    assert page.locator("input[name=watch]").input_value() == "السودان"
    page.fill("input[name=email]", "browser@example.org")
    page.locator("input[name=every][value=daily]").check()
    page.locator(".alert-form button").click()
    page.locator(".done").wait_for()
    assert "رسالة تأكيد" in page.locator(".done").inner_text()

    confirm = link_in(mailbox.wait(1)[0], "confirm")
    page.goto(base + confirm.removeprefix(PUBLIC))
    assert "السودان" in page.locator(".alerts ul").inner_text() and _statuses(db) == ["pending"]
    page.locator(".alerts button").click()
    page.locator(".done").wait_for()
    assert _statuses(db) == ["active"]

    with Archive(db) as archive:
        token = tokens.unsubscribe_token(tokens.archive_secret(archive.store), 1)
    page.goto(f"{base}/alerts/unsubscribe/{token}")
    assert _statuses(db) == ["active"]  # the GET only shows the button
    page.locator(".alerts button").click()
    page.locator(".done").wait_for()
    assert _statuses(db) == ["removed"]
    assert page.errors == []
