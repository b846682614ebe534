"""Delivery: exactly once per (subscription, article), retries with backoff, digests, failures."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from conftest import free_port, link_in, text_of
from marsad.alerts import deliver, outbox
from marsad.alerts.subscriptions import confirm, listed, subscribe
from backends import BACKENDS, fresh_store
from marsad.store import SqliteStore

NOW = datetime.now(UTC)


@pytest.fixture(params=BACKENDS)
def alerts_store(request, tmp_path):
    with fresh_store(request, tmp_path / "outbox.db") as fresh:
        yield fresh


def _article(news_article, n: int, word: str = "الفيضانات", **fields):
    paragraphs = [f"{word} في المدينة رقم {n} أجبرت السكان على مغادرة منازلهم.", f"وقال مسؤول إن الوضع رقم {n} صعب."]
    return news_article(id=f"art-{n}", title=f"خبر رقم {n} عن {word}", paragraphs=paragraphs, **fields)


def _active(store, address: str = "a@example.org", **watch) -> int:
    signup = subscribe(store, address, **(watch or {"query": "الفيضانات"}))
    confirm(store, signup.token)
    return signup.subscription.id


def _statuses(store) -> list[str]:
    return [row[0] for row in store.read("SELECT status FROM alert_outbox ORDER BY article_pk")]


def test_outbox_only_articles_stored_after_confirmation(alerts_store, news_article, mailbox):
    alerts_store.add(_article(news_article, 1))
    signup = subscribe(alerts_store, "a@example.org", query="الفيضانات")
    alerts_store.add(_article(news_article, 2))
    assert deliver(alerts_store).confirmations == 0  # the sign-up mails it, or after a minute:
    assert deliver(alerts_store, now=datetime.now(UTC) + timedelta(minutes=2)).confirmations == 1
    token = link_in(mailbox.wait(1)[0], "confirm").rpartition("/")[2]
    confirm(alerts_store, token)
    alerts_store.add(_article(news_article, 3))
    report = deliver(alerts_store)
    assert report.mails == 1 and report.queued == 1
    body = text_of(mailbox.wait(2)[1])
    assert "art-3" in body and "art-1" not in body and "art-2" not in body


def test_outbox_unreachable_smtp_keeps_mail_queued_and_logs(alerts_store, news_article, monkeypatch, caplog):
    monkeypatch.setenv("MARSAD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MARSAD_SMTP_PORT", str(free_port()))  # nobody listens there
    monkeypatch.setenv("MARSAD_SMTP_STARTTLS", "0")
    _active(alerts_store)
    alerts_store.add(_article(news_article, 1))
    with caplog.at_level(logging.ERROR, logger="marsad.alerts"):
        report = deliver(alerts_store, now=NOW)
    assert report.mails == 0 and report.waiting == 1 and "cannot reach SMTP server" in report.failures[0]
    assert "cannot reach SMTP server" in caplog.text
    assert _statuses(alerts_store) == ["queued"]
    attempts, next_try = alerts_store.read("SELECT attempts, next_try FROM alert_outbox")[0]
    assert attempts == 1 and datetime.fromisoformat(next_try) == NOW.replace(microsecond=0) + outbox.backoff(1)
    assert deliver(alerts_store, now=NOW + timedelta(seconds=5)).failures == []  # backing off: no new try yet


def test_outbox_retry_after_backoff_sends_once(alerts_store, news_article, mailbox, monkeypatch, smtp_port):
    _active(alerts_store)
    alerts_store.add(_article(news_article, 1))
    monkeypatch.setenv("MARSAD_SMTP_PORT", str(free_port()))
    deliver(alerts_store, now=NOW)
    monkeypatch.setenv("MARSAD_SMTP_PORT", str(smtp_port))
    assert deliver(alerts_store, now=NOW + timedelta(seconds=10)).mails == 0
    assert deliver(alerts_store, now=NOW + timedelta(seconds=31)).mails == 1
    assert deliver(alerts_store, now=NOW + timedelta(hours=5)).mails == 0
    assert len(mailbox.wait(1)) == 1 and _statuses(alerts_store) == ["sent"]


def test_outbox_a_stopped_sender_leaves_a_claim_resent_with_the_same_message_id(alerts_store, news_article, mailbox):
    sub = _active(alerts_store)
    alerts_store.add(_article(news_article, 1))
    deliver(alerts_store, send=False)
    claimed = outbox.claim(alerts_store, sub, datetime.now(UTC) + timedelta(seconds=1))  # the sender stops right after claiming
    assert _statuses(alerts_store) == ["sending"]
    alerts_store.add(_article(news_article, 2))
    deliver(alerts_store)
    deliver(alerts_store)
    mails = mailbox.wait(2)
    mailbox.quiet(2, wait=0.2)
    assert mails[0]["Message-ID"].startswith(f"<{claimed[0].message_id}@")
    assert "art-1" in text_of(mails[0]) and "art-2" not in text_of(mails[0])
    assert "art-2" in text_of(mails[1]) and _statuses(alerts_store) == ["sent", "sent"]


def test_outbox_daily_digest_waits_a_day_and_lists_the_day(alerts_store, news_article, mailbox):
    signup = subscribe(alerts_store, "d@example.org", query="الفيضانات", every="daily", now=NOW)
    confirm(alerts_store, signup.token, now=NOW)
    for n in (1, 2, 3):
        alerts_store.add(_article(news_article, n))
        assert deliver(alerts_store, now=NOW + timedelta(hours=n)).mails == 0
    assert deliver(alerts_store, now=NOW + timedelta(days=1, seconds=1)).mails == 1
    body = text_of(mailbox.wait(1)[0])
    assert all(f"art-{n}" in body for n in (1, 2, 3))


def test_outbox_claims_in_chunks_and_sends_each_match_once(alerts_store, news_article, mailbox, monkeypatch):
    monkeypatch.setattr(outbox, "CLAIM_CHUNK", 2)  # 5 subscriptions: claimed in three transactions
    for n in range(5):
        _active(alerts_store, f"c{n}@example.org")
    alerts_store.add(_article(news_article, 1))
    assert deliver(alerts_store).mails == 5
    assert sorted(str(m["To"]) for m in mailbox.wait(5)) == [f"c{n}@example.org" for n in range(5)]
    assert _statuses(alerts_store) == ["sent"] * 5 and deliver(alerts_store).mails == 0
    mailbox.quiet(5, wait=0.1)


def test_outbox_entity_watch_one_mail_for_a_batch(alerts_store, news_article, mailbox):
    from marsad.article import Entity, Mention

    _active(alerts_store, "e@example.org", entity="ORG:who")
    for n in (1, 2):
        article = _article(news_article, n, word="منظمة الصحة")
        article.entities.append(Entity("ORG:who", "ORG", {"ar": "منظمة الصحة العالمية", "en": "WHO"},
                                       [Mention("منظمة الصحة", 0, 11)]))
        alerts_store.add(article)
    alerts_store.add(_article(news_article, 3, word="الأمطار"))
    assert deliver(alerts_store).mails == 1
    body = text_of(mailbox.wait(1)[0])
    assert "art-1" in body and "art-2" in body and "art-3" not in body
    assert "[منظمة] [الصحة]" in body  # the names it was seen under are marked


def test_outbox_removed_subscription_gets_nothing_queued_for_it(alerts_store, news_article, mailbox):
    from marsad.alerts.subscriptions import remove

    sub = _active(alerts_store)
    alerts_store.add(_article(news_article, 1))
    deliver(alerts_store, send=False)
    remove(alerts_store, [sub])
    assert deliver(alerts_store).mails == 0 and _statuses(alerts_store) == ["dropped"]
    assert [s.status for s in listed(alerts_store)] == ["removed"]


def test_outbox_backoff_grows_and_is_capped():
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 10, 50)] == [30, 60, 120, 3600, 3600]


def test_outbox_one_sender_at_a_time_and_a_dead_one_is_noticed(alerts_store, news_article, mailbox):
    import subprocess
    import sys

    sub = _active(alerts_store)
    alerts_store.add(_article(news_article, 1))
    deliver(alerts_store, send=False)
    outbox.claim(alerts_store, sub, datetime.now(UTC) + timedelta(seconds=1))  # in flight at another sender
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        holder = f"{__import__('socket').gethostname()}:{other.pid}"
        with alerts_store.batch():
            alerts_store.execute("INSERT INTO alert_state (key, value) VALUES ('sender', ?)",
                                 (f"{holder} {(datetime.now(UTC) + timedelta(minutes=5)).isoformat()}",))
        assert deliver(alerts_store).mails == 0  # the live sender's mail is not sent twice
        other.kill()
        other.wait()
        assert deliver(alerts_store).mails == 1  # its process is gone: the leftover goes out
    finally:
        other.kill()
    assert len(mailbox.wait(1)) == 1
    assert alerts_store.read("SELECT count(*) FROM alert_state WHERE key = 'sender'") == [(0,)]


def test_outbox_mail_queued_while_another_sender_works_goes_out_in_its_run(tmp_path, news_article, mailbox):
    """A delivery that finds the lease taken leaves its mail to the holder; the holder looks at
    the queue again after its pass, so the mail goes out now, not with some later batch."""
    import threading

    path = tmp_path / "outbox.db"
    with SqliteStore(path) as store:
        _active(store, "a@example.org")
        _active(store, "b@example.org", query="الجفاف")
        store.add(_article(news_article, 1))
    mailbox.delay = 1.0
    holder_report = {}

    def holder() -> None:
        with SqliteStore(path) as own:
            holder_report["report"] = deliver(own)

    first = threading.Thread(target=holder)
    first.start()
    with SqliteStore(path) as store:
        deadline = datetime.now(UTC) + timedelta(seconds=10)
        while not store.read("SELECT 1 FROM alert_state WHERE key = 'sender'") and datetime.now(UTC) < deadline:
            pass
        store.add(_article(news_article, 2, word="الجفاف"))
        late = deliver(store)  # the lease is taken: this one only queues
        assert late.queued == 1 and late.mails == 0
        first.join(timeout=30)
        assert holder_report["report"].mails == 2  # its own mail, then the one queued meanwhile
        assert _statuses(store) == ["sent", "sent"]
    assert sorted(m["To"] for m in mailbox.wait(2)) == ["a@example.org", "b@example.org"]


def test_outbox_an_ingest_delivers_what_it_stored(archive_target, tmp_path, mailbox, monkeypatch):
    """The alert runner after each ingest batch, on an SQLite file and on a PostgreSQL archive."""
    from marsad.service import Archive

    monkeypatch.setenv("MARSAD_PIPELINE", "clean")
    page = tmp_path / "flood.txt"
    page.write_text("الفيضانات تغمر المدينة\n\nالفيضانات في المدينة أجبرت السكان على مغادرة منازلهم.", encoding="utf-8")
    with Archive(archive_target) as archive:
        _active(archive.store, "i@example.org")
        assert archive.ingest([str(page)]).new == 1
    assert "مغادرة منازلهم" in text_of(mailbox.wait(1)[0])
    with Archive(archive_target) as archive:
        assert _statuses(archive.store) == ["sent"]
