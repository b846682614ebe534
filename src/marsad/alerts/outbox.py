"""The outbox: each (subscription, article) match is one row, queued once and sent once.

Rows go queued -> sending -> sent. A row is claimed (`sending`, with the id of the
message it goes out in) in its own transaction before the message leaves, and marked
`sent` right after. A sender killed in between leaves `sending` rows behind; the next
run sends exactly those again under the same Message-ID / webhook-id, so a receiver
that already has the message can tell it is the same one. A failure puts the rows back
in the queue with a growing delay (`backoff`): nothing is lost, nothing hammers a
server that is down.

Only one sender works at a time (`lease`): otherwise a second one would take the first
one's `sending` rows for leftovers of a stopped sender and send them again. The lease
names its host and process, so a sender killed on this machine is noticed at once; on
another machine its lease runs out after `LEASE`.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from marsad.alerts.subscriptions import utc

__all__ = ["Claim", "backoff", "claim", "claim_all", "cursor", "failed", "lease", "queue", "release", "sent", "waiting"]

FIRST_RETRY_S, LAST_RETRY_S = 30, 3600
LEASE = timedelta(minutes=5)
CLAIM_CHUNK = 5000  # subscriptions per claiming transaction: 3 lists of ids stay under SQLite's 32,766 placeholders


def backoff(attempts: int) -> timedelta:
    """Delay before retry number `attempts` (1, 2, …): 30 s doubling, at most an hour."""
    return timedelta(seconds=min(LAST_RETRY_S, FIRST_RETRY_S * 2 ** max(0, attempts - 1)))


def cursor(store) -> int:
    """Archive key of the last article already matched against the subscriptions."""
    return int(store.read("SELECT value FROM alert_state WHERE key = 'matched_pk'")[0][0])


def queue(store, matches: list[tuple[int, int]], matched_to: int, now: datetime) -> int:
    """Queue (subscription id, article key) matches and move the cursor, in one transaction;
    a match queued before is not queued again. Returns how many rows are new."""
    stamp = utc(now)
    with store.batch():
        before = store.read("SELECT count(*) FROM alert_outbox")[0][0]
        store.executemany(
            "INSERT INTO alert_outbox (subscription_id, article_pk, status, next_try, queued_at) "
            "VALUES (?, ?, 'queued', ?, ?) ON CONFLICT DO NOTHING",
            [(s, pk, stamp, stamp) for s, pk in matches],
        )
        store.execute("UPDATE alert_state SET value = ? WHERE key = 'matched_pk' AND CAST(value AS INTEGER) < ?",
                      (str(matched_to), matched_to))
        return store.read("SELECT count(*) FROM alert_outbox")[0][0] - before


def waiting(store, now: datetime) -> list[int]:
    """Active subscriptions with rows ready to go: left `sending` by a stopped sender, or queued
    and due (daily digests once a day)."""
    stamp, day_ago = utc(now), utc(now - timedelta(days=1))
    sql = """SELECT DISTINCT o.subscription_id FROM alert_outbox o
             JOIN alert_subscriptions s ON s.id = o.subscription_id
             WHERE s.status = 'active' AND (o.status = 'sending' OR (o.status = 'queued' AND o.next_try <= ?
                   AND (s.every = 'instant' OR s.last_sent_at IS NULL OR s.last_sent_at <= ?)))
             ORDER BY o.subscription_id"""
    return [row[0] for row in store.read(sql, (stamp, day_ago))]


@dataclass(frozen=True, slots=True)
class Claim:
    """Rows of one subscription going out as one message."""

    subscription_id: int
    message_id: str
    article_pks: list[int]
    attempts: int


def claim(store, subscription_id: int, now: datetime, per_article: bool = False) -> list[Claim]:
    """Claim what is ready for one subscription: rows a stopped sender left (their old message
    ids, unchanged) or the queued due rows under a new one (one per article for webhooks)."""
    with store.batch():
        left = store.read("SELECT message_id, article_pk, attempts FROM alert_outbox WHERE subscription_id = ? "
                          "AND status = 'sending' ORDER BY article_pk", (subscription_id,))
        if left:
            return _grouped(subscription_id, left)
        due = store.read("SELECT article_pk, attempts FROM alert_outbox WHERE subscription_id = ? AND status = 'queued' "
                         "AND next_try <= ? ORDER BY article_pk", (subscription_id, utc(now)))
        if not due:
            return []
        if per_article:
            rows = [(f"msg_{subscription_id}_{pk}", pk, attempts) for pk, attempts in due]
        else:
            mail = f"{subscription_id}.{secrets.token_hex(8)}"
            rows = [(mail, pk, attempts) for pk, attempts in due]
        store.executemany("UPDATE alert_outbox SET status = 'sending', message_id = ? "
                          "WHERE subscription_id = ? AND article_pk = ?", [(m, subscription_id, pk) for m, pk, _ in rows])
    return _grouped(subscription_id, rows)


def claim_all(store, wanted: list[tuple[int, bool]], now: datetime) -> list[Claim]:
    """`claim` for many (subscription id, per_article) at once, in one transaction of three
    statements per CLAIM_CHUNK subscriptions: a run of a thousand mails pays for one commit
    before sending, not one per mail. (The ids are listed as placeholders, which both SQLite
    and PostgreSQL take, up to a limit: hence the chunks.) A subscription with rows a stopped
    sender left gets those back alone, as with `claim`."""
    claims: list[Claim] = []
    for start in range(0, len(wanted), CLAIM_CHUNK):
        claims += _claim_chunk(store, wanted[start : start + CLAIM_CHUNK], now)
    return claims


def _claim_chunk(store, wanted: list[tuple[int, bool]], now: datetime) -> list[Claim]:
    ids = [s for s, _ in wanted]
    per_article = [s for s, each in wanted if each] or [0]  # ids start at 1: [0] stands for none
    run = secrets.token_hex(8)
    with store.batch():
        left = [r[0] for r in store.read(
            f"SELECT DISTINCT subscription_id FROM alert_outbox WHERE status = 'sending' "
            f"AND subscription_id IN ({_marks(ids)})", ids)] or [0]
        store.execute(
            f"""UPDATE alert_outbox SET status = 'sending', message_id = CASE
                    WHEN subscription_id IN ({_marks(per_article)})
                    THEN 'msg_' || CAST(subscription_id AS TEXT) || '_' || CAST(article_pk AS TEXT)
                    ELSE CAST(subscription_id AS TEXT) || '.' || ? END
                WHERE status = 'queued' AND next_try <= ? AND subscription_id IN ({_marks(ids)})
                  AND subscription_id NOT IN ({_marks(left)})""",
            (*per_article, run, utc(now), *ids, *left))
        rows = store.read(
            f"""SELECT subscription_id, message_id, article_pk, attempts FROM alert_outbox
                WHERE status = 'sending' AND subscription_id IN ({_marks(ids)})
                ORDER BY subscription_id, article_pk""", ids)
    by_subscription: dict[int, list[tuple]] = {}
    for subscription_id, message_id, pk, attempts in rows:
        by_subscription.setdefault(subscription_id, []).append((message_id, pk, attempts))
    order = {s: n for n, (s, _) in enumerate(wanted)}
    return [c for s in sorted(by_subscription, key=order.__getitem__) for c in _grouped(s, by_subscription[s])]


def _marks(values: list) -> str:
    return ", ".join("?" * len(values))


def _grouped(subscription_id: int, rows: list[tuple]) -> list[Claim]:
    groups: dict[str, list[tuple]] = {}
    for message_id, pk, attempts in rows:
        groups.setdefault(message_id, []).append((pk, attempts))
    return [Claim(subscription_id, m, [pk for pk, _ in items], max(a for _, a in items)) for m, items in groups.items()]


def sent(store, claimed: Claim, now: datetime) -> None:
    """The message went out: its rows are done, and the subscription's last mail is now."""
    with store.batch():
        store.execute("UPDATE alert_outbox SET status = 'sent', sent_at = ?, error = NULL "
                      "WHERE subscription_id = ? AND message_id = ?", (utc(now), claimed.subscription_id, claimed.message_id))
        store.execute("UPDATE alert_subscriptions SET last_sent_at = ? WHERE id = ?", (utc(now), claimed.subscription_id))


