"""The SSRF guard: a URL someone typed (or a feed linked) must not reach our own network.

A source list is user input, and a feed or a redirect can point anywhere; without
this, `marsad watch` on a server would fetch http://169.254.169.254/ or an admin page
on localhost for whoever added the source. Every host is resolved and every address
it resolves to is checked, before the first request and after every redirect.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from marsad.errors import InputError

__all__ = ["FetchError", "check_url"]


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


def check_url(url: str, allow_private: bool) -> None:
    """Raise `FetchError` unless `url` is http(s) and its host resolves only to public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(url, f"not an http(s) URL (scheme {parts.scheme or 'missing'!r})")
    host = parts.hostname
    if not host:
        raise FetchError(url, "no host in URL")
    try:
        infos = socket.getaddrinfo(host, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(url, f"cannot resolve host {host!r} ({error})") from None
    if allow_private:
        return
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        kind = _refused(address)
        if kind:
            raise FetchError(
                url, f"host {host!r} resolves to {kind} address {address}, refused "
                     "(setting fetch_allow_private, env MARSAD_FETCH_ALLOW_PRIVATE)")
