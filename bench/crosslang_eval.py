"""Cross-language origin: does each Arabic translation find its English original?

    .venv/bin/python bench/crosslang_eval.py [--split dev|test|all] [--cache PATH]

Data: ../shared/data/parallel/pairs.jsonl (163 English news articles with human
Arabic translations; the WMT24++ documents come with two Arabic variants of one
English text). Candidates, all English: the distinct originals, the 331 other-domain
documents of pairs_other_domains.jsonl, and one generated near-miss per original:
its first half spliced to the second half of another original (a follow-up that
repeats the lead). Every text goes through the full marsad pipeline first.

Each Arabic text is matched as published and degraded the way machine-translation
autoblogs degrade it: scraper residue and a newsletter widget injected, linked
names respelled (a long vowel dropped, as خياري / خيري), the last third of the
paragraphs cut and one middle paragraph dropped.

Matchers, in the same run: marsad.crosslang (`rank_originals`); dictionary
word-by-word translation + TF-IDF cosine, with our shipped lexicon and with MUSE
(CC BY-NC, evaluation only: the best lexicon there is, a ceiling); entities only
(Dice over knowledge-base ids). The pairs are split by position (even: dev, odd:
test); weights were set on dev only.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import pickle
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARALLEL = ROOT.parent / "shared" / "data" / "parallel"

from marsad.arabic import words  # noqa: E402
from marsad.article import Article  # noqa: E402
from marsad.crosslang import evidence, rank_evidence  # noqa: E402
from marsad.crosslang.lexicon import arabic_keys, english_key, load_lexicon  # noqa: E402
from marsad.crosslang.stopwords import ENGLISH_STOPWORDS  # noqa: E402
from marsad.run.pipelines import default_pipeline  # noqa: E402

RESIDUE_TOP = ["[ad_1]"]
RESIDUE_MID = ["اشترك في النشرات الإخبارية المجانية", "نجاح!", "انتهى تقريبا …",
               "نحن بحاجة إلى تأكيد عنوان بريدك الإلكتروني.", "خطأ!"]
RESIDUE_END = ["[ad_2]", "المصدر"]


def _load(name: str) -> list[dict]:
    path = PARALLEL / name
    if not path.exists():
        sys.exit(f"bench: {path} is absent (it lives in ../shared/data beside the repo)")
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _respell(word: str) -> str:
    """A transliteration variant: one inner long vowel dropped (خياري -> خيري)."""
    for i in range(len(word) - 2, 1, -1):
        if word[i] in "اوي":
            return word[:i] + word[i + 1 :]
    return word


def degrade(article: Article, seed: int) -> str:
    """The Arabic text as an autoblog reposts a machine translation of it."""
    rng = random.Random(seed)
    text = article.text
    names = sorted({m.text for e in article.entities for m in e.mentions if len(m.text) > 3})
    for name in names:
        if rng.random() < 0.6:
            parts = name.split()
            parts[-1] = _respell(parts[-1])
            text = text.replace(name, " ".join(parts))
    paragraphs = _paragraphs(text.replace("\n\n", "\n"))
    keep = max(2, math.ceil(len(paragraphs) * 2 / 3))
    paragraphs = paragraphs[:keep]
    if len(paragraphs) > 4:
        del paragraphs[len(paragraphs) // 2]
    middle = len(paragraphs) // 2
    out = RESIDUE_TOP + paragraphs[:middle] + RESIDUE_MID + paragraphs[middle:] + RESIDUE_END
    return "\n".join(out)


def _process(texts: list[tuple[str, str]], pipeline) -> list[Article]:
    out = []
    for key, text in texts:
        article = pipeline(Article(raw_text=text, url=key))
        if article.error:
            print(f"  skipped {key}: {article.error.reason}", file=sys.stderr)
            continue
        article.id = key
        out.append(article)
    return out


def build(cache: Path | None) -> dict:
    """Every text of the evaluation, processed; cached because the pipeline takes a minute."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    pairs, others = _load("pairs.jsonl"), _load("pairs_other_domains.jsonl")
    pipeline = default_pipeline()
    originals: dict[str, str] = {}  # English text hash -> key
    queries = []
    for index, row in enumerate(pairs):
        en = row["en"]["text"]
        digest = hashlib.blake2b(en.encode(), digest_size=6).hexdigest()
        originals.setdefault(digest, f"en:{digest}")
        queries.append((index, f"ar:{row['id']}:{index}", row["ar"]["text"], f"en:{digest}", en))
    english = {originals[hashlib.blake2b(q[4].encode(), digest_size=6).hexdigest()]: q[4] for q in queries}
    keys = sorted(english)
    rng = random.Random(7)
    spliced = []
    for key in keys:
        other = rng.choice([k for k in keys if k != key])
        a, b = _paragraphs(english[key]), _paragraphs(english[other])
        spliced.append((f"gen:{key}", "\n".join(a[: len(a) // 2] + b[len(b) // 2 :])))
    distractors = [(f"other:{row['id']}", row["en"]["text"]) for row in others]
    print(f"processing {len(english)} originals, {len(spliced)} generated, {len(distractors)} other-domain,"
          f" {len(queries)} Arabic ...", file=sys.stderr)
    data = {
        "candidates": _process(list(english.items()) + spliced + distractors, pipeline),
        "arabic": _process([(q[1], q[2]) for q in queries], pipeline),
    }
    data["gold"] = {q[1]: q[3] for q in queries}
    data["split"] = {q[1]: "dev" if q[0] % 2 == 0 else "test" for q in queries}
    by_id = {a.id: a for a in data["arabic"]}
    data["degraded"] = _process([(k, degrade(by_id[k], i)) for i, k in enumerate(sorted(by_id))], pipeline)
    if cache:
        cache.write_bytes(pickle.dumps(data))
    return data


# ------------------------------------------------------------------ peers
def _english_terms(text: str) -> list[str]:
    return [english_key(w) for w in words(text) if w.lower() not in ENGLISH_STOPWORDS and w.isalpha()]


def _read_muse() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    with gzip.open(PARALLEL / "lexicon" / "muse_ar_en.tsv.gz", "rt", encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            ar, en, _ = line.rstrip("\n").split("\t")
            for key in arabic_keys(ar):
                table.setdefault(key, []).append(english_key(en))
    return table


class TfidfPeer:
    """Dictionary word-by-word translation of the Arabic, then TF-IDF cosine."""

    def __init__(self, candidates: list[Article], lexicon: dict) -> None:
        self.lexicon = lexicon
        self.docs = {a.id: Counter(_english_terms(a.text)) for a in candidates}
        df = Counter(t for doc in self.docs.values() for t in doc)
        self.idf = {t: math.log(len(self.docs) / n) for t, n in df.items()}
        self.vectors = {k: self._vector(v) for k, v in self.docs.items()}

    def _vector(self, counts: Counter) -> dict[str, float]:
        vec = {t: (1 + math.log(c)) * self.idf.get(t, 0.0) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def translate(self, text: str) -> Counter:
        out: Counter = Counter()
        for word in words(text):
            for key in arabic_keys(word):
                senses = self.lexicon.get(key)
                if senses:
                    out.update(senses[:3])
                    break
            else:
                if word.isascii():
                    out[english_key(word)] += 1
        return out

    def rank(self, article: Article) -> list[str]:
        query = self._vector(self.translate(article.text))
        scores = {k: sum(w * vec.get(t, 0.0) for t, w in query.items()) for k, vec in self.vectors.items()}
        return sorted(scores, key=lambda k: (-scores[k], k))


def _kb_ids(article: Article) -> set[str]:
    return {e.id for e in article.entities if ":" in e.id and "new-" not in e.id}


def entities_rank(article: Article, candidates: list[Article]) -> list[str]:
    mine = _kb_ids(article)
    scores = {}
    for cand in candidates:
        theirs = _kb_ids(cand)
        scores[cand.id] = 2 * len(mine & theirs) / (len(mine) + len(theirs)) if mine or theirs else 0.0
    return sorted(scores, key=lambda k: (-scores[k], k))


# ------------------------------------------------------------------ run
def recall(ranked: dict[str, list[str]], gold: dict[str, str], keys: list[str]) -> tuple[float, float]:
    at1 = sum(ranked[k][0] == gold[k] for k in keys) / len(keys)
    mrr = sum(1 / (ranked[k].index(gold[k]) + 1) for k in keys) / len(keys)
    return at1, mrr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the processed texts")
    parser.add_argument("--errors", action="store_true", help="print the dev misses of marsad")
    args = parser.parse_args()
    data = build(args.cache)
    candidates, gold, split = data["candidates"], data["gold"], data["split"]
    began = time.perf_counter()
    cand_ev = [evidence(c) for c in candidates]
    read_ms = (time.perf_counter() - began) * 1000 / len(candidates)
    peers = {"tfidf-open": TfidfPeer(candidates, load_lexicon())}
    if (PARALLEL / "lexicon" / "muse_ar_en.tsv.gz").exists():
        peers["tfidf-muse"] = TfidfPeer(candidates, _read_muse())
    print(f"{len(candidates)} English candidates; split {args.split}")
    print(f"{'condition':10} {'matcher':14} {'n':>4} {'R@1':>6} {'MRR':>6}")
    for condition in ("clean", "degraded"):
        queries = data["arabic"] if condition == "clean" else data["degraded"]
        keys = [a.id for a in queries if args.split == "all" or split[a.id] == args.split]
        chosen = [a for a in queries if a.id in set(keys)]
        ranked, times = {}, []
        for article in chosen:
            began = time.perf_counter()
            ranked[article.id] = [k for k, _ in rank_evidence(evidence(article), cand_ev)]
            times.append(time.perf_counter() - began)
        median = statistics.median(times) * 1000
        print(f"{condition:10} marsad ranks {len(cand_ev)} candidates in {median:.0f} ms "
              f"(median per query; candidates' evidence read once, {read_ms:.1f} ms per article)")
        results = {"marsad": ranked}
        for name, peer in peers.items():
            results[name] = {a.id: peer.rank(a) for a in chosen}
        results["entities-only"] = {a.id: entities_rank(a, candidates) for a in chosen}
        for name, table in results.items():
            at1, mrr = recall(table, gold, keys)
            print(f"{condition:10} {name:14} {len(keys):4d} {at1:6.3f} {mrr:6.3f}")
        if args.errors:
            for k in keys:
                if ranked[k][0] != gold[k]:
                    at = ranked[k].index(gold[k]) + 1
                    print(f"   miss {condition} {k}: top {ranked[k][:3]} gold at {at}")


if __name__ == "__main__":
    main()
