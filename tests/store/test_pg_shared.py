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
