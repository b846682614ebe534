"""EXPERIMENT (not shipped): a small neural NER tagger trained on CPU, scored on our dev split.

    .venv/bin/python training/experimental_neural_ner.py --arch bilstm
    .venv/bin/python training/experimental_neural_ner.py --arch idcnn --extra ""

Same data and dev split as training/train_ner.py (last 15% of ANERcorp train is dev;
NewsFANE without its ANERcorp overlap, AQMAR, Wojood train). Scored with
marsad.ner.conll.score through the same tokenizer and sentence cuts as the CRF.

Inputs per token: word key (marsad.ner.gazetteer.word_key, digits as 0) embedded with
word2vec vectors trained on ../shared/data/news (as training/build_ner_clusters.py,
seeded, one worker), a char-CNN over the raw word, and a bag of the CRF's own
features (Featurizer.shipped(True, True), gazetteer and clusters included).
Encoder: BiLSTM or ID-CNN (dilated convolutions). Output: linear-chain CRF with BIO
constraints. Extra corpora: private output heads per corpus (--adapt heads; the
tagger only uses the shared head, as the CRF's per-corpus feature copies) or a
corpus-id embedding (--adapt embed) or plain pooling (--adapt none).

Caches data and vectors under --work (default /tmp/neural). Needs torch (training only).
The ANERcorp test split is never scored; its words are read only by
train_ner.load_extra for the NewsFANE overlap filter.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_ner import ANERCORP, DATA, DEV_FRACTION, load, load_extra  # noqa: E402

from marsad.arabic import tokens  # noqa: E402
from marsad.ner.conll import Span, bio_spans, score, token_labels  # noqa: E402
from marsad.ner.features import Featurizer, sentences  # noqa: E402

LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
CORPORA = ["anercorp", "newsfane", "aqmar", "wojood"]
SEED = 13


# ---------------------------------------------------------------- data


def word_vectors(work: Path):
    """word2vec over the tagger's word keys of the unlabelled news (cached)."""
    from gensim.models import KeyedVectors, Word2Vec

    path = work / "w2v.kv"
    if not path.is_file():
        from build_ner_clusters import NER, NEWS, _stable_hash, corpus

        started = time.perf_counter()
        lines = corpus(NEWS, NER)
        model = Word2Vec(
            lines, vector_size=100, window=5, min_count=3, sg=1, negative=10,
            epochs=5, workers=1, seed=SEED, hashfxn=_stable_hash,
        )
        model.wv.save(str(path))
        print(f"word2vec: {len(model.wv.index_to_key)} keys in {time.perf_counter() - started:.0f}s", flush=True)
    return KeyedVectors.load(str(path))


def sentence_items(examples, corpus: str, featurizer: Featurizer):
    """Per example: list of sentences as dicts (words, feats, labels, offsets)."""
    from build_ner_clusters import cluster_key

    out = []
    for example in examples:
        words_ = list(tokens(example.text))
        labels = token_labels(example, words_)
        sents = []
        for first, last in sentences(example.text, words_):
            sent = words_[first:last]
            sents.append(
                {
                    "words": [w.text for w in sent],
                    "keys": [cluster_key(w.text) for w in sent],
                    "feats": featurizer.sentence(example.text, sent),
                    "labels": labels[first:last],
                    "offsets": [(w.start, w.end) for w in sent],
                    "corpus": corpus,
                }
            )
        out.append(sents)
    return out


def prepare(work: Path) -> dict:
    path = work / "data.pkl"
    if path.is_file():
        with open(path, "rb") as handle:
            return pickle.load(handle)
    started = time.perf_counter()
    anercorp = load(DATA, ANERCORP, ["anercorp/ANERCorp_CamelSplit_reconstructed_train.conll"])
    cut = int(len(anercorp) * (1 - DEV_FRACTION))
    train_part, dev = anercorp[:cut], anercorp[cut:]
    others = load_extra(argparse.Namespace(data=DATA, extra="newsfane,aqmar,wojood"), anercorp)
    featurizer = Featurizer.shipped(True, True)
    data = {
        "train": {"anercorp": [s for ex in sentence_items(train_part, "anercorp", featurizer) for s in ex]},
        "dev": sentence_items(dev, "anercorp", featurizer),
        "dev_gold": [e.spans for e in dev],
        "dev_text": [e.text for e in dev],
    }
    for name in CORPORA[1:]:
        exs = [e for n, e in others if n == name]
        data["train"][name] = [s for ex in sentence_items(exs, name, featurizer) for s in ex]
    with open(path, "wb") as handle:
        pickle.dump(data, handle)
    sizes = {k: (len(v), sum(len(s["words"]) for s in v)) for k, v in data["train"].items()}
    print(f"data: train sentences/tokens {sizes}, dev {len(dev)} in {time.perf_counter() - started:.0f}s", flush=True)
    return data


