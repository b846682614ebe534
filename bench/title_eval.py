"""Titles of text dumps whose headline sits below a page header.

    .venv/bin/python bench/title_eval.py            # dev and report halves, with the ablation peer

A site scrape saved as text often opens with a breadcrumb or a section label, a date
line and a byline before the headline. Cases are built from real articles of
../shared/data/news (their own title and text) under header shapes drawn at random
from the forms such pages use; the header words themselves are ours. Scores: the
share of cases whose title is the article's headline, the share of body words kept,
and, for the same articles with no header at all, that nothing changes. The peer is
the same stage with the header rule turned off (`_title_below_header`), in the same run.
"""

from __future__ import annotations

import random
import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import NEWS, part_of, require, rows

from marsad.article import Article
from marsad.stages.residue import lines as residue_lines
from marsad.stages.residue import residue_stage

CASES = 600
SECTIONS = ["أخبار عربية", "اقتصاد", "محليات", "الرياضة", "أخبار العالم", "ثقافة وفنون", "سياسة", "منوعات"]
NAMES = ["محمد عبد الله", "سارة الأحمد", "خالد يوسف", "ليلى حسن", "عمر الزين", "هدى سليمان"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
DAYS = ["السبت", "الأحد", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"]


def _date(rng: random.Random) -> str:
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2023, 2024, 2025])
    return rng.choice([
        f"{rng.choice(DAYS)} {d} {MONTHS[m - 1]} {y}",
        f"{rng.choice(DAYS)}، {d} {MONTHS[m - 1]} {y} {rng.randint(1, 12)}:{rng.randint(10, 59)} صباحاً",
        f"نشر في: {d} {MONTHS[m - 1]} {y}",
        f"آخر تحديث: {y}/{m:02d}/{d:02d} - {rng.randint(1, 12)}:{rng.randint(10, 59)}",
        f"{y}-{m:02d}-{d:02d}",
        f"منذ {rng.randint(2, 9)} ساعات",
    ])


def header(rng: random.Random) -> list[str]:
    """Header lines in one of the orders saved pages use, with a date line in each."""
    section = rng.choice(SECTIONS)
    crumbs = [
        f"الرئيسية » {section}",
        f"الرئيسية > {section} > {rng.choice(SECTIONS)}",
        section,
        f"الرئيسية / {section}",
    ]
    byline = [f"بقلم: {rng.choice(NAMES)}", f"كتب: {rng.choice(NAMES)}", f"بواسطة {rng.choice(NAMES)}",
              rng.choice(NAMES), None]
    lines = [rng.choice(crumbs), _date(rng), rng.choice(byline)]
    if rng.random() < 0.3:
        lines[1], lines[2] = lines[2], lines[1]
    return [line for line in lines if line]


def cases(n: int = CASES) -> list[dict]:
    rng = random.Random(7)
    out = []
    for row in rows(require(NEWS)):
        title, text = (row.get("title") or "").strip(), row["text"].strip()
        if not (3 <= len(title.split()) <= 16) or "\n" in title or len(text.split()) < 60:
            continue
        out.append({"id": row.get("id") or title, "title": title, "body": text, "header": header(rng)})
        if len(out) == n:
            break
    return out


@contextmanager
def without_header_rule():
    keep = residue_lines._title_below_header
    residue_lines._title_below_header = lambda items: None
    try:
        yield
    finally:
        residue_lines._title_below_header = keep


def _run(raw: str) -> Article:
    return residue_stage()(Article(id="", url="case.txt", raw_text=raw))


def _scores(group: list[dict]) -> dict[str, float]:
    titled = kept = total = unchanged = 0
    for case in group:
        body_words = case["body"].split()
        got = _run("\n".join([*case["header"], case["title"], case["body"]]))
        titled += (got.title or "").strip() == case["title"]
        text = " ".join(got.paragraphs)
        kept += min(len(text.split()), len(body_words))
        total += len(body_words)
        plain = _run("\n".join([case["title"], case["body"]]))
        with without_header_rule():
            before = _run("\n".join([case["title"], case["body"]]))
        unchanged += (plain.title, plain.paragraphs) == (before.title, before.paragraphs)
    n = len(group) or 1
    return {"title_accuracy": round(titled / n, 4), "body_kept": round(kept / max(total, 1), 4),
            "no_header_unchanged": round(unchanged / n, 4), "cases": len(group)}


def score() -> dict[str, float]:
    """Title accuracy on the report half (the figure the gate keeps)."""
    report = [c for c in cases() if part_of("title", c["id"]) == "report"]
    found = _scores(report)
    return {"title_accuracy": found["title_accuracy"], "title_body_kept": found["body_kept"]}


def main() -> None:
    every = cases()
    for half in ("dev", "report"):
        group = [c for c in every if part_of("title", c["id"]) == half]
        ours = _scores(group)
        with without_header_rule():
            peer = _scores(group)
        print(f"{half:6} ({ours['cases']} cases)  with header rule: {ours}")
        print(f"{'':6}  without (peer):   {peer}")


if __name__ == "__main__":
    main()
