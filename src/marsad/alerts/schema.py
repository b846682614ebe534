"""The archive tables alerts keep: addresses, subscriptions, tokens, sign-ups, the outbox.

They live in the archive beside the articles, so a match is queued in the same file
(and the same transaction) as the cursor that says which articles were matched:
a crash can neither lose a match nor queue it twice.
"""

from __future__ import annotations

import secrets
import sqlite3

from marsad.store.migrations import migration

__all__ = ["create_tables"]


@migration("0005_alerts")
def create_tables(conn: sqlite3.Connection) -> None:
    """Alert tables, a per-archive secret (unsubscribe links, CSRF) and the match cursor."""
    conn.execute(
        """CREATE TABLE alert_addresses (
            address TEXT PRIMARY KEY,
            status TEXT NOT NULL,              -- pending | confirmed
            created_at TEXT NOT NULL,
            confirmed_at TEXT)"""
    )
    conn.execute(
        """CREATE TABLE alert_subscriptions (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,             -- email | webhook
            target TEXT NOT NULL,              -- the address, or the webhook URL
            query TEXT,
            entity TEXT,                       -- as given (an id or a name)
            entity_ids TEXT,                   -- JSON list of the ids it meant at sign-up
            every TEXT NOT NULL,               -- instant | daily
            secret TEXT,                       -- webhook signing secret (whsec_...)
            status TEXT NOT NULL,              -- pending | active | removed
            created_at TEXT NOT NULL,
            confirmed_at TEXT,
            since_pk INTEGER NOT NULL DEFAULT 0,   -- only articles stored after this key are sent
            last_sent_at TEXT)"""
    )
    conn.execute(
        """CREATE UNIQUE INDEX alert_subscriptions_what
           ON alert_subscriptions (channel, target, coalesce(query, ''), coalesce(entity, ''))"""
    )
    # Confirmation tokens by their SHA-256 only: a copy of the archive confirms nothing.
    conn.execute(
        """CREATE TABLE alert_tokens (
            hash TEXT PRIMARY KEY,
            address TEXT NOT NULL REFERENCES alert_addresses (address),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            mailed_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_try TEXT NOT NULL)"""
    )
    conn.execute("CREATE INDEX alert_tokens_address ON alert_tokens (address, created_at)")
    conn.execute("CREATE TABLE alert_signups (address TEXT NOT NULL, client TEXT, at TEXT NOT NULL)")
    conn.execute("CREATE INDEX alert_signups_address ON alert_signups (address, at)")
    conn.execute("CREATE INDEX alert_signups_client ON alert_signups (client, at)")
    conn.execute(
        """CREATE TABLE alert_outbox (
            subscription_id INTEGER NOT NULL REFERENCES alert_subscriptions (id),
            article_pk INTEGER NOT NULL,
            status TEXT NOT NULL,              -- queued | sending | sent | dropped
            message_id TEXT,                   -- the mail or webhook message it went out in
            attempts INTEGER NOT NULL DEFAULT 0,
            next_try TEXT NOT NULL,
            error TEXT,
            queued_at TEXT NOT NULL,
            sent_at TEXT,
            PRIMARY KEY (subscription_id, article_pk))"""
    )
    conn.execute("CREATE INDEX alert_outbox_due ON alert_outbox (status, next_try)")
    conn.execute("CREATE TABLE alert_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    top = conn.execute("SELECT coalesce(max(pk), 0) FROM articles").fetchone()[0]
    conn.executemany(
        "INSERT INTO alert_state (key, value) VALUES (?, ?)",
        [("secret", secrets.token_hex(32)), ("matched_pk", str(top))],
    )
