"""The written articles of bench/linking_written.txt: unknown people, short forms, roles.

    .venv/bin/python bench/linking_written.py            # people-only scores, dev and held-out
    .venv/bin/python bench/linking_written.py --errors   # every missed and spurious person mention

Each article is marked up by hand (see the file's header): names, role mentions and the
speakers of quotes. Scored on people only (organisations and places are not annotated):

- `names`: name mentions (span and id exact), the system's role mentions left out;
- `roles`: role mentions (span and id exact, and overlapping with the same id);
- `all`: both together;
- `ids_consistent`: of the unknown people named in two articles or more, the share that
  get one id in all of them (what `flags.name_variants` and the archive rely on);
- `variants_flagged`: of the articles that spell an unknown person two ways, the share
  whose `flags.name_variants` lists both spellings together.

Gold ids of unknown people follow `marsad.link.person_id` over their annotated names
in that article: the same rule for gold and system, so a score says whether the
mentions were grouped right; `ids_consistent` checks the rule itself across articles.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
WRITTEN = HERE / "linking_written.txt"

_HEAD = re.compile(r"^### (\S+) (dev|heldout)$")
_MARK = re.compile(r"\[\[([^|\]]+)\|([^|\]]+)(?:\|(role))?\]\]|<<q:(.+?):(\w+)>>")


def parse(path: Path = WRITTEN) -> list[dict]:
    """Articles with plain `text`, `mentions` (start, end, text, label, role) and `quotes` (at, label, how)."""
    items: list[dict] = []
    body: list[str] = []

    def flush() -> None:
        if items and body:
            items[-1].update(_unmark("\n".join(body).strip()))
        body.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and not line.startswith("###"):
            continue
        head = _HEAD.match(line)
        if head:
            flush()
            items.append({"id": head.group(1), "split": head.group(2)})
        elif line.strip():
            body.append(line)
    flush()
    return items


def _unmark(marked: str) -> dict:
    text, mentions, quotes, at = [], [], [], 0
    pos = 0
    for match in _MARK.finditer(marked):
        plain = marked[pos : match.start()]
        text.append(plain)
        at += len(plain)
        pos = match.end()
        if match.group(1):
            surface = match.group(1)
            label, role = match.group(2), bool(match.group(3))
            mentions.append({"start": at, "end": at + len(surface), "text": surface, "label": label, "role": role})
            text.append(surface)
            at += len(surface)
        else:
            quotes.append({"at": at, "label": match.group(4), "how": match.group(5)})
    text.append(marked[pos:])
    return {"text": "".join(text), "mentions": mentions, "quotes": quotes}


def gold_ids(item: dict) -> dict[str, str]:
    """Each label's id in this article: the KB id, or `person_id` over its annotated names.

    Run against code from before `person_id` (a baseline), unknown people get the id
    the old scheme gave: `new_id` of the longest name.
    """
    try:
        from marsad.link import person_id
    except ImportError:
        from marsad.link import new_id

        def person_id(names: list[str]) -> str:
            return new_id("PER", max(names, key=lambda n: (len(n.split()), names.count(n), -names.index(n))))

    ids = {}
    for label in {m["label"] for m in item["mentions"]}:
        if label.startswith("@"):
            ids[label] = person_id([m["text"] for m in item["mentions"] if m["label"] == label and not m["role"]])
        else:
            ids[label] = label
    return ids


def is_role(text: str) -> bool:
    """Whether a predicted person mention is a role phrase rather than a name."""
    try:
        from marsad.link.roles import is_role_phrase
    except ImportError:  # a baseline from before role mentions
        return False
    return is_role_phrase(text)


def predict(stage, items: list[dict]) -> list[dict]:
    """The stage's person mentions and `name_variants` for each article."""
    from marsad.article import Article

    out = []
    for item in items:
        article = stage(Article(text=item["text"]))
        people = {(m.start, m.end, e.id) for e in article.entities if e.type == "PER" for m in e.mentions}
        out.append({"people": people, "variants": article.flags.get("name_variants", []), "article": article})
    return out


