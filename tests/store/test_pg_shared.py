"""Stories, copies and watched sources on a PostgreSQL archive: tests/stories' and tests/watch's
tests, run again there.

The tests are theirs, imported as they are; only the fixture that opens the archive
changes, so the two backends are held to the same behaviour as those features grow.
Tests that reach into SQLite's own connection (`_db()`) are left to SQLite, and so are
those that time the fetcher rather than the archive.
"""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest

from marsad.service import Archive


TIMING = {"test_a_slow_host_does_not_hold_up_the_others_and_each_host_stays_polite"}


def _tests_of(name: str, fixture: str) -> dict:
    """The test functions of tests/`name`.py that take `fixture` (the archive they run on)."""
    path = Path(__file__).resolve().parents[1] / f"{name}.py"
    spec = importlib.util.spec_from_file_location("pg_" + name.replace("/", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {key: value for key, value in vars(module).items()
            if key.startswith("test_") and fixture in inspect.signature(value).parameters
            and "._db()" not in inspect.getsource(value) and key not in TIMING}  # fmt: skip


globals().update(_tests_of("stories/test_story_linker", "archive"))
globals().update(_tests_of("stories/test_story_cli", "archive_path"))
globals().update(_tests_of("watch/test_watch", "archive_path"))


@pytest.fixture
def archive(pg_archive_url: str):
    with Archive(pg_archive_url) as opened:
        yield opened


@pytest.fixture
def archive_path(pg_archive_url: str) -> str:
    return pg_archive_url


def test_copy_migration_rebuilds_signatures_and_bands_on_postgres(pg_archive_url: str) -> None:
    from marsad.article import Article
    from marsad.store.pg_tables import _copy_signatures_v2
    from marsad.stories.linker import link_article

    first = "أعلن مجلس الأمن الدولي في بيان صدر مساء الخميس عن قلقه من تدهور الأوضاع الإنسانية في المدينة"
    paragraphs = [f"{first} بعد أسبوع {n} من القتال، ودعا الأطراف إلى وقف فوري لإطلاق النار وفتح الممرات."
                  for n in range(30)]
    with Archive(pg_archive_url) as archive:
        for id, kept in (("orig", paragraphs), ("copy", ["[ad_1]", *paragraphs[:20]])):
            item = Article(id=id, url=f"https://x.example/{id}", text="\n\n".join(kept), paragraphs=kept)
            assert archive.store.add(item)
            link_article(archive.store, item)
        assert archive.article("copy").provenance.copy_of == "orig"
    import psycopg

    with psycopg.connect(pg_archive_url) as conn:
        fresh = conn.execute("SELECT article_pk, signature, shingles FROM article_links ORDER BY article_pk").fetchall()
        bands = conn.execute("SELECT key, article_pk FROM copy_bands ORDER BY article_pk, key").fetchall()
        assert fresh and bands
        conn.execute("UPDATE article_links SET signature = '\\x00'::bytea, shingles = 1")  # what old hashing left
        conn.execute("DELETE FROM copy_bands")
        _copy_signatures_v2(conn)
        assert conn.execute("SELECT article_pk, signature, shingles FROM article_links ORDER BY article_pk").fetchall() == fresh
        assert conn.execute("SELECT key, article_pk FROM copy_bands ORDER BY article_pk, key").fetchall() == bands
