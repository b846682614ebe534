"""What a stemmer change does to the index: terms changed, and words newly joined under one term.

    .venv/bin/python bench/stem_changes.py --before f32c641

Loads `src/marsad/arabic/stem.py` as it was at git revision `--before` beside today's, runs both
over every word our lexicon counts at least `--min-count` times, and lists the terms that now
join words whose old terms differed, most frequent first: read them to judge the precision cost.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

from marsad.arabic import stem as new_stem
from marsad.arabic.stem import _lexicon

ROOT = Path(__file__).resolve().parents[1]


def old_stemmer(revision: str):
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:src/marsad/arabic/stem.py"],
                            capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "old_stem.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_stem", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.stem


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="git revision of the old stemmer")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--show", type=int, default=40)
    args = parser.parse_args()
    old = old_stemmer(args.before)
    lexicon = _lexicon()
    words = [w for w, c in lexicon.items() if c >= args.min_count]
    total = sum(lexicon[w] for w in words)
    old_of = {w: old(w) for w in words}
    groups: dict[str, set[str]] = collections.defaultdict(set)
    changed = 0
    for word in words:
        term = new_stem(word)
        groups[term].add(word)
        changed += lexicon[word] if term != old_of[word] else 0
    joins = []
    for term, members in groups.items():
        olds = collections.Counter(old_of[w] for w in members)
        if len(olds) > 1:
            main_old = olds.most_common(1)[0][0]
            joined = sorted((w for w in members if old_of[w] != main_old), key=lambda w: -lexicon[w])
            joins.append((sum(lexicon[w] for w in joined), term, joined[:4], main_old))
    joins.sort(reverse=True)
    print(f"{len(words)} words counted at least {args.min_count} times; {changed / total:.1%} of their tokens change term")
    print(f"{len(joins)} terms now join words that had different terms (count, term, joined words, old term):")
    for row in joins[: args.show]:
        print("  ", *row)


if __name__ == "__main__":
    sys.exit(main())
