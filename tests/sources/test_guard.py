"""The SSRF guard: on by default, checked before the first request and after every redirect."""

import httpx
import pytest

from marsad.sources.fetch import Fetcher
from marsad.sources.guard import FetchError, check_url


@pytest.mark.parametrize("url, kind", [
    ("http://127.0.0.1/", "loopback"),
    ("http://localhost:8000/admin", "loopback"),
    ("http://10.1.2.3/", "private"),
    ("http://192.168.0.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[::1]/", "loopback"),
    ("http://[::ffff:10.0.0.1]/", "private"),
    ("http://224.0.0.1/", "multicast"),
    ("http://0.0.0.0/", "unspecified"),
])
def test_guard_refuses_internal_addresses_by_default(url, kind, monkeypatch):
    monkeypatch.delenv("MARSAD_FETCH_ALLOW_PRIVATE", raising=False)
    with pytest.raises(FetchError, match=kind) as caught:
        check_url(url, allow_private=False)
    assert "fetch_allow_private" in caught.value.reason


def test_guard_refuses_other_schemes_and_allows_public_and_private_when_told():
    with pytest.raises(FetchError, match="not an http"):
        check_url("file:///etc/passwd", allow_private=True)
    check_url("http://8.8.8.8/", allow_private=False)
    check_url("http://127.0.0.1/", allow_private=True)


def test_guard_is_applied_after_a_redirect(monkeypatch):
    monkeypatch.delenv("MARSAD_FETCH_ALLOW_PRIVATE", raising=False)
    asked = []

    def public_site(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})

    # A public address literal needs no DNS; the transport stands in for the site only.
    with Fetcher(delay=0, transport=httpx.MockTransport(public_site), obey_robots=False) as fetcher:
        with pytest.raises(FetchError, match="link-local address 169.254.169.254"):
            fetcher.get("http://93.184.216.34/story")
    assert asked == ["http://93.184.216.34/story"]  # the metadata address was never asked


def test_guard_checks_where_the_connection_went(newsroom, monkeypatch):
    """DNS rebinding: the name looked public when checked, the connection went to loopback."""
    from marsad.sources import guard

    monkeypatch.setenv("MARSAD_FETCH_ALLOW_PRIVATE", "0")
    monkeypatch.setattr(guard, "resolve", lambda host, port: ["93.184.216.34"])  # the guard's lookup only
    with Fetcher(obey_robots=False) as fetcher, pytest.raises(FetchError, match="connected to an internal address"):
        fetcher.get(newsroom.base + "/news/1.html")
