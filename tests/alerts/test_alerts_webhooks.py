"""Webhooks over real HTTP: Standard Webhooks signatures, retries, sent once, SSRF guard."""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks import Webhook

from marsad.alerts import deliver
from marsad.alerts.webhooks import WebhookError, add, check_url
from backends import BACKENDS, fresh_store

SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()


@pytest.fixture(params=BACKENDS)
def hook_store(request, tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_FETCH_ALLOW_PRIVATE", "1")  # the receiver is on loopback
    with fresh_store(request, tmp_path / "hooks.db") as fresh:
        yield fresh


def _article(news_article, n: int):
    from marsad.article import Entity, Mention

    article = news_article(id=f"hook-{n}", title=f"الجفاف يضرب الإقليم رقم {n}",
                           paragraphs=[f"ضرب الجفاف الإقليم رقم {n} وقالت الأمم المتحدة إن المحاصيل تضررت."])
    article.entities.append(Entity("ORG:un", "ORG", {"ar": "الأمم المتحدة", "en": "United Nations"},
                                   [Mention("الأمم المتحدة", 30, 43)]))
    return article


def test_webhooks_each_match_posted_once_and_verified_by_standardwebhooks(hook_store, receiver, news_article):
    sub = add(hook_store, receiver.url, SECRET, query="الجفاف")
    hook_store.add(_article(news_article, 1))
    hook_store.add(_article(news_article, 2))
    assert deliver(hook_store).webhooks == 2
    assert deliver(hook_store).webhooks == 0
    calls = receiver.wait(2)
    verifier = Webhook(SECRET)
    for headers, body in calls:
        payload = verifier.verify(body, headers)  # raises unless the signature is right
        assert payload["data"]["subscription"]["id"] == sub.id
    articles = [p["data"]["article"] for p in receiver.payloads()]
    assert [a["id"] for a in articles] == ["hook-1", "hook-2"]
    assert articles[0]["entities"] == [{"id": "ORG:un", "type": "ORG", "name": {"ar": "الأمم المتحدة", "en": "United Nations"}}]
    assert set(articles[0]) >= {"id", "title", "url", "source", "published", "entities"}
    with pytest.raises(Exception):
        Webhook("whsec_" + base64.b64encode(os.urandom(32)).decode()).verify(calls[0][1], calls[0][0])


def test_webhooks_timeout_is_retried_with_the_same_id(hook_store, receiver, news_article, monkeypatch):
    monkeypatch.setenv("MARSAD_WEBHOOK_TIMEOUT", "0.3")
    add(hook_store, receiver.url, SECRET, entity="ORG:un")
    hook_store.add(_article(news_article, 1))
    receiver.delay = 1.0
    now = datetime.now(UTC)
    report = deliver(hook_store, now=now)
    assert report.webhooks == 0 and "did not answer within 0.3 s" in report.failures[0] and report.waiting == 1
    receiver.delay = 0
    assert deliver(hook_store, now=now + timedelta(seconds=31)).webhooks == 1
    calls = receiver.wait(2)
    assert calls[0][0]["webhook-id"] == calls[1][0]["webhook-id"]
    assert deliver(hook_store, now=now + timedelta(hours=2)).webhooks == 0


def test_webhooks_an_error_status_is_retried(hook_store, receiver, news_article):
    add(hook_store, receiver.url, SECRET, query="الجفاف")
    hook_store.add(_article(news_article, 1))
    receiver.status = 503
    now = datetime.now(UTC)
    assert "answered 503" in deliver(hook_store, now=now).failures[0]
    receiver.status = 204
    assert deliver(hook_store, now=now + timedelta(minutes=1)).webhooks == 1


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "http://localhost/x", "http://10.1.2.3/x",
                                 "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://192.168.0.1/"])
def test_webhooks_refuse_private_addresses_by_default(url, monkeypatch):
    monkeypatch.delenv("MARSAD_FETCH_ALLOW_PRIVATE", raising=False)
    with pytest.raises(WebhookError, match="non-public address"):
        check_url(url)


@pytest.mark.parametrize("url, reason", [("ftp://example.org/x", "http:// or https://"), ("not a url", "http:// or https://"),
                                         ("http:///path", "with a host")])
def test_webhooks_refuse_urls_that_are_not_http(url, reason):
    with pytest.raises(WebhookError, match=reason):
        check_url(url)


@pytest.mark.parametrize("secret, reason", [("secret", "must start with whsec_"), ("whsec_***", "base64"),
                                            ("whsec_" + base64.b64encode(b"short").decode(), "too short")])
def test_webhooks_refuse_bad_secrets(hook_store, receiver, secret, reason):
    with pytest.raises(WebhookError, match=reason):
        add(hook_store, receiver.url, secret, query="الجفاف")
