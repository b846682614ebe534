"""The fetcher against the loopback newsroom: polite, conditional, bounded, never hanging."""

import pytest

from marsad.sources.fetch import Fetcher, Validators
from marsad.sources.guard import FetchError


def test_fetch_sends_our_user_agent_and_obeys_robots(newsroom):
    with Fetcher() as fetcher:
        page = fetcher.get(newsroom.base + "/news/1.html")
        assert page.status == 200 and "charset=utf-8" not in page.content_type and page.charset == "utf-8"
        with pytest.raises(FetchError, match="disallowed by robots.txt"):
            fetcher.get(newsroom.base + "/private/secret.html")
        fetcher.get(newsroom.base + "/news/2.html")
    assert newsroom.hits("/robots.txt") == 1  # cached per host
    assert newsroom.hits("/private/secret.html") == 0
    agents = {headers.get("User-Agent") for _, headers in newsroom.requests}
    assert len(agents) == 1 and agents.pop().startswith("marsad/")


def test_conditional_get_answers_304(newsroom):
    with Fetcher() as fetcher:
        first = fetcher.get(newsroom.base + "/feeds/0.xml")
        again = fetcher.get(newsroom.base + "/feeds/0.xml", first.validators)
        newsroom.publish("/feeds/0.xml")
        changed = fetcher.get(newsroom.base + "/feeds/0.xml", first.validators)
    assert first.validators.etag and again.not_modified and again.content == b""
    assert changed.status == 200 and changed.validators != first.validators


@pytest.mark.parametrize("path, reason", [
    ("/bad/big.html", "too large"),
    ("/bad/slow.html", "too slow"),
    ("/bad/loop/1", "more than 5 redirects"),
    ("/bad/missing", "HTTP 404"),
    ("/bad/fail", "HTTP 503"),
])
def test_fetch_failures_name_the_url_and_the_reason(newsroom, path, reason):
    with Fetcher() as fetcher, pytest.raises(FetchError, match=reason) as caught:
        fetcher.get(newsroom.base + path)
    assert caught.value.origin == newsroom.base + path


def test_fetch_retries_a_5xx_then_succeeds(newsroom):
    with Fetcher() as fetcher:
        page = fetcher.get(newsroom.base + "/bad/flaky.html")
    assert page.status == 200 and newsroom.hits("/bad/flaky.html") == 2


def test_size_cap_holds_with_and_without_a_content_length(newsroom):
    with Fetcher(max_bytes=500) as fetcher, pytest.raises(FetchError, match="bytes declared"):
        fetcher.get(newsroom.base + "/news/1.html", Validators())
    with Fetcher() as fetcher, pytest.raises(FetchError, match="over the 1,000,000 byte cap"):
        fetcher.get(newsroom.base + "/bad/endless.html")  # no length given: counted while streaming


def test_per_host_delay_spaces_requests():
    slept = []
    clock = iter(range(0, 1000)).__next__
    fetcher = Fetcher(delay=2.0, sleep=slept.append, clock=lambda: float(clock()), obey_robots=False)
    fetcher._wait_turn("http://a.example/1")
    fetcher._wait_turn("http://a.example/2")
    fetcher._wait_turn("http://b.example/1")
    fetcher.close()
    assert slept == [1.0]  # a.example waited; b.example, another host, did not


def test_robots_crawl_delay_is_honoured(newsroom):
    newsroom.robots = b"User-agent: *\nCrawl-delay: 5\nDisallow: /private/\n"
    slept = []
    with Fetcher(sleep=slept.append) as fetcher:
        fetcher.get(newsroom.base + "/news/1.html")
        fetcher.get(newsroom.base + "/news/2.html")
    assert len(slept) == 1 and 4 < slept[0] <= 5
