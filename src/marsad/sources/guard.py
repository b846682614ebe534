"""The SSRF guard: a URL someone typed (or a feed linked) must not reach our own network.

A source list is user input, and a feed or a redirect can point anywhere; without
this, `marsad watch` on a server would fetch http://169.254.169.254/ or an admin page
on localhost for whoever added the source. Every host is resolved and every address
it resolves to is checked, before the first request and after every redirect; the
address the connection actually went to is checked again before the body is read, so a
name that resolves differently the second time (DNS rebinding) gets nothing back.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from marsad.errors import InputError

__all__ = ["FetchError", "check_peer", "check_url"]


class FetchError(InputError):
    """A URL could not be fetched (refused, failed, too large, not allowed); `status` is the HTTP one."""

    def __init__(self, origin: str, reason: str, status: int | None = None) -> None:
        super().__init__(origin, reason)
        self.status = status


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)]


def _refusal(host: str, address: str) -> str | None:
    ip = ipaddress.ip_address(address.split("%")[0])
    kind = _refused(ip)
    if kind is None:
        return None
    return (f"host {host!r} resolves to {kind} address {ip}, refused "
            "(setting fetch_allow_private, env MARSAD_FETCH_ALLOW_PRIVATE)")


def check_peer(url: str, address: str | None, allow_private: bool) -> None:
    """Raise if the connection went to an internal address after all (DNS rebinding:
    the name resolved to a public address for `check_url`, then to another one)."""
    if allow_private or not address:
        return
    reason = _refusal(urlsplit(url).hostname or "", address)
    if reason:
        raise FetchError(url, f"connected to an internal address: {reason}")


def check_url(url: str, allow_private: bool) -> None:
    """Raise `FetchError` unless `url` is http(s) and its host resolves only to public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(url, f"not an http(s) URL (scheme {parts.scheme or 'missing'!r})")
    host = parts.hostname
    if not host:
        raise FetchError(url, "no host in URL")
    try:
        addresses = resolve(host, parts.port or 80)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(url, f"cannot resolve host {host!r} ({error})") from None
    if allow_private:
        return
    for address in addresses:
        reason = _refusal(host, address)
        if reason:
            raise FetchError(url, reason)
