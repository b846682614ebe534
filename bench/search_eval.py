"""Does a query find its article, whatever form the query takes?

    .venv/bin/python bench/search_eval.py                  # report split, ours and the FTS5 peers
    .venv/bin/python bench/search_eval.py --postgres       # + PostgreSQL's `arabic` configuration
    .venv/bin/python bench/search_eval.py --split dev      # the split we tune on
    .venv/bin/python bench/search_eval.py --copies         # + ours with copies folded, as `marsad search` shows them
    .venv/bin/python bench/search_eval.py --names          # name queries only (see `names_eval`)

Archives of 3,000 real articles from ../shared/data/news/saudinewsnet_full: the dev
split from its first week (2015-07-21..27), the report split from later days that
nothing is tuned on (2015-07-28..08-05). For sampled articles a query is made from
the title, one class at a time:

- `exact2`, `exact3`: two or three title words as written;
- `proclitic`: one word behind و, وب+ال or لل (والمنظمة, وبالمنظمة, للمنظمة);
- `ta_marbuta`: a final ة written ه; `hamza`: أ إ آ written ا; `alef_maqsura`: a final ى written ي;
- `entity`: a knowledge-base name found in the title, with one more title word;
- `phrase`: two neighbouring title words in quotes.

Recall@10 and MRR of the source article per class, beside peers in the same run:
plain FTS5 on the raw text (unicode61), an FTS5 index of Snowball stems alone, and
(`--postgres`, on a throwaway cluster: `marsad.store.pg_local`, as the store's tests use) PostgreSQL's `arabic` text search configuration
as an engineer would set it up: title weight A, body D, terms ANDed, `ts_rank_cd`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gzip

import Stemmer
from corpus import NEWS, require

from marsad.arabic import fold, words
from marsad.article import Article
from marsad.kb import load_kb
from marsad.stages.compose import article_id
from marsad.store.sqlite import SqliteStore

SEED = 20251205
FULL = NEWS / "saudinewsnet_full"
SPLITS = {
    "dev": [f"2015-07-{d}" for d in range(21, 28)],
    "report": [f"2015-07-{d}" for d in range(28, 32)] + [f"2015-08-0{d}" for d in range(1, 6)],
}
CLASSES = ("exact2", "exact3", "proclitic", "ta_marbuta", "hamza", "alef_maqsura", "entity", "phrase")
SNOWBALL = Stemmer.Stemmer("arabic")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")


def articles(split: str, n: int) -> list[Article]:
    """The first `n` distinct articles with a title and a text, from the split's days."""
    out: list[Article] = []
    seen: set[str] = set()
    for day in SPLITS[split]:
        path = FULL / f"saudinewsnet_{day}.jsonl.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for row in map(json.loads, handle):
                text, title = (row.get("text") or "").strip(), (row.get("title") or "").strip()
                if not text or not title:
                    continue
                aid = article_id(text)
                if aid in seen:
                    continue
                seen.add(aid)
                out.append(Article(id=aid, title=title, text=text, paragraphs=text.split("\n"),
                                   url=row.get("url"), source=row.get("source")))
                if len(out) == n:
                    return out
    return out


def _content(title: str) -> list[str]:
    return [w for w in words(title) if len(w) >= 3 and _ARABIC_WORD.match(w)]


def _proclitic(word: str, rng: random.Random) -> str | None:
    if word[0] in "وفبكل" and not word.startswith("ال"):
        return None
    if word.startswith("ال"):
        return rng.choice(["و" + word, "وب" + word, "لل" + word[2:]])
    return rng.choice(["و", "وب", "ل"]) + word


_SPELLING: dict[str, Callable[[str], str | None]] = {
    "ta_marbuta": lambda w: w[:-1] + "ه" if w.endswith("ة") else None,
    "hamza": lambda w: re.sub("[أإآ]", "ا", w) if re.search("[أإآ]", w) else None,
    "alef_maqsura": lambda w: w[:-1] + "ي" if w.endswith("ى") else None,
}


def _kb_names() -> set[str]:
    names: set[str] = set()
    for entry in load_kb():
        for name in entry.all_names():
            if _ARABIC_WORD.match(name.replace(" ", "")) and len(name) >= 4:
                names.add(name)
    return names