class Vocab:
    def __init__(self, items, min_count=1, reserved=("<pad>", "<unk>")):
        counts = Counter(items)
        self.itos = list(reserved) + sorted(k for k, c in counts.items() if c >= min_count and k not in reserved)
        self.stoi = {k: i for i, k in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def get(self, key, default=1):
        return self.stoi.get(key, default)


def repair(labels):
    """An I- that continues nothing (a span cut by a sentence break) becomes B-, as the CRF can tag it."""
    out = list(labels)
    for i, label in enumerate(out):
        if label.startswith("I-") and (i == 0 or out[i - 1][2:] != label[2:]):
            out[i] = "B-" + label[2:]
    return out


def encode(sent, vocabs, max_chars=20):
    wv, cv, fv = vocabs
    return {
        "w": [wv.get(k) for k in sent["keys"]],
        "c": [[cv.get(ch) for ch in w[:max_chars]] for w in sent["words"]],
        "f": [[i for i in (fv.get(f, 0) for f in feats) if i] or [0] for feats in sent["feats"]],
        "y": [LABELS.index(l) for l in repair(sent["labels"])],
        "d": CORPORA.index(sent["corpus"]),
    }


# ---------------------------------------------------------------- model


def build_model(args, n_words, n_chars, n_feats, init_vectors):
    import torch
    from torch import nn

    class CRF(nn.Module):
        def __init__(self, n):
            super().__init__()
            self.trans = nn.Parameter(torch.zeros(n, n))  # trans[i, j]: from i to j
            self.start = nn.Parameter(torch.zeros(n))
            self.end = nn.Parameter(torch.zeros(n))
            forbid = torch.zeros(n, n)
            start_forbid = torch.zeros(n)
            for j, lj in enumerate(LABELS):
                if lj.startswith("I-"):
                    start_forbid[j] = -1e4
                    for i, li in enumerate(LABELS):
                        if li[2:] != lj[2:]:
                            forbid[i, j] = -1e4
            self.register_buffer("forbid", forbid)
            self.register_buffer("start_forbid", start_forbid)

        def _t(self):
            return self.trans + self.forbid, self.start + self.start_forbid

        def nll(self, em, y, mask):  # em B,T,N; y B,T; mask B,T bool
            trans, start = self._t()
            B, T, N = em.shape
            maskf = mask.float()
            # gold score
            s = start[y[:, 0]] + em[:, 0].gather(1, y[:, :1]).squeeze(1)
            for t in range(1, T):
                step = trans[y[:, t - 1], y[:, t]] + em[:, t].gather(1, y[:, t : t + 1]).squeeze(1)
                s = s + step * maskf[:, t]
            lengths = mask.sum(1)
            last = y.gather(1, (lengths - 1).unsqueeze(1)).squeeze(1)
            s = s + self.end[last]
            # partition
            alpha = start + em[:, 0]
            for t in range(1, T):
                nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, t]
                alpha = torch.where(mask[:, t : t + 1], nxt, alpha)
            z = torch.logsumexp(alpha + self.end, dim=1)
            return (z - s).sum()

        def marginals(self, em, mask):
            """Log marginals per token and label (forward-backward)."""
            trans, start = self._t()
            B, T, N = em.shape
            alphas = [start + em[:, 0]]
            for t in range(1, T):
                nxt = torch.logsumexp(alphas[-1].unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, t]
                alphas.append(torch.where(mask[:, t : t + 1], nxt, alphas[-1]))
            z = torch.logsumexp(alphas[-1] + self.end, dim=1, keepdim=True)
            betas = [self.end.expand(B, N)]
            for t in range(T - 2, -1, -1):
                nxt = torch.logsumexp(trans.unsqueeze(0) + (em[:, t + 1] + betas[-1]).unsqueeze(1), dim=2)
                betas.append(torch.where(mask[:, t + 1 : t + 2], nxt, self.end.expand(B, N)))
            betas.reverse()
            return torch.stack(alphas, 1) + torch.stack(betas, 1) - z.unsqueeze(1)

        def bonus_decode(self, em, mask, bonus):
            """As marsad.ner.decode: BIO-constrained best path over log marginals, entity labels + bonus."""
            lm = self.marginals(em, mask).clamp(min=-20.7)  # log(1e-9), the runtime's floor
            lm = lm + bonus * (torch.arange(len(LABELS)) > 0).float()
            return self.viterbi(lm, mask, plain=True)

        def viterbi(self, em, mask, plain=False):
            trans, start = self._t()
            end = self.end
            if plain:
                trans, start, end = self.forbid, self.start_forbid, torch.zeros_like(self.end)
            B, T, N = em.shape
            score_ = start + em[:, 0]
            back = []
            for t in range(1, T):
                cand = score_.unsqueeze(2) + trans.unsqueeze(0)
                best, idx = cand.max(1)
                nxt = best + em[:, t]
                m = mask[:, t : t + 1]
                score_ = torch.where(m, nxt, score_)
                back.append(torch.where(m, idx, torch.arange(N).expand(B, N)))
            score_ = score_ + end
            best = score_.argmax(1)
            path = [best]
            for idx in reversed(back):
                best = idx.gather(1, best.unsqueeze(1)).squeeze(1)
                path.append(best)
            path.reverse()
            return torch.stack(path, 1)

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            self.wemb = nn.Embedding(n_words, init_vectors.shape[1], padding_idx=0)
            self.wemb.weight.data.copy_(torch.from_numpy(init_vectors))
            self.wemb.weight.requires_grad = not args.freeze_words
            dim = init_vectors.shape[1]
            if args.chars:
                self.cemb = nn.Embedding(n_chars, 32, padding_idx=0)
                self.cconv = nn.Conv1d(32, args.char_filters, 3, padding=1)
                dim += args.char_filters
            if args.feats:
                self.femb = nn.EmbeddingBag(n_feats, args.feat_dim, mode="sum", sparse=True, padding_idx=0)
                nn.init.normal_(self.femb.weight, 0, 0.01)
                dim += args.feat_dim
            if args.adapt == "embed":
                self.demb = nn.Embedding(len(CORPORA), 16)
                dim += 16
            self.drop = nn.Dropout(args.dropout)
            if args.arch == "bilstm":
                self.rnn = nn.LSTM(dim, args.hidden, batch_first=True, bidirectional=True)
                out = 2 * args.hidden
            else:
                self.proj = nn.Conv1d(dim, args.hidden, 3, padding=1)
                self.convs = nn.ModuleList(
                    nn.Conv1d(args.hidden, args.hidden, 3, padding=d, dilation=d) for d in (1, 2, 4, 1)
                )
                out = args.hidden
            self.head = nn.Linear(out, len(LABELS))
            if args.adapt == "heads":
                self.private = nn.ModuleList(nn.Linear(out, len(LABELS)) for _ in CORPORA[1:])
            self.crf = CRF(len(LABELS))

        def emissions(self, batch):
            w, mask = batch["w"], batch["mask"]
            B, T = w.shape
            parts = [self.wemb(w)]
            if args.chars:
                c = self.cemb(batch["c"].view(B * T, -1)).transpose(1, 2)  # BT,32,L
                c = torch.relu(self.cconv(c)).max(2).values.view(B, T, -1)
                parts.append(c)
            if args.feats:
                parts.append(self.femb(batch["f"], batch["f_off"]).view(B, T, -1))
            if args.adapt == "embed":
                parts.append(self.demb(batch["d"]).unsqueeze(1).expand(B, T, -1))
            x = self.drop(torch.cat(parts, 2))
            if args.arch == "bilstm":
                packed = nn.utils.rnn.pack_padded_sequence(x, batch["len"], batch_first=True, enforce_sorted=False)
                h, _ = self.rnn(packed)
                h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=T)
            else:
                m = mask.unsqueeze(1).float()
                h = torch.relu(self.proj(x.transpose(1, 2))) * m
                for conv in self.convs:
                    h = (h + torch.relu(conv(self.drop(h)))) * m
                h = h.transpose(1, 2)
            h = self.drop(h)
            em = self.head(h)
            if args.adapt == "heads" and self.training:
                d = batch["d"]
                for k, private in enumerate(self.private, start=1):
                    sel = d == k
                    if sel.any():
                        em = em + private(h) * sel.view(B, 1, 1).float()
            return em

    return Tagger()


