"""Subscriptions: sign-up with double opt-in, confirmation, unsubscribe, listing.

An e-mail address receives nothing but one confirmation mail until its owner presses
the button behind the link in it. A sign-up answers the same whatever the archive
already knows about the address (the caller shows one message), a second sign-up
within the hour mails nothing, and signing up again never touches a subscription
that is already confirmed (listmonk #2987). Webhooks are added by the operator and
are active at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email

from marsad import settings
from marsad.alerts import tokens
from marsad.errors import MarsadError
from marsad.search import parse

__all__ = [
    "EVERY", "RateLimited", "Signup", "SignupError", "Subscription", "TokenError", "check_query", "confirm", "get",
    "issue_token", "listed", "listed_for", "normalize_address", "pending_confirmation", "remove", "resolver",
    "subscribe", "unsubscribe", "utc", "watched", "when",
]

EVERY = ("instant", "daily")
MAIL_GAP = timedelta(hours=1)  # one confirmation mail per address per hour, at most
MAIL_GRACE = timedelta(minutes=1)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


class SignupError(MarsadError):
    """A sign-up that cannot be accepted (bad address, query, entity, rhythm)."""

    exit_code = 2


class RateLimited(SignupError):
    """Too many sign-ups from one client in the last hour."""


class TokenError(SignupError):
    """A confirmation link that is unknown, used or expired."""


@dataclass(frozen=True, slots=True)
class Subscription:
    """One saved query or entity watch, for an address or a webhook URL."""

    id: int
    channel: str
    target: str
    query: str | None
    entity: str | None
    entity_ids: tuple[str, ...]
    every: str
    status: str
    created_at: str
    confirmed_at: str | None
    since_pk: int
    last_sent_at: str | None
    secret: str | None = None

    @property
    def what(self) -> str:
        """The watched thing as the subscriber wrote it (a query, or an entity's id or name)."""
        return self.query or self.entity or ""

    def to_dict(self) -> dict[str, Any]:
        """JSON for `alerts list --json`; the webhook secret stays out."""
        data = asdict(self)
        del data["secret"], data["since_pk"]
        data["entity_ids"] = list(self.entity_ids)
        return data


@dataclass(frozen=True, slots=True)
class Signup:
    """What a sign-up did: the subscription, and the token to mail (None: no mail now)."""

    subscription: Subscription | None
    token: str | None
    note: str


def utc(moment: datetime | None = None) -> str:
    """A moment as the archive stores it (ISO 8601, UTC, seconds)."""
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def when(stamp: str) -> datetime:
    """A stored moment back as a datetime."""
    return datetime.fromisoformat(stamp)


_COLUMNS = ("id, channel, target, query, entity, entity_ids, every, status, created_at, confirmed_at, "
            "since_pk, last_sent_at, secret")


def _subscription(row: tuple) -> Subscription:
    values = list(row)
    values[5] = tuple(json.loads(values[5])) if values[5] else ()
    return Subscription(*values)


def get(store, subscription_id: int) -> Subscription | None:
    """One subscription by id, or None."""
    rows = store.read(f"SELECT {_COLUMNS} FROM alert_subscriptions WHERE id = ?", (subscription_id,))
    return _subscription(rows[0]) if rows else None


def listed(store, status: str | None = None, channel: str | None = None) -> list[Subscription]:
    """Subscriptions in sign-up order, optionally of one status and channel."""
    sql = (f"SELECT {_COLUMNS} FROM alert_subscriptions WHERE (CAST(? AS TEXT) IS NULL OR status = ?) "
           "AND (CAST(? AS TEXT) IS NULL OR channel = ?)")
    return [_subscription(r) for r in store.read(sql + " ORDER BY id", (status, status, channel, channel))]


def resolver(archive) -> Callable[[str], list[str]]:
    """Entity ids a watched id or name means: as search resolves it, or a knowledge-base id that
    no stored article names yet (a watch may well start before the first mention)."""
    from marsad.kb import load_kb

    def resolve(name: str) -> list[str]:
        return archive.resolve_entity(name) or ([name] if load_kb().get(name) else [])

    return resolve


def normalize_address(raw: str) -> str:
    """The address in one form, or SignupError saying why it is not one (line breaks included:
    they would let a sign-up write its own mail headers)."""
    if not isinstance(raw, str) or not raw.strip():
        raise SignupError("an e-mail address is required")
    if _CONTROL.search(raw):
        raise SignupError(f"invalid e-mail address {raw!r}: it contains a line break or control character")
    if len(raw) > 254:
        raise SignupError(f"invalid e-mail address: {len(raw)} characters (at most 254)")
    try:
        # No SMTPUTF8: every mail server takes the address, and headers stay ASCII.
        found = validate_email(raw.strip(), check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise SignupError(f"invalid e-mail address {raw.strip()!r}: {error}") from None
    return (found.ascii_email or found.normalized).lower()


def check_query(query: str) -> str:
    """The query if search accepts it; else search's own QueryError (or ours for control characters)."""
    if _CONTROL.search(query):
        raise SignupError(f"invalid query {query!r}: it contains a line break or control character")
    parse(query)
    return query.strip()


def watched(query: str | None, entity: str | None, resolve: Callable[[str], list[str]] | None) -> tuple:
    """(query, entity, entity ids as JSON) of a sign-up, checked: exactly one of query and entity."""
    if (query is None) == (entity is None) or not (query or entity or "").strip():
        raise SignupError("give either a query or an entity to watch (one of them)")
    if query is not None:
        return check_query(query), None, None
    if _CONTROL.search(entity):
        raise SignupError(f"invalid entity {entity!r}: it contains a line break or control character")
    ids = resolve(entity.strip()) if resolve else [entity.strip()]
    if not ids:
        raise SignupError(f"no entity known as {entity.strip()!r}: give an id (e.g. PER:antonio-guterres) or a name")
    return None, entity.strip(), json.dumps(ids, ensure_ascii=False)


def _recent(store, column: str, value: str, since: str) -> int:
    sql = f"SELECT count(*) FROM alert_signups WHERE {column} = ? AND at > ?"
    return store.read(sql, (value, since))[0][0]


def subscribe(
    store, address: str, *, query: str | None = None, entity: str | None = None, every: str = "instant",
    resolve: Callable[[str], list[str]] | None = None, client: str | None = None, now: datetime | None = None,
) -> Signup:
    """Sign `address` up for a query or an entity; the caller mails `Signup.token` if it is set.

    Raises SignupError (or the search's QueryError) for bad input, RateLimited when `client`
    signed up too often; too many sign-ups of one address are ignored without a word.
    """
    address = normalize_address(address)
    if every not in EVERY:
        raise SignupError(f"--every must be one of {', '.join(EVERY)} (got {every!r})")
    query, entity, entity_ids = watched(query, entity, resolve)
    moment = now or datetime.now(UTC)
    hour_ago = utc(moment - timedelta(hours=1))
    if client and _recent(store, "client", client, hour_ago) >= settings.get("alert_signups_per_client"):
        raise RateLimited("too many sign-ups from this client in the last hour: try again later")
    if _recent(store, "address", address, hour_ago) >= settings.get("alert_signups_per_address"):
        return Signup(None, None, "ignored: too many sign-ups of this address in the last hour")
    with store.batch():
        store.execute("INSERT INTO alert_signups (address, client, at) VALUES (?, ?, ?)", (address, client, utc(moment)))
        store.execute("INSERT INTO alert_addresses (address, status, created_at) VALUES (?, 'pending', ?) "
                      "ON CONFLICT (address) DO NOTHING", (address, utc(moment)))
        subscription, note = _upsert(store, address, query, entity, entity_ids, every, moment)
        token = _token_if_due(store, address, moment)
    return Signup(subscription, token, note if token is None else note + "; a confirmation mail is due")


def _upsert(store, address: str, query, entity, entity_ids, every: str, moment: datetime) -> tuple:
    key = "coalesce(query, '') = coalesce(?, '') AND coalesce(entity, '') = coalesce(?, '')"
    found = store.read(f"SELECT {_COLUMNS} FROM alert_subscriptions WHERE channel = 'email' AND target = ? AND {key}",
                       (address, query, entity))
    if found and found[0][7] in ("active", "pending"):
        # Never reset: a confirmed subscription stays confirmed, whoever signs it up again.
        return _subscription(found[0]), f"already {'confirmed' if found[0][7] == 'active' else 'waiting for confirmation'}"
    if found:
        store.execute("UPDATE alert_subscriptions SET status = 'pending', every = ?, entity_ids = ?, "
                      "confirmed_at = NULL WHERE id = ?", (every, entity_ids, found[0][0]))
        return get(store, found[0][0]), "signed up again; waiting for confirmation"
    # RETURNING id rather than lastrowid: both SQLite and PostgreSQL hand the new id back this way
    new_id = store.execute(
        "INSERT INTO alert_subscriptions (channel, target, query, entity, entity_ids, every, status, created_at) "
        "VALUES ('email', ?, ?, ?, ?, ?, 'pending', ?) RETURNING id",
        (address, query, entity, entity_ids, every, utc(moment))).fetchall()[0][0]
    return get(store, new_id), "waiting for confirmation"


def _token_if_due(store, address: str, moment: datetime) -> str | None:
    """A new confirmation token when the address has something to confirm and got no mail this hour."""
    waiting = store.read("SELECT 1 FROM alert_subscriptions WHERE channel = 'email' AND target = ? "
                         "AND status = 'pending' LIMIT 1", (address,))
    recent = store.read("SELECT 1 FROM alert_tokens WHERE address = ? AND created_at > ? LIMIT 1",
                        (address, utc(moment - MAIL_GAP)))
    if not waiting or recent:
        return None
    return issue_token(store, address, moment)


def issue_token(store, address: str, moment: datetime, attempts: int = 0) -> str:
    """Store the hash of a new confirmation token for `address` and return the token."""
    token = tokens.new_token()
    expires = moment + timedelta(days=int(settings.get("alert_token_days")))
    # A fresh token is mailed by whoever signed up; the retry in `deliver` only takes it after a grace minute.
    retry = moment + (MAIL_GRACE if attempts == 0 else timedelta(0))
    store.execute("INSERT INTO alert_tokens (hash, address, created_at, expires_at, attempts, next_try) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  (tokens.hash_token(token), address, utc(moment), utc(expires), attempts, utc(retry)))
    return token


def pending_confirmation(store, token: str, now: datetime | None = None) -> tuple[str, list[Subscription]]:
    """The address a confirmation token stands for and what it would confirm; TokenError if invalid."""
    rows = store.read("SELECT address, expires_at, used_at FROM alert_tokens WHERE hash = ?", (tokens.hash_token(token),))
    if not rows:
        raise TokenError("this confirmation link is not valid: sign up again to get a new one")
    address, expires_at, used_at = rows[0]
    if used_at:
        raise TokenError("this confirmation link was already used: each link works once")
    if when(expires_at) <= (now or datetime.now(UTC)):
        raise TokenError("this confirmation link has expired: sign up again to get a new one")
    return address, listed_for(store, address, "pending")


def listed_for(store, address: str, status: str) -> list[Subscription]:
    """The e-mail subscriptions of one address in one status, in sign-up order."""
    sql = f"SELECT {_COLUMNS} FROM alert_subscriptions WHERE channel = 'email' AND target = ? AND status = ? ORDER BY id"
    return [_subscription(r) for r in store.read(sql, (address, status))]


def confirm(store, token: str, ids: list[int] | None = None, now: datetime | None = None) -> list[Subscription]:
    """Use `token`: its address is confirmed, and so are its pending subscriptions (those in `ids`
    when given, i.e. the ones the confirm page showed). Only articles stored from now on are sent."""
    moment = now or datetime.now(UTC)
    with store.batch():
        address, waiting = pending_confirmation(store, token, moment)
        chosen = [s for s in waiting if ids is None or s.id in ids]
        top = store.read("SELECT coalesce(max(pk), 0) FROM articles")[0][0]
        store.execute("UPDATE alert_tokens SET used_at = ? WHERE hash = ?", (utc(moment), tokens.hash_token(token)))
        store.execute("UPDATE alert_addresses SET status = 'confirmed', confirmed_at = coalesce(confirmed_at, ?) "
                      "WHERE address = ?", (utc(moment), address))
        for subscription in chosen:
            store.execute("UPDATE alert_subscriptions SET status = 'active', confirmed_at = ?, since_pk = ?, "
                          "last_sent_at = ? WHERE id = ? AND status = 'pending'",
                          (utc(moment), top, utc(moment), subscription.id))
    return [get(store, s.id) for s in chosen]


def unsubscribe(store, token: str) -> Subscription | None:
    """End the subscription an unsubscribe link stands for; None if the link is not ours."""
    subscription_id = tokens.unsubscribed_id(tokens.archive_secret(store), token)
    if subscription_id is None or get(store, subscription_id) is None:
        return None
    remove(store, [subscription_id])
    return get(store, subscription_id)


def remove(store, ids: list[int]) -> int:
    """End these subscriptions now; what was queued for them is dropped. Returns how many ended."""
    marks = ", ".join("?" * len(ids))
    with store.batch():
        ended = store.execute(f"UPDATE alert_subscriptions SET status = 'removed' WHERE id IN ({marks}) "
                              "AND status != 'removed'", ids).rowcount
        store.execute(f"UPDATE alert_outbox SET status = 'dropped' WHERE subscription_id IN ({marks}) "
                      "AND status IN ('queued', 'sending')", ids)
    return ended
