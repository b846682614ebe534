"""`deliver(archive)`: match what was stored since the last call, queue it, send what is due.

Called after every ingest batch (service.Archive.ingest) and every watch cycle, and by
`marsad alerts send`. Matching reads only the new articles and evaluates every saved
query on them at once (matching.py); the matches and the cursor that says how far
matching got are written in one transaction (outbox.py), so a crash or a rerun can
neither skip nor repeat an article. Delivery problems (SMTP down, a webhook timing
out) are logged and retried later with backoff; they never stop an ingest.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from marsad.alerts import outbox, subscriptions, tokens, webhooks
from marsad.alerts.mailer import Item, MailError, Mailer, alert_mail, confirmation_mail, public_url
from marsad.alerts.matching import Batch, BatchIndex, compile_query
from marsad.alerts.subscriptions import Subscription, utc
from marsad.errors import QueryError
from marsad.search import BRACKETS, HTML_MARKS, index_terms, parse, snippet
from marsad.search.snippet import Tokenized

__all__ = ["DeliveryReport", "deliver", "mail_confirmation", "match_new"]

log = logging.getLogger("marsad.alerts")
CHUNK = 2_000  # new articles matched at a time (bounds memory on a large backlog)


@dataclass(slots=True)
class DeliveryReport:
    """What one delivery run did."""

    articles: int = 0
    queued: int = 0
    mails: int = 0
    webhooks: int = 0
    confirmations: int = 0
    failures: list[str] = field(default_factory=list)
    waiting: int = 0

    def summary(self) -> str:
        """One line for the CLI."""
        parts = [f"{self.articles} new article{'s' if self.articles != 1 else ''} matched",
                 f"{self.queued} alert item{'s' if self.queued != 1 else ''} queued",
                 f"{self.mails} mail{'s' if self.mails != 1 else ''} and {self.webhooks} webhook call"
                 f"{'s' if self.webhooks != 1 else ''} sent"]
        if self.confirmations:
            parts.append(f"{self.confirmations} confirmation mail{'s' if self.confirmations != 1 else ''} sent")
        if self.waiting:
            parts.append(f"{self.waiting} waiting for a retry")
        return "alerts: " + ", ".join(parts)


def deliver(archive, *, now: datetime | None = None, send: bool = True, mailer: Mailer | None = None) -> DeliveryReport:
    """Match new articles against active subscriptions and send what is due (see module doc)."""
    store = getattr(archive, "store", archive)
    moment = now or datetime.now(UTC)
    report = DeliveryReport()
    match_new(store, moment, report)
    if send:
        own = mailer is None
        mailer = mailer or Mailer()
        try:
            _retry_confirmations(store, moment, report, mailer)
            _send_due(store, moment, report, mailer)
        finally:
            if own:
                mailer.close()
    report.waiting = store.read("SELECT count(*) FROM alert_outbox WHERE status IN ('queued', 'sending')")[0][0]
    return report


# -- matching -------------------------------------------------------------------------

def match_new(store, now: datetime, report: DeliveryReport | None = None) -> int:
    """Queue every match of the articles stored since the cursor; return how many were queued."""
    report = report or DeliveryReport()
    start = outbox.cursor(store)
    top = store.read("SELECT coalesce(max(pk), 0) FROM articles")[0][0]
    if top <= start:
        return 0
    active = [s for s in subscriptions.listed(store, "active") if s.since_pk < top]
    if not active:
        outbox.queue(store, [], top, now)
        return 0
    queued = 0
    for low in range(start, top, CHUNK):
        high = min(low + CHUNK, top)
        batch = _batch(store, low, high)
        report.articles += len(batch.pks)
        queued += outbox.queue(store, _matches(BatchIndex(batch), active), high, now)
    report.queued += queued
    return queued


def _batch(store, low: int, high: int) -> Batch:
    rows = store.read("SELECT pk, title, text FROM articles WHERE pk > ? AND pk <= ? ORDER BY pk", (low, high))
    named: dict[int, set[str]] = defaultdict(set)
    for pk, entity_id in store.read("SELECT article_pk, entity_id FROM mentions WHERE article_pk > ? AND article_pk <= ?",
                                    (low, high)):
        named[pk].add(entity_id)
    return Batch([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [named[r[0]] for r in rows])


def _matches(index: BatchIndex, active: list[Subscription]) -> list[tuple[int, int]]:
    found = []
    for sub in active:
        try:
            pks = index.match_query(compile_query(sub.query)) if sub.query else index.match_entities(sub.entity_ids)
        except QueryError as error:  # saved under an older query language: say so, match the rest
            log.error("alert subscription %s: saved query no longer parses: %s", sub.id, error)
            continue
        found += [(sub.id, pk) for pk in pks if pk > sub.since_pk]
    return found


# -- sending --------------------------------------------------------------------------

def _send_due(store, now: datetime, report: DeliveryReport, mailer: Mailer) -> None:
    ready = outbox.waiting(store, now)
    if not ready:
        return
    if not outbox.lease(store, now):
        log.info("alerts: another sender is at work; it sends what is due")
        return
    try:
        _send_ready(store, ready, now, report, mailer)
    finally:
        outbox.release(store)


def _send_ready(store, ready: list[int], now: datetime, report: DeliveryReport, mailer: Mailer) -> None:
    secret, cache = tokens.archive_secret(store), _Words()
    renewed = time.monotonic()
    for subscription_id in ready:
        sub = subscriptions.get(store, subscription_id)
        if sub.channel == "email" and not mailer.configured:
            continue
        if time.monotonic() - renewed > 60:  # a long run keeps its lease
            outbox.lease(store, datetime.now(UTC))
            renewed = time.monotonic()
        for claimed in outbox.claim(store, sub.id, now, per_article=sub.channel == "webhook"):
            _send_one(store, sub, claimed, secret, now, report, mailer, cache)
    if not mailer.configured and any(subscriptions.get(store, s).channel == "email" for s in ready):
        log.warning("alerts: mail is not set up (smtp_host): alert mails stay queued in the archive")


def _send_one(store, sub: Subscription, claimed: outbox.Claim, secret: bytes, now: datetime,
              report: DeliveryReport, mailer: Mailer, cache: _Words) -> None:
    try:
        if sub.channel == "webhook":
            webhooks.post(sub.target, sub.secret or "", claimed.message_id, _payload(store, sub, claimed))
            report.webhooks += 1
        else:
            unsubscribe = f"{public_url()}/alerts/unsubscribe/{tokens.unsubscribe_token(secret, sub.id)}"
            items = _items(store, sub, claimed.article_pks, cache)
            mailer.send(alert_mail(sub.target, sub.what, items, claimed.message_id, unsubscribe))
            report.mails += 1
    except (MailError, webhooks.WebhookError) as error:
        retry = outbox.failed(store, claimed, str(error), now)
        report.failures.append(f"subscription {sub.id}: {error}")
        log.error("alert for subscription %s not sent (retry after %s): %s", sub.id, utc(retry), error)
        return
    outbox.sent(store, claimed, now)


def _marked_terms(store, sub: Subscription) -> frozenset[str]:
    if sub.query:
        try:
            return parse(sub.query).terms
        except QueryError:
            return frozenset()
    marks = ", ".join("?" * len(sub.entity_ids))
    names = store.read(f"SELECT DISTINCT name FROM entity_names WHERE entity_id IN ({marks}) LIMIT 200",
                       list(sub.entity_ids))
    return frozenset(index_terms(" ".join(name for (name,) in names)))


def _rows(store, pks: list[int], columns: str) -> list[tuple]:
    marks = ", ".join("?" * len(pks))
    return store.read(f"SELECT {columns} FROM articles WHERE pk IN ({marks}) ORDER BY pk", pks)


class _Words(dict):
    """Each article's words, tokenized once per run (a batch's articles go into many mails)."""

    def of(self, pk: int, text: str) -> Tokenized:
        """The words of article `pk` (its `text`), tokenized on first use."""
        found = self.get(pk)
        if found is None:
            if len(self) > 5_000:
                self.clear()
            found = self[pk] = Tokenized.of(text)
        return found


def _items(store, sub: Subscription, pks: list[int], cache: _Words) -> list[Item]:
    terms = _marked_terms(store, sub)
    items = []
    for pk, article_id, title, source, published, text in _rows(store, pks, "pk, id, title, source, published, text"):
        words = cache.of(pk, text)
        items.append(Item(article_id, title, source, published, snippet(text, terms, marks=BRACKETS, tokenized=words),
                          snippet(text, terms, marks=HTML_MARKS, tokenized=words)))
    return items


def _payload(store, sub: Subscription, claimed: outbox.Claim) -> dict:
    article_id, title, url, source, published, data = _rows(
        store, claimed.article_pks, "id, title, url, source, published, data")[0]
    entities = [{"id": e["id"], "type": e["type"], "name": e.get("name", {})}
                for e in json.loads(data).get("entities", [])]
    return {"type": "article.matched", "timestamp": utc(),
            "data": {"article": {"id": article_id, "title": title, "url": url, "source": source,
                                 "published": published, "entities": entities,
                                 "link": f"{public_url()}/articles/{article_id}"},
                     "subscription": {"id": sub.id, "query": sub.query, "entity": sub.entity,
                                      "entity_ids": list(sub.entity_ids)}}}


# -- confirmation mails ---------------------------------------------------------------

def mail_confirmation(store, token: str, mailer: Mailer | None = None, now: datetime | None = None) -> bool:
    """Send the confirmation mail for a fresh `token`; on failure it is retried by `deliver`."""
    moment = now or datetime.now(UTC)
    hashed = tokens.hash_token(token)
    row = store.read("SELECT address, attempts FROM alert_tokens WHERE hash = ?", (hashed,))
    if not row:
        return False
    address, attempts = row[0]
    watched = [s.what for s in subscriptions.listed_for(store, address, "pending")]
    own = mailer is None
    mailer = mailer or Mailer()
    try:
        mailer.send(confirmation_mail(address, token, watched))
    except MailError as error:
        retry = moment + outbox.backoff(attempts + 1)
        store.execute("UPDATE alert_tokens SET next_try = ? WHERE hash = ?", (utc(retry), hashed))
        log.error("confirmation mail not sent (retry after %s): %s", utc(retry), error)
        return False
    finally:
        if own:
            mailer.close()
    store.execute("UPDATE alert_tokens SET mailed_at = ? WHERE hash = ?", (utc(moment), hashed))
    return True


def _retry_confirmations(store, now: datetime, report: DeliveryReport, mailer: Mailer) -> None:
    """Confirmation mails that failed: a new token each (only the hash of the old one was kept)."""
    if not mailer.configured:
        return
    stale = store.read("SELECT hash, address, attempts FROM alert_tokens WHERE mailed_at IS NULL AND used_at IS NULL "
                       "AND next_try <= ? AND expires_at > ?", (utc(now), utc(now)))
    for hashed, address, attempts in stale:
        with store.batch():
            store.execute("DELETE FROM alert_tokens WHERE hash = ?", (hashed,))
            token = subscriptions.issue_token(store, address, now, attempts + 1)
        if mail_confirmation(store, token, mailer, now):
            report.confirmations += 1