def collate(items, feat_drop=0.0, word_drop=0.0, rng=None):
    import torch

    if rng is not None and (feat_drop or word_drop):
        dropped = []
        for it in items:
            f = [[i for i in fs if rng.random() >= feat_drop] or [0] for fs in it["f"]]
            w = [1 if rng.random() < word_drop else i for i in it["w"]]
            dropped.append({**it, "f": f, "w": w})
        items = dropped

    B = len(items)
    T = max(len(it["w"]) for it in items)
    L = max(len(c) for it in items for c in it["c"])
    w = torch.zeros(B, T, dtype=torch.long)
    y = torch.zeros(B, T, dtype=torch.long)
    c = torch.zeros(B, T, L, dtype=torch.long)
    mask = torch.zeros(B, T, dtype=torch.bool)
    flat, offs = [], []
    for b, it in enumerate(items):
        n = len(it["w"])
        w[b, :n] = torch.tensor(it["w"])
        y[b, :n] = torch.tensor(it["y"])
        mask[b, :n] = True
        for t, chars in enumerate(it["c"]):
            c[b, t, : len(chars)] = torch.tensor(chars)
    for b, it in enumerate(items):  # feature bag offsets in (b, t) order, padding tokens get [0]
        n = len(it["w"])
        for t in range(T):
            offs.append(len(flat))
            flat.extend(it["f"][t] if t < n else [0])
    return {
        "w": w, "y": y, "c": c, "mask": mask,
        "f": torch.tensor(flat, dtype=torch.long), "f_off": torch.tensor(offs, dtype=torch.long),
        "d": torch.tensor([it["d"] for it in items], dtype=torch.long),
        "len": torch.tensor([len(it["w"]) for it in items]),
    }