def make_query(klass: str, title: str, rng: random.Random, kb_names: set[str]) -> str | None:
    """A query of `klass` made from `title`, or None when the title offers none."""
    content = _content(title)
    if klass in ("exact2", "exact3"):
        k = 2 if klass == "exact2" else 3
        return " ".join(rng.sample(content, k)) if len(content) >= k else None
    if klass == "phrase":
        toks = [w for w in words(title) if _ARABIC_WORD.match(w)]
        pairs = [(a, b) for a, b in itertools.pairwise(toks) if len(a) >= 3 and len(b) >= 3]
        return '"{} {}"'.format(*rng.choice(pairs)) if pairs else None
    if klass == "entity":
        found = [name for name in kb_names if f" {name} " in f" {' '.join(words(title))} "]
        if not found:
            return None
        name = max(sorted(found), key=len)  # sorted: the same name whatever the set's (hash seed's) order
        rest = [w for w in content if w not in name.split()]
        return f"{name} {rng.choice(rest)}" if rest else name
    if len(content) < 2:
        return None
    change = _proclitic if klass == "proclitic" else (lambda w, _rng: _SPELLING[klass](w))
    options = [(i, v) for i, w in enumerate(content) if (v := change(w, rng))]
    if not options:
        return None
    i, variant = rng.choice(options)
    other = rng.choice([w for j, w in enumerate(content) if j != i])
    return f"{variant} {other}" if rng.random() < 0.5 else f"{other} {variant}"


def queries(docs: list[Article], per_class: int, rng: random.Random) -> dict[str, list[tuple[str, int]]]:
    """Per class, (query, index of the target article) pairs."""
    kb_names = _kb_names()
    out: dict[str, list[tuple[str, int]]] = {}
    order = list(range(len(docs)))
    for klass in CLASSES:
        rng.shuffle(order)
        made = []
        for i in order:
            query = make_query(klass, docs[i].title or "", rng, kb_names)
            if query:
                made.append((query, i))
            if len(made) == per_class:
                break
        out[klass] = made
    return out


def _snowball(text: str) -> str:
    return " ".join(SNOWBALL.stemWords(words(fold(text))))


