"""Main-content extraction from HTML: marsad against trafilatura, jusText and readability-lxml.

Score: word-level bag-of-words overlap between an extractor's body text and the reference
text. Both are casefolded and split with `marsad.arabic.words`; precision and recall count
shared tokens as a multiset; F1 per page, then the macro average over pages (every page
weighs the same, whatever its length). An extractor that returns nothing scores 0 on a page.
(CJK text has no spaces, so a run of CJK characters counts as one token: coarse, but the same
for every extractor.)

Every extractor gets the page's original bytes and the URL, as a crawler would hand them
over, so each decodes the page its own way; all are measured in the same run.

Columns:
- all pages: the 374 pages of ../shared/data/extraction with a full reference text;
- Arabic: the 2 of them in Arabic (the 1 Arabic page with snippets only is reported apart:
  share of its "with" snippets found and "without" snippets absent);
- Arabic synthetic: pages made by bench/make_arabic_pages.py (real Arabic stories in
  templates of our own; seeded, generated in memory, never written to the repository);
  "title ok" / "date ok": share of them whose headline (its words) / publication date (first
  10 characters) came out exactly right, for the extractors that give metadata. Their dates
  are SaudiNewsNet's crawl dates, which can be a day after the date in the article's URL.

The evaluation set is for evaluation only: marsad's extractor was never tuned on it beyond
choosing among trafilatura's own options, which `--variants` measures. Its Arabic rules were
developed on synthetic pages made with another seed than the one scored here.

    .venv/bin/python bench/extraction.py            # table
    .venv/bin/python bench/extraction.py --json     # numbers for bench/quality.py
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from statistics import mean

from marsad.arabic import words
from marsad.stages.extract_sites import SiteTemplates

DATA = Path(__file__).resolve().parents[1].parent / "shared/data/extraction"
SYNTHETIC_PAGES = 200
SYNTHETIC_SEED = 20240601

# jusText needs the page's language; pages in a language it has no stoplist for get them all.
JUSTEXT_LANGS = {
    "ar": "Arabic", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "fr": "French", "hi": "Hindi", "id": "Indonesian", "is": "Icelandic",
    "it": "Italian", "ko": "Korean", "lt": "Lithuanian", "nb": "Norwegian_Bokmal", "nl": "Dutch",
    "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese", "ru": "Russian", "sv": "Swedish",
    "tr": "Turkish", "vi": "Vietnamese",
}


@dataclass(frozen=True, slots=True)
class Page:
    """A page to extract from and what it should give."""

    id: str
    lang: str
    html: bytes
    url: str | None
    gold: str | None = None
    snippets: dict[str, list[str]] = field(default_factory=dict)
    group: str = "eval"
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Output:
    """Body text, and the title and date for extractors that give them."""

    text: str
    title: str | None = None
    published: str | None = None


Extractor = Callable[[Page], Output]


# --- the extractors -------------------------------------------------------------------------

def ours(page: Page) -> Output:
    from marsad.errors import InputError
    from marsad.stages.extract import extract

    try:
        got = extract(page.html, page.url)
    except InputError:
        return Output("")
    return Output("\n".join(got.paragraphs), got.title, got.published)


def _path(choice: str) -> Extractor:
    """marsad's extractor with one path forced: fast, auto (fast, trafilatura when unsure).

    `auto` learns site templates over the run as the pipeline's stage does (`SITES`, emptied
    before each timed run).
    """
    def run(page: Page) -> Output:
        from marsad.errors import InputError
        from marsad.stages.extract_fast import extract_any

        try:
            got, path = extract_any(page.html, page.url, choice, SITES)
        except InputError:
            return Output("")
        FALLBACKS[choice] += path == "trafilatura"
        return Output("\n".join(got.paragraphs), got.title, got.published)

    return run


FALLBACKS: Counter[str] = Counter()
SITES = SiteTemplates()


def _trafilatura(**options: object) -> Extractor:
    def run(page: Page) -> Output:
        import trafilatura

        text = trafilatura.extract(page.html, url=page.url, **options) or ""
        if page.title is None:  # metadata is scored on synthetic pages only
            return Output(text)
        meta = trafilatura.extract_metadata(trafilatura.load_html(page.html), default_url=page.url)
        return Output(text, meta.title, meta.date)

    return run


def justext_(page: Page) -> Output:
    import justext

    name = JUSTEXT_LANGS.get(page.lang)
    if name:
        stoplist = justext.get_stoplist(name)
    else:
        stoplist = frozenset().union(*(justext.get_stoplist(n) for n in justext.get_stoplists()))
    paragraphs = justext.justext(page.html, stoplist)
    return Output("\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def readability_(page: Page) -> Output:
    import lxml.html
    from readability import Document

    summary = Document(page.html, url=page.url).summary(html_partial=True)
    # Join text nodes with a space: words in adjacent elements must not glue together.
    return Output(" ".join(lxml.html.fromstring(summary).itertext()))


SYSTEMS: dict[str, Extractor] = {
    "marsad": ours,
    "marsad fast": _path("fast"),
    "marsad auto": _path("auto"),
    "trafilatura": _trafilatura(),
    "justext": justext_,
    "readability-lxml": readability_,
}
VARIANTS: dict[str, Extractor] = {
    "trafilatura no-comments": _trafilatura(include_comments=False),
    "trafilatura recall": _trafilatura(favor_recall=True),
    "trafilatura recall no-comments": _trafilatura(favor_recall=True, include_comments=False),
    "trafilatura precision": _trafilatura(favor_precision=True),
    "trafilatura precision no-comments": _trafilatura(favor_precision=True, include_comments=False),
    "trafilatura no-tables": _trafilatura(include_tables=False),
    "trafilatura fast": _trafilatura(fast=True),  # no fallback extractors
}


# --- scoring --------------------------------------------------------------------------------

def bag(text: str) -> Counter[str]:
    return Counter(words(text.casefold()))


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the words of `predicted` against those of `gold`."""
    got, want = bag(predicted), bag(gold)
    shared = sum((got & want).values())
    if not shared:
        return 0.0, 0.0, 0.0
    precision, recall = shared / sum(got.values()), shared / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def snippet_score(predicted: str, snippets: dict[str, list[str]]) -> float:
    """Share of snippet checks passed: each "with" found, each "without" absent."""
    text = " ".join(words(predicted.casefold()))
    checks = [" ".join(words(s.casefold())) in text for s in snippets.get("with", [])]
    checks += [" ".join(words(s.casefold())) not in text for s in snippets.get("without", [])]
    return sum(checks) / len(checks) if checks else 0.0