def batches(items, size, rng=None):
    order = sorted(range(len(items)), key=lambda i: len(items[i]["w"]))
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(chunks)
    return chunks


def predict(model, encoded_dev, size=64, bonus=0.0):
    """Labels per dev sentence (flattened order); a bonus > 0 decodes over marginals."""
    import torch

    model.eval()
    out = [None] * len(encoded_dev)
    with torch.no_grad():
        for chunk in batches(encoded_dev, size):
            batch = collate([encoded_dev[i] for i in chunk])
            em = model.emissions(batch)
            if bonus:
                path = model.crf.bonus_decode(em, batch["mask"], bonus)
            else:
                path = model.crf.viterbi(em, batch["mask"])
            for row, i in enumerate(chunk):
                out[i] = [LABELS[k] for k in path[row, : len(encoded_dev[i]["w"])].tolist()]
    return out


def dev_score(data, labels_flat):
    preds, k = [], 0
    for text, sents in zip(data["dev_text"], data["dev"], strict=True):
        spans = []
        for sent in sents:
            labels = labels_flat[k]
            k += 1
            for kind, i, j in bio_spans(labels):
                start, end = sent["offsets"][i][0], sent["offsets"][j - 1][1]
                spans.append(Span(kind, start, end, text[start:end]))
        preds.append(spans)
    return score(data["dev_gold"], preds)


def fmt(scores):
    return " ".join(
        f"{k}:P{v['precision'] * 100:.1f}/R{v['recall'] * 100:.1f}/F{v['f1'] * 100:.2f}" for k, v in scores.items()
    )


