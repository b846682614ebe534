"""Alerts: matching speed, ingest-to-mail latency on loopback, and no duplicates after a kill.

    .venv/bin/python bench/alerts_speed.py match [--subs 10000] [--batch 1000] [--background 4000]
    .venv/bin/python bench/alerts_speed.py e2e   [--subs 1000] [--batch 200] [--reps 3]
    .venv/bin/python bench/alerts_speed.py kill  [--subs 1000] [--rounds 3]

Articles are real news from ../shared/data/news (SaudiNewsNet, ANT multisource). Saved
queries are drawn (seeded) from the batch's and the archive's own words: single words,
two words, two-word phrases cut from real sentences, OR and NOT, plus watches of
knowledge-base entities.

- match: `BatchIndex` over the new batch, every saved query evaluated on it, beside two
  peers in the same run on the same archive: each subscription as a bare FTS5 MATCH limited
  to the batch's rows (the cheapest SQL a per-subscription search can be), and each as a
  plain `Archive.search` (ranked, with snippets; timed on a sample and scaled). The match
  sets are checked equal to the FTS5 peer's.
- e2e: 1,000 confirmed subscriptions, an aiosmtpd server on loopback, one `Archive.ingest`
  of a new batch (the ingest hook delivers); latency = mail received - start of the ingest.
  Each repeat runs the default sender (`smtp_connections` 1) and 4 connections side by side on
  copies of the same archive; delivery's own INFO lines give when matching, claiming and
  sending ended. `kill` runs with the default (`--connections` to try others).
- kill: the queue filled with no mail server set, then `marsad alerts send` in a subprocess
  killed (SIGKILL) once a share of the mails has arrived, and run again; duplicates are
  counted by (recipient, article) and by Message-ID.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import itertools
import json
import logging
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import rows  # noqa: E402

from marsad.alerts import deliver  # noqa: E402
from marsad.alerts.matching import Batch, BatchIndex, compile_query  # noqa: E402
from marsad.alerts.subscriptions import confirm, subscribe  # noqa: E402
from marsad.arabic import words  # noqa: E402
from marsad.article import Article  # noqa: E402
from marsad.service import Archive  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _article(row: dict, n: int) -> Article:
    paragraphs = [p for p in row["text"].split("\n") if p.strip()]
    return Article(id=f"bg-{n}", title=row.get("title"), text="\n\n".join(paragraphs), paragraphs=paragraphs,
                   source=row.get("source"), url=row.get("url"), lang="ar")


def _jsonl(path: Path, items: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for row in items:
            out.write(json.dumps({k: row.get(k) for k in ("text", "title", "url", "source")}, ensure_ascii=False) + "\n")
    return path


def _corpus(background: int, batch: int) -> tuple[list[dict], list[dict]]:
    found = list(itertools.islice((r for r in rows() if len(r["text"]) > 400), background + batch))
    return found[:background], found[background:]


def _queries(texts: list[str], n: int, seed: int = 7) -> list[str]:
    """Saved queries of the shapes analysts write, from the corpus's own words."""
    rng = random.Random(seed)
    counts = Counter(w for t in texts for w in set(words(t)) if len(w) > 2 and not w.isdigit())
    common = [w for w, _ in counts.most_common(20_000)[150:]]  # past the function words
    sentences = [words(t)[:200] for t in texts]
    out = []
    for _ in range(n):
        a, b, c = rng.sample(common, 3)
        shape = rng.random()
        if shape < 0.40:
            out.append(a)
        elif shape < 0.65:
            out.append(f"{a} {b}")
        elif shape < 0.80:
            seq = rng.choice(sentences)
            i = rng.randrange(max(1, len(seq) - 1))
            out.append(f'"{" ".join(seq[i:i + 2])}"')
        elif shape < 0.90:
            out.append(f"{a} OR {b}")
        else:
            out.append(f"{a} {b} NOT {c}")
    return out


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# -- match ---------------------------------------------------------------------------------

