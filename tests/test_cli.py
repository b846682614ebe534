"""The `marsad` command, run in-process: output, messages for people, exit codes."""

import json

import pytest
from clirun import run


def test_process_json_prints_one_full_article_per_line(capsys, samples):
    code, out, _ = run(capsys, "process", str(samples / "site"), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 5
    assert all(set(line) >= {"id", "text", "removed", "entities", "story", "error"} for line in lines)
    titles = {line["title"] for line in lines}
    assert "مهرجان الكتاب يستقبل آلاف الزوار في يومه الأول" in titles  # windows-1256 page


def test_process_names_bad_input_on_stderr_and_exits_2(capsys, tmp_path, samples):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00junk")
    code, out, err = run(capsys, "process", str(bad), str(samples / "autoblog" / "clinic.txt"))
    assert code == 2
    assert err.strip() == f"marsad: cannot read '{bad}': not text (binary data at byte 0)"
    assert "افتتاح عيادة متنقلة" in out  # the good input still went through
    assert "Traceback" not in err


def test_ingest_search_and_quarantine(capsys, tmp_path, samples, archive_path):
    db = str(archive_path)
    code, out, _ = run(capsys, "ingest", str(samples), "--db", db)
    assert code == 0
    assert out.strip() == (
        "ingested 11 inputs: 10 new articles, 1 already in the archive (same text); the archive holds 10 articles"
    )
    code, out, _ = run(capsys, "search", "لمهرجان", "--db", db, "--json")
    [hit] = [json.loads(line) for line in out.splitlines()]
    assert hit["url"].endswith("book-fair-windows1256.html") and "[مهرجان]" in hit["snippet"]
    assert set(hit) >= {"id", "title", "url", "score", "snippet"}
    code, out, _ = run(capsys, "quarantine", "--db", db)
    assert code == 0 and out == ""


def test_search_malformed_query_is_a_clear_error(capsys, samples, archive_path):
    run(capsys, "ingest", str(samples / "site"), "--db", str(archive_path))
    code, _, err = run(capsys, "search", '"غير مغلق', "--db", str(archive_path))
    assert code == 3 and err.startswith("marsad: ") and "quote" in err


def test_show_unknown_id_exits_5(capsys, samples, archive_path):
    run(capsys, "ingest", str(samples / "site"), "--db", str(archive_path))
    code, _, err = run(capsys, "show", "0000000000000000", "--db", str(archive_path))
    assert code == 5 and "0000000000000000" in err


def test_search_on_a_file_that_is_not_an_archive(capsys, tmp_path):
    fake = tmp_path / "notes.db"
    fake.write_text("just some notes, not sqlite" * 100)
    code, _, err = run(capsys, "search", "كلمة", "--db", str(fake))
    assert code == 4 and "not an SQLite database" in err


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["search", "--help"]])
def test_help_and_version_exit_cleanly(capsys, args):
    code, out, _ = run(capsys, *args)
    assert code == 0 and out


def test_entities_and_search_by_entity_over_the_samples(capsys, samples, archive_path):
    db = str(archive_path)
    run(capsys, "ingest", str(samples), "--db", db)
    code, out, _ = run(capsys, "entities", "--db", db, "--json", "--type", "PER")
    people = {json.loads(line)["id"]: json.loads(line) for line in out.splitlines()}
    assert code == 0 and "PER:antonio-guterres" in people
    assert {"غوتيريش", "جوتيريس", "غوتيريس"} <= {n.split()[-1] for n in people["PER:antonio-guterres"]["names_seen"]}
    # any spelling, or a name only the knowledge base knows, finds the article
    for name in ("جوتيريس", "PER:antonio-guterres", "Guterres"):
        code, out, _ = run(capsys, "search", "--entity", name, "--db", db, "--json")
        assert code == 0 and [json.loads(line)["url"] for line in out.splitlines()] == [
            str(samples / "autoblog" / "un-regional-partners.txt")
        ], name
    code, out, _ = run(capsys, "search", "الإغاثة", "--entity", "رابطة الدول العربية", "--db", db, "--json")
    assert [json.loads(line)["url"] for line in out.splitlines()] == [str(samples / "autoblog" / "un-regional-partners.txt")]
    code, out, _ = run(capsys, "search", "البورصة", "--entity", "رابطة الدول العربية", "--db", db, "--json")
    assert code == 0 and out == ""


def test_search_needs_a_query_or_an_entity(capsys, samples, archive_path):
    run(capsys, "ingest", str(samples / "site"), "--db", str(archive_path))
    code, _, err = run(capsys, "search", "--db", str(archive_path))
    assert code == 2 and "give a QUERY, --entity, or both" in err


def test_process_extractor_option_picks_the_path(capsys, samples, monkeypatch):
    monkeypatch.delenv("MARSAD_EXTRACTOR", raising=False)
    lines = {}
    for choice in ("fast", "trafilatura"):
        code, out, _ = run(capsys, "process", str(samples / "site"), "--json", "--extractor", choice)
        lines[choice] = [json.loads(line) for line in out.splitlines()]
        assert code == 0 and lines[choice]
        assert {line["flags"].get("extractor") for line in lines[choice]} <= {choice, None}
        assert any(line["flags"].get("extractor") == choice for line in lines[choice])
    code, _, err = run(capsys, "process", str(samples / "site"), "--extractor", "fastest")
    assert code == 2 and "fastest" in err
