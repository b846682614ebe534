"""The /alerts pages in-process: CSRF, one answer for every address, clear errors, floods."""

from __future__ import annotations

import re

import pytest

from marsad.alerts.subscriptions import listed
from marsad.service import Archive


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _post(client, **fields):
    form = client.get("/alerts")
    data = {"csrf": _csrf(form.text), "kind": "query", "watch": "السودان", "every": "instant", **fields}
    return client.post("/alerts", data=data)


@pytest.fixture
def signups(fresh_client, monkeypatch):
    monkeypatch.delenv("MARSAD_SMTP_HOST", raising=False)  # confirmations stay queued: no mail server here
    return fresh_client


def _subscriptions(client):
    with Archive(client.app.state.archives.path) as archive:
        return listed(archive.store)


def test_alerts_pages_form_is_rtl_and_prefilled_from_search(signups):
    page = signups.get("/alerts?q=%D8%BA%D8%B2%D8%A9")
    assert page.status_code == 200 and 'dir="rtl"' in page.text and 'name="watch" value="غزة"' in page.text
    assert "marsad_csrf" in page.headers["set-cookie"] and "samesite=strict" in page.headers["set-cookie"].lower()
    assert page.headers["cache-control"] == "no-store"
    entity = signups.get("/alerts?entity=LOC:SD")
    assert 'value="entity" checked' in entity.text


def test_alerts_pages_refuse_a_post_without_the_csrf_value(signups):
    signups.get("/alerts")
    refused = signups.post("/alerts", data={"csrf": "x" * 32, "email": "a@example.org", "kind": "query", "watch": "غزة"})
    assert refused.status_code == 403 and "another site" in refused.text
    signups.cookies.clear()
    assert signups.post("/alerts", data={"email": "a@example.org", "watch": "غزة"}).status_code == 403
    assert _subscriptions(signups) == []


def test_alerts_pages_same_answer_for_known_and_unknown_addresses(signups):
    answers = [_post(signups, email=address) for address in ("new@example.org", "new@example.org", "other@example.org")]
    assert {a.status_code for a in answers} == {200}
    bodies = {re.sub(r'value="[^"]{20,64}"', "", a.text) for a in answers}
    assert len(bodies) == 1 and "رسالة تأكيد" in bodies.pop()
    assert sorted(s.target for s in _subscriptions(signups)) == ["new@example.org", "other@example.org"]


@pytest.mark.parametrize("fields, message", [
    ({"email": "not-an-address"}, "invalid e-mail address"),
    ({"email": "a@example.org\r\nBcc: b@example.org"}, "line break"),
    ({"email": "a@example.org", "watch": "NOT غزة"}, "nothing before it to exclude"),
    ({"email": "a@example.org", "watch": '"غزة'}, "unbalanced quote"),
    ({"email": "a@example.org", "kind": "entity", "watch": "لا أحد بهذا الاسم"}, "no entity known as"),
    ({"email": "a@example.org", "every": "hourly"}, "must be one of instant, daily"),
])
def test_alerts_pages_bad_input_gets_the_form_back_with_the_reason(signups, fields, message):
    answer = _post(signups, **fields)
    assert answer.status_code == 400 and message in answer.text and "<form" in answer.text
    assert "Traceback" not in answer.text and _subscriptions(signups) == []


def test_alerts_pages_entity_sign_up_by_any_name(signups):
    assert _post(signups, email="e@example.org", kind="entity", watch="غوتيريس").status_code == 200
    (sub,) = _subscriptions(signups)
    assert sub.entity == "غوتيريس" and sub.entity_ids == ("PER:antonio-guterres",)


def test_alerts_pages_flood_from_one_client_gets_429(signups, monkeypatch):
    monkeypatch.setenv("MARSAD_ALERT_SIGNUPS_PER_CLIENT", "3")
    answers = [_post(signups, email=f"bot{n}@example.org").status_code for n in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    assert len(_subscriptions(signups)) == 3


def test_alerts_pages_bad_tokens_are_said_plainly(signups):
    page = signups.get("/alerts/confirm/not-a-real-token")
    assert page.status_code == 400 and "not valid" in page.text and "method=\"post\"" not in page.text
    assert signups.get("/alerts/unsubscribe/12.deadbeef").status_code == 404
    assert signups.post("/alerts/unsubscribe/12.deadbeef", content=b"List-Unsubscribe=One-Click").status_code == 404
