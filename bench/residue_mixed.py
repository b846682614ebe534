"""Residue evaluation, mixed lines: single-line articles with a script, a poll or widget text inside.

Some scrapers flatten a page into one line: the article, then an inline script
(a poll's CSS and jQuery, an analytics or chart snippet, JSON-LD), a reader poll
whose question and options run together, widget text appended after the last
sentence, or a share bar glued in front. Each case here is a real article (the
same SaudiNewsNet / ANT files and dev/report split as `residue_eval`) joined into
one line, with such residue put before, inside or after it (15% get none).

Scored on characters, since a mixed line comes back in pieces: the share of the
article's characters kept (recall of article text), the share of the residue's
characters cut, and how many articles are lost whole. Residue here is written
apart from the rules in `marsad.stages.residue`.

    .venv/bin/python bench/residue_mixed.py [--part report|dev] [--errors N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from residue_eval import DATA, SALT, DataMissing, _native_labels, _site, load_articles, part_of
from residue_patterns import SECTIONS, make_block

from marsad.stages.residue import judge_lines

_SALT = f"{SALT}:mixed"
_OWN_SCRIPT = re.compile(r"[A-Za-z][\w-]*\s*:\s*[^;{}]{1,40};|function\s*\(")

POLLS = [
    ("هل تؤيد تطبيق نظام الدوام المرن في القطاع الحكومي؟", ["أؤيد بشدة", "أؤيد بشروط", "لا أؤيد", "لا رأي لي"]),
    ("ما الوجهة التي تفضلها لقضاء إجازة الصيف؟", ["داخل البلاد", "دول الخليج", "أوروبا", "آسيا", "لم أقرر بعد"]),
    ("كيف تقيّم أداء المنتخب في البطولة؟", ["ممتاز", "جيد", "متوسط", "ضعيف"]),
    ("هل ترى أن أسعار العقار ستنخفض العام المقبل؟", ["نعم", "لا", "ستبقى كما هي", "لا أعلم"]),
    ("أين تتابع الأخبار عادة؟", ["التلفزيون", "الصحف الورقية", "المواقع الإخبارية", "شبكات التواصل"]),
    ("هل توافق على رفع سن التقاعد؟", ["نعم، أوافق", "لا أوافق", "أوافق مع زيادة الراتب التقاعدي"]),
    ("من تتوقع أن يفوز باللقب هذا الموسم؟", ["الفريق الأول", "الفريق الثاني", "فريق آخر", "من الصعب التوقع"]),
    ("هل جربت التسوق عبر الإنترنت خلال الشهر الماضي؟", ["مرة واحدة", "أكثر من مرة", "لم أجرب", "لا أثق بالدفع الإلكتروني"]),
]
SHARE_BARS = ["شارك عبر فيسبوك تويتر واتساب", "مشاركة: فيسبوك | تويتر | تيليجرام", "انشر على تويتر فيس بوك لينكد إن",
              "شارك الخبر فيسبوك تويتر واتساب البريد الإلكتروني", "تويتر فيسبوك واتس اب طباعة"]
POLL_INTROS = ["استطلاع الرأي", "صوّت الآن", "شارك في التصويت", "استفتاء القراء", "رأيك يهمنا"]


def _css(rng: random.Random) -> str:
    box = rng.choice(["poll_box", "vote-wrap", "survey", "opinion_poll"])
    return (f"#{box} {{ margin: 0 auto; width: {rng.randint(200, 400)}px; }} .{box}-item label {{ font-size: "
            f"{rng.randint(11, 15)}px; color: #{rng.randint(0, 0xFFFFFF):06x}; }} .{box} .bar {{ height: 8px; "
            f"background: #{rng.randint(0, 0xFFFFFF):06x}; border-radius: 4px; }}")


def _jquery(rng: random.Random) -> str:
    return (f"$(document).ready(function() {{ $('#poll_form_{rng.randint(1, 99)}').on('submit', function(e) "
            f"{{ e.preventDefault(); $('.poll-result').html('جاري التحميل…'); $.post('/poll/vote', "
            f"{{ id: {rng.randint(100, 9999)}, choice: $(this).find('input:checked').val() }}, function(data) "
            "{ $('.poll-result').html(data); }); }); });")


def _analytics(rng: random.Random) -> str:
    return (f"var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-{rng.randint(10**6, 10**7)}-1']); "
            "_gaq.push(['_trackPageview']); (function() { var ga = document.createElement('script'); "
            "ga.type = 'text/javascript'; ga.async = true; var s = document.getElementsByTagName('script')[0]; "
            "s.parentNode.insertBefore(ga, s); })();")


def _chart(rng: random.Random) -> str:
    yes, no = rng.randint(10, 900), rng.randint(10, 900)
    return ("google.charts.load('current', {packages: ['corechart']}); google.charts.setOnLoadCallback(draw); "
            f"function draw() {{ var data = google.visualization.arrayToDataTable([['الخيار', 'الأصوات'], "
            f"['نعم', {yes}], ['لا', {no}]]); var options = {{ title: 'نتائج التصويت', pieHole: 0.4, "
            "legend: { position: 'bottom' } }; new google.visualization.PieChart(document.getElementById('chart'))"
            ".draw(data, options); }")


def _facebook(rng: random.Random) -> str:
    return (f"window.fbAsyncInit = function() {{ FB.init({{ appId: '{rng.randint(10**9, 10**10)}', xfbml: true, "
            "version: 'v2.4' }); }; (function(d, s, id) { var js, fjs = d.getElementsByTagName(s)[0]; "
            "if (d.getElementById(id)) return; js = d.createElement(s); js.id = id; "
            "fjs.parentNode.insertBefore(js, fjs); }(document, 'script', 'facebook-jssdk'));")


def _json_ld(rng: random.Random, title: str) -> str:
    return ('{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "' + title + '", '
            f'"datePublished": "2015-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "author": {{"@type": "Person"}}}}')


def _script(rng: random.Random, title: str) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return f"{_css(rng)} {_jquery(rng)}"
    return [_analytics, _chart, _facebook, _css, lambda r: _json_ld(r, title)][kind - 1](rng)


def _poll(rng: random.Random) -> str:
    question, options = rng.choice(POLLS)
    return f"{question} {' '.join(options[: rng.randint(2, len(options))])}"


@dataclass
class MixedCase:
    """One single-line article and the character spans of what was put into it."""

    source: str
    line: str = ""
    article: list[tuple[int, int]] = field(default_factory=list)
    residue: list[tuple[str, int, int]] = field(default_factory=list)  # (shape, start, end)


class _Builder:
    def __init__(self, source: str) -> None:
        self.case = MixedCase(source)

    def add(self, text: str, shape: str | None) -> None:
        line = self.case.line
        start = len(line) + (1 if line else 0)
        self.case.line = f"{line} {text}" if line else text
        span = (start, len(self.case.line))
        if shape is None:
            self.case.article.append(span)
        else:
            self.case.residue.append((shape, *span))


def build_mixed(article: dict, titles: list[str]) -> MixedCase | None:
    """One real article as one line, with residue put in deterministically from its id."""
    rng = random.Random(f"{_SALT}:{article['id']}")
    lines = [line.strip() for line in article["text"].splitlines() if line.strip()]
    real = [ln for ln, label in zip(lines, _native_labels(article["source"], lines)) if label == "real"]
    if any(_OWN_SCRIPT.search(line) for line in real):
        return None  # alriyadh's poll pages carry a script of their own: measured on the whole corpus
    sentences = " ".join(real).split(". ")
    if len(sentences) < 2 or sum(len(s.split()) for s in sentences) < 20:
        return None
    cut = rng.randrange(1, len(sentences))
    body = [". ".join(sentences[:cut]) + ".", ". ".join(sentences[cut:])]
    ctx = {**_site(article["source"]), "headlines": rng.sample(titles, 3), "section": rng.choice(SECTIONS),
           "tag_words": [w for w in article["title"].split() if len(w) > 3][:3], "heldout": False}
    build = _Builder(article["source"])
    if rng.random() < 0.15:
        build.add(rng.choice(SHARE_BARS), "share bar in front")
    build.add(body[0], None)
    if rng.random() < 0.2:
        build.add(_script(rng, article["title"]), "script inside")
    build.add(body[1], None)
    plan = rng.random()
    if plan < 0.35:
        build.add(_script(rng, article["title"]), "script after")
        if rng.random() < 0.7:
            build.add(_poll(rng), "poll after a script")
    elif plan < 0.55:
        build.add(f"{rng.choice(POLL_INTROS)}: {_poll(rng)}", "poll with poll words")
    elif plan < 0.85:
        kind = rng.choice(["widget", "share", "copyright", "related", "tags"])
        build.add(" ".join(make_block(kind, rng, ctx)[0]), f"{kind} text appended")
    return build.case


def build_mixed_cases(data: Path, part: str) -> list[MixedCase]:
    articles = load_articles(data)
    titles = [a["title"].strip() for a in articles if (a.get("title") or "").strip()]
    chosen = [a for a in articles if part_of(a["id"]) == part and (a.get("title") or "").strip()]
    return [case for a in chosen if (case := build_mixed(a, titles)) is not None]


# ------------------------------------------------------------------ scoring
def kept_mask(line: str, pieces: list[tuple[str, str | None]]) -> list[bool]:
    """Which characters of `line` the pieces keep; pieces are stripped substrings, in order."""
    mask = [False] * len(line)
    at = 0
    for text, reason in pieces:
        found = line.find(text, at)
        if found < 0:
            raise ValueError(f"piece not found in its line: {text[:60]!r}")
        if reason is None:
            mask[found : found + len(text)] = [True] * len(text)
        at = found + len(text)
    return mask


def _chars(line: str, mask: list[bool], start: int, end: int, kept: bool) -> int:
    return sum(1 for i in range(start, end) if mask[i] == kept and not line[i].isspace())


def measure_mixed(cases: list[MixedCase]) -> dict:
    article_chars = article_kept = residue_chars = residue_cut = kept_residue = 0
    lost_whole = lost_tenth = 0
    shapes: dict[str, Counter] = defaultdict(Counter)
    errors: list[str] = []
    for case in cases:
        pieces, _ = judge_lines([case.line])
        mask = kept_mask(case.line, pieces)
        total = sum(_chars(case.line, mask, a, b, True) + _chars(case.line, mask, a, b, False) for a, b in case.article)
        kept = sum(_chars(case.line, mask, a, b, True) for a, b in case.article)
        article_chars, article_kept = article_chars + total, article_kept + kept
        lost_whole += kept == 0
        lost_tenth += kept < 0.9 * total
        if kept < 0.9 * total:
            errors.append(f"  LOST {1 - kept / total:.0%} {case.source}: " + " | ".join(
                f"[{r}] {t[:70]}" for t, r in pieces if r))
        for shape, a, b in case.residue:
            n, cut = _chars(case.line, mask, a, b, True) + _chars(case.line, mask, a, b, False), _chars(
                case.line, mask, a, b, False)
            residue_chars, residue_cut = residue_chars + n, residue_cut + cut
            kept_residue += n - cut
            shapes[shape]["n"] += 1
            shapes[shape]["chars"] += n
            shapes[shape]["cut"] += cut
            if cut < n:
                errors.append(f"  MISSED [{shape}] {case.source}: {case.line[a:b][:110]}")
    cut_total = residue_cut + (article_chars - article_kept)
    return {
        "articles": len(cases), "article_recall": article_kept / article_chars,
        "residue_recall": residue_cut / residue_chars if residue_chars else 1.0,
        "cut_precision": residue_cut / cut_total if cut_total else 1.0,
        "lost_whole": lost_whole, "lost_over_tenth": lost_tenth, "shapes": shapes, "errors": errors,
    }


def report(m: dict) -> list[str]:
    out = ["## mixed lines: single-line articles with scripts, polls and widget text", "",
           f"articles {m['articles']}; recall of article text (characters kept) {m['article_recall']:.4f}; "
           f"residue characters cut {m['residue_recall']:.4f}; precision of cut characters {m['cut_precision']:.4f}",
           f"articles lost whole: {m['lost_whole']}; articles losing more than a tenth of their text: "
           f"{m['lost_over_tenth']}", "", "| shape put in | cases | characters cut |", "|---|---|---|"]
    for shape, c in sorted(m["shapes"].items()):
        out.append(f"| {shape} | {c['n']} | {c['cut'] / c['chars']:.3f} |")
    return out + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--part", choices=("report", "dev"), default="report")
    parser.add_argument("--errors", type=int, default=0, help="show N sample errors (dev part only)")
    args = parser.parse_args(argv)
    try:
        cases = build_mixed_cases(args.data, args.part)
    except DataMissing as error:
        print(f"residue_mixed: {error}; pass --data DIR", file=sys.stderr)
        return 2
    m = measure_mixed(cases)
    print("\n".join(report(m)))
    if args.errors and args.part == "dev":
        print("\n".join(random.Random(0).sample(m["errors"], min(args.errors, len(m["errors"])))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