class Fts5Peers:
    """Plain FTS5 on the raw text, and FTS5 over Snowball stems alone."""

    def __init__(self, docs: list[Article], path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE VIRTUAL TABLE plain USING fts5(title, body)")
        self.db.execute("CREATE VIRTUAL TABLE snow USING fts5(title, body)")
        for i, doc in enumerate(docs):
            self.db.execute("INSERT INTO plain (rowid, title, body) VALUES (?, ?, ?)", (i, doc.title, doc.text))
            self.db.execute("INSERT INTO snow (rowid, title, body) VALUES (?, ?, ?)",
                            (i, _snowball(doc.title or ""), _snowball(doc.text)))
        self.db.commit()

    def _run(self, table: str, terms: list[str], phrase: bool) -> list[int]:
        if not terms:
            return []
        quoted = [json.dumps(t, ensure_ascii=False) for t in terms]
        match = '"' + " ".join(terms) + '"' if phrase else " ".join(quoted)
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY bm25({table}, 5.0, 1.0) LIMIT 10"
        return [r for (r,) in self.db.execute(sql, (match,))]

    def plain(self, query: str) -> list[int]:
        return self._run("plain", words(query), query.startswith('"'))

    def snow(self, query: str) -> list[int]:
        return self._run("snow", _snowball(query).split(), query.startswith('"'))


class PostgresPeer:
    """PostgreSQL's `arabic` configuration: tsvector title A / body D, GIN, AND of terms, ts_rank_cd."""

    def __init__(self, docs: list[Article], dsn: str) -> None:
        import psycopg

        self.db = psycopg.connect(dsn, autocommit=True)
        self.db.execute("DROP TABLE IF EXISTS docs")
        self.db.execute("CREATE TABLE docs (id int PRIMARY KEY, tsv tsvector)")
        with self.db.cursor() as cur:
            cur.executemany(
                "INSERT INTO docs VALUES (%s, setweight(to_tsvector('arabic', %s), 'A')"
                " || setweight(to_tsvector('arabic', %s), 'D'))",
                [(i, d.title or "", d.text) for i, d in enumerate(docs)])
        self.db.execute("CREATE INDEX docs_tsv ON docs USING gin (tsv)")
        self.db.execute("ANALYZE docs")

    def search(self, query: str) -> list[int]:
        parse = "phraseto_tsquery" if query.startswith('"') else "plainto_tsquery"
        sql = (f"SELECT id FROM docs, {parse}('arabic', %s) q WHERE tsv @@ q"
               " ORDER BY ts_rank_cd(tsv, q) DESC, id LIMIT 10")
        return [r for (r,) in self.db.execute(sql, (query.strip('"'),))]


def _summary(ranks: list[int | None]) -> tuple[float, float]:
    if not ranks:
        return 0.0, 0.0
    recall = sum(r is not None for r in ranks) / len(ranks)
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    return round(recall, 3), round(mrr, 3)


class FoldedSearch:
    """Ours as `marsad search` lists hits: each copy folded into the best-ranked member of its
    copy group. The target (set before each query) counts as found at a hit whose group holds it."""

    def __init__(self, store: SqliteStore, by_id: dict[str, int]) -> None:
        self.store, self.by_id, self.target = store, by_id, -1

    def __call__(self, query: str) -> list[int]:
        from marsad.stories import listing

        hits = listing.fold_copies(self.store.connection(), self.store.search(query, limit=40), 10)
        found = []
        for hit in hits:
            group = [self.by_id[hit.id]] + [self.by_id[i] for i in hit.copies if i in self.by_id]
            found.append(self.target if self.target in group else group[0])
        return found


def evaluate(split: str = "report", n: int = 3000, per_class: int = 300,
             postgres: bool = False, copies: bool = False) -> dict[str, dict[str, dict[str, float]]]:
    """{system: {class: {recall10, mrr, queries}}} on one split."""
    docs = articles(require(FULL) and split, n)
    asked = queries(docs, per_class, random.Random(SEED))
    results: dict[str, dict[str, list[int | None]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "eval.db")
        with store.batch():
            for doc in docs:
                store.add(doc)
        by_id = {doc.id: i for i, doc in enumerate(docs)}
        peers = Fts5Peers(docs, Path(tmp) / "peers.db")
        systems: dict[str, Callable[[str], list[int]]] = {
            "marsad": lambda q: [by_id[h.id] for h in store.search(q, limit=10)],
        }
        if copies:
            from marsad.stories.linker import rebuild_stories

            rebuild_stories(store)
            systems["marsad_copies_folded"] = FoldedSearch(store, by_id)
        systems |= {
            "fts5_plain": peers.plain,
            "fts5_snowball": peers.snow,
        }
        cluster = None
        if postgres:
            from marsad.store.pg_local import LocalCluster

            cluster = LocalCluster.start()
            systems["postgres_arabic"] = PostgresPeer(docs, cluster.url()).search
        try:
            for name, run in systems.items():
                results[name] = {}
                for klass, pairs in asked.items():
                    ranks = []
                    for query, target in pairs:
                        if isinstance(run, FoldedSearch):
                            run.target = target
                        found = run(query)
                        ranks.append(found.index(target) + 1 if target in found else None)
                    results[name][klass] = ranks
        finally:
            if cluster is not None:
                cluster.stop()
            store.close()
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name, per in results.items():
        out[name] = {}
        for klass, ranks in per.items():
            recall, mrr = _summary(ranks)
            out[name][klass] = {"recall10": recall, "mrr": mrr, "queries": len(ranks)}
        variant = [r for k in ("proclitic", "ta_marbuta", "hamza", "alef_maqsura") for r in per[k]]
        exact = per["exact2"] + per["exact3"]
        for label, ranks in (("variant", variant), ("exact", exact)):
            recall, mrr = _summary(ranks)
            out[name][label] = {"recall10": recall, "mrr": mrr, "queries": len(ranks)}
    return out


def score() -> dict[str, float]:
    """The gate's figures: ours on the report split, per class and pooled."""
    found = evaluate("report")
    ours = found["marsad"]
    result: dict[str, float] = {}
    for klass in ("variant", "exact", "entity", "phrase"):
        result[f"search_{klass}_recall10"] = ours[klass]["recall10"]
        result[f"search_{klass}_mrr"] = ours[klass]["mrr"]
    result["search_snowball_variant_recall10"] = found["fts5_snowball"]["variant"]["recall10"]
    return result


def _name_aliases() -> dict[str, str]:
    """One-word Arabic aliases of knowledge-base people, by their match key: surnames and
    short forms such as خياري, which the KB's alias policy keeps apart from common words."""
    from marsad.kb.loader import name_word_key

    found: dict[str, str] = {}
    for entry in load_kb():
        if entry.type != "PER":
            continue
        for name in entry.all_names():
            if " " not in name and _ARABIC_WORD.match(name) and len(name) >= 4:
                found.setdefault(name_word_key(name), name)
    return found


def names_eval(split: str = "report", n: int = 3000, most: int = 40) -> dict[str, dict[str, float]]:
    """Name queries: a person's one-word name (a KB alias) that shares its stem with other words.

    From the split's articles: every KB person's one-word alias that some article writes (as
    the linker matches names: folded, clitics peeled) and some other article matches only by
    stem (خياران for خياري). Those articles go through the entity stage (the pipeline's NER and
    linking) into an archive; the query is the alias. An article is relevant when it writes
    the name. Per system: MRR of the first relevant article and R-precision (the share of the
    first R hits that are relevant, R = how many are). Ours with and without the entity
    index, and plain FTS5 on the raw text (written forms only) as the peer.
    """
    from marsad.arabic import stem
    from marsad.kb.loader import text_word_key
    from marsad.stages.entities import EntityLinker

    docs = articles(require(FULL) and split, n)
    aliases = _name_aliases()
    stems = {stem(name): key for key, name in aliases.items()}
    writes: dict[str, set[int]] = {}
    shares: dict[str, set[int]] = {}
    for i, doc in enumerate(docs):
        for word in set(words(f"{doc.title} {doc.text}")):
            if (key := text_word_key(word)) in aliases:
                writes.setdefault(key, set()).add(i)
            elif (key := stems.get(stem(word))) is not None:
                shares.setdefault(key, set()).add(i)
    chosen = sorted(k for k in writes if shares.get(k, set()) - writes[k])[:most]
    relevant = {k: writes[k] for k in chosen}
    keep = sorted({i for k in chosen for i in writes[k] | shares[k]})
    linker = EntityLinker()
    ranks: dict[str, list[tuple[int | None, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "names.db")
        with store.batch():
            for i in keep:
                store.add(linker(docs[i]))
        by_id = {doc.id: i for i, doc in enumerate(docs)}
        peers = Fts5Peers([docs[i] for i in keep], Path(tmp) / "peers.db")
        no_index = SqliteStore(Path(tmp) / "names.db")
        no_index._query_names = lambda query: []  # type: ignore[method-assign]  (ours, entity index unused)
        systems: dict[str, Callable[[str], list[int]]] = {
            "marsad": lambda q: [by_id[h.id] for h in store.search(q, limit=50)],
            "marsad_no_entity_index": lambda q: [by_id[h.id] for h in no_index.search(q, limit=50)],
            "fts5_plain": lambda q: [keep[r] for r in peers.plain(q)],
        }
        for name, run in systems.items():
            ranks[name] = []
            for key in chosen:
                found = run(aliases[key])
                want = relevant[key]
                first = next((r for r, i in enumerate(found, 1) if i in want), None)
                ranks[name].append((first, sum(i in want for i in found[: len(want)]) / len(want)))
        store.close()
        no_index.close()
    out = {}
    for name, pairs in ranks.items():
        out[name] = {"mrr": round(sum(1 / r for r, _ in pairs if r) / len(pairs), 3),
                     "r_precision": round(sum(p for _, p in pairs) / len(pairs), 3),
                     "queries": len(pairs)}
    out["names"] = {aliases[k]: f"{len(relevant[k])} write it, {len(shares[k] - writes[k])} share its stem"
                    for k in chosen}  # type: ignore[assignment]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=sorted(SPLITS), default="report")
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--per-class", type=int, default=300)
    parser.add_argument("--postgres", action="store_true", help="add PostgreSQL's arabic configuration")
    parser.add_argument("--copies", action="store_true",
                        help="add ours with copies folded (rebuilds the archive's copy groups: a few minutes)")
    parser.add_argument("--names", action="store_true", help="run the name-query evaluation only")
    args = parser.parse_args()
    if args.names:
        found_names = names_eval(args.split, args.n)
        print(f"split {args.split}: name queries, MRR of the first article writing the name / R-precision")
        for name, row in found_names.items():
            if name != "names":
                print(f"  {name:24} {row['mrr']:.3f} / {row['r_precision']:.3f}  ({row['queries']} names)")
        print("  names:", "; ".join(f"{k} ({v})" for k, v in found_names["names"].items()))
        return
    found = evaluate(args.split, args.n, args.per_class, args.postgres, args.copies)
    classes = [*CLASSES, "variant", "exact"]
    print(f"split {args.split}, {args.n} articles; recall@10 / MRR (queries)")
    print(f"{'class':14}" + "".join(f"{name:>22}" for name in found))
    for klass in classes:
        row = "".join(f"{found[n][klass]['recall10']:>10.3f} / {found[n][klass]['mrr']:.3f}  " for n in found)
        print(f"{klass:14}{row}  ({found['marsad'][klass]['queries']})")


if __name__ == "__main__":
    main()