def bench_match(args: argparse.Namespace, tmp: Path) -> dict:
    from marsad.kb import load_kb

    old, new = _corpus(args.background, args.batch)
    db = tmp / "match.db"
    with Archive(db) as archive:
        with archive.store.batch():
            for n, row in enumerate(old):
                archive.store.add(_article(row, n))
        start = archive.store.read("SELECT max(pk) FROM articles")[0][0]
        t = time.perf_counter()
        archive.ingest([str(_jsonl(tmp / "batch.jsonl", new))], batch_size=args.batch)  # full pipeline: entities
        ingest_s = time.perf_counter() - t
    archive = Archive(db, readonly=True)
    store = archive.store
    n_watch = args.subs // 5
    queries = _queries([r["text"] for r in old + new], args.subs - n_watch)
    kb_ids = sorted(e.id for e in load_kb())
    named = [row[0] for row in store.read("SELECT DISTINCT entity_id FROM mentions WHERE article_pk > ?", (start,))]
    rng = random.Random(11)
    pool = named + kb_ids
    watches = [[rng.choice(pool)] for _ in range(n_watch)]

    def ours() -> dict:
        compile_query.cache_clear()
        rows_ = store.read("SELECT pk, title, text FROM articles WHERE pk > ? ORDER BY pk", (start,))
        ents: dict[int, set] = {}
        for pk, eid in store.read("SELECT article_pk, entity_id FROM mentions WHERE article_pk > ?", (start,)):
            ents.setdefault(pk, set()).add(eid)
        index = BatchIndex(Batch([r[0] for r in rows_], [r[1] for r in rows_], [r[2] for r in rows_],
                                 [ents.get(r[0], set()) for r in rows_]))
        found = {("q", q): index.match_query(compile_query(q)) for q in queries}
        found.update({("e", w[0]): index.match_entities(w) for w in watches})
        return found

    from marsad.search import parse

    def fts_peer() -> dict:
        found = {}
        for q in queries:
            sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid > ? ORDER BY rowid"
            found[("q", q)] = [r[0] for r in store.read(sql, (parse(q).fts, start))]
        for w in watches:
            sql = "SELECT DISTINCT article_pk FROM mentions WHERE entity_id = ? AND article_pk > ? ORDER BY article_pk"
            found[("e", w[0])] = [r[0] for r in store.read(sql, (w[0], start))]
        return found

    sample = queries[: args.sample]

    def plain_sample() -> None:
        for q in sample:
            archive.search(q, limit=10)

    times = {"ours": [], "fts": [], "plain": []}
    for _ in range(args.reps):
        for name, func in (("ours", ours), ("fts", fts_peer), ("plain", plain_sample)):
            t = time.perf_counter()
            result = func()
            times[name].append(time.perf_counter() - t)
            if name == "ours":
                mine = result
            elif name == "fts":
                theirs = result
    assert mine == theirs, "the batch matcher and FTS5 disagree"
    archive.close()
    med = {k: statistics.median(v) for k, v in times.items()}
    plain_full = med["plain"] * len(queries) / len(sample)
    hits = sum(len(v) for v in mine.values())
    return {"subscriptions": args.subs, "queries": len(queries), "entity_watches": n_watch, "batch": len(new),
            "archive": len(old) + len(new), "matches": hits, "subscriptions_matching": sum(1 for v in mine.values() if v),
            "ours_s": round(med["ours"], 3), "fts_peer_s": round(med["fts"], 3),
            "plain_search_s_scaled": round(plain_full, 2), "plain_sample": len(sample),
            "speedup_vs_fts": round(med["fts"] / med["ours"], 1), "speedup_vs_plain": round(plain_full / med["ours"], 1),
            "batch_ingest_s": round(ingest_s, 1), "reps": args.reps}


# -- SMTP on loopback -----------------------------------------------------------------------
# The mail server runs in its own process (as it would on its own machine), so it takes no
# CPU time from the sender; it logs one line per mail, when it arrived (CLOCK_MONOTONIC is
# one clock for every process of the machine) and the raw mail, and answers 250 at once, as an
# MTA queueing the mail would. The mails are parsed (recipient, Message-ID, articles) after the
# run: the first version parsed each one before answering, ~16 ms a mail under load, and since
# every SMTP transaction waits for that answer, the bench's own parsing was most of the latency.

SINK = """
import json, sys, time
from aiosmtpd.controller import Controller
log = open(sys.argv[2], "a", buffering=1)
class Sink:
    async def handle_DATA(self, server, session, envelope):
        log.write(json.dumps({"t": time.monotonic(), "raw": envelope.content.decode("utf-8", "replace")}) + "\\n")
        return "250 OK"
controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
"""


