"""A test newsroom on 127.0.0.1: our own articles, feeds and sitemaps, plus bad servers.

The tests (and bench/watch_speed.py) drive `marsad watch --once` against it. It
publishes on demand (`publish`), answers conditional GETs with 304, serves a
robots.txt, and has a route for every bad input the fetcher must survive: slow,
failing, flaky, malformed, oversized, encoded wrongly, redirecting forever.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

WORDS = ("الحكومة", "البرلمان", "الاقتصاد", "المدينة", "الوزارة", "المياه", "الكهرباء", "المدارس", "الطرق",
         "الميناء", "المستشفى", "الجامعة", "المزارعين", "الصادرات", "الموازنة", "الشباب", "النقل", "الطاقة",
         "السياحة", "الأسواق", "الزراعة", "الصحة", "البلدية", "المطار", "الشركات", "العمال", "الأسعار")
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def article_html(n: int, title: str | None = None, published: str | None = "2026-03-01") -> str:
    """A plausible Arabic news page, different for every `n` (so every text gets its own id)."""
    pick = [WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(12)]
    title = title or f"تقرير رقم {n} عن {pick[0]} و{pick[1]}"
    paragraphs = [
        f"أعلنت {pick[0]} اليوم عن خطة جديدة تخص {pick[1]} و{pick[2]} في إطار برنامج يحمل الرقم {n} "
        f"ويستمر عدة أشهر بمشاركة واسعة من {pick[3]}.",
        f"وقال مسؤول في {pick[4]} إن الخطة تشمل تحسين خدمات {pick[5]} وتطوير {pick[6]} خلال العام الجاري، "
        f"مشيرا إلى أن الكلفة الإجمالية تبلغ {n * 13 + 7} مليون.",
        f"وأضاف أن {pick[7]} ستستفيد من المرحلة الأولى، على أن تتبعها مرحلة ثانية تخص {pick[8]} و{pick[9]}.",
        f"ويرى مراقبون أن نجاح الخطة رقم {n} يتوقف على التنسيق بين {pick[10]} و{pick[11]} وعلى توفير التمويل اللازم.",
    ]
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>{meta}'
            f'</head><body><nav><a href="/">الرئيسية</a></nav><article><h1>{title}</h1>{body}</article>'
            f"<footer>جميع الحقوق محفوظة</footer></body></html>")


def rss(base: str, items: list[tuple[str, str | None]], title: str = "أخبار") -> bytes:
    entries = "".join(
        f"<item><title>خبر</title><link>{base}{path}?utm_source=rss#top</link>"
        + (f"<pubDate>{date}</pubDate>" if date else "") + "</item>"
        for path, date in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{base}/</link>{entries}</channel></rss>").encode()


def sitemap(base: str, paths: list[str], news: bool = True) -> bytes:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    urls = "".join(
        f"<url><loc>{base}{p}</loc>"
        + ("<news:news><news:publication_date>2026-02-01T08:00:00Z</news:publication_date></news:news>" if news else "")
        + "</url>" for p in paths)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>{urls}</urlset>'.encode()


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>')


class Newsroom:
    """The server and what it publishes; `requests` logs (path, headers) of every request."""

    def __init__(self, feeds: int = 1, per_feed: int = 3, first: int = 0) -> None:
        """`first`: article numbers start after it (two newsrooms with different `first` never
        publish the same text); `delay`: seconds every answer waits (a slow host)."""
        self.lock = threading.Lock()
        self.pages: dict[str, bytes] = {}
        self.feeds: dict[str, list[tuple[str, str | None]]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.times: list[float] = []  # time.monotonic() of each request, beside `requests`
        self.counter = first
        self.delay = 0.0
        self.flaky_left = 1
        self.trickle_seconds = 5.0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.handle_error = lambda *args: None  # clients hanging up early is what we test
        self.broken: dict[str, str] = {}
        self.robots = ROBOTS  # path -> another path whose answer it gives (feeds that go bad)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        for f in range(feeds):
            self.feeds[f"/feeds/{f}.xml"] = []
            self.publish(f"/feeds/{f}.xml", per_feed)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def publish(self, feed: str, count: int = 1, published: str | None = "Sun, 01 Mar 2026 08:00:00 GMT",
                dated_page: bool = True) -> list[str]:
        """Add `count` new articles to `feed` (pages dated 2026-03-01 unless not `dated_page`)."""
        paths = []
        with self.lock:
            for _ in range(count):
                self.counter += 1
                path = f"/news/{self.counter}.html"
                self.pages[path] = article_html(self.counter, published="2026-03-01" if dated_page else None).encode()
                self.feeds[feed].insert(0, (path, published))
                paths.append(path)
        return paths

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if urlsplit(p).path == path)

    @functools.cached_property
    def fixed(self) -> dict[str, tuple[int, dict[str, str], bytes]]:
        """Answers that never change (built once: the bombs take a moment to make)."""
        html = {"Content-Type": "text/html; charset=utf-8"}
        xml = {"Content-Type": "application/rss+xml"}
        return {
            "/": (200, html, (f'<html><head><title>الموقع</title><link rel="alternate" type="application/rss+xml" '
                              f'href="/feeds/0.xml"><link rel="alternate" type="application/feed+json" '
                              f'href="/feed.json"></head><body>الرئيسية</body></html>').encode()),
            "/feed.json": (200, {"Content-Type": "application/feed+json"},
                           (f'{{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": '
                            f'[{{"url": "{self.base}/news/1.html", "date_published": "2026-03-01T08:00:00Z"}}]}}').encode()),
            "/bad/html-feed.xml": (200, xml, b"<!DOCTYPE html><html><body><p>not a feed</p></body></html>"),
            "/bad/truncated.xml": (200, xml, rss(self.base, [("/news/1.html", None), ("/news/2.html", None)])[:-50]),
            "/bad/laughs.xml": (200, xml, BILLION_LAUGHS),
            "/bad/wrong-encoding.xml": (200, xml, '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                                        '<title>أخبار</title><item><title>عنوان الخبر</title></item></channel></rss>'
                                        .encode("cp1256")),
            "/bad/bomb.xml": (200, {"Content-Type": "application/xml"},
                              gzip.compress(b"<urlset>" + b" " * 3_000_000 + b"</urlset>", 1)),
            "/bad/big.html": (200, html, b"<html><body>" + b"x" * 3_000_000 + b"</body></html>"),
            "/bad/pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 not a page"),
            "/bad/missing": (404, html, b"not here"),
            "/bad/fail": (503, html, b"down"),
            "/private/secret.html": (200, html, article_html(999_999).encode()),
            "/cp1256.html": (200, {"Content-Type": "text/html"}, article_html(424_242, "صفحة بترميز عربي قديم")
                             .replace('charset="utf-8"', 'charset="windows-1256"').encode("cp1256")),
        }

    def routes(self, path: str) -> tuple[int, dict[str, str], bytes] | None:
        """Answers that are not plain articles or feeds: the newsroom's bad corners."""
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, self.robots
        if path in self.fixed:
            return self.fixed[path]
        if path.startswith("/bad/loop/"):
            step = int(path.rsplit("/", 1)[1])
            return 302, {"Location": f"/bad/loop/{step + 1}"}, b""
        if path == "/bad/flaky.html":
            with self.lock:
                self.flaky_left -= 1
                if self.flaky_left >= 0:
                    return 500, html, b"try again"
            return 200, html, article_html(777_777).encode()
        if path == "/news-sitemap.xml":
            return 200, {"Content-Type": "application/xml"}, sitemap(self.base, list(self.pages)[:5])
        if path == "/sitemap-index.xml":
            body = (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<sitemap><loc>{self.base}/news-sitemap.xml</loc></sitemap></sitemapindex>").encode()
            return 200, {"Content-Type": "application/xml"}, body
        return None

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        found = self.routes(path)
        if found is not None:
            return found
        with self.lock:
            if path in self.pages:
                return 200, {"Content-Type": "text/html; charset=utf-8"}, self.pages[path]
            if path in self.feeds:
                return 200, {"Content-Type": "application/rss+xml"}, rss(self.base, self.feeds[path])
        return 404, {"Content-Type": "text/plain"}, b"no such page"

    def _handler(self):
        room = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = urlsplit(self.path).path
                path = room.broken.get(path, path)
                with room.lock:
                    room.requests.append((self.path, dict(self.headers)))
                    room.times.append(time.monotonic())
                if room.delay:
                    time.sleep(room.delay)
                if path == "/bad/slow.html":
                    return self._trickle()
                if path == "/bad/endless.html":
                    return self._endless()
                status, headers, body = room.answer(path)
                etag = '"' + hashlib.md5(body).hexdigest() + '"' if status == 200 else None
                if etag and self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if etag:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", formatdate(0, usegmt=True))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _endless(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for _ in range(200):
                        self.wfile.write(b"<p>" + b"x" * 16_000 + b"</p>")
                except OSError:
                    pass
                self.close_connection = True

            def _trickle(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                end = time.monotonic() + room.trickle_seconds
                try:
                    while time.monotonic() < end:
                        self.wfile.write(b"<")
                        self.wfile.flush()
                        time.sleep(0.05)
                except OSError:
                    pass
                self.close_connection = True

        return Handler
