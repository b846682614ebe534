"""Fixtures shared by the whole suite: articles, archives, and the shared data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.article import Article

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
