"""Copies of one text in one alert: one entry "and N copies", not N entries.

Real news (SaudiNewsNet, ../shared) reposted by three sites, as wire stories are,
ingested through the whole pipeline (copy detection and stories included), then
delivered by mail over real SMTP and by webhook over real HTTP.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
from pathlib import Path

import pytest
from standardwebhooks import Webhook

from conftest import PUBLIC, html_of, text_of
from marsad.alerts.subscriptions import confirm, subscribe
from marsad.alerts.webhooks import add
from marsad.arabic import words
from marsad.service import Archive

SITES = ("sabq.example", "okaz.example", "alriyadh.example")


def _news(shared: Path, count: int) -> list[dict]:
    """The first `count` long articles of SaudiNewsNet, each from a different day's file."""
    found = []
    for path in sorted((shared / "data" / "news" / "saudinewsnet").glob("saudinewsnet_*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if len(row.get("text") or "") > 1_500:
                    found.append(row)
                    break
        if len(found) == count:
            return found
    pytest.skip("SaudiNewsNet files with long articles are missing from ../shared")


def _rare_word(title: str, others: list[str]) -> str:
    """A word of the title (cleaning keeps titles whole) that the other article does not use."""
    elsewhere = {w for other in others for w in words(other)}
    return next(w for w in words(title) if len(w) > 4 and not w.isdigit() and w not in elsewhere)


def test_copies_of_one_text_are_one_entry_by_mail_and_carry_their_count_by_webhook(
        shared, tmp_path, mailbox, receiver, monkeypatch):
    monkeypatch.setenv("MARSAD_FETCH_ALLOW_PRIVATE", "1")  # the webhook receiver is on loopback
    wire, other = _news(shared, 2)
    query = _rare_word(wire["title"], [other["title"], other["text"]])
    db = tmp_path / "copies.db"
    secret = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    with Archive(db) as archive:
        confirm(archive.store, subscribe(archive.store, "analyst@example.org", query=query).token)
        add(archive.store, receiver.url, secret, query=query)
    feed = tmp_path / "reposts.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for n, site in enumerate(SITES):  # the same story on three sites, each with its own last line
            text = f"{wire['text']}\n\nنشر هذا الخبر على موقع {site} بتاريخ اليوم رقم {n}."
            out.write(json.dumps({"title": wire["title"], "text": text, "source": site,
                                  "url": f"https://{site}/news/{n}"}, ensure_ascii=False) + "\n")
        out.write(json.dumps({"title": other["title"], "text": other["text"], "source": "other.example",
                              "url": "https://other.example/1"}, ensure_ascii=False) + "\n")
    with Archive(db) as archive:
        report = archive.ingest([str(feed)])
        assert report.new == 4 and not report.failed
        ids = [row[0] for row in archive.store.read("SELECT id FROM articles WHERE source IN (?, ?, ?) ORDER BY pk",
                                                    SITES)]
        stories = {archive.story(i).id for i in ids}
    assert len(stories) == 1, "the copy detector put the three reposts in one story"

    alert = mailbox.wait(1)[0]
    mailbox.quiet(1)
    body = text_of(alert)
    assert body.count(wire["title"]) == 1, "one entry, not three"
    assert "[and 2 copies]" in body and "و2 نسخ أخرى" in body
    assert set(re.findall(rf"{re.escape(PUBLIC)}/articles/(\w+)", body)) == set(ids)  # every copy still linked
    assert f"{PUBLIC}/stories/{stories.pop()}" in body
    assert other["title"] not in body
    assert "okaz.example" in html_of(alert) and "alriyadh.example" in html_of(alert)

    calls = receiver.wait(3)  # webhooks stay one call per article, each saying what it is a copy of
    verifier = Webhook(secret)
    articles = [verifier.verify(body, headers)["data"]["article"] for headers, body in calls]
    assert sorted(a["id"] for a in articles) == sorted(ids)
    for article in articles:
        assert article["copy_count"] == 2 and set(article["copies"]) == set(ids) - {article["id"]}
        assert article["story"] == articles[0]["story"] and article["story_link"].endswith(article["story"])
