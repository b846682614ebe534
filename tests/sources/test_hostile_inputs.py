"""Hostile inputs at the readers: poison lines, odd names, gzip streams and bombs, special
files, links out of a folder, and the archive's own files (issue 15)."""

import gzip
import json
import os
import threading
from pathlib import Path

import pytest

from marsad.service import Archive
from marsad.sources import read_inputs
from marsad.sources.gunzip import MAX_RATIO

ARABIC = "أعلنت البلدية افتتاح حديقة عامة جديدة في وسط المدينة، تضم ملاعب للأطفال ومسارات للمشي."


def _row(n: int) -> str:
    return json.dumps({"text": f"{ARABIC} الخبر رقم {n} عن المدينة وحدائقها الجديدة.", "url": f"https://x.example/{n}"},
                      ensure_ascii=False)


def _read(paths, **kw):
    skipped = []
    items = list(read_inputs([str(p) for p in paths], on_skip=skipped.append, **kw))
    return items, skipped


def test_a_lone_surrogate_line_is_quarantined_and_the_rest_of_a_large_file_stored(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [_row(n) for n in range(1, 1201)]
    lines[699] = '{"text": "\\ud83d ' + ARABIC + '"}'  # line 700
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([str(path)], pipeline="clean")
        assert report.new == 1199
        [(origin, message)] = report.failed
        assert origin == f"{path}:700" and "lone surrogate, U+D83D" in message
        [entry] = archive.quarantine()
        assert entry.origin == f"{path}:700" and entry.stage == "read"
        rerun = archive.ingest([str(path)], pipeline="clean")
        assert (rerun.new, rerun.skipped, len(rerun.failed)) == (0, 1199, 1)


def test_a_surrogate_in_a_metadata_field_is_named(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": ARABIC, "title": "x\udc00y"}) + "\n", encoding="utf-8")
    [[item], _] = _read([path])
    assert item.article.error.reason == 'field "title" is not valid Unicode (a lone surrogate, U+DC00, at character 1)'


def test_a_file_name_that_is_not_utf8_is_read_under_an_escaped_name(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/bad\xff.txt"
    with open(raw, "wb") as handle:
        handle.write(ARABIC.encode())
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([str(folder)], pipeline="clean")
        assert report.new == 1 and not report.failed
        [article_id] = list(archive.store.ids())
        assert archive.article(article_id).url == f"{folder}/bad\\xff.txt"


def test_jsonl_gz_is_read_line_by_line_with_the_limit_per_line(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    rows = [_row(n) for n in range(200)]
    path.write_bytes(gzip.compress(("\n".join(rows) + "\n").encode()))
    total = sum(len(r.encode()) + 1 for r in rows)
    items, _ = _read([path], limit=total // 10)  # the whole is ten times the limit, each line far under it
    assert len(items) == 200 and not any(i.article.error for i in items)
    assert items[-1].origin == f"{path}:200"


def test_a_gzip_bomb_is_stopped_as_one(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        handle.write(b"\n".join([_row(1).encode()] * 3) + b"\n")
        handle.write(b"\n" * 3_000_000)  # blank lines: nothing to fail, 3 MB from 3 kB
    items, _ = _read([path], limit=100_000)
    *good, bomb = items
    assert len(good) == 3
    assert bomb.origin == str(path) and f"over {MAX_RATIO} times its size" in bomb.article.error.reason


def test_a_whole_gzip_document_keeps_its_size_cap(tmp_path):
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(b"a " * 600_000))
    [item], _ = _read([path], limit=1_000_000)
    assert item.article.error.reason.startswith("decompresses to over 1,000,000 bytes")


def _with_timeout(func, seconds=20):
    done = []
    thread = threading.Thread(target=lambda: done.append(func()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert done, f"still reading after {seconds} s"
    return done[0]


def test_a_fifo_in_a_folder_is_skipped_not_waited_on(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    items, skipped = _with_timeout(lambda: _read([tmp_path]))
    assert [i.origin for i in items] == [str(tmp_path / "a.txt")]
    assert [(s.origin, s.kind, s.reason) for s in skipped] == [
        (str(tmp_path / "pipe"), "special", "not a regular file but a FIFO (named pipe)")]


def test_dev_zero_is_refused_without_reading_it():
    [item], _ = _with_timeout(lambda: _read(["/dev/zero"]))
    assert item.article.error.reason == "not a regular file but a character device: not read"


def test_reads_stop_at_the_byte_cap_whatever_stat_says(tmp_path):
    # /proc files report a size of 0 and have content; a named pipe has no size at all.
    [item], _ = _read(["/proc/self/maps"], limit=64)
    assert item.article.error.reason == "input is over the 64 byte limit"
    fifo = tmp_path / "stream.txt"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "wb") as handle:
            try:
                handle.write(b"a" * 1_000_000)
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    [item], _ = _with_timeout(lambda: _read([fifo], limit=1000))
    assert item.article.error.reason == "input is over the 1,000 byte limit"


def test_a_link_leaving_the_folder_is_not_followed_unless_asked(tmp_path):
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(ARABIC, encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "own.txt").write_text(ARABIC + " ١", encoding="utf-8")
    os.symlink(secret, folder / "link.txt")
    os.symlink(folder / "own.txt", folder / "inside.txt")
    os.symlink(secret.parent, folder / "sub" / "dir")
    items, skipped = _read([folder])
    assert [Path(i.origin).name for i in items] == ["inside.txt", "own.txt"]
    assert {(Path(s.origin).name, s.kind) for s in skipped} == {("link.txt", "link"), ("dir", "link")}
    assert all(str(secret.parent) in s.reason and "--follow-links" in s.reason for s in skipped)
    followed, skipped = _read([folder], follow_links=True)
    assert sorted(Path(i.origin).name for i in followed) == ["inside.txt", "link.txt", "own.txt", "secret.txt"]
    assert not skipped


def test_a_link_loop_is_read_once_with_follow_links(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "loop")
    items, _ = _with_timeout(lambda: _read([tmp_path], follow_links=True))
    assert [i.origin for i in items] == [str(tmp_path / "a.txt")]


def test_the_archive_inside_the_folder_is_not_ingested(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    with Archive(tmp_path / "news.db") as archive:
        archive.ingest([str(tmp_path)], pipeline="clean")
        report = archive.ingest([str(tmp_path)], pipeline="clean")
        assert not report.failed and not archive.quarantine()
        assert {s.kind for s in report.left_out} == {"archive"}
        assert "files of the archive itself" in report.summary()


def test_a_deeply_nested_json_line_fails_alone(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "\n" + _row(1) + "\n", encoding="utf-8")
    [deep, good], _ = _read([path])
    assert deep.article.error.reason == "JSON nested too deeply to read"
    assert good.article.error is None


def test_each_stdin_input_has_its_own_origin(monkeypatch):
    import io
    import sys

    origins = []
    for text in (ARABIC, ARABIC + " ٢", ARABIC):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        [item] = list(read_inputs(["-"]))
        origins.append(item.origin)
    assert origins[0] != origins[1] and origins[0] == origins[2]
    assert all(o.startswith("<stdin ") for o in origins)


@pytest.mark.parametrize("name", ["a\udcffb", "x\ud83dy"])
def test_origins_are_always_valid_unicode(name):
    [item] = list(read_inputs([name]))
    item.origin.encode("utf-8")
    assert item.article.error.reason == "no such file or folder"


def test_a_name_too_long_for_any_file_fails_alone(tmp_path):
    [item] = list(read_inputs([str(tmp_path / ("ن" * 300))]))
    assert item.article.error.reason == "File name too long"
