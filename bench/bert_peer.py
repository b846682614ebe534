"""The entity stage beside a BERT-base-sized token classifier, on the same texts, one core.

    .venv/bin/pip install torch==2.13.0      # CPU build; only this benchmark needs it
    .venv/bin/python bench/bert_peer.py [--n 100]

Issue 3 asks what our CRF + linking costs against a transformer tagger such as AraBERT.
Weights are random (timing only): 12 layers, hidden 768, 12 heads, feed-forward 3072, a
64,000-piece vocabulary, 7 output labels. Arabic words split into about 1.4 word pieces
with BERT-style vocabularies, so each article becomes 1.4 × its word count pieces, in
windows of at most 512. Both run with one thread on the same cleaned articles.

The entity stage is timed warm, as it runs in a long ingest: first over as many other
articles (its per-word caches fill with the corpus's common words, not with these texts),
then over the measured ones three times, median taken. BERT gets one warm-up call and one
timed pass (it has no caches, and each pass takes minutes).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import repeated

from marsad.article import Article
from marsad.run.pipelines import cleaning_pipeline
from marsad.stages.entities import link_entities

PIECES_PER_WORD = 1.4
WINDOW = 512


def bert_base():
    import torch

    class TokenClassifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embed = torch.nn.Embedding(64_000, 768)
            self.position = torch.nn.Embedding(WINDOW, 768)
            layer = torch.nn.TransformerEncoderLayer(768, 12, 3072, batch_first=True, activation="gelu")
            self.encoder = torch.nn.TransformerEncoder(layer, 12, enable_nested_tensor=False)
            self.head = torch.nn.Linear(768, 7)

        def forward(self, ids):
            positions = torch.arange(ids.shape[1]).unsqueeze(0)
            return self.head(self.encoder(self.embed(ids) + self.position(positions))).argmax(-1)

    torch.set_num_threads(1)
    torch.manual_seed(0)
    return torch, TokenClassifier().eval()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()
    clean = cleaning_pipeline()
    articles = [clean(Article(url="x", raw_text=r["text"])) for r in repeated(args.n * 10)]
    articles = [a for a in articles if a.error is None and 300 <= len(a.text.split()) <= 500]
    articles, others = articles[: args.n], articles[args.n : 2 * args.n]
    words = statistics.mean(len(a.text.split()) for a in articles)
    for article in others:  # load the model and the knowledge base; fill the word caches
        link_entities(article)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        for article in articles:
            link_entities(article)
        times.append(time.perf_counter() - start)
    ours = len(articles) / statistics.median(times)
    torch, model = bert_base()
    with torch.inference_mode():
        model(torch.zeros(1, 16, dtype=torch.long))
        start = time.perf_counter()
        for article in articles:
            pieces = int(len(article.text.split()) * PIECES_PER_WORD)
            for offset in range(0, pieces, WINDOW):
                size = min(WINDOW, pieces - offset)
                model(torch.randint(0, 64_000, (1, size)))
        peer = len(articles) / (time.perf_counter() - start)
    print(json.dumps({"articles": len(articles), "warm_up_articles": len(others), "words_per_article": round(words),
                      "entity_stage_articles_per_s": round(ours, 1),
                      "bert_base_tagger_articles_per_s": round(peer, 2),
                      "speedup_vs_bert_base": round(ours / peer, 1)}, indent=1))


if __name__ == "__main__":
    main()
