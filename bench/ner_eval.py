"""NER quality on the ANERcorp test split, and the tagger's speed, load time and memory.

    .venv/bin/python bench/ner_eval.py              # quality + speed, as in RESULTS-ner.md
    .venv/bin/python bench/ner_eval.py --quality    # only the scores bench/quality.py gates

Quality: precision, recall and F1 per type and micro over PER/ORG/LOC, exact span
match (CoNLL style: an entity counts only when type, start and end all agree), on
ANERCorp_CamelSplit_reconstructed_test.conll, tagged in runs of 15 sentences. That split is report-only: it is run
to report a score, never looked at to change the model. MISC is not tagged by us,
so it is mapped to O in the gold as well.

Speed, one process on one core: sentences/s over the test sentences, articles/s
over real news articles cut to 400 words (../shared/data/news), best of three
passes; the knowledge base's and the model's load time and memory, measured in a
fresh interpreter.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import cut_articles, require

from marsad.ner import NerTagger
from marsad.ner.conll import Example, documents, read_conll, to_example
from marsad.ner.conll import score as span_score

TEST = HERE.parent.parent / "shared/data/ner/anercorp/ANERCorp_CamelSplit_reconstructed_test.conll"
ANERCORP = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
ARTICLE_WORDS = 400


def test_examples() -> list[Example]:
    return [to_example(s) for s in read_conll(require(TEST), ANERCORP.get)]


def evaluate(tagger: NerTagger, examples: list[Example]) -> dict:
    """Per-type and micro scores of `tagger` on `examples`, tagged in runs of consecutive sentences.

    The split has no article boundaries; runs of 15 sentences (about one article) let a
    two-pass model use the rest of the text, as it does on articles. A one-pass model
    scores the same as sentence by sentence.
    """
    runs = documents(examples)
    return span_score((e.spans for e in runs), (tagger.tag(e.text) for e in runs))


def score() -> dict[str, float]:
    """The gated scores (fractions): micro P/R/F1 and F1 per type on the ANERcorp test split."""
    result = evaluate(NerTagger(), test_examples())
    out = {f"ner_{k}_micro": round(result["micro"][k], 4) for k in ("precision", "recall", "f1")}
    out |= {f"ner_f1_{kind.lower()}": round(result[kind]["f1"], 4) for kind in ("PER", "ORG", "LOC")}
    return out


def speed(tagger: NerTagger, sentences: list[str], texts: list[str], rounds: int = 3) -> dict[str, float]:
    """Throughput, one process: the best of `rounds` passes (the machine is shared), and one pass
    over articles the tagger has not seen yet.

    The repeated passes find every word of the articles in the featurizer's word memo, which a
    stream of new articles does not: the unseen pass (after a warm-up on other text) is the
    rate an ingest gets.
    """
    for text in (sentences or texts)[:200]:
        tagger.tag(text)
    unseen = _best_time(tagger, texts, 1)
    return {
        "sentences_per_s": round(len(sentences) / _best_time(tagger, sentences, rounds), 1) if sentences else 0.0,
        "articles_per_s_400w": round(len(texts) / _best_time(tagger, texts, rounds), 1),
        "articles_per_s_400w_unseen": round(len(texts) / unseen, 1),
    }


def _best_time(tagger: NerTagger, texts: list[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            tagger.tag(text)
        times.append(time.perf_counter() - started)
    return min(times)


_LOAD = """
import json, time
def rss():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024
t0 = time.perf_counter()
from marsad.kb import load_kb
from marsad.ner import NerTagger
t1, base = time.perf_counter(), rss()
load_kb()
t2 = time.perf_counter()
tagger = NerTagger().load()
t3 = time.perf_counter()
tagger.tag("قال الأمين العام للأمم المتحدة أنطونيو غوتيريش في نيويورك.")
print(json.dumps({"import_s": round(t1 - t0, 3), "kb_load_s": round(t2 - t1, 3),
                  "model_load_s": round(t3 - t2, 3), "rss_mb": round(rss(), 1),
                  "kb_and_model_mb": round(rss() - base, 1)}))
"""


def load_cost() -> dict[str, float]:
    """Import, knowledge-base and model load times, and peak memory, in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def model_size() -> dict[str, float]:
    tagger = NerTagger()
    models = tagger.model_path.parent
    from marsad.ner.features import CLUSTERS_FILE, FORMS_FILE
    from marsad.ner.gazetteer import NAME_LISTS_FILE

    sizes = {"model_mb": round(tagger.model_path.stat().st_size / 1e6, 2)}
    if tagger.first_pass is not None:
        sizes["first_pass_model_mb"] = round(tagger.first_pass.stat().st_size / 1e6, 2)
    for name, file in (("clusters_mb", CLUSTERS_FILE), ("forms_mb", FORMS_FILE), ("name_lists_mb", NAME_LISTS_FILE)):
        if (models / file).is_file():
            sizes[name] = round((models / file).stat().st_size / 1e6, 2)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quality", action="store_true", help="only the gated scores")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--speed", action="store_true", help="only speed, load time and memory (no test scores)")
    args = parser.parse_args()
    if args.quality:
        print(json.dumps(score()))
        return
    tagger = NerTagger().load()
    examples = test_examples()
    if not args.speed:
        result = evaluate(tagger, examples)
        for kind in ("PER", "ORG", "LOC", "micro"):
            r = result[kind]
            print(
                f"{kind:6} P {r['precision'] * 100:5.2f}  R {r['recall'] * 100:5.2f}  F1 {r['f1'] * 100:5.2f}  (n={r['support']})"
            )
    articles = cut_articles(args.articles, ARTICLE_WORDS)
    # Peers in the same run (the machine is shared): the same model decoded by plain Viterbi,
    # and for a two-pass model its first pass alone, decoded as the shipped model is.
    peers = {"peer_plain_viterbi_articles_per_s_400w": NerTagger(entity_bonus=0.0, type_bonus={})}
    if tagger.first_pass is not None:
        peers["peer_first_pass_alone_articles_per_s_400w"] = NerTagger(
            tagger.first_pass, tagger.entity_bonus, tagger.type_bonus
        )
    report = {
        **speed(tagger, [e.text for e in examples], articles),
        **{name: speed(peer.load(), [], articles)["articles_per_s_400w"] for name, peer in peers.items()},
        **load_cost(),
        **model_size(),
        "cpu": os.cpu_count(),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
