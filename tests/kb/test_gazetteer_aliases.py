"""Knowledge-base aliases taken from ArWikiCats: applied, and only where the policy allows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from marsad.arabic import words
from marsad.kb import load_kb

ROOT = Path(__file__).resolve().parents[2]


def test_arwikicats_aliases_are_applied_and_the_script_is_idempotent(shared: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "training/kb_aliases_from_gazetteers.py"), "--check"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "0 aliases to add"


def test_added_aliases_resolve_to_one_entry_and_have_several_words() -> None:
    kb = load_kb()
    for alias, entry_id in [("جون ميجر", "PER:john-major"), ("نادي الوداد الرياضي", "ORG:wydad-casablanca")]:
        found = kb.lookup(alias)
        assert [e.id for e in found] == [entry_id]
        assert len(words(alias)) >= 2
