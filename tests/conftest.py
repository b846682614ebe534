"""Fixtures shared by the whole suite: articles, archives, and the shared data folder."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from marsad.article import Article
from marsad.store import SqliteStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_022d3e44706ecb06.txt"
SAMPLES = ROOT / "samples" / "news"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", help="also run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def make_article():
    """An Article with sensible defaults; override any field by keyword."""

    def make(**overrides) -> Article:
        values = {"url": "test.txt", "raw_text": "نص تجريبي قصير عن الأخبار."}
        values.update(overrides)
        return Article(**values)

    return make


@pytest.fixture
def shared() -> Path:
    """The shared data folder beside the repo; skip clearly when it is not there."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder {SHARED} is absent")
    return SHARED


@pytest.fixture
def seed_text(shared: Path) -> str:
    """The canonical input: a machine-translated UN News story reposted by an autoblog."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    """A path for a fresh archive file in a temporary folder."""
    return tmp_path / "archive.db"


@pytest.fixture
def samples() -> Path:
    """Our own sample corpus (written by us, shipped with the repo)."""
    return SAMPLES


def _news_article(**overrides: object) -> Article:
    """An Arabic article whose paragraphs and text agree; any field can be overridden."""
    paragraphs = overrides.pop("paragraphs", None) or [
        "قالت منظمة الصحة العالمية يوم الخميس إن الوضع الصحي في غزة بلغ مستوى خطيرا.",
        "وأضاف المتحدث باسم المنظمة أن المستشفيات تعمل بأقل من نصف طاقتها.",
    ]
    values: dict[str, object] = {
        "id": "a1",
        "url": "https://example.org/news/1",
        "source": "example.org",
        "title": "الصحة العالمية تحذر من انهيار المستشفيات",
        "published": "2024-03-07",
        "lang": "ar",
        "paragraphs": list(paragraphs),
        "text": "\n\n".join(paragraphs),
    }
    values.update(overrides)
    return Article(**values)  # type: ignore[arg-type]


@pytest.fixture
def news_article() -> Callable[..., Article]:
    """`news_article(**overrides)`: a stored-ready Arabic article (id, title, text, paragraphs…)."""
    return _news_article


@pytest.fixture
def store() -> Iterator[SqliteStore]:
    """A fresh in-memory archive."""
    with SqliteStore(":memory:") as fresh:
        yield fresh


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where an on-disk archive goes (not created yet)."""
    return tmp_path / "archive.db"


@contextmanager
def _unwritable(path: Path) -> Iterator[None]:
    """Make `path` unwritable for real, even for root, or skip the test.

    chmod does not stop root, so as root we set the immutable attribute
    (chattr +i), which the kernel enforces for every user.
    """
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a path unwritable")
    done = subprocess.run(["chattr", "+i", str(path)], check=False, capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"running as root and chattr +i failed: {done.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture
def unwritable() -> Callable[[Path], contextmanager]:
    """`with unwritable(path):` nobody, root included, may write to `path` inside the block."""
    return _unwritable
