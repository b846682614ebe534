"""Re-ranking rules tried offline on the dev split: the table of RESULTS.md, issue 16, third round.

    .venv/bin/python bench/search_tune.py               # dev split, the pool `rerank` gets (40)
    .venv/bin/python bench/search_tune.py --depth 100   # ... and deeper pools

The archive and queries are `search_eval`'s. Each query runs once through
`SqliteStore.search`, and the BM25 rows it hands to `search.rank.rerank` are kept;
then every rule re-ranks those rows, so a rule costs seconds, not a new archive.
Variant / exact-word recall@10 and MRR per rule. Tune on dev only: the report
split is for `search_eval.py --split report`, once a rule is chosen.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_eval
from corpus import require

import marsad.store.sqlite as sqlite_store
from marsad.store import sqlite_search
from marsad.arabic import fold, stem, words
from marsad.search.rank import _forms, _query_form
from marsad.store.sqlite import SqliteStore

FUNCTION = frozenset(fold(w) for w in (
    "في من على إلى الى عن مع أن إن ان أو او ثم قد لقد لا لم لن ما هذا هذه ذلك تلك هو هي هم كان كانت "
    "التي الذي الذين كما بعد قبل بين حتى عند لدى منذ خلال حول ضد غير كل بعض أي أيضا عبر وفق وفقا "
    "حيث بينما لكن بل إذ إذا اذا").split())
SECOND = {"form": 1.0, "word": 0.5, "stem": 0.3}  # the second round's levels
KEPT = {"form": 2.0, "word": 1.0, "stem": 0.6, "length": 0.25}
RULES = {
    "second round (form 1.0, behind clitics 0.5, stem 0.3)": SECOND,
    "function words weigh 0.5 in the headline bonus": {**SECOND, "function": 0.5},
    "function words weigh 0.2": {**SECOND, "function": 0.2},
    "a clitic query word found as written scored as written": {**SECOND, "clitic_as_written": True},
    "query words adjacent in the headline +0.2": {**SECOND, "adjacent": 0.2},
    "query words in the lead (300 chars) +0.2": {**SECOND, "lead": 0.2},
    "levels doubled (2.0 / 1.0 / 0.6)": {k: 2 * v for k, v in SECOND.items()},
    "bonus x (8 / headline words)^0.25": {**SECOND, "length": 0.25},
    "both (kept)": KEPT,
    "both + share of headline words covered +0.2": {**KEPT, "cover": 0.2},
}


def capture(split: str, n: int, per_class: int, depth: int) -> dict[str, list[dict]]:
    """Per class, each query with its target and the BM25 rows `rerank` was given."""
    docs = search_eval.articles(require(search_eval.FULL) and split, n)
    asked = search_eval.queries(docs, per_class, random.Random(search_eval.SEED))
    by_id = {doc.id: i for i, doc in enumerate(docs)}
    seen: dict = {}
    real = sqlite_store.rerank

    def spy(rows, forms, title, score, depth=sqlite_store.RERANK_DEPTH, named=None):
        text = sqlite_search.texts(store._db(), [r[5] for r in rows])
        seen.update(rows=[(by_id[r[0]], r[1], r[6], text[r[5]]) for r in rows], depth=depth,
                    named=[named(r) for r in rows] if named else None)
        return real(rows, forms, title=title, score=score, depth=depth, named=named)

    keep = sqlite_store.rerank, sqlite_store.RERANK_DEPTH
    sqlite_store.rerank, sqlite_store.RERANK_DEPTH = spy, depth
    out: dict[str, list[dict]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            store = SqliteStore(Path(tmp) / "tune.db")
            with store.batch():
                for doc in docs:
                    store.add(doc)
            for klass, pairs in asked.items():
                out[klass] = []
                for query, target in pairs:
                    seen.clear()
                    store.search(query, limit=10)
                    out[klass].append({"query": query, "target": target, **seen})
            store.close()
    finally:
        sqlite_store.rerank, sqlite_store.RERANK_DEPTH = keep
    return out


def _level(form: str, readings: frozenset[str], terms: frozenset[str], title: list[tuple[str, str, str]],
           rule: dict) -> float:
    if form in {f[0] for f in title}:
        return rule["form"]
    if not readings.isdisjoint({f[1] for f in title}):
        as_written = rule.get("clitic_as_written") and form not in readings and not readings.isdisjoint(
            {f[0] for f in title})
        return rule["form"] if as_written else rule["word"]
    return rule["stem"] if not terms.isdisjoint({f[2] for f in title}) else 0.0


def order(item: dict, rule: dict) -> list[int]:
    """The captured rows re-ranked by `rule` (names first, as `rerank` does)."""
    typed = [w for w in words(item["query"]) if w not in ("AND", "OR", "NOT") and fold(w)]
    query = list(dict.fromkeys(map(_query_form, typed)))
    named = item["named"] or [0] * len(item["rows"])
    keyed = []
    for i, (row, title, bm25, text) in enumerate(item["rows"]):
        if i >= item["depth"]:
            keyed.append(((-named[i], 1, i), row))
            continue
        heads = [_forms(w) for w in words(title or "")]
        weights = [rule.get("function", 1.0) if form in FUNCTION or not readings.isdisjoint(FUNCTION) else 1.0
                   for form, readings, _ in query]
        levels = [_level(form, word, term, heads, rule) for form, word, term in query]
        bonus = sum(w * v for w, v in zip(weights, levels, strict=True)) / sum(weights) if query else 0.0
        if rule.get("length") and heads:
            bonus *= (8 / len(heads)) ** rule["length"]
        terms = [min(terms) for _, _, terms in query]
        if rule.get("adjacent") and len(terms) >= 2:
            at = [[j for j, f in enumerate(heads) if f[2] == t] for t in terms[:2]]
            bonus += rule["adjacent"] * any(abs(a - b) == 1 for a in at[0] for b in at[1])
        if rule.get("lead") and terms:
            lead = {stem(w) for w in words(text[:300])}
            bonus += rule["lead"] * sum(t in lead for t in terms) / len(terms)
        if rule.get("cover"):
            content = [f for f in heads if f[0] not in FUNCTION]
            bonus += rule["cover"] * sum(f[2] in terms for f in content) / max(len(content), 1)
        keyed.append(((-named[i], 0, -bm25 * (1 + bonus)), row))
    keyed.sort(key=lambda pair: pair[0])
    return [row for _, row in keyed]


def scores(data: dict[str, list[dict]], rule: dict) -> dict[str, tuple[float, float]]:
    """(recall@10, MRR) for the variant and the exact-word classes."""
    out = {}
    for label, classes in (("variant", ("proclitic", "ta_marbuta", "hamza", "alef_maqsura")),
                           ("exact", ("exact2", "exact3"))):
        ranks = []
        for klass in classes:
            for item in data[klass]:
                found = order(item, rule)[:10]
                ranks.append(found.index(item["target"]) + 1 if item["target"] in found else None)
        found = sum(r is not None for r in ranks)
        out[label] = (found / len(ranks), sum(1 / r for r in ranks if r) / len(ranks))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=sorted(search_eval.SPLITS), default="dev")
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--per-class", type=int, default=300)
    parser.add_argument("--depth", type=int, default=sqlite_store.RERANK_DEPTH,
                        help="rows re-ranked per query")
    args = parser.parse_args()
    data = capture(args.split, args.n, args.per_class, args.depth)
    print(f"split {args.split}, re-ranking the best {args.depth}: recall@10 / MRR")
    for name, rule in RULES.items():
        found = scores(data, rule)
        print(f"  {name:58} variant {found['variant'][0]:.3f} / {found['variant'][1]:.3f}"
              f"   exact {found['exact'][0]:.3f} / {found['exact'][1]:.3f}")


if __name__ == "__main__":
    main()
