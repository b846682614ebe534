"""Quotes and speakers scored against quotations we annotated by hand in real articles.

bench/quotes_gold.jsonl holds one line per annotated article of ../shared/data/news:
its id and every quote in it, direct and indirect, each as the first 40 and last
20 characters of its span in the article's clean text (what marsad's cleaning
stages make of the JSONL `text`), its kind, and the speaker phrase as written
(for a pronoun subject, the phrase that named the speaker before; `speaker_alt`
lists other phrases naming the same speaker). Articles are annotated whole, so a
predicted quote that matches nothing is a false positive. The texts themselves
are not ours to copy and are loaded from the shared data.

Annotation rules (the stage follows the same ones):
- direct: the words inside «…», “…” or "…", or after a reporting colon with no
  marks (قال X: …); a partial quote inside reported speech counts; quoted names,
  titles, outlets and labels (صحيفة "الوطن"، عملية "الدوحة") do not;
- indirect: the clause after إن/أن of a reporting verb (or فإن after بحسب X,
  or the claim before "، بحسب X"), to the end of its sentence or the next
  reporting clause; not annotated when all but two of its words are a quotation.

Scores: a predicted quote matches a gold one when their words overlap by at
least half of the longer of the two (one-to-one, best overlaps first). Precision
and recall are over all quotes and per kind (a kind's figures match only quotes
of that kind). Speaker accuracy is over matched quotes: the speaker phrases,
folded and without proclitics, match when every word of the shorter is in the
longer (or both are absent).

Articles are split by a salted hash of their id: `dev` was looked at while
building the stage, `report` gives the figures.

    .venv/bin/python bench/quotes_eval.py [--part report|dev|all] [--errors] [--speed] [--entities]

`score()` gives the report figures to bench/quality.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from marsad.arabic import fold, strip_proclitics, tokens, words
from marsad.article import Article
from marsad.run.pipelines import default_pipeline
from marsad.stages.quotes import find_quotes

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import NEWS, all_rows
from corpus import part_of as split_part

HERE = Path(__file__).resolve().parent
GOLD = HERE / "quotes_gold.jsonl"
SALT = "marsad-quotes-eval-v1"
MIN_OVERLAP = 0.5


def part_of(article_id: str) -> str:
    """`dev` or `report`, fixed by a salted hash of the article id."""
    return split_part(SALT, article_id)


def clean(row: dict) -> Article:
    """The article as the quotes stage sees it: through the default pipeline."""
    article = default_pipeline()(Article(url=row["id"], raw_text=row["text"], title=row.get("title")))
    if article.error is not None:
        raise RuntimeError(f"{row['id']}: {article.error.stage}: {article.error.reason}")
    return article


def load_gold(part: str = "report", path: Path = GOLD) -> list[dict]:
    """Annotated articles of one part, each with its clean `article` attached."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [i for i in items if part == "all" or part_of(i["id"]) == part]
    wanted = {i["id"] for i in items}
    rows = {row["id"]: row for row in all_rows() if row["id"] in wanted}
    missing = wanted - rows.keys()
    if missing:
        raise KeyError(f"annotated ids not in {NEWS}: {', '.join(sorted(missing))}")
    for item in items:
        item["article"] = clean(rows[item["id"]])
    return items


