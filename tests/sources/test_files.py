import gzip
import io
import json
import os
import sys

import pytest

from marsad.sources import read_inputs

ARABIC = "أعلنت البلدية افتتاح حديقة عامة جديدة في وسط المدينة، تضم ملاعب للأطفال ومسارات للمشي."


def _read(paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def test_text_file_becomes_raw_text_with_path_as_url(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARABIC, encoding="utf-8")
    [item] = _read([path])
    assert item.article.raw_text == ARABIC
    assert item.article.url == str(path) == item.origin
    assert item.article.error is None and item.fingerprint


def test_windows_1256_text_file_is_decoded(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARABIC.encode("cp1256"))
    [item] = _read([path])
    assert item.article.raw_text == ARABIC


def test_html_file_is_recognised_by_suffix_and_by_content(tmp_path):
    (tmp_path / "page.htm").write_text(f"<p>{ARABIC}</p>", encoding="utf-8")
    (tmp_path / "noext").write_text(f"<!DOCTYPE html><html><body><p>{ARABIC}</p></body></html>", encoding="utf-8")
    items = _read([tmp_path])
    assert [i.article.html is not None for i in items] == [True, True]


def test_folder_is_read_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(ARABIC + " ٢", encoding="utf-8")
    (tmp_path / "1.txt").write_text(ARABIC + " ١", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARABIC, encoding="utf-8")
    origins = [i.origin for i in _read([tmp_path])]
    assert origins == [str(tmp_path / "1.txt"), str(tmp_path / "b" / "2.txt")]


def test_jsonl_lines_become_articles_and_bad_lines_fail_alone(tmp_path):
    path = tmp_path / "feed.jsonl"
    rows = [
        json.dumps({"text": ARABIC, "url": "https://example.org/a", "title": "حديقة", "source": "example.org"}),
        "{not json",
        json.dumps({"title": "بلا نص"}),
        "",
        json.dumps(["a list"]),
        json.dumps({"html": f"<p>{ARABIC}</p>", "published": "2025-01-02"}),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    items = _read([path])
    assert [i.origin for i in items] == [f"{path}:{n}" for n in (1, 2, 3, 5, 6)]
    first, bad_json, no_text, a_list, html = (i.article for i in items)
    assert (first.url, first.title, first.source, first.raw_text) == ("https://example.org/a", "حديقة", "example.org", ARABIC)
    assert bad_json.error.reason.startswith("not JSON")
    assert no_text.error.reason == 'no "text" or "html" field with content'
    assert a_list.error.reason == "a JSON list, not an object"
    assert html.html and html.published == "2025-01-02" and html.error is None


def test_gzipped_jsonl_is_read(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"text": ARABIC}).encode() + b"\n"))
    [item] = _read([path])
    assert item.article.raw_text == ARABIC


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty input"),
        (b"\x00\x01\x02binary", "not text (binary data at byte 0)"),
        (b"\x1f\x8b\x08broken", "not valid gzip"),
    ],
)
def test_bad_files_fail_with_their_name_and_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [item] = _read([path])
    assert item.article.error.stage == "read"
    assert item.article.error.reason.startswith(reason)


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(200_000_000)  # a sparse 200 MB file
    [item] = _read([path])
    assert item.article.error.reason == "file is 200.0 MB, over the 50 MB limit"


def test_overlong_jsonl_line_fails_and_next_line_is_read(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "ن" * 5000}) + "\n" + json.dumps({"text": ARABIC}) + "\n", encoding="utf-8")
    first, second = _read([path], limit=2000)
    assert first.article.error.reason == "line is over the 2,000 byte limit"
    assert second.article.raw_text == ARABIC


def test_unreadable_entries_in_a_folder_are_reported_and_the_rest_read(tmp_path):
    (tmp_path / "good.txt").write_text(ARABIC, encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    items = _read([tmp_path])
    reasons = {os.path.basename(i.origin): i.article.error and i.article.error.reason for i in items}
    assert reasons == {"dangling.txt": "No such file or directory", "good.txt": None}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission_is_reported(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(ARABIC, encoding="utf-8")
    path.chmod(0)
    [item] = _read([path])
    assert item.article.error.reason == "Permission denied"


def test_missing_path_is_reported(tmp_path):
    [item] = _read([tmp_path / "nope"])
    assert item.article.error.reason == "no such file or folder"


def test_stdin_dash_reads_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARABIC.encode("cp1256"))))
    [item] = list(read_inputs(["-"]))
    assert item.origin.startswith("<stdin ") and item.article.raw_text == ARABIC
