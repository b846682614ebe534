"""Does a query find its article whatever spelling the query uses?

    .venv/bin/python bench/search_eval.py [--n 3000] [--queries 400]

Builds an archive of real articles from ../shared/data/news, then for sampled
articles makes a query of two or three content words from the title, written
the way users and other sites write them: with or without the article and
clitics (ال، و، ب، ل), hamza dropped (أ→ا), ta marbuta as ha (ة→ه), alef maqsura
as ya, diacritics added. Reports recall@10 and MRR of the source article, beside
two peers measured in the same run: the same queries on a plain FTS5 index of the
raw text (unicode61 tokenizer, no Arabic folding or stemming), and on an index of
Snowball Arabic stems alone (folded, without our clitic layer).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import Stemmer
from corpus import rows

from marsad.arabic import fold, words
from marsad.article import Article
from marsad.stages.compose import article_id
from marsad.store.sqlite import SqliteStore

SEED = 20251129
DIACRITICS = "\u064e\u064f\u0650\u0652"
SNOWBALL = Stemmer.Stemmer("arabic")


def _with_clitic(word: str, rng: random.Random) -> str:
    """A proclitic as Arabic writes it: ل before ال makes لل; no clitic on top of another."""
    if word[:2] in ("لل", "وا", "با", "فا", "كا") or word[0] in "وفبكل" and word[1:3] == "ال":
        return word
    letter = rng.choice("وبل")
    return "لل" + word[2:] if letter == "ل" and word.startswith("ال") else letter + word


def _toggle_article(word: str) -> str:
    if word.startswith("ال") and len(word) > 4:
        return word[2:]
    return word if word[0] in "وفبكل" else "ال" + word


def _variant(word: str, rng: random.Random) -> str:
    changes = [
        _toggle_article,
        lambda w: _with_clitic(w, rng),
        lambda w: w.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا"),
        lambda w: w[:-1] + "ه" if w.endswith("ة") else w,
        lambda w: w[:-1] + "ي" if w.endswith("ى") else w,
        lambda w: "".join(ch + (rng.choice(DIACRITICS) if rng.random() < 0.4 else "") for ch in w),
    ]
    return rng.choice(changes)(word)


def _query_words(title: str) -> list[str]:
    return [w for w in words(title) if len(w) >= 4 and "\u0621" <= w[0] <= "\u064a"]


def _snowball(text: str) -> str:
    """Snowball's Arabic stemmer alone, on folded words: the peer for our clitic layer."""
    return " ".join(SNOWBALL.stemWords(words(fold(text))))


def build(n: int, tmp: Path) -> tuple[SqliteStore, sqlite3.Connection, list[Article]]:
    store = SqliteStore(tmp / "eval.db")
    plain = sqlite3.connect(tmp / "plain.db")
    plain.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)")
    plain.execute("CREATE VIRTUAL TABLE snow USING fts5(title, body)")
    articles = []
    with store.batch():
        for row in rows():
            if len(articles) >= n:
                break
            text = row["text"].strip()
            article = Article(id=article_id(text), title=row.get("title"), text=text,
                              paragraphs=text.split("\n"), url=row.get("url"), source=row.get("source"))
            if store.add(article):
                articles.append(article)
                plain.execute("INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)",
                              (len(articles), article.title, text))
                plain.execute("INSERT INTO snow (rowid, title, body) VALUES (?, ?, ?)",
                              (len(articles), _snowball(article.title or ""), _snowball(text)))
    plain.commit()
    return store, plain, articles


def score(n: int = 3000, queries: int = 400) -> dict:
    """Recall@10 and MRR of variant-spelled title queries, ours vs plain FTS5."""
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as tmp_name:
        store, plain, articles = build(n, Path(tmp_name))
        candidates = [(i, a) for i, a in enumerate(articles, 1) if len(_query_words(a.title or "")) >= 3]
        sample = rng.sample(candidates, min(queries, len(candidates)))
        ranks: dict[str, list[int | None]] = {k: [] for k in ("ours", "peer", "snow", "ours_exact", "peer_exact")}
        for rowid, article in sample:
            chosen = rng.sample(_query_words(article.title), rng.choice((2, 3)))
            variant = " ".join(_variant(w, rng) for w in chosen)
            for suffix, query in (("", variant), ("_exact", " ".join(chosen))):
                hits = [h.id for h in store.search(query, limit=10)]
                ranks["ours" + suffix].append(hits.index(article.id) + 1 if article.id in hits else None)
                plain_q = " ".join(json.dumps(w, ensure_ascii=False) for w in words(query))
                found = [r for (r,) in plain.execute(
                    "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10", (plain_q,))]
                ranks["peer" + suffix].append(found.index(rowid) + 1 if rowid in found else None)
            snow_q = " ".join(json.dumps(w, ensure_ascii=False) for w in _snowball(variant).split())
            found = [r for (r,) in plain.execute(
                "SELECT rowid FROM snow WHERE snow MATCH ? ORDER BY rank LIMIT 10", (snow_q,))]
            ranks["snow"].append(found.index(rowid) + 1 if rowid in found else None)
        store.close()
        plain.close()

    def summary(ranks: list[int | None]) -> tuple[float, float]:
        recall = sum(r is not None for r in ranks) / len(ranks)
        mrr = sum(1 / r for r in ranks if r) / len(ranks)
        return round(recall, 3), round(mrr, 3)

    names = {"ours": "search_variant", "peer": "plain_fts5_variant", "snow": "snowball_only_variant",
             "ours_exact": "search_exact", "peer_exact": "plain_fts5_exact"}
    result: dict = {"search_queries": len(sample)}
    for key, name in names.items():
        result[f"{name}_recall10"], result[f"{name}_mrr"] = summary(ranks[key])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    print(json.dumps(score(args.n, args.queries), indent=1))


if __name__ == "__main__":
    main()
