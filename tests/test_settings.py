from pathlib import Path

from marsad import settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.env for s in settings.SETTINGS.values() if s.env not in readme]
    assert not missing, f"undocumented settings: {missing}"


def test_setting_comes_from_override_then_environment_then_default(monkeypatch):
    assert settings.get("batch_size") == 500
    monkeypatch.setenv("MARSAD_BATCH_SIZE", "20")
    assert settings.get("batch_size") == 20
    assert settings.get("batch_size", 7) == 7
    monkeypatch.setenv("MARSAD_PROGRESS", "no")
    assert settings.get("progress") is False
