"""`marsad export`: every field of every chosen article, in files pandas, pyarrow and datasets read as is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.service import Archive
from marsad.store.sqlite import SqliteStore


def run(*args: str) -> int:
    try:
        main([str(a) for a in args])
    except SystemExit as done:
        return done.code or 0
    return 0


def _stored(db: Path) -> list[dict]:
    with Archive(db, readonly=True) as archive:
        return [archive.article(i).to_dict() for i in archive.store.ids()]


def _covers(got, want) -> bool:
    """`got` holds everything in `want`; Parquet adds only null struct fields `want` lacks."""
    if isinstance(want, dict):
        return all(_covers(got.get(k), v) for k, v in want.items()) and all(
            got[k] is None for k in got.keys() - want.keys())
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(map(_covers, got, want))
    return got == want


def test_jsonl_holds_every_field_of_every_article(web_db, tmp_path):
    out = tmp_path / "corpus.jsonl"
    assert run("export", out, "--db", web_db) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows == _stored(web_db) and len(rows) > 10


def test_parquet_holds_every_field_typed(web_db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "corpus.parquet"
    assert run("export", out, "--db", web_db, "--format", "parquet") == 0
    table = pq.read_table(out)
    rows = table.to_pylist()
    stored = _stored(web_db)
    assert table.column_names == list(stored[0])
    for row, want in zip(rows, stored, strict=True):
        row["flags"] = json.loads(row["flags"])
        assert _covers(row, want), want["id"]
    assert str(table.schema.field("entities").type).startswith("list<element: struct<id: string")


def test_exports_load_in_pandas_and_datasets_as_they_are(web_db, tmp_path):
    pandas = pytest.importorskip("pandas")
    datasets = pytest.importorskip("datasets")
    run("export", tmp_path / "c.jsonl", "--db", web_db)
    run("export", tmp_path / "c.parquet", "--db", web_db, "--format", "parquet")
    count = len(_stored(web_db))
    assert len(pandas.read_json(tmp_path / "c.jsonl", lines=True)) == count
    assert len(pandas.read_parquet(tmp_path / "c.parquet")) == count
    cache = str(tmp_path / "hf")
    from_jsonl = datasets.load_dataset("json", data_files=str(tmp_path / "c.jsonl"), split="train", cache_dir=cache)
    from_parquet = datasets.Dataset.from_parquet(str(tmp_path / "c.parquet"), cache_dir=cache)
    assert from_jsonl.num_rows == from_parquet.num_rows == count
    first = _stored(web_db)[0]
    assert from_jsonl[0]["text"] == from_parquet[0]["text"] == first["text"]
    assert [e["id"] for e in from_parquet[0]["entities"]] == [e["id"] for e in first["entities"]]


@pytest.fixture
def mixed_db(tmp_path, news_article) -> Path:
    db = tmp_path / "mixed.db"
    with SqliteStore(db) as store, store.batch():
        store.add(news_article(id="ar-old", published="2023-12-31"))
        store.add(news_article(id="ar-new", published="2024-05-01", source="other.net",
                               paragraphs=["وصل وفد الأمم المتحدة إلى الخرطوم لبحث المساعدات."]))
        store.add(news_article(id="en-new", published="2024-06-01", lang="en",
                               paragraphs=["The delegation reached Khartoum on Monday."]))
        store.add(news_article(id="ar-undated", published=None, paragraphs=["خبر بلا تاريخ عن الأسواق."]))
    return db


@pytest.mark.parametrize("options, ids", [
    ((), ["ar-old", "ar-new", "en-new", "ar-undated"]),
    (("--lang", "ar"), ["ar-old", "ar-new", "ar-undated"]),
    (("--since", "2024-01-01"), ["ar-new", "en-new"]),
    (("--source", "other.net"), ["ar-new"]),
    (("--query", "الخرطوم"), ["ar-new"]),
    (("--query", "لمنظمة OR وفد", "--since", "2024-01-01", "--lang", "ar"), ["ar-new"]),
])
def test_filters_choose_the_articles(mixed_db, tmp_path, options, ids):
    out = tmp_path / "out.jsonl"
    assert run("export", out, "--db", mixed_db, *options) == 0
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ids


def test_bad_date_bad_query_and_unwritable_out_are_clear(mixed_db, tmp_path, capsys):
    assert run("export", tmp_path / "o.jsonl", "--db", mixed_db, "--since", "last week") == 2
    assert "is not a date like 2024-03-31" in capsys.readouterr().err
    assert run("export", tmp_path / "o.jsonl", "--db", mixed_db, "--query", "NOT غزة") == 3
    assert run("export", tmp_path / "missing" / "o.jsonl", "--db", mixed_db) == 1
    assert "cannot write" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists() and not list(tmp_path.glob(".*.part"))


def test_no_copies_keeps_one_text_per_copy_group(samples, tmp_path):
    db = tmp_path / "samples.db"
    with Archive(db) as archive:
        archive.ingest([str(samples)])
    assert run("export", tmp_path / "all.jsonl", "--db", db) == 0
    assert run("export", tmp_path / "one.jsonl", "--db", db, "--no-copies") == 0
    every = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    kept = [json.loads(line)["id"] for line in (tmp_path / "one.jsonl").read_text(encoding="utf-8").splitlines()]
    copies = [row["id"] for row in every if row["provenance"]["copy_of"]]
    assert copies, "the samples hold a repost (flood-relief-repost.txt)"
    assert kept == [row["id"] for row in every if row["id"] not in copies]
    assert all(row["provenance"]["copy_of"] in kept for row in every if row["id"] in copies)