def _folded_index(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the offset it came from."""
    out, index = [], []
    for at, char in enumerate(text):
        for folded in fold(char):
            out.append(folded)
            index.append(at)
    return "".join(out), index


def locate(text: str, quote: dict) -> tuple[int, int] | None:
    """The gold span in `text`: from its head to the first match of its tail after it."""
    folded, index = _folded_index(text)
    head, tail = fold(quote["head"]), fold(quote["tail"])
    at = folded.find(head)
    for _ in range(quote.get("nth", 1) - 1):
        at = folded.find(head, at + 1)
    if at < 0:
        return None
    stop = folded.find(tail, at)
    if stop < 0:
        return None
    return index[at], index[stop + len(tail) - 1] + 1


def _word_ids(text: str, start: int, end: int) -> set[int]:
    return {t.start for t in tokens(text) if start <= t.start < end}


def match(text: str, gold: list[dict], predicted: list) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs whose words overlap enough."""
    gold_words = [_word_ids(text, *g["span"]) for g in gold]
    pred_words = [_word_ids(text, p.start, p.end) for p in predicted]
    scored = []
    for gi, g in enumerate(gold_words):
        for pi, p in enumerate(pred_words):
            shared = len(g & p)
            if shared and shared >= MIN_OVERLAP * max(len(g), len(p)):
                scored.append((shared / max(len(g), len(p)), gi, pi))
    pairs, used_g, used_p = [], set(), set()
    for _, gi, pi in sorted(scored, reverse=True):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return pairs


def _speaker_words(phrase: str | None) -> frozenset[str]:
    return frozenset(strip_proclitics(fold(w)) for w in words(phrase or ""))


def same_speaker(gold: dict, predicted: str | None) -> bool:
    """The shorter speaker phrase's words all stand in the longer one (or both absent)."""
    got = _speaker_words(predicted)
    for phrase in [gold.get("speaker")] + gold.get("speaker_alt", []):
        want = _speaker_words(phrase)
        if not want and not got:
            return True
        if want and got and (want <= got or got <= want):
            return True
    return False


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def _entity_stage():
    """The entity stage, when this checkout has one (it is built alongside the quotes stage)."""
    from marsad.stages.entities import link_entities

    return link_entities


def evaluate(part: str = "report", errors: bool = False, entities: bool = False) -> dict[str, float]:
    """Precision, recall (all, direct, indirect) and speaker accuracy over one part.

    `entities` runs the entity stage first and also reports how many matched
    quotes got an entity id as their speaker.
    """
    counts = {k: [0, 0, 0] for k in ("all", "direct", "indirect")}  # matched, gold, predicted
    speakers = [0, 0]
    linked = 0
    unlocated = 0
    link = _entity_stage() if entities else None
    for item in load_gold(part):
        article = link(item["article"]) if link else item["article"]
        text = article.text
        gold = []
        for quote in item["quotes"]:
            span = locate(text, quote)
            if span is None:
                unlocated += 1
                continue
            gold.append({**quote, "span": span})
        predicted = find_quotes(text, article.entities)
        for kind, tally in counts.items():
            g = [q for q in gold if kind == "all" or q["kind"] == kind]
            p = [q for q in predicted if kind == "all" or q.kind == kind]
            pairs = match(text, g, p)
            tally[0] += len(pairs)
            tally[1] += len(g)
            tally[2] += len(p)
            if kind == "all":
                for gi, pi in pairs:
                    speakers[1] += 1
                    speakers[0] += same_speaker(g[gi], p[pi].speaker_text)
                    linked += p[pi].speaker is not None
                if errors:
                    _print_errors(item["id"], text, g, p, pairs)
    result: dict[str, float] = {"quotes_gold": counts["all"][1], "quotes_unlocated": unlocated}
    for kind, (hit, n_gold, n_pred) in counts.items():
        prefix = "quotes" if kind == "all" else f"quotes_{kind}"
        result[f"{prefix}_precision"] = _ratio(hit, n_pred)
        result[f"{prefix}_recall"] = _ratio(hit, n_gold)
    result["quotes_speaker_accuracy"] = _ratio(*speakers)
    if entities:
        result["quotes_speaker_entity_share"] = _ratio(linked, speakers[1])
    return result


def _print_errors(article_id: str, text: str, gold: list[dict], predicted: list, pairs: list) -> None:
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi: gi for gi, pi in pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_g:
            s, e = g["span"]
            print(f"MISS {article_id} {g['kind']} [{g['speaker']}] {text[s:e][:100]}")
    for pi, p in enumerate(predicted):
        if pi not in matched_p:
            print(f"FP   {article_id} {p.kind} [{p.speaker_text}] {p.text[:100]}")
        elif not same_speaker(gold[matched_p[pi]], p.speaker_text):
            print(
                f"SPKR {article_id} gold [{gold[matched_p[pi]]['speaker']}] got [{p.speaker_text}] {p.text[:60]}"
            )


def speed(limit: int = 3000) -> dict[str, float]:
    """Articles per second (wall and CPU) of the quotes stage alone, over cleaned native articles."""
    texts = []
    for row in all_rows():
        if (row.get("text") or "").strip():
            article = default_pipeline()(Article(url=row["id"], raw_text=row["text"]))
            if article.error is None:
                texts.append(article.text)
        if len(texts) >= limit:
            break
    for text in texts[:200]:
        find_quotes(text)  # warm the fold cache, as a long run would have it
    start, cpu = time.perf_counter(), time.process_time()
    found = sum(len(find_quotes(text)) for text in texts)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    # CPU time is what the stage costs; wall time also counts whoever else shares the machine
    return {
        "quotes_speed_articles": len(texts),
        "quotes_found": found,
        "quotes_articles_per_s": round(len(texts) / seconds),
        "quotes_articles_per_cpu_s": round(len(texts) / cpu_seconds),
    }


def speakers_by_reference(part: str = "all", errors: bool = False) -> dict[str, float]:
    """Speaker ids of the quotes in bench/linking_written.txt, by how the attribution names the speaker.

    Each quote there is marked at its first word with the id of its speaker and how
    the attribution names him: `role` (قال المبعوث الأممي), `short` (a surname or a
    short spelling: قال السيد ترك) or `name` (the full name, a control). The entity
    stage runs first, then `find_quotes`; a quote counts as right when a found quote
    covers the mark and its `speaker` is that id (unknown people: `person_id` over
    their names in that article). A quote not found counts as wrong.
    """
    import linking_written

    from marsad.stages.entities import EntityLinker

    stage = EntityLinker()
    tally: dict[str, list[int]] = {}
    for item in linking_written.parse():
        if part != "all" and item["split"] != part:
            continue
        article = stage(Article(text=item["text"]))
        found = find_quotes(item["text"], article.entities)
        ids = linking_written.gold_ids(item)
        for quote in item["quotes"]:
            want = ids.get(quote["label"], quote["label"])
            hit = next((q for q in found if q.start <= quote["at"] < q.end), None)
            right = hit is not None and hit.speaker == want
            for how in (quote["how"], "role+short" if quote["how"] != "name" else "name"):
                tally.setdefault(how, [0, 0])
                tally[how][0] += right
                tally[how][1] += 1
            if errors and not right:
                got = (hit.speaker, hit.speaker_text) if hit else "no quote"
                context = item["text"][max(0, quote["at"] - 50) : quote["at"] + 20]
                print(f"WRONG {item['id']} {quote['how']:5} want {want} got {got} …{context}…")
    out: dict[str, float] = {}
    for how, (right, total) in sorted(tally.items()):
        out[f"speaker_acc_{how}"] = round(right / total, 4)
        out[f"quotes_{how}"] = total
    return out


def score() -> dict[str, float]:
    """The report-part figures, and speakers named by role or short form, for bench/quality.py."""
    by_reference = speakers_by_reference("all")
    return evaluate("report") | {"quotes_speaker_role_short_accuracy": by_reference["speaker_acc_role+short"]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", choices=("report", "dev", "all"), default="report")
    parser.add_argument(
        "--errors", action="store_true", help="print every miss, false positive and wrong speaker"
    )
    parser.add_argument("--speed", action="store_true", help="also time the stage on cleaned native articles")
    parser.add_argument(
        "--entities", action="store_true", help="run the entity stage first; count linked speakers"
    )
    parser.add_argument(
        "--references",
        choices=("dev", "heldout", "all"),
        help="instead: speaker ids of quotes attributed by role or short form (bench/linking_written.txt)",
    )
    args = parser.parse_args()
    if args.references:
        print(json.dumps(speakers_by_reference(args.references, args.errors), ensure_ascii=False))
        return
    print(json.dumps(evaluate(args.part, args.errors, args.entities), ensure_ascii=False))
    if args.speed:
        print(json.dumps(speed(), ensure_ascii=False))


if __name__ == "__main__":
    main()