# ---------------------------------------------------------------- main


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", type=Path, default=Path("/tmp/neural"))
    p.add_argument("--arch", choices=["bilstm", "idcnn"], default="bilstm")
    p.add_argument("--extra", default="newsfane,aqmar,wojood", help="comma-separated extra corpora ('' = none)")
    p.add_argument("--adapt", choices=["none", "embed", "heads"], default="heads")
    p.add_argument("--no-feats", dest="feats", action="store_false", help="no bag of CRF features")
    p.add_argument("--no-chars", dest="chars", action="store_false")
    p.add_argument("--no-w2v", dest="w2v", action="store_false", help="random word embedding init")
    p.add_argument("--freeze-words", action="store_true", help="keep the word embedding fixed")
    p.add_argument("--feat-min-count", type=int, default=2)
    p.add_argument("--feat-drop", type=float, default=0.5, help="drop each CRF feature of a token in training")
    p.add_argument("--word-drop", type=float, default=0.1, help="replace a word by <unk> in training")
    p.add_argument("--feat-dim", type=int, default=64)
    p.add_argument("--char-filters", type=int, default=50)
    p.add_argument("--hidden", type=int, default=150)
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--feat-lr", type=float, default=1e-3, help="learning rate of the CRF-feature bag (SparseAdam)")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--patience", type=int, default=4)
    p.add_argument("--max-minutes", type=float, default=25.0, help="stop training after this long")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--tag", default="", help="name for the result json under --work")
    return p.parse_args()


