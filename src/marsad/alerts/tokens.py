"""Secrets alerts hand out: confirmation tokens, unsubscribe links and CSRF values.

A confirmation token is random (32 bytes) and the archive keeps only its SHA-256, so
a leaked archive confirms nothing. Unsubscribe links must outlive any mail and need
no row: they carry the subscription id and an HMAC of it under the archive's secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["archive_secret", "hash_token", "new_token", "same", "unsubscribe_token", "unsubscribed_id"]


def new_token() -> str:
    """A fresh random token, safe in a URL path."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What the archive stores for `token`."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def same(a: str, b: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(hash_token(a), hash_token(b))


def archive_secret(store) -> bytes:
    """The per-archive secret made by the migration."""
    return bytes.fromhex(store.read("SELECT value FROM alert_state WHERE key = 'secret'")[0][0])


def _sign(secret: bytes, message: str) -> str:
    return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()[:32]


def unsubscribe_token(secret: bytes, subscription_id: int) -> str:
    """The token of subscription `subscription_id`'s unsubscribe link."""
    return f"{subscription_id}.{_sign(secret, f'unsubscribe:{subscription_id}')}"


def unsubscribed_id(secret: bytes, token: str) -> int | None:
    """The subscription an unsubscribe token stands for, or None if it is not one of ours."""
    head, _, _ = token.partition(".")
    if not head.isdigit() or len(head) > 18:
        return None
    return int(head) if hmac.compare_digest(unsubscribe_token(secret, int(head)), token) else None
