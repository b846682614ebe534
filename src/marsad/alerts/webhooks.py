"""Webhook deliveries: JSON POSTs signed the Standard Webhooks way, behind an SSRF guard.

Signature: `v1,` + base64(HMAC-SHA256(secret, "{webhook-id}.{webhook-timestamp}.{body}"))
where the secret is the base64 after `whsec_`. The webhook-id of a match never changes
across retries, so a receiver can drop a delivery it already has.

A webhook URL is any URL someone typed, so it must not reach this machine's own or its
network's private services: every address the host name resolves to must be public,
unless the setting `fetch_allow_private` allows otherwise (the same knob as fetching).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import json
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from marsad import settings
from marsad.alerts.subscriptions import SignupError, Subscription, get, utc, watched

__all__ = ["WebhookError", "add", "check_secret", "check_url", "post", "sign"]


class WebhookError(SignupError):
    """A webhook URL or secret that cannot be used, or a delivery that failed."""


def check_secret(secret: str) -> bytes:
    """The key bytes of a `whsec_…` secret; WebhookError if it is not one."""
    if not isinstance(secret, str) or not secret.startswith("whsec_"):
        raise WebhookError("the webhook secret must start with whsec_ (Standard Webhooks)")
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except (binascii.Error, ValueError):
        raise WebhookError("the webhook secret after whsec_ must be base64") from None
    if len(key) < 24:
        raise WebhookError(f"the webhook secret is too short: {len(key)} bytes (at least 24)")
    return key


def check_url(url: str) -> None:
    """Refuse URLs that are not http(s) or that resolve to a non-public address (SSRF)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookError(f"webhook URL {url!r} must be an http:// or https:// URL with a host")
    if any(c in url for c in "\r\n\t "):
        raise WebhookError(f"webhook URL {url!r} contains white space")
    if settings.get("fetch_allow_private"):
        return
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookError(f"webhook URL {url!r}: cannot resolve {parts.hostname!r} ({error})") from None
    for *_, address in found:
        ip = ipaddress.ip_address(address[0].split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise WebhookError(
                f"webhook URL {url!r} points at a non-public address ({ip}); "
                "set fetch_allow_private (MARSAD_FETCH_ALLOW_PRIVATE) to allow it")


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature header value for this delivery."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(check_secret(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def post(url: str, secret: str, message_id: str, payload: dict[str, Any], timeout: float | None = None) -> None:
    """POST one signed delivery; WebhookError unless the endpoint answers 2xx in time.

    Redirects are not followed: a redirect could lead past the SSRF check.
    """
    check_url(url)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    stamp = int(time.time())
    headers = {"content-type": "application/json", "user-agent": "marsad-webhooks",
               "webhook-id": message_id, "webhook-timestamp": str(stamp),
               "webhook-signature": sign(secret, message_id, stamp, body)}
    wait = float(settings.get("webhook_timeout", timeout))
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=wait, follow_redirects=False)
    except httpx.TimeoutException:
        raise WebhookError(f"webhook {url} did not answer within {wait:g} s") from None
    except httpx.HTTPError as error:
        raise WebhookError(f"webhook {url} cannot be reached: {error}") from None
    if not 200 <= response.status_code < 300:
        raise WebhookError(f"webhook {url} answered {response.status_code}")


def add(
    store, url: str, secret: str, *, query: str | None = None, entity: str | None = None,
    resolve: Callable[[str], list[str]] | None = None,
) -> Subscription:
    """An active webhook subscription (the operator adds it; nobody has to opt in)."""
    check_url(url)
    check_secret(secret)
    query, entity, entity_ids = watched(query, entity, resolve)
    moment = datetime.now(UTC)
    key = "coalesce(query, '') = coalesce(?, '') AND coalesce(entity, '') = coalesce(?, '')"
    with store.batch():
        top = store.read("SELECT coalesce(max(pk), 0) FROM articles")[0][0]
        found = store.read(f"SELECT id FROM alert_subscriptions WHERE channel = 'webhook' AND target = ? AND {key}",
                           (url, query, entity))
        if found:
            store.execute("UPDATE alert_subscriptions SET secret = ?, entity_ids = ?, status = 'active', since_pk = "
                          "CASE WHEN status = 'removed' THEN ? ELSE since_pk END WHERE id = ?",
                          (secret, entity_ids, top, found[0][0]))
            return get(store, found[0][0])
        new_id = store.execute(
            "INSERT INTO alert_subscriptions (channel, target, query, entity, entity_ids, every, secret, status, "
            "created_at, confirmed_at, since_pk) VALUES ('webhook', ?, ?, ?, ?, 'instant', ?, 'active', ?, ?, ?) "
            "RETURNING id", (url, query, entity, entity_ids, secret, utc(moment), utc(moment), top)).fetchall()[0][0]
    return get(store, new_id)
