"""An ordered list of stages that turns raw articles into clean ones.

A stage is any picklable callable `Article -> Article` wrapped with what it needs
and what it gives, so a pipeline in an order that cannot work is rejected when it
is built, not halfway through a crawl. A stage raises `Drop` to leave an article
out on purpose; any other exception is caught, counted, and the article comes out
with `error` set so it can be quarantined and re-run, never silently lost.
"""

from __future__ import annotations

import gc
import importlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from marsad.article import Article, Failure
from marsad.errors import Drop, MarsadError, PipelineError

__all__ = ["Bounds", "Pipeline", "Stage", "Stats", "stage"]

# What a reader fills in before any stage runs.
READER_GIVES = frozenset({"raw", "url", "source", "meta"})


@dataclass(frozen=True, slots=True)
class Stage:
    """A named step with the fields it reads (`needs`) and fills (`gives`)."""

    name: str
    func: Callable[[Article], Article]
    needs: frozenset[str] = frozenset()
    gives: frozenset[str] = frozenset()

    def __call__(self, article: Article) -> Article:
        return self.func(article)

    def __reduce__(self):
        # `@stage` rebinds the function's name to this Stage, so pickle finds it by name.
        module, name = getattr(self.func, "__module__", None), getattr(self.func, "__qualname__", "")
        if module and getattr(sys.modules.get(module), name, None) is self:
            return (_named_stage, (module, name))
        return (Stage, (self.name, self.func, self.needs, self.gives))


def _named_stage(module: str, name: str) -> Stage:
    return getattr(importlib.import_module(module), name)


def stage(name: str, needs: Iterable[str] = (), gives: Iterable[str] = ()) -> Callable:
    """Decorator: declare a function as a stage with what it needs and gives."""

    def wrap(func: Callable[[Article], Article]) -> Stage:
        return Stage(name, func, frozenset(needs), frozenset(gives))

    return wrap


@dataclass(slots=True)
class Stats:
    """What happened to a batch: counts by outcome, drops and failures by reason."""

    processed: int = 0
    dropped: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)
    extractor: Counter = field(default_factory=Counter)  # which HTML extraction path served each page

    def record(self, article: Article | None, drop_reason: str | None = None) -> None:
        if drop_reason is not None:
            self.dropped[drop_reason] += 1
        elif article is not None and article.error is not None:
            self.failed[article.error.stage] += 1
        else:
            self.processed += 1
        if article is not None and "extractor" in article.flags:
            self.extractor[article.flags["extractor"]] += 1


# Bounded stages that have had their first (model-loading) call in this process.
_WARMED: set[Callable[[Article], Article]] = set()
_WARM_UP = (
    "الرياض - قال وزير الخارجية فيصل بن فرحان يوم الأحد 5 ديسمبر 2026 إن المحادثات مع الأمم المتحدة"
    " في جنيف \"بناءة\"، وإن 300 مليون دولار خصصت لإعادة إعمار المدارس والمستشفيات في المنطقة.\n\n"
    "وأضاف أن الاجتماع المقبل سيعقد الشهر القادم بمشاركة وفود من عشر دول عربية وأوروبية."
)


@dataclass(frozen=True, slots=True)
class Bounds:
    """How much work the analysis stages may do on one article, whatever the article.

    A pathological page (megabytes of names, one 20 MB line) must not take minutes or
    gigabytes: the named `stages`, which read the text and add to it without changing
    it, read at most its first `max_chars` characters (cut at a paragraph or a space;
    offsets stay valid in the whole text), and once they have spent `seconds` on the
    article, the rest of them are skipped (cleaning, which the text needs whole, is
    not counted: it is linear in the text). Both are flagged on the article
    (`analysed_chars`, `skipped_stages`), so nobody mistakes a bounded result for a whole one.
    """

    stages: frozenset[str]
    max_chars: int
    seconds: float

    def run(self, step: Stage, article: Article, started: float) -> Article:
        """`step` on `article`, within these bounds."""
        if time.perf_counter() - started > self.seconds:
            skipped = [*article.flags.get("skipped_stages", []), step.name]
            return replace(article, flags={**article.flags, "skipped_stages": skipped})
        if len(article.text) <= self.max_chars:
            return step(article)
        cut = _cut_point(article.text, self.max_chars)
        head = article.text[:cut]
        done = step(replace(article, text=head, paragraphs=head.split("\n\n")))
        return replace(done, text=article.text, paragraphs=article.paragraphs,
                       flags={**done.flags, "analysed_chars": cut})


def _cut_point(text: str, limit: int) -> int:
    """Where to cut `text` to at most `limit` characters: a paragraph end, else a space."""
    for mark in ("\n\n", " "):
        at = text.rfind(mark, limit // 2, limit + 1)
        if at > 0:
            return at
    return limit


class Pipeline:
    """Stages in order; checked once, then applied to any number of articles."""

    def __init__(self, stages: Iterable[Stage], bounds: Bounds | None = None) -> None:
        self.stages = list(stages)
        self.bounds = bounds
        self._warmed = False  # see _warm
        self._check_order()

    def _check_order(self) -> None:
        available = set(READER_GIVES)
        for step in self.stages:
            missing = step.needs - available
            if missing:
                raise PipelineError(
                    f"stage {step.name!r} needs {', '.join(sorted(missing))}, "
                    "which no earlier stage gives"
                )
            available |= step.gives

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, article: Article) -> Article:
        """Run every stage; an exception becomes `article.error`, `Drop` propagates."""
        if article.error is not None:
            return article
        started, bounds = None, self.bounds
        if bounds is not None and not self._warmed:
            self._warm(bounds)
        for step in self.stages:
            try:
                if bounds is not None and step.name in bounds.stages:
                    started = started or time.perf_counter()
                    article = bounds.run(step, article, started)
                else:
                    article = step(article)
            except Drop:
                raise
            except MarsadError as error:
                return replace(article, error=Failure(step.name, str(error)))
            except Exception as error:  # noqa: BLE001 - a bad page must never stop a run
                reason = f"{type(error).__name__}: {error}"
                return replace(article, error=Failure(step.name, reason))
        return article

    def _warm(self, bounds: Bounds) -> None:
        """Run the stages once on a short sample before the first article of this process.

        A stage loads its models on its first call. Counted against an article's
        `seconds`, that load cut short the first article of every worker on a loaded
        machine: its quotes, dates and topics were skipped.

        The loaded models are then frozen out of the garbage collector's sight, and the
        young generation made larger: the models live as long as the process, yet every
        full collection walked their millions of objects again, and an article's
        short-lived objects set off a young collection every 700 allocations. Together
        that was 6-12 % of a full-pipeline ingest's CPU time (0.5-1 % now), with the same
        peak memory (bench/RESULTS-scale.md).
        """
        self._warmed = True
        cold = [s.func for s in self.stages if s.name in bounds.stages and s.func not in _WARMED]
        if cold:
            _WARMED.update(cold)
            try:
                Pipeline(self.stages)(Article(id="warm-up", raw_text=_WARM_UP))
            except Drop:
                pass
            gc.collect()
            gc.freeze()
            gc.set_threshold(50_000, 20, 10)

    def run(self, articles: Iterable[Article], stats: Stats | None = None) -> Iterator[Article]:
        """Process a stream lazily, counting outcomes in `stats`; drops are not yielded."""
        stats = stats if stats is not None else Stats()
        for article in articles:
            try:
                done = self(article)
            except Drop as drop:
                stats.record(None, drop.reason)
                continue
            stats.record(done)
            yield done
