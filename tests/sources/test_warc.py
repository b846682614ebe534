"""WARC input: HTML responses become articles; everything else is skipped, counted or quarantined."""

import gzip
from collections import Counter

import pytest
import warcs
from clirun import run
from newsroom import article_html

from marsad.service import Archive
from marsad.sources.warc import read_warc

ENGLISH = (b"<html><head><title>Markets</title></head><body><article>" + b"<p>Stocks rose on Monday as traders "
           b"weighed new figures on inflation and jobs across the region.</p>" * 5 + b"</article></body></html>")


def crawl() -> list[bytes]:
    return [
        warcs.warcinfo(),
        warcs.request("https://news.example/1"),
        warcs.response("https://news.example/1", article_html(1).encode()),
        warcs.response("https://news.example/2", article_html(2, published=None).encode(), date="2026-02-11T06:30:00Z"),
        warcs.response("https://news.example/logo.png", b"\x89PNG....", content_type="image/png"),
        warcs.response("https://news.example/gone", b"<html>gone</html>", status="404 Not Found"),
        warcs.response("https://news.example/en", ENGLISH),
        warcs.response("https://news.example/3", article_html(3).encode()),
    ]


def test_warc_ingest_stores_html_responses_and_counts_the_rest(capsys, tmp_path, archive_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warcs.write(crawl()))
    code, out, _ = run(capsys, "ingest", str(path), "--lang", "ar", "--pipeline", "clean", "--db", str(archive_path))
    assert code == 0
    assert "3 new articles" in out and "5 WARC records skipped" in out
    assert "not Arabic 1" in out and "not HTML 1" in out and "not a 200 response 1" in out
    with Archive(archive_path, readonly=True) as archive:
        by_url = {a.url: a for a in map(archive.article, archive.store.ids())}
    assert set(by_url) == {"https://news.example/1", "https://news.example/2", "https://news.example/3"}
    assert by_url["https://news.example/1"].published.startswith("2026-03-01")  # from the page
    assert by_url["https://news.example/2"].published == "2026-02-11T06:30:00Z"  # from WARC-Date
    assert by_url["https://news.example/1"].source == "news.example"
    code, out, _ = run(capsys, "ingest", str(path), "--lang", "ar", "--pipeline", "clean", "--db", str(archive_path))
    assert "0 new articles, 3 inputs skipped (ingested before, unchanged)" in out


def test_bad_gzip_member_and_truncated_tail_are_quarantined_and_the_rest_goes_on(capsys, tmp_path, archive_path):
    members = [gzip.compress(r) for r in crawl()]
    members[3] = members[3][:30] + b"\x00" * 40 + members[3][70:]  # article 2's member damaged
    members[-1] = members[-1][: len(members[-1]) // 2]  # the file cut off inside article 3
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(b"".join(members))
    code, out, err = run(capsys, "ingest", str(path), "--pipeline", "clean", "--db", str(archive_path))
    assert code == 2 and "2 new articles" in out and "2 failed" in out  # article 1 and the English page
    damaged, cut = sum(map(len, members[:3])), sum(map(len, members[:-1]))
    assert f"cannot read '{path}@{damaged}': corrupt WARC record" in err
    assert f"cannot read '{path}@{cut}': truncated record" in err
    with Archive(archive_path, readonly=True) as archive:
        assert {q.origin for q in archive.quarantine()} == {f"{path}@{damaged}", f"{path}@{cut}"}


@pytest.mark.parametrize("backend", ["fastwarc", "warcio"])
@pytest.mark.parametrize("compress", [True, False])
def test_both_readers_give_the_same_records(tmp_path, backend, compress):
    pytest.importorskip(backend)
    path = tmp_path / ("c.warc.gz" if compress else "c.warc")
    path.write_bytes(warcs.write(crawl(), compress))
    skips = Counter()
    items = list(read_warc(path, 1_000_000, skips=skips, backend=backend))
    assert [i.article.url for i in items] == [f"https://news.example/{n}" for n in ("1", "2", "en", "3")]
    assert skips == Counter({"warcinfo record": 1, "request record": 1, "not HTML": 1, "not a 200 response": 1})
    assert items[1].article.flags == {"published_hint": "2026-02-11T06:30:00Z"}
