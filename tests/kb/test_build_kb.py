"""training/build_kb.py: ids, the check on the city file's Arabic labels, and determinism."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build_kb():
    spec = importlib.util.spec_from_file_location("build_kb", ROOT / "training/build_kb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "slug"),
    [("São Tomé", "sao-tome"), ("Ta`izz", "ta-izz"), ("Washington, D.C.", "washington-d-c")],
)
def test_build_kb_slug(build_kb, name: str, slug: str) -> None:
    assert build_kb.slug(name) == slug


@pytest.mark.parametrize(
    ("arabic", "english"),
    [("كابل", "Kabul"), ("قندهار", "Kandahar"), ("المكلا", "Al Mukalla"), ("دير الزور", "Dayr az Zawr")],
)
def test_build_kb_accepts_labels_that_spell_the_name(build_kb, arabic: str, english: str) -> None:
    assert build_kb._similar(arabic, english)


@pytest.mark.parametrize(
    ("arabic", "english"),
    [("فاموتيدين", "Mosul"), ("فيروسات غدانية", "Aden"), ("كريشنا", "Rama"), ("كاليفورنيا", "Cali")],
)
def test_build_kb_rejects_labels_of_something_else(build_kb, arabic: str, english: str) -> None:
    assert not build_kb._similar(arabic, english)


def test_build_kb_cleans_administrative_prefixes(build_kb) -> None:
    assert build_kb._clean_label("محافظة إدلب") == "إدلب"
    assert build_kb._clean_label("سان فرناندو، الفلبين") == "سان فرناندو"
    assert build_kb._clean_label("عَمَّان") == "عمان"


def test_build_kb_output_is_deterministic(build_kb, shared: Path, tmp_path: Path, monkeypatch) -> None:
    """Rebuilding from the gazetteers gives the shipped file byte for byte."""
    out = tmp_path / "places.jsonl"
    argv = ["build_kb.py", "--gazetteers", str(shared / "data/gazetteers"), "--out", str(out)]
    monkeypatch.setattr("sys.argv", argv)
    build_kb.main()
    assert out.read_bytes() == (ROOT / "src/marsad/kb/data/places.jsonl").read_bytes()