def evaluate(items: list[dict], predicted: list[dict]) -> dict[str, float]:
    """names / roles / all P, R, F1 (exact), role F1 with overlap, id consistency, variants flagged."""
    counts = {k: Counter() for k in ("names", "roles", "all")}
    role_overlap = Counter()
    seen_ids: dict[str, set[str]] = {}
    two_ways = flagged = 0
    for item, pred in zip(items, predicted):
        ids = gold_ids(item)
        text = item["text"]
        gold = {
            "names": {(m["start"], m["end"], ids[m["label"]]) for m in item["mentions"] if not m["role"]},
            "roles": {(m["start"], m["end"], ids[m["label"]]) for m in item["mentions"] if m["role"]},
        }
        gold["all"] = gold["names"] | gold["roles"]
        system = {
            "roles": {p for p in pred["people"] if is_role(text[p[0] : p[1]])},
        }
        system["names"] = pred["people"] - system["roles"]
        system["all"] = pred["people"]
        for kind in counts:
            counts[kind]["tp"] += len(gold[kind] & system[kind])
            counts[kind]["fp"] += len(system[kind] - gold[kind])
            counts[kind]["fn"] += len(gold[kind] - system[kind])
        for s, e, i in gold["roles"]:
            role_overlap["tp"] += any(j == i and s < f and b < e for b, f, j in system["roles"])
        role_overlap["n_sys"] += len(system["roles"])
        by_span = {(s, e): i for s, e, i in pred["people"]}
        for label in ids:
            if not label.startswith("@"):
                continue
            got = Counter(by_span.get((m["start"], m["end"])) for m in item["mentions"] if m["label"] == label)
            got.pop(None, None)
            if got:
                seen_ids.setdefault(label, set()).add(got.most_common(1)[0][0])
            forms = {m["text"] for m in item["mentions"] if m["label"] == label and not m["role"]}
            sizes = Counter(len(f.split()) for f in forms)
            full = {f for f in forms if len(f.split()) > 1 and sizes[len(f.split())] > 1}
            if len(full) > 1:  # one name spelt two ways (not a name and its short form)
                two_ways += 1
                flagged += any(full <= set(v) for v in pred["variants"])
    out: dict[str, float] = {}
    for kind, c in counts.items():
        p, r = c["tp"] / max(c["tp"] + c["fp"], 1), c["tp"] / max(c["tp"] + c["fn"], 1)
        out[f"{kind}_p"], out[f"{kind}_r"] = round(p, 4), round(r, 4)
        out[f"{kind}_f1"] = round(2 * p * r / (p + r) if p + r else 0.0, 4)
        out[f"{kind}_gold"] = c["tp"] + c["fn"]
    n_roles = counts["roles"]["tp"] + counts["roles"]["fn"]
    op, orr = role_overlap["tp"] / max(role_overlap["n_sys"], 1), role_overlap["tp"] / max(n_roles, 1)
    out["roles_f1_overlap"] = round(2 * op * orr / (op + orr) if op + orr else 0.0, 4)
    multi = [ids for ids in seen_ids.values()]
    out["ids_consistent"] = round(sum(len(s) == 1 for s in multi) / max(len(multi), 1), 4)
    out["unknown_people"] = len(multi)
    out["variants_flagged"] = round(flagged / max(two_ways, 1), 4)
    out["two_spelling_cases"] = two_ways
    return out


def errors(items: list[dict], predicted: list[dict]) -> None:
    """Print every missed and spurious person mention with context."""
    for item, pred in zip(items, predicted):
        ids = gold_ids(item)
        want = {(m["start"], m["end"], ids[m["label"]]) for m in item["mentions"]}
        text = item["text"]
        for kind, found in (("MISS", want - pred["people"]), ("EXTRA", pred["people"] - want)):
            for s, e, i in sorted(found):
                print(f"{kind:5} {item['id']} {text[s:e]!r:28} {i:32} …{text[max(0, s - 25) : e + 25]}…")
        if pred["variants"]:
            print(f"      {item['id']} name_variants={pred['variants']}")


def main() -> None:
    from marsad.stages.entities import EntityLinker

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--part", choices=("dev", "heldout", "all"), default=None)
    args = parser.parse_args()
    items = parse()
    stage = EntityLinker()
    predicted = predict(stage, items)
    parts = [args.part] if args.part else ["all", "dev", "heldout"]
    for part in parts:
        chosen = [(i, p) for i, p in zip(items, predicted) if part == "all" or i["split"] == part]
        result = evaluate([i for i, _ in chosen], [p for _, p in chosen])
        print(f"ner={int(stage.uses_ner)} {part:8} {len(chosen)} articles {json.dumps(result)}")
    if args.errors:
        chosen = [(i, p) for i, p in zip(items, predicted) if args.part in (None, "all") or i["split"] == args.part]
        errors([i for i, _ in chosen], [p for _, p in chosen])


if __name__ == "__main__":
    main()
