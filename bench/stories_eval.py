"""Stories: B-cubed F1 on hand-labelled SaudiNewsNet and ant_multisource stories, against a TF-IDF peer;
order dependence.

    .venv/bin/python bench/stories_eval.py            # dev + held-out test, two ingest orders, the peer
    .venv/bin/python bench/stories_eval.py --tune     # grid over the link thresholds on dev only

Every article of the labelled days goes in (9,552 SaudiNewsNet of four days and 634
ant_multisource of four days; the unlabelled ones are the distractors); B-cubed is scored over the labelled ones (bench/data/stories_labels.jsonl).
Ours: the real online linker (`stories.linker.link_article`) on a fresh archive. Peer:
TF-IDF cosine over our stemmed terms, single-link above a threshold tuned on dev, within
the same time window. Order dependence: B-cubed F1 of one ingest order's stories against
another's, over every article.
"""

from __future__ import annotations

import argparse
import importlib
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from stories_data import labels, processed  # noqa: E402

from marsad.service import Archive  # noqa: E402
from marsad.stories.linker import link_article  # noqa: E402


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of `predicted` clusters against `gold`, over gold's items."""
    items = [i for i in gold if i in predicted]
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i in items:
        by_pred[predicted[i]].add(i)
        by_gold[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        both = len(by_pred[predicted[i]] & by_gold[gold[i]])
        p += both / len(by_pred[predicted[i]])
        r += both / len(by_gold[gold[i]])
    p, r = p / len(items), r / len(items)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


class Components:
    """Single-link clusters of article positions (union-find with path halving)."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)

    def labels(self, articles) -> dict[str, str]:
        """Each article's corpus id -> its cluster's label."""
        return {corpus_id: str(self.find(n)) for n, (corpus_id, _) in enumerate(articles)}

def run_linker(articles, order_seed: int) -> tuple[dict[str, str], float]:
    """Story of each corpus id after ingesting in a shuffled order; and articles/s."""
    items = list(articles)
    random.Random(order_seed).shuffle(items)
    story: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder, Archive(Path(folder) / "s.db") as archive:
        store = archive.store
        start = time.perf_counter()
        for at in range(0, len(items), 500):
            with store.batch():
                for _, article in items[at : at + 500]:
                    if store.add(article):
                        link_article(store, article)
        rate = len(items) / (time.perf_counter() - start)
        conn = store.connection()
        by_article = dict(conn.execute(
            "SELECT a.id, l.story FROM article_links l JOIN articles a ON a.pk = l.article_pk"))
    for corpus_id, article in articles:
        story[corpus_id] = by_article.get(article.id, f"lost-{corpus_id}")
    return story, rate


def tfidf_peer(articles, threshold: float, window: int = 3) -> dict[str, str]:
    """Single-link clusters over TF-IDF cosine of title + text terms, within `window` days."""
    import numpy as np
    from scipy import sparse

    from marsad.arabic import match_terms
    from marsad.stories.evidence import article_day

    vocab: dict[str, int] = {}
    rows, cols = [], []
    for n, (_, article) in enumerate(articles):
        terms = match_terms(f"{article.title or ''} {article.text}")
        for term in set(terms):
            rows.append(n)
            cols.append(vocab.setdefault(term, len(vocab)))
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(articles), len(vocab)))
    df = np.asarray((x > 0).sum(axis=0)).ravel()
    keep = df <= 0.05 * len(articles)  # stopwords out, or the product is dense
    idf = np.where(keep, np.log(len(articles) / np.maximum(df, 1)), 0.0)
    x = sparse.csr_matrix(x.multiply(idf))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x = sparse.csr_matrix(x.multiply(1 / np.maximum(norms, 1e-9)[:, None]))
    sim = sparse.triu(x @ x.T, k=1).tocoo()
    days = [article_day(a) for _, a in articles]
    groups = Components(len(articles))

    for i, j, s in zip(sim.row, sim.col, sim.data, strict=True):
        if s >= threshold and (days[i] is None or days[j] is None or abs(days[i] - days[j]) <= window):
            groups.join(i, j)
    return groups.labels(articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tune", action="store_true", help="grid over thresholds on dev only")
    args = parser.parse_args()
    gold_rows = labels()
    articles = processed()
    gold = {split: {r["id"]: r["story"] for r in gold_rows if r["split"] == split} for split in ("dev", "test")}
    labelled = {r["id"] for r in gold_rows}
    found = sum(1 for corpus_id, _ in articles if corpus_id in labelled)
    print(f"{len(articles)} articles, {found}/{len(labelled)} labelled ones processed; "
          f"stories: dev {len(set(gold['dev'].values()))}, test {len(set(gold['test'].values()))}", flush=True)
    if args.tune:
        tune(articles, gold["dev"])
        return
    first, rate = run_linker(articles, 1)
    second, _ = run_linker(articles, 2)
    sizes = defaultdict(int)
    for story in first.values():
        sizes[story] += 1
    print(f"ours: {rate:.0f} articles/s (store + link), largest story {max(sizes.values())} articles")
    for split in ("dev", "test"):
        p, r, f = bcubed(first, gold[split])
        print(f"ours  {split}: B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}")
        for corpus in ("saudinewsnet_full", "ant_multisource"):
            part = {i: s for i, s in gold[split].items() if s.startswith("ant-") == (corpus == "ant_multisource")}
            p, r, f = bcubed(first, part)
            print(f"ours  {split}, {corpus} only ({len(part)} articles): B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}")
    order = bcubed(second, first)
    print(f"order dependence (order 2 vs order 1, all articles): B-cubed F1 {order[2]:.3f}")
    best = max((bcubed(tfidf_peer(articles, t), gold["dev"])[2], t) for t in (0.2, 0.3, 0.4, 0.5, 0.6))
    peer = tfidf_peer(articles, best[1])
    for split in ("dev", "test"):
        p, r, f = bcubed(peer, gold[split])
        print(f"TF-IDF single-link (threshold {best[1]} tuned on dev) {split}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
        part = {i: s for i, s in gold[split].items() if s.startswith("ant-")}
        p, r, f = bcubed(peer, part)
        print(f"TF-IDF single-link {split}, ant_multisource only: P {p:.3f} R {r:.3f} F1 {f:.3f}")


def offline(articles, window: int = 3, keys=None) -> dict[str, str]:
    """What the online linker gives, computed at once: components of `linked` pairs found through
    the same retrieval keys (no per-key cap): for tuning the thresholds quickly."""
    from marsad.stories.evidence import article_day, evidence, linked, retrieval_keys

    keys = keys or [evidence(a) for _, a in articles]
    days = [article_day(a) for _, a in articles]
    postings = defaultdict(list)
    for n, k in enumerate(keys):
        for key in retrieval_keys(k):
            postings[key].append(n)
    groups = Components(len(articles))

    for n, k in enumerate(keys):
        seen = set()
        for key in retrieval_keys(k):
            for m in postings[key][-400:]:
                if m >= n or m in seen:
                    continue
                seen.add(m)
                near = days[n] is None or days[m] is None or abs(days[n] - days[m]) <= window
                if near and linked(k, keys[m], dated=days[n] is not None and days[m] is not None):
                    groups.join(n, m)
    return groups.labels(articles)


def tune(articles, dev: dict[str, str]) -> None:
    ev = importlib.import_module("marsad.stories.evidence")

    keys = [ev.evidence(a) for _, a in articles]
    for cos in (0.6, 0.7):
        for with_anchors in (0.3, 0.45):
            for specific in (2.5,):
                ev.COSINE_MIN, ev.COSINE_WITH_ANCHORS, ev.LINK_MIN_SPECIFIC = cos, with_anchors, specific
                found = offline(articles, keys=keys)
                sizes = defaultdict(int)
                for story in found.values():
                    sizes[story] += 1
                p, r, f = bcubed(found, dev)
                print(f"cosine {cos} with anchors {with_anchors} specific {specific}: P {p:.3f} R {r:.3f} F1 {f:.3f}"
                      f"  largest {max(sizes.values())}", flush=True)


if __name__ == "__main__":
    main()