def _read_mail(line: str) -> dict:
    """A logged mail: arrival time, recipient, Message-ID, the article ids it lists."""
    logged = json.loads(line)
    mail = email.message_from_string(logged["raw"], policy=email.policy.default)
    text = mail.get_body(("plain",)).get_content()
    return {"t": logged["t"], "to": mail["To"], "id": mail["Message-ID"],
            "articles": sorted(set(re.findall(r"/articles/(\w+)", text)))}


class Sink:
    """An SMTP server process on a free loopback port, and what it received."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.log = folder / f"sink-{self.port}.jsonl"
        self.log.touch()
        self._read = self._count = 0
        self.proc = subprocess.Popen([sys.executable, "-c", SINK, str(self.port), str(self.log)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def received(self) -> list[dict]:
        return [_read_mail(line) for line in self.log.read_text().splitlines() if line.endswith("}")]

    def count(self) -> int:
        """Mails logged so far (reads only what was added since the last call)."""
        with self.log.open("rb") as log:
            log.seek(self._read)
            added = log.read()
        self._read += len(added)
        self._count += added.count(b"\n")
        return self._count

    def stop(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def _mail_env(port: int | None) -> dict[str, str]:
    env = {"MARSAD_SMTP_HOST": "127.0.0.1" if port else "", "MARSAD_SMTP_PORT": str(port or 25),
           "MARSAD_SMTP_STARTTLS": "0", "MARSAD_PUBLIC_URL": "https://news.example.test"}
    os.environ.update(env)
    return env


def _subscribed(db: Path, old: list[dict], new: list[dict], n: int) -> None:
    """`n` confirmed subscriptions whose queries each match a few articles of `new`."""
    counts = Counter(w for r in new for w in set(words(r["text"])) if len(w) > 3 and not w.isdigit())
    rare = [w for w, c in counts.items() if 2 <= c <= 10]
    rng = random.Random(5)
    with Archive(db) as archive:
        with archive.store.batch():
            for i, row in enumerate(old):
                archive.store.add(_article(row, i))
        os.environ["MARSAD_ALERT_SIGNUPS_PER_CLIENT"] = str(n + 1)
        for i in range(n):
            signup = subscribe(archive.store, f"reader{i}@example.org", query=rng.choice(rare))
            confirm(archive.store, signup.token)
        deliver(archive, send=False)  # the match cursor past the old articles, as after any ingest


class _Phases(logging.Handler):
    """When delivery said it finished each phase (its INFO lines), on the sink's clock."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.stamps: list[tuple[float, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.stamps.append((time.monotonic(), record.getMessage()))


def _e2e_once(tmp: Path, db: Path, new: list[dict], batch: int, connections: int) -> dict:
    work = tmp / f"e2e-{connections}.db"
    shutil.copy(db, work)
    sink = Sink(tmp)
    _mail_env(sink.port)
    os.environ["MARSAD_SMTP_CONNECTIONS"] = str(connections)
    phases = _Phases()
    logger = logging.getLogger("marsad.alerts")
    logger.addHandler(phases)
    logger.setLevel(logging.INFO)
    try:
        with Archive(work) as archive:
            start, cpu = time.monotonic(), time.process_time()
            report = archive.ingest([str(_jsonl(tmp / "new.jsonl", new))], pipeline="clean", batch_size=batch)
            done, cpu = time.monotonic(), time.process_time() - cpu
            pending = deliver(archive).waiting
        time.sleep(0.5)
    finally:
        logger.removeHandler(phases)
        sink.stop()
    mails = sink.received()
    latency = [m["t"] - start for m in mails]
    pairs = Counter((m["to"], a) for m in mails for a in m["articles"])
    return {"smtp_connections": connections, "new_articles": report.new, "mails": len(latency),
            "items_received": len(pairs), "duplicate_items": sum(c - 1 for c in pairs.values() if c > 1),
            "left_queued": pending, "ingest_with_delivery_s": round(done - start, 2), "sender_cpu_s": round(cpu, 2),
            "phases_s": [[round(t - start, 2), line] for t, line in phases.stamps],
            "first_mail_s": round(min(latency), 2), "p50_s": round(_percentile(latency, 0.5), 2),
            "p95_s": round(_percentile(latency, 0.95), 2), "max_s": round(max(latency), 2)}


