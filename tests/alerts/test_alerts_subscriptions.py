"""Sign-up rules: addresses, queries, tokens, re-subscribing, rate limits, enumeration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from marsad.alerts import tokens
from marsad.alerts.subscriptions import (
    RateLimited, SignupError, TokenError, confirm, listed, normalize_address, pending_confirmation, remove, subscribe,
    unsubscribe,
)
from marsad.errors import QueryError
from marsad.search import parse
from backends import BACKENDS, fresh_store


@pytest.fixture(params=BACKENDS)
def alerts_store(request):
    with fresh_store(request, ":memory:") as fresh:
        yield fresh


@pytest.mark.parametrize("raw, reason", [
    ("no-at-sign.example.org", "@-sign"),
    ("two@@example.org", "invalid e-mail address"),
    ("a@example.org\r\nBcc: victim@example.com", "line break"),
    ("a@example.org\nSubject: hi", "line break"),
    ("a@example.org\x00", "control character"),
    ("", "required"),
    ("a" * 250 + "@example.org", "at most 254"),
    ("a@localhost", "invalid e-mail address"),
])
def test_subscriptions_refuse_bad_addresses_with_the_reason(alerts_store, raw, reason):
    with pytest.raises(SignupError, match=reason):
        subscribe(alerts_store, raw, query="غزة")
    assert listed(alerts_store) == []


def test_subscriptions_address_is_one_form_whatever_the_case():
    assert normalize_address(" Reader@EXAMPLE.org ") == "reader@example.org"


@pytest.mark.parametrize("query", ["NOT غزة", '"غزة', "(غزة", "غزة OR", "   "])
def test_subscriptions_refuse_an_unparsable_query_with_the_search_message(alerts_store, query):
    with pytest.raises(QueryError) as search_error:
        parse(query)
    with pytest.raises((QueryError, SignupError)) as signup_error:
        subscribe(alerts_store, "a@example.org", query=query)
    if query.strip():
        assert str(signup_error.value) == str(search_error.value)
    assert listed(alerts_store) == []


def test_subscriptions_refuse_header_injection_in_the_query(alerts_store):
    with pytest.raises(SignupError, match="line break"):
        subscribe(alerts_store, "a@example.org", query="غزة\r\nBcc: x@example.com")


def test_subscriptions_need_exactly_one_of_query_and_entity(alerts_store):
    with pytest.raises(SignupError, match="either a query or an entity"):
        subscribe(alerts_store, "a@example.org")
    with pytest.raises(SignupError, match="either a query or an entity"):
        subscribe(alerts_store, "a@example.org", query="غزة", entity="LOC:SD")
    with pytest.raises(SignupError, match="no entity known as 'nobody'"):
        subscribe(alerts_store, "a@example.org", entity="nobody", resolve=lambda name: [])


def test_subscriptions_one_token_an_hour_and_never_reset_once_confirmed(alerts_store):
    now = datetime(2026, 1, 1, tzinfo=UTC)
    first = subscribe(alerts_store, "a@example.org", query="غزة", now=now)
    assert first.token and first.subscription.status == "pending"
    assert subscribe(alerts_store, "a@example.org", query="غزة", now=now + timedelta(minutes=30)).token is None
    assert subscribe(alerts_store, "a@example.org", query="رفح", now=now + timedelta(minutes=40)).token is None
    stored = alerts_store.read("SELECT hash FROM alert_tokens")
    assert stored == [(tokens.hash_token(first.token),)]  # only the hash is kept
    confirmed = confirm(alerts_store, first.token, now=now + timedelta(minutes=50))
    assert {s.query for s in confirmed} == {"غزة", "رفح"} and {s.status for s in confirmed} == {"active"}
    again = subscribe(alerts_store, "a@example.org", query="غزة", now=now + timedelta(hours=3))
    assert again.subscription.status == "active" and again.token is None
    assert {s.status for s in listed(alerts_store)} == {"active"}


def test_subscriptions_tokens_are_single_use_and_expire(alerts_store):
    now = datetime(2026, 1, 1, tzinfo=UTC)
    used = subscribe(alerts_store, "a@example.org", query="غزة", now=now).token
    confirm(alerts_store, used, now=now)
    with pytest.raises(TokenError, match="already used"):
        confirm(alerts_store, used, now=now)
    late = subscribe(alerts_store, "b@example.org", query="غزة", now=now).token
    with pytest.raises(TokenError, match="expired"):
        pending_confirmation(alerts_store, late, now=now + timedelta(days=7, seconds=1))
    with pytest.raises(TokenError, match="not valid"):
        confirm(alerts_store, "made-up-token", now=now)
    assert [s.status for s in listed(alerts_store) if s.target == "b@example.org"] == ["pending"]


def test_subscriptions_confirm_only_what_the_page_showed(alerts_store):
    first = subscribe(alerts_store, "a@example.org", query="غزة")
    _, shown = pending_confirmation(alerts_store, first.token)
    with alerts_store.batch():  # slipped in after the page was shown
        alerts_store.execute("DELETE FROM alert_signups")
    subscribe(alerts_store, "a@example.org", query="إعلانات")
    confirm(alerts_store, first.token, ids=[s.id for s in shown])
    assert {s.query: s.status for s in listed(alerts_store)} == {"غزة": "active", "إعلانات": "pending"}


def test_subscriptions_rate_limit_per_address_silently_and_per_client_loudly(alerts_store, monkeypatch):
    monkeypatch.setenv("MARSAD_ALERT_SIGNUPS_PER_ADDRESS", "2")
    monkeypatch.setenv("MARSAD_ALERT_SIGNUPS_PER_CLIENT", "3")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(2):
        assert subscribe(alerts_store, "flood@example.org", query=f"كلمة{n}", client="10.0.0.1", now=now).subscription
    ignored = subscribe(alerts_store, "flood@example.org", query="كلمة9", client="10.0.0.2", now=now)
    assert ignored.subscription is None and ignored.token is None
    subscribe(alerts_store, "other@example.org", query="غزة", client="10.0.0.1", now=now)
    with pytest.raises(RateLimited, match="too many sign-ups"):
        subscribe(alerts_store, "third@example.org", query="غزة", client="10.0.0.1", now=now)
    later = now + timedelta(hours=1, seconds=1)
    assert subscribe(alerts_store, "third@example.org", query="غزة", client="10.0.0.1", now=later).subscription


def test_subscriptions_unsubscribe_links_are_ours_only(alerts_store):
    signup = subscribe(alerts_store, "a@example.org", query="غزة")
    confirm(alerts_store, signup.token)
    secret = tokens.archive_secret(alerts_store)
    link = tokens.unsubscribe_token(secret, signup.subscription.id)
    assert unsubscribe(alerts_store, link[:-1] + ("0" if link[-1] != "0" else "1")) is None
    assert unsubscribe(alerts_store, "1.abc") is None and unsubscribe(alerts_store, "x") is None
    assert unsubscribe(alerts_store, link).status == "removed"
    assert remove(alerts_store, [signup.subscription.id]) == 0  # already ended
