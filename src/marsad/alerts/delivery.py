"""`deliver(archive)`: match what was stored since the last call, queue it, send what is due.

Called after every ingest batch (service.Archive.ingest) and every watch cycle, and by
`marsad alerts send`. Matching reads only the new articles and evaluates every saved
query on them at once (matching.py); the matches and the cursor that says how far
matching got are written in one transaction (outbox.py), so a crash or a rerun can
neither skip nor repeat an article. Delivery problems (SMTP down, a webhook timing
out) are logged and retried later with backoff; they never stop an ingest.
"""

from __future__ import annotations

import functools
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from marsad import settings
from marsad.alerts import outbox, subscriptions, tokens, webhooks
from marsad.alerts.items import Articles, items, payload
from marsad.alerts.mailer import MailError, Mailer, alert_mail, confirmation_mail, public_url
from marsad.alerts.matching import Batch, BatchIndex, compile_query
from marsad.alerts.sending import InlineSender, SenderPool
from marsad.alerts.subscriptions import Subscription, utc
from marsad.errors import QueryError

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
    started = time.monotonic()
    match_new(store, moment, report)
    if report.articles:
        log.info("alerts: %d new articles matched, %d items queued in %.2f s", report.articles, report.queued,
                 time.monotonic() - started)
    if send:
        own = mailer is None
        mailer = mailer or Mailer()
        try:
            _retry_confirmations(store, moment, report, mailer)
            _send_due(store, moment, report, mailer, pooled=own)
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

def _send_due(store, now: datetime, report: DeliveryReport, mailer: Mailer, pooled: bool) -> None:
    """Send until nothing is due. The lease is given back and the queue looked at again: a
    process that queued matches while we held the lease left their sending to us."""
    while True:
        ready = outbox.waiting(store, now)
        if not ready:
            return
        if not outbox.lease(store, now):
            log.info("alerts: another sender is at work; it sends what is due")
            return
        failures = len(report.failures)
        try:
            progress = _send_ready(store, ready, now, report, mailer, pooled)
        finally:
            outbox.release(store)
        if not progress or len(report.failures) > failures:  # nothing more, or the server is in trouble
            return
        now = max(now, datetime.now(UTC))


def _send_ready(store, ready: list[int], now: datetime, report: DeliveryReport, mailer: Mailer,
                pooled: bool) -> bool:
    """Claim everything due in one transaction, then send it; True if anything was claimed."""
    subs = {sub.id: sub for sub in (subscriptions.get(store, s) for s in ready)}
    sendable = [sub for sub in subs.values() if sub.channel == "webhook" or mailer.configured]
    if len(sendable) < len(subs):
        log.warning("alerts: mail is not set up (smtp_host): alert mails stay queued in the archive")
    started = time.monotonic()
    claims = outbox.claim_all(store, [(sub.id, sub.channel == "webhook") for sub in sendable], now)
    if not claims:
        return False
    log.info("alerts: %d messages claimed in %.2f s", len(claims), time.monotonic() - started)
    secret, articles = tokens.archive_secret(store), Articles(store)
    articles.load(list(dict.fromkeys(pk for c in claims for pk in c.article_pks))[:Articles.LIMIT])
    settle = functools.partial(_settle, now=now)
    separate = pooled and str(getattr(store, "path", ":memory:")) != ":memory:"
    if separate and settings.get("smtp_connections") > 1 and any(subs[c.subscription_id].channel == "email"
                                                                  for c in claims):
        sender = SenderPool(settle, store.reopened)
    else:
        sender = InlineSender(mailer, settle, store)
    renewed = time.monotonic()
    try:
        for claimed in claims:
            sub = subs[claimed.subscription_id]
            if time.monotonic() - renewed > 60:  # a long run keeps its lease
                outbox.lease(store, datetime.now(UTC))
                renewed = time.monotonic()
            if sub.channel == "webhook":
                _post(store, sub, claimed, now, report, articles)
                continue
            unsubscribe = f"{public_url()}/alerts/unsubscribe/{tokens.unsubscribe_token(secret, sub.id)}"
            try:
                message = alert_mail(sub.target, sub.what, items(store, sub, claimed.article_pks, articles),
                                     claimed.message_id, unsubscribe)
            except MailError as error:
                _failed(store, claimed, str(error), now, report)
                continue
            sender.submit(claimed, message)
            _count(sender.finished(), report)
    finally:
        _count(sender.close(), report)
    log.info("alerts: %d mails and %d webhook calls sent in %.2f s", report.mails, report.webhooks,
             time.monotonic() - started)
    return True


def _settle(store, claimed: outbox.Claim, error: str | None, now: datetime) -> None:
    """Write what became of a mail the moment the server answered, through `store` (the sending
    thread's own connection): a crash can then send it again only in the width of this commit."""
    if error is None:
        outbox.sent(store, claimed, now)
    else:
        retry = outbox.failed(store, claimed, error, now)
        log.error("alert for subscription %s not sent (retry after %s): %s", claimed.subscription_id, utc(retry),
                  error)


def _count(outcomes: list, report: DeliveryReport) -> None:
    for claimed, error in outcomes:
        if error is None:
            report.mails += 1
        else:
            report.failures.append(f"subscription {claimed.subscription_id}: {error}")


def _failed(store, claimed: outbox.Claim, error: str, now: datetime, report: DeliveryReport) -> None:
    retry = outbox.failed(store, claimed, error, now)
    report.failures.append(f"subscription {claimed.subscription_id}: {error}")
    log.error("alert for subscription %s not sent (retry after %s): %s", claimed.subscription_id, utc(retry), error)


def _post(store, sub: Subscription, claimed: outbox.Claim, now: datetime, report: DeliveryReport,
          articles: Articles) -> None:
    try:
        webhooks.post(sub.target, sub.secret or "", claimed.message_id,
                      payload(store, sub, claimed.article_pks[0], articles))
    except webhooks.WebhookError as error:
        _failed(store, claimed, str(error), now, report)
        return
    outbox.sent(store, claimed, now)
    report.webhooks += 1


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
