"""The Python API: process() and Archive, on our sample corpus and on bad input."""

import shutil
import sqlite3

import pytest

import marsad
from marsad.errors import StoreFull, StoreLocked

ARABIC = "أعلنت البلدية افتتاح حديقة عامة جديدة في وسط المدينة، تضم ملاعب للأطفال ومسارات للمشي."


def test_process_cleans_the_seed_and_keeps_every_cut(seed_text, tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    article = marsad.process(path)
    assert article.error is None and article.lang == "ar" and len(article.id) == 16
    assert "[ad_1]" not in article.text and "نجاح!" not in article.text
    assert not article.text.rstrip().endswith("المصدر")
    assert "الإسلامي (OIC)" in article.text
    assert " ،" not in article.text  # machine-translation spacing repaired
    assert {r.text for r in article.removed} >= {"[ad_1]", "[ad_2]", "نجاح!", "خطأ!", "المصدر"}
    assert article.text == "\n\n".join(article.paragraphs)


def test_process_accepts_text_directly():
    article = marsad.process(ARABIC)
    assert article.text == ARABIC and article.url == "<text>"


def test_reposts_with_other_residue_and_spacing_get_one_id(samples):
    original = marsad.process(samples / "autoblog" / "flood-relief.txt")
    repost = marsad.process(samples / "autoblog" / "flood-relief-repost.txt")
    assert original.id == repost.id
    assert original.author == "سارة المنصوري"
    assert original.published.startswith("2025-10-12")
    assert original.title.startswith("أمطار غزيرة")


def test_ingest_is_idempotent_and_says_so(samples, archive_path):
    with marsad.Archive(archive_path) as archive:
        first = archive.ingest([str(samples)])
        assert first.failed == [] and first.new == archive.count() == 10
        assert first.duplicates == 1  # the autoblog repost of the flood story
        again = archive.ingest([str(samples)])
    assert (again.new, again.duplicates, again.skipped) == (0, 0, 11)
    assert "11 inputs skipped" in again.summary()


def test_a_copied_file_is_a_duplicate_not_a_new_article(samples, archive_path, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(samples / "autoblog" / "clinic.txt", copy)
    with marsad.Archive(archive_path) as archive:
        archive.ingest([str(samples / "autoblog" / "clinic.txt")])
        report = archive.ingest([str(copy)])
    assert (report.new, report.duplicates) == (0, 1)


def _bad_inputs(folder):
    folder.mkdir()
    (folder / "good.txt").write_text(ARABIC, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 4)
    (folder / "truncated.html").write_text("<html><body><div><p>", encoding="utf-8")
    (folder / "lines.jsonl").write_text('{"text": "' + ARABIC + ' ٢"}\nnot json\n{"title": "x"}\n', encoding="utf-8")
    (folder / "legacy.txt").write_bytes((ARABIC + " قديم").encode("cp1256"))
    return folder


def test_bad_inputs_are_quarantined_with_reasons_and_the_rest_ingested(tmp_path, archive_path):
    folder = _bad_inputs(tmp_path / "in")
    with marsad.Archive(archive_path) as archive:
        report = archive.ingest([str(folder)])
        entries = {e.origin.rsplit("/", 1)[-1]: e for e in archive.quarantine()}
        assert report.new == archive.count() == 3
    assert set(entries) == {"empty.txt", "junk.bin", "truncated.html", "lines.jsonl:2", "lines.jsonl:3"}
    assert entries["empty.txt"].reason == "empty input"
    assert entries["junk.bin"].reason == "not text (binary data at byte 0)"
    assert entries["lines.jsonl:2"].reason.startswith("not JSON")
    assert "no article text" in entries["truncated.html"].reason
    messages = [m for _, m in report.failed]
    assert f"cannot read '{folder / 'empty.txt'}': empty input" in messages


def test_a_fixed_input_leaves_quarantine_on_rerun(tmp_path, archive_path):
    path = tmp_path / "later.txt"
    path.write_bytes(b"")
    with marsad.Archive(archive_path) as archive:
        archive.ingest([str(path)])
        assert [e.origin for e in archive.quarantine()] == [str(path)]
        path.write_text(ARABIC, encoding="utf-8")
        report = archive.ingest([str(path)])
        assert report.new == 1 and archive.quarantine() == []


def test_interrupted_ingest_keeps_committed_batches_and_a_rerun_completes(tmp_path, archive_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i:02}.txt").write_text(f"{ARABIC} رقم {i}", encoding="utf-8")

    def interrupt(item, article):
        if item.origin.endswith("07.txt"):
            raise KeyboardInterrupt

    with marsad.Archive(archive_path) as archive:
        with pytest.raises(KeyboardInterrupt):
            archive.ingest([str(folder)], on_article=interrupt, batch_size=4)
        assert archive.count() == 8  # two whole batches; the third was in flight
        report = archive.ingest([str(folder)], batch_size=4)
        assert (report.skipped, report.new) == (8, 4) and archive.count() == 12


def test_full_disk_stops_ingest_and_loses_nothing_stored(tmp_path, archive_path, samples):
    with marsad.Archive(archive_path) as archive:
        archive.ingest([str(samples / "site")])
        before = {h.id for h in archive.search("مهرجان OR الشمسية OR البورصة", limit=50)}
    with sqlite3.connect(archive_path) as raw:
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
    folder = tmp_path / "more"
    folder.mkdir()
    for i in range(300):
        (folder / f"{i}.txt").write_text(f"{ARABIC} {i} " + "كلمة إضافية " * (i + 50), encoding="utf-8")
    with marsad.Archive(archive_path, max_page_count=pages + 4) as archive:
        with pytest.raises(StoreFull, match="full"):
            archive.ingest([str(folder)], batch_size=50)
    with sqlite3.connect(archive_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with marsad.Archive(archive_path, readonly=True) as archive:
        assert before <= {h.id for h in archive.search("مهرجان OR الشمسية OR البورصة", limit=50)}


def test_locked_archive_gives_a_clear_error(archive_path, samples):
    with marsad.Archive(archive_path) as archive:
        archive.ingest([str(samples / "site")])
    holder = sqlite3.connect(archive_path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with marsad.Archive(archive_path, timeout=0.2) as archive:
            with pytest.raises(StoreLocked, match="locked"):
                archive.ingest([str(samples / "autoblog")])
    finally:
        holder.rollback()
        holder.close()