def failed(store, claimed: Claim, error: str, now: datetime) -> datetime:
    """The message did not go out: back in the queue with the error, retried after `backoff`."""
    attempts = claimed.attempts + 1
    retry = now + backoff(attempts)
    store.execute("UPDATE alert_outbox SET status = 'queued', message_id = NULL, attempts = ?, next_try = ?, error = ? "
                  "WHERE subscription_id = ? AND message_id = ?",
                  (attempts, utc(retry), error[:500], claimed.subscription_id, claimed.message_id))
    return retry


def _me() -> str:
    """host:pid:thread: threads of one process (a watch polling several hosts at once) each
    deliver after their own ingests, and must not take each other for the lease holder."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def _gone(holder: str) -> bool:
    """True if the lease holder is a process of this machine that no longer runs."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def lease(store, now: datetime) -> bool:
    """Take (or renew) the sender's lease; False while another live sender holds it."""
    with store.batch():
        row = store.read("SELECT value FROM alert_state WHERE key = 'sender'")
        if row:
            holder, _, until = row[0][0].partition(" ")
            if holder != _me() and until > utc(now) and not _gone(holder):
                return False
        store.execute("INSERT INTO alert_state (key, value) VALUES ('sender', ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (f"{_me()} {utc(now + LEASE)}",))
    return True


def release(store) -> None:
    """Give the lease back (if it is ours)."""
    with store.batch():
        store.execute("DELETE FROM alert_state WHERE key = 'sender' AND value LIKE ?", (_me() + " %",))