def bench_e2e(args: argparse.Namespace, tmp: Path) -> dict:
    """The default sender (one SMTP connection) and 4 connections side by side, alternating on
    copies of one archive, so both see the same load."""
    old, new = _corpus(200, args.batch)
    db = tmp / "e2e.db"
    _mail_env(None)
    _subscribed(db, old, new, args.subs)
    runs = []
    for _ in range(args.reps):
        for connections in (1, 4):
            runs.append(_e2e_once(tmp, db, new, args.batch, connections))
            print(json.dumps(runs[-1], ensure_ascii=False), file=sys.stderr)
    summary = {}
    for connections in sorted({r["smtp_connections"] for r in runs}):
        mine = [r for r in runs if r["smtp_connections"] == connections]
        summary[f"connections_{connections}"] = {
            k: statistics.median(r[k] for r in mine) for k in ("first_mail_s", "p50_s", "p95_s", "max_s", "sender_cpu_s")}
    return {"subscriptions": args.subs, "batch": len(new), "pipeline": "clean", "reps": args.reps,
            "median_of_reps": summary, "runs": runs, "load_average": os.getloadavg()}


# -- kill ------------------------------------------------------------------------------------

def bench_kill(args: argparse.Namespace, tmp: Path) -> list[dict]:
    old, new = _corpus(200, args.batch)
    queued_db = tmp / "queued.db"
    _mail_env(None)  # no mail server: the ingest queues every alert
    _subscribed(queued_db, old, new, args.subs)
    with Archive(queued_db) as archive:
        archive.ingest([str(_jsonl(tmp / "new.jsonl", new))], pipeline="clean", batch_size=args.batch)
        expected = archive.store.read("SELECT count(*) FROM alert_outbox WHERE status = 'queued'")[0][0]
    results = []
    for round_, share in enumerate([0.2, 0.5, 0.8][: args.rounds]):
        db = tmp / f"kill{round_}.db"
        shutil.copy(queued_db, db)
        sink = Sink(tmp)
        env = {**os.environ, **_mail_env(sink.port), "MARSAD_SMTP_CONNECTIONS": str(args.connections)}
        command = [sys.executable, "-m", "marsad", "alerts", "send", "--db", str(db)]
        try:
            sender = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            target = int(args.subs * share)
            while sink.count() < target and sender.poll() is None:
                time.sleep(0.001)
            sender.send_signal(signal.SIGKILL)
            sender.wait()
            at_kill = sink.count()
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
            time.sleep(0.3)
        finally:
            sink.stop()
        mails = sink.received()
        pairs = Counter((m["to"], a) for m in mails for a in m["articles"])
        ids = Counter(m["id"] for m in mails)
        with Archive(db) as archive:
            left = archive.store.read("SELECT count(*) FROM alert_outbox WHERE status != 'sent'")[0][0]
        results.append({"smtp_connections": args.connections, "killed_after_mails": at_kill, "mails": len(mails), "items_expected": expected,
                        "items_received": len(pairs), "duplicate_items": sum(c - 1 for c in pairs.values() if c > 1),
                        "duplicate_message_ids": sum(c - 1 for c in ids.values() if c > 1), "left_unsent": left})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["match", "e2e", "kill"])
    parser.add_argument("--subs", type=int, default=None)
    parser.add_argument("--batch", type=int, default=None)
    parser.add_argument("--background", type=int, default=4000)
    parser.add_argument("--sample", type=int, default=500, help="plain searches timed (then scaled)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=1, help="kill: smtp_connections of the sender")
    args = parser.parse_args()
    defaults = {"match": (10_000, 1_000), "e2e": (1_000, 200), "kill": (1_000, 200)}[args.what]
    args.subs = args.subs or defaults[0]
    args.batch = args.batch or defaults[1]
    with tempfile.TemporaryDirectory() as folder:
        func = {"match": bench_match, "e2e": bench_e2e, "kill": bench_kill}[args.what]
        print(json.dumps(func(args, Path(folder)), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
