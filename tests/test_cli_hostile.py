"""The `marsad` command on hostile input: exit codes and what it prints (issue 15)."""

import sqlite3

from clirun import run

from marsad.store import migrations

ARABIC = "أعلنت البلدية افتتاح حديقة عامة جديدة في وسط المدينة، تضم ملاعب للأطفال ومسارات للمشي."


def _archive(capsys, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARABIC, encoding="utf-8")
    db = str(tmp_path / "a.db")
    assert run(capsys, "ingest", str(tmp_path / "in"), "--db", db, "--pipeline", "clean")[0] == 0
    return db


def test_deeply_nested_query_is_a_bad_query_not_a_crash(capsys, tmp_path):
    db = _archive(capsys, tmp_path)
    code, _, err = run(capsys, "search", "(" * 250 + "حديقة" + ")" * 250, "--db", db)
    assert code == 3 and err.startswith("marsad: parentheses nested too deeply") and "Traceback" not in err
    code, out, _ = run(capsys, "search", "(" * 5 + "حديقة" + ")" * 5, "--db", db)
    assert code == 0 and "حديقة" in out


def test_db_naming_a_folder_is_an_archive_problem(capsys, tmp_path):
    code, _, err = run(capsys, "ingest", "-", "--db", str(tmp_path))
    assert code == 4 and "is a folder, not an archive file" in err


def test_a_newer_archive_is_refused_naming_the_versions(capsys, tmp_path):
    db = _archive(capsys, tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO migrations (name, applied_at) VALUES ('9000_renamed_text', 'later')")
        conn.execute("ALTER TABLE articles RENAME COLUMN text TO body")
    for args in (["search", "حديقة"], ["ingest", str(tmp_path / "in")], ["quarantine"]):
        code, _, err = run(capsys, *args, "--db", db)
        assert code == 4, args
        assert "newer marsad" in err and "9000_renamed_text" in err and max(migrations.MIGRATIONS) in err


def test_a_foreign_migrations_table_is_not_an_archive(capsys, tmp_path):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        conn.execute("INSERT INTO migrations VALUES ('20240101_users', 'x')")
    code, _, err = run(capsys, "search", "حديقة", "--db", str(db))
    assert code == 4 and "not a marsad archive" in err


def test_quarantine_output_escapes_terminal_controls(capsys, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b[2J\u202e.txt").write_bytes(b"")
    db = str(tmp_path / "a.db")
    assert run(capsys, "ingest", str(folder), "--db", db)[0] == 2
    code, out, _ = run(capsys, "quarantine", "--db", db)
    assert code == 0 and "\x1b" not in out and "\u202e" not in out
    assert "evil\\x1b[2J\\u202e.txt" in out and "empty input" in out


def test_folder_walk_says_what_it_left_out(capsys, tmp_path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(ARABIC + " سر", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", folder / "secret.txt")
    os.mkfifo(folder / "pipe")
    db = str(tmp_path / "a.db")
    code, out, err = run(capsys, "ingest", str(folder), "--db", db, "--pipeline", "clean")
    assert code == 0 and "1 new article" in out
    assert "left out 1 link leaving the folder, 1 file that is not a regular file" in out
    assert f"skipped '{folder / 'secret.txt'}'" in err and f"skipped '{folder / 'pipe'}'" in err
    code, out, _ = run(capsys, "ingest", str(folder), "--db", db, "--pipeline", "clean", "--follow-links")
    assert code == 0 and "1 new article" in out