def main():
    args = parse_args()
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    args.work.mkdir(parents=True, exist_ok=True)
    data = prepare(args.work)
    kv = word_vectors(args.work) if args.w2v else None

    names = ["anercorp", *[n for n in args.extra.split(",") if n]]
    train_sents = [s for n in names for s in data["train"][n]]
    dev_sents = [s for ex in data["dev"] for s in ex]
    # vocabularies from the training sentences only (+ the word2vec keys for words)
    key_counts = Counter(k for s in train_sents for k in s["keys"])
    words_v = Vocab(list(key_counts) + (list(kv.index_to_key) if args.w2v else []))
    chars_v = Vocab([ch for s in train_sents for w in s["words"] for ch in w], min_count=2)
    feats_v = Vocab([f for s in train_sents for fs in s["feats"] for f in fs], min_count=args.feat_min_count)
    rng = np.random.default_rng(args.seed)
    vectors = rng.normal(0, 0.1, (len(words_v), 100)).astype(np.float32)
    vectors[0] = 0
    if args.w2v:
        hits = 0
        for i, key in enumerate(words_v.itos):
            if key in kv.key_to_index:
                v = kv[key]
                vectors[i] = v / (np.linalg.norm(v) or 1.0)
                hits += 1
    else:
        hits = 0
    print(f"vocab: words {len(words_v)} ({hits} with vectors), chars {len(chars_v)}, feats {len(feats_v)}", flush=True)
    vocabs = (words_v, chars_v, feats_v)
    enc_train = [encode(s, vocabs) for s in train_sents]
    enc_dev = [encode(s, vocabs) for s in dev_sents]

    model = build_model(args, len(words_v), len(chars_v), len(feats_v), vectors)
    n_params = sum(p.numel() for p in model.parameters())
    n_dense = sum(p.numel() for n, p in model.named_parameters() if not n.startswith("femb"))
    print(f"model {args.arch}: {n_params} params ({n_dense} without the feature bag; "
          f"word embedding {model.wemb.weight.numel()})", flush=True)
    sparse = [p for n, p in model.named_parameters() if n.startswith("femb")]
    dense = [p for n, p in model.named_parameters() if not n.startswith("femb") and p.requires_grad]
    opts = [torch.optim.Adam(dense, lr=args.lr)]
    if sparse:
        opts.append(torch.optim.SparseAdam(sparse, lr=args.feat_lr))

    best, best_epoch, best_state, history = -1.0, -1, None, []
    started = time.perf_counter()
    pyrng = random.Random(args.seed)
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0 = time.perf_counter()
        total = 0.0
        for chunk in batches(enc_train, args.batch, pyrng):
            batch = collate([enc_train[i] for i in chunk], args.feat_drop, args.word_drop, pyrng)
            em = model.emissions(batch)
            loss = model.crf.nll(em, batch["y"], batch["mask"]) / len(chunk)
            for o in opts:
                o.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(dense, 5.0)
            for o in opts:
                o.step()
            total += loss.item() * len(chunk)
        scores = dev_score(data, predict(model, enc_dev))
        f1 = scores["micro"]["f1"]
        history.append({"epoch": epoch, "loss": total, "dev_f1": f1, "secs": time.perf_counter() - t0})
        print(f"epoch {epoch}: loss {total:.0f} dev micro F1 {f1 * 100:.2f} ({time.perf_counter() - t0:.0f}s) "
              + fmt(scores), flush=True)
        if f1 > best:
            best, best_epoch, best_scores = f1, epoch, scores
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        elif epoch - best_epoch >= args.patience:
            break
        if time.perf_counter() - started > args.max_minutes * 60:
            print("time limit", flush=True)
            break
    train_secs = time.perf_counter() - started
    model.load_state_dict(best_state)
    by_bonus = {}
    for bonus in (0.0, 0.5, 1.0, 1.5, 2.0):  # the CRF's BONUSES, tuned on dev the same way
        by_bonus[bonus] = dev_score(data, predict(model, enc_dev, bonus=bonus))
        print(f"entity bonus {bonus}: dev micro F1 {by_bonus[bonus]['micro']['f1'] * 100:.2f} | "
              + fmt(by_bonus[bonus]), flush=True)

    # inference speed: one thread, batches of consecutive dev sentences of ~400 tokens (one "article")
    model.eval()
    groups, cur, n = [], [], 0
    for i, s in enumerate(enc_dev):
        cur.append(i)
        n += len(s["w"])
        if n >= 400:
            groups.append(cur)
            cur, n = [], 0
    if cur:
        groups.append(cur)
    ntok = sum(len(s["w"]) for s in enc_dev)
    t_coll = t_em = t_vit = 0.0
    with torch.no_grad():
        for g in groups:
            t0 = time.perf_counter()
            batch = collate([enc_dev[i] for i in g])
            t1 = time.perf_counter()
            em = model.emissions(batch)
            t2 = time.perf_counter()
            model.crf.viterbi(em, batch["mask"])
            t3 = time.perf_counter()
            t_coll, t_em, t_vit = t_coll + t1 - t0, t_em + t2 - t1, t_vit + t3 - t2
    model_tps = ntok / (t_coll + t_em + t_vit)
    print(f"inference split: collate {ntok / t_coll:.0f} tok/s, network {ntok / t_em:.0f} tok/s, "
          f"viterbi {ntok / t_vit:.0f} tok/s", flush=True)
    # featurization + encoding cost (what the CRF path also pays for features)
    featurizer = Featurizer.shipped(True, True)
    t0 = time.perf_counter()
    for text in data["dev_text"]:
        ws = list(tokens(text))
        for first, last in sentences(text, ws):
            featurizer.sentence(text, ws[first:last])
    feat_tps = ntok / (time.perf_counter() - t0)
    result = {
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "best_epoch": best_epoch, "dev": best_scores, "dev_by_bonus": by_bonus, "train_secs": train_secs,
        "params": n_params, "params_without_feature_bag": n_dense,
        "tokens_per_s_model": model_tps,
        "tokens_per_s_parts": {"collate": ntok / t_coll, "network": ntok / t_em, "viterbi": ntok / t_vit}, "tokens_per_s_featurize": feat_tps,
        "dev_tokens": ntok, "history": history,
        "command": " ".join(["training/experimental_neural_ner.py", *sys.argv[1:]]),
    }
    print(f"BEST epoch {best_epoch}: dev micro F1 {best * 100:.2f} | " + fmt(best_scores), flush=True)
    print(f"train {train_secs:.0f}s, params {n_params} ({n_dense} w/o feature bag), "
          f"inference {model_tps:.0f} tok/s model-only (1 thread, ~400-token batches), "
          f"featurize {feat_tps:.0f} tok/s", flush=True)
    tag = args.tag or f"{args.arch}_{args.adapt}_{'x' if args.extra else 'a'}"
    (args.work / f"result_{tag}.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
