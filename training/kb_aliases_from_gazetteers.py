"""Add knowledge-base aliases from ArWikiCats (MIT) where the entry is sure.

    .venv/bin/python training/kb_aliases_from_gazetteers.py          # add, print what was added
    .venv/bin/python training/kb_aliases_from_gazetteers.py --check  # only print

ArWikiCats maps English Wikipedia titles of people and sports clubs to their Arabic
Wikipedia titles. An Arabic title becomes an alias of one of our curated people or
organisations only when it is sure and safe under the alias policy (kb/README.md):
- the entry's English name is exactly the ArWikiCats key (one person, one club);
- the title carries no disambiguation in brackets (النادي الأهلي (مصر) would become
  the bare النادي الأهلي, which two clubs share);
- it has at least two words (a one-word alias links wherever it occurs);
- it is new to the entry and no other entry has that name or alias.
Idempotent: a second run adds nothing.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from marsad.arabic import fold, words

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "src/marsad/kb/data"
CATS = ROOT.parent / "shared/data/gazetteers/arwikicats"
SOURCES = {"people.jsonl": "peoples.json", "organisations.jsonl": "Clubs_key.json"}


def key(name: str) -> str:
    return " ".join(fold(w) for w in words(name))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="print the additions, change nothing")
    args = parser.parse_args()
    entries = {f: [json.loads(line) for line in (KB / f).read_text(encoding="utf-8").splitlines()] for f in SOURCES}
    owners: dict[str, set[str]] = {}
    for path in KB.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            for name in [entry["names"]["ar"], *entry["aliases"]]:
                owners.setdefault(key(name), set()).add(entry["id"])
    added = 0
    for file, source in SOURCES.items():
        titles = json.loads((CATS / source).read_text(encoding="utf-8"))
        for entry in entries[file]:
            title = titles.get(entry["names"]["en"].lower())
            if not isinstance(title, str) or "(" in title or len(words(title)) < 2:
                continue
            if key(title) in owners:  # the entry's own name already, or another entry's
                continue
            entry["aliases"].append(title)
            owners[key(title)] = {entry["id"]}
            added += 1
            print(f"{entry['id']}\t{title}")
        if not args.check:
            text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries[file])
            (KB / file).write_text(text, encoding="utf-8")
    print(f"{added} aliases {'to add' if args.check else 'added'}")


if __name__ == "__main__":
    main()