# --- data -----------------------------------------------------------------------------------

def load_pages(data: Path) -> list[Page]:
    """The evaluation set as listed in its manifest.jsonl."""
    pages = []
    for line in (data / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        raw = (data / row["html"]).read_bytes()
        raw = gzip.decompress(raw) if row["html"].endswith(".gz") else raw
        gold = (data / row["gold"]).read_text(encoding="utf-8") if row.get("gold") else None
        snippets = {}
        if row.get("snippets"):
            snippets = json.loads((data / row["snippets"]).read_text(encoding="utf-8"))
        pages.append(Page(row["id"], row["lang"], raw, row.get("url"), gold, snippets))
    return pages


def synthetic_pages(n: int = SYNTHETIC_PAGES, seed: int = SYNTHETIC_SEED) -> list[Page]:
    """Our own Arabic pages (empty if the news data is not there)."""
    path = Path(__file__).with_name("make_arabic_pages.py")
    spec = importlib.util.spec_from_file_location("make_arabic_pages", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    if n <= 0 or not module.NEWS.is_dir():
        return []
    return [Page(p.id, "ar", p.html, p.url, p.gold, group="synthetic", title=p.title, published=p.published)
            for p in module.generate(n, seed)]


# --- running --------------------------------------------------------------------------------

@dataclass(slots=True)
class Result:
    """One extractor's scores over the page groups."""

    f1: dict[str, list[float]] = field(default_factory=dict)
    p: dict[str, list[float]] = field(default_factory=dict)
    r: dict[str, list[float]] = field(default_factory=dict)
    snippets: list[float] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)
    published: list[bool] = field(default_factory=list)
    gives_metadata: bool = False
    seconds: float = 0.0
    pages: int = 0
    group_seconds: Counter = field(default_factory=Counter)
    group_pages: Counter = field(default_factory=Counter)

    def add(self, group: str, scores: tuple[float, float, float]) -> None:
        for target, value in zip((self.p, self.r, self.f1), scores, strict=True):
            target.setdefault(group, []).append(value)

    def macro(self, group: str, which: str = "f1") -> float | None:
        values = getattr(self, which).get(group)
        return round(mean(values), 4) if values else None


def _groups(page: Page) -> list[str]:
    if page.group == "synthetic":
        return ["ar-synthetic"]
    return ["all", "ar"] if page.lang == "ar" else ["all"]


def evaluate(pages: list[Page], extractor: Extractor) -> Result:
    result = Result()
    for page in pages:
        start = time.perf_counter()
        try:
            out = extractor(page)
        except Exception:  # noqa: BLE001 - a crash on a page scores 0, like an empty answer
            out = Output("")
        took = time.perf_counter() - start
        result.seconds += took
        result.pages += 1
        for group in ({page.group} | ({"ar-real"} if page.lang == "ar" and page.group == "eval" else set())):
            result.group_seconds[group] += took
            result.group_pages[group] += 1
        result.gives_metadata |= bool(out.title or out.published)
        if page.title is not None:
            # Same words in the same order: spacing, punctuation and bidi marks do not count.
            result.title.append(words(out.title or "") == words(page.title))
            result.published.append((out.published or "")[:10] == page.published)
        if page.gold is None:
            result.snippets.append(snippet_score(out.text, page.snippets))
            continue
        scores = prf(out.text, page.gold)
        for group in _groups(page):
            result.add(group, scores)
    return result


def _share(hits: list[bool]) -> float | None:
    return round(sum(hits) / len(hits), 4) if hits else None


def summary(result: Result) -> dict[str, float | None]:
    return {
        "extraction_f1_all": result.macro("all"),
        "extraction_precision_all": result.macro("all", "p"),
        "extraction_recall_all": result.macro("all", "r"),
        "extraction_f1_ar": result.macro("ar"),
        "extraction_f1_ar_synthetic": result.macro("ar-synthetic"),
        "extraction_ar_snippets": round(mean(result.snippets), 4) if result.snippets else None,
        # Share of synthetic pages whose title / publication date came out right.
        "extraction_title_ar_synthetic": _share(result.title) if result.gives_metadata else None,
        "extraction_published_ar_synthetic": _share(result.published) if result.gives_metadata else None,
        "extraction_ms_per_page": round(1000 * result.seconds / max(result.pages, 1), 1),
        # The same split by page group: the 375 evaluation pages, their 3 Arabic ones, the synthetic pages.
        **{f"extraction_ms_per_page_{g.replace('-', '_')}": round(1000 * result.group_seconds[g] / result.group_pages[g], 1)
           for g in ("eval", "ar-real", "synthetic") if result.group_pages[g]},
    }


def _counts(pages: list[Page]) -> dict[str, int]:
    scored = [p for p in pages if p.gold is not None]
    return {"all": sum(p.group == "eval" for p in scored),
            "ar": sum(p.group == "eval" and p.lang == "ar" for p in scored),
            "ar_synthetic": sum(p.group == "synthetic" for p in scored)}


def measure(pages: list[Page], systems: list[str]) -> dict:
    """marsad's figures at the top level (keys `extraction_*`), the other systems under `baselines`."""
    every = {**SYSTEMS, **VARIANTS}
    results = {}
    for name in systems:
        evaluate(pages[:3], every[name])  # warm up: imports and first-call costs are not per-page costs
        FALLBACKS.clear()
        SITES.clear()
        results[name] = summary(evaluate(pages, every[name]))
        if name == "marsad auto":  # share of pages the fast path handed to trafilatura
            results[name]["extraction_fallback_share"] = round(FALLBACKS["auto"] / max(len(pages), 1), 3)
    out: dict = dict(results.pop("marsad", {}))
    out["baselines"] = results
    out["pages"] = _counts(pages)
    return out


def score(
    data: Path = DATA, systems: tuple[str, ...] = ("marsad", "marsad auto"), synthetic: int = SYNTHETIC_PAGES
) -> dict:
    """What bench/quality.py calls: `{"extraction_f1_all": …, "extraction_auto_f1_all": …, …}`.

    `marsad` is the trafilatura path; `extraction_auto_*` are the `auto` path's scores (fast
    path, trafilatura when unsure), so a change to the fast path that costs accuracy shows.
    """
    measured = measure(load_pages(data) + synthetic_pages(synthetic), list(systems))
    auto = measured.get("baselines", {}).get("marsad auto", {})
    for key in ("f1_all", "precision_all", "f1_ar_synthetic"):
        if auto.get(f"extraction_{key}") is not None:
            measured[f"extraction_auto_{key}"] = auto[f"extraction_{key}"]
    return measured


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


COLUMNS = {
    "F1 all": "extraction_f1_all", "P all": "extraction_precision_all", "R all": "extraction_recall_all",
    "F1 Arabic": "extraction_f1_ar", "F1 Arabic synthetic": "extraction_f1_ar_synthetic",
    "Arabic snippets": "extraction_ar_snippets", "title ok (synthetic)": "extraction_title_ar_synthetic",
    "date ok (synthetic)": "extraction_published_ar_synthetic",
}


def table(measured: dict) -> str:
    rows = dict(measured["baselines"])
    if "extraction_f1_all" in measured:
        rows = {"marsad": measured, **rows}
    lines = ["| extractor | " + " | ".join(COLUMNS) + " | ms/page (eval/Arabic real/synthetic) |",
             "|---" * (len(COLUMNS) + 2) + "|"]
    for name, s in rows.items():
        cells = " | ".join(_cell(s[key]) for key in COLUMNS.values())
        fallback = f" (trafilatura on {s['extraction_fallback_share']:.0%} of pages)" if "extraction_fallback_share" in s else ""
        split = "/".join(str(s.get(f"extraction_ms_per_page_{g}", "–")) for g in ("eval", "ar_real", "synthetic"))
        lines.append(f"| {name}{fallback} | {cells} | {s['extraction_ms_per_page']} ({split}) |")
    return "\n".join(lines)


def robustness(pages: list[Page]) -> dict:
    """The fast path on truncated, malformed and huge pages: text, a named failure, or a crash.

    Truncated: every page cut at a third of its bytes. Malformed: every third '>' removed.
    Huge: a 50 MB page (a story, then link boxes); its time and the peak memory it added.
    """
    import random
    import resource

    from marsad.errors import InputError
    from marsad.stages.extract_fast import extract_fast

    outcome: Counter[str] = Counter()
    rng = random.Random(1)
    for page in pages:
        raw = page.html
        for variant, html in (("truncated", raw[: len(raw) // 3]),
                              ("malformed", bytes(b for i, b in enumerate(raw) if b != 62 or rng.random() > 0.33))):
            try:
                got = extract_fast(html, page.url)
                outcome[f"{variant}: text"] += bool(got.extracted.paragraphs)
            except InputError:
                outcome[f"{variant}: named failure"] += 1
            except Exception:  # noqa: BLE001 - what we count
                outcome[f"{variant}: crash"] += 1
    story = "".join(f"<p>Paragraph {i} of the story, with a sentence that ends here.</p>" for i in range(20))
    box = "<div class='box'><a href='/x'>a link in a box</a> and some words</div>"
    huge = f"<html><body><article>{story}</article>{box * (50_000_000 // len(box))}</body></html>"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        result = f"{len(extract_fast(huge).extracted.paragraphs)} paragraphs"
    except InputError as error:
        result = f"named failure: {error}"
    seconds = time.perf_counter() - start
    added = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return {"outcomes": dict(sorted(outcome.items())), "huge_mb": round(len(huge) / 1e6, 1),
            "huge_result": result, "huge_seconds": round(seconds, 2), "huge_peak_mib_added": round(added)}


def site_batch(pages: list[Page]) -> dict:
    """`auto` with and without site templates on a crawl of five sites: the synthetic pages,
    each put on the host of its template (`https://portal.example/...`), in generated order.

    The synthetic pages' own URLs are those of the real outlets their stories came from,
    whose pages here are drawn from all five templates; a crawl has one template per site.
    """
    from marsad.errors import InputError
    from marsad.stages.extract_fast import extract_auto

    crawl = [replace(p, url=f"https://{p.id.rsplit('-', 1)[0].removeprefix('syn-')}.example/{p.id}.html")
             for p in pages if p.group == "synthetic"]
    out = {"pages": len(crawl), "sites": len({p.url.split("/")[2] for p in crawl})}
    for name, memory in (("auto", None), ("auto with site templates", SiteTemplates())):
        fallbacks, scores = 0, []
        start = time.perf_counter()
        for page in crawl:
            try:
                got, path = extract_auto(page.html, page.url, memory)
                text = "\n".join(got.paragraphs)
            except InputError:
                text, path = "", "none"
            fallbacks += path == "trafilatura"
            scores.append(prf(text, page.gold))
        seconds = time.perf_counter() - start
        out[name] = {"f1": round(mean(s[2] for s in scores), 4), "precision": round(mean(s[0] for s in scores), 4),
                     "fallback_share": round(fallbacks / max(len(crawl), 1), 3),
                     "ms_per_page": round(1000 * seconds / max(len(crawl), 1), 2)}
    return out


def parsers(pages: list[Page]) -> dict:
    """The two fast HTML5 parsers the issue names, on the same decoded pages: parse, then the body's text.

    selectolax (Lexbor) is what the fast path uses; resiliparse's parser (also Lexbor underneath)
    is the peer. Medians of 3 passes, ms/page.
    """
    from statistics import median

    from resiliparse.parse.html import HTMLTree
    from selectolax.lexbor import LexborHTMLParser

    from marsad.sources.decode import declared_charset, decode

    texts = []
    for page in pages:
        try:
            texts.append(decode(page.html, page.id, declared_charset(page.html)))
        except Exception:  # noqa: BLE001 - a page we cannot decode is left out for both
            continue

    def selectolax_(html: str) -> None:
        tree = LexborHTMLParser(html)
        if tree.body is not None:
            tree.body.text(deep=True)

    def resiliparse_(html: str) -> None:
        tree = HTMLTree.parse(html)
        if tree.body is not None:
            tree.body.text  # noqa: B018 - the work measured

    out = {}
    for name, parse in (("selectolax", selectolax_), ("resiliparse", resiliparse_)):
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            for html in texts:
                parse(html)
            runs.append(1000 * (time.perf_counter() - start) / len(texts))
        out[f"{name}_ms_per_page"] = round(median(runs), 2)
    out["pages"] = len(texts)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="HTML main-content extraction: word F1 against gold text.")
    parser.add_argument("--data", type=Path, default=DATA, help=f"evaluation set (default {DATA})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON (bench/quality.py)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated; default: all four")
    parser.add_argument("--variants", action="store_true", help="also measure trafilatura's options")
    parser.add_argument("--synthetic", type=int, default=SYNTHETIC_PAGES, help="synthetic pages to make")
    parser.add_argument("--seed", type=int, default=SYNTHETIC_SEED, help="seed of the synthetic pages")
    parser.add_argument("--only", choices=["eval", "synthetic"], help="score one group of pages only")
    parser.add_argument("--robustness", action="store_true", help="fast path on truncated, malformed, huge pages")
    parser.add_argument("--parsers", action="store_true", help="selectolax against resiliparse's parser (parse + text)")
    parser.add_argument("--sites", action="store_true", help="auto with and without site templates, synthetic crawl")
    args = parser.parse_args(argv)
    if not (args.data / "manifest.jsonl").is_file():
        print(f"extraction bench: no evaluation set at {args.data} (expected manifest.jsonl); "
              "pass --data PATH", file=sys.stderr)
        return 2
    names = [n for n in args.systems.split(",") if n] + (list(VARIANTS) if args.variants else [])
    unknown = [n for n in names if n not in SYSTEMS and n not in VARIANTS]
    if unknown:
        parser.error(f"unknown system(s): {', '.join(unknown)}; known: {', '.join([*SYSTEMS, *VARIANTS])}")
    pages = [] if args.only == "synthetic" else load_pages(args.data)
    pages += [] if args.only == "eval" else synthetic_pages(args.synthetic, args.seed)
    if args.parsers:
        print(json.dumps(parsers(pages), indent=2))
        return 0
    if args.sites:
        print(json.dumps(site_batch(pages), indent=2))
        return 0
    if args.robustness:
        print(json.dumps(robustness(pages), ensure_ascii=False, indent=2))
        return 0
    measured = measure(pages, names)
    if args.json:
        print(json.dumps(measured, ensure_ascii=False, indent=2))
        return 0
    counts = measured["pages"]
    print(table(measured))
    print(f"\nmacro average of per-page scores; {counts['all']} evaluation pages ({counts['ar']} Arabic), "
          f"{counts['ar_synthetic']} synthetic Arabic pages (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
