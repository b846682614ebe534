"""Alerts: saved searches and entity watches, delivered by e-mail (double opt-in),
webhook (Standard Webhooks signatures) and Atom feeds.

    schema         the archive tables (migration 0005_alerts)
    subscriptions  sign-up, confirmation, unsubscribe, listing
    tokens         confirmation tokens (stored hashed), unsubscribe links, CSRF values
    matching       a new batch of articles against every saved query at once
    outbox         what is queued, claimed, sent: each (subscription, article) once
    items          what a mail says per story: snippets, "and N copies"; webhook payloads
    mailer         confirmation and alert mails (plain text + RTL HTML) over SMTP
    sending        several SMTP connections side by side (smtp_connections)
    webhooks       signed POSTs behind an SSRF guard
    feeds          Atom documents of search results and entities
    delivery       `deliver(archive)`: match, queue and send; run after every ingest batch

Nothing here imports the service layer: `deliver` takes an `Archive` or its store.
"""

from __future__ import annotations

from typing import Any

__all__ = ["deliver"]


def deliver(archive: Any, **options: Any) -> Any:
    """Match the articles stored since the last call and send what is due (see delivery.deliver).

    Call it after every ingest batch or watch cycle; it is safe to call at any time and
    from several processes: nothing is queued or sent twice.
    """
    from marsad.alerts.delivery import deliver as run

    return run(archive, **options)
