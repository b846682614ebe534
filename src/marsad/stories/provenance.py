"""Within one story: which article the others derive from, and how.

The origin is the earliest dated article that copies nothing, an article flagged as
machine-translated yielding to one in another language. Then each member is a
`copy` (its text copies another member: same copy group), a `translation` (another
language, and `crosslang.translation_score` with the machine-translation signal as
evidence says so) or a `report` (the same event, written independently). An undated
article takes `published_estimate` from its origin, else the earliest dated copy, and
its dates are read again through the dates stage, so a rerun gives the same record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from marsad.article import Article
from marsad.stages.dates import date_article
from marsad.store import stories as tables
from marsad.store.stories import Member, StoryRow
from marsad.stories.copies import Signature, estimate_containment
from marsad.stories.evidence import link_score

__all__ = ["TRANSLATION_MIN", "choose_origin", "settle_story"]

# translation_score at or above this makes a cross-language member a translation; a
# machine-translation flag counts as evidence and lowers the bar by MT_BONUS.
TRANSLATION_MIN = 0.5
MT_BONUS = 0.2
_MT_FLAGGED = 0.5


def _day(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 and value[4] == "-" else None


def choose_origin(members: list[Member]) -> Member:
    """The article the others derive from: dated before undated, not MT-flagged, earliest, first stored."""
    roots = [m for m in members if m.copy_of is None] or members
    return min(roots, key=lambda m: (_day(m.published) is None, m.machine_translated >= _MT_FLAGGED,
                                     _day(m.published) or "", m.pk))


def settle_story(conn, story: str, load: Callable[[str], Article], save: Callable[[Article], None],
                 copy_scores: dict[int, float] | None = None) -> None:
    """Recompute copy_of, origin, relation, score and estimates for every member of `story`."""
    members = tables.members(conn, story)
    if not members:
        return
    # Copies are ordered by date, and an undated copy's date is the estimate its origin
    # gives it: settle estimates, then copies again, so the answer is a fixed point.
    estimates = {m.pk: m.published_estimate for m in members}
    for _ in range(3):
        _settle_copies(conn, members, estimates)
        origin = choose_origin(members)
        settled = {m.pk: _estimate(m, origin, members) for m in members}
        if settled == estimates:
            break
        estimates = settled
    for member in members:
        origin_id, relation, score = _relation(member, origin, load)
        estimate = estimates[member.pk]
        if (origin_id, relation, score, estimate) != (member.origin, member.relation, member.score,
                                                      member.published_estimate):
            tables.set_provenance(conn, member.pk, origin_id, relation, score, estimate)
        if estimate != member.published_estimate and not member.published:
            article = load(member.id)
            save(date_article(replace(article, published_estimate=estimate)))
    tables.save_story(conn, _story_row(story, origin, members))


def _settle_copies(conn, members: list[Member], estimates: dict[int, str | None]) -> None:
    """Each copy group's earliest member (by published date or estimate, else stored first) is what
    the rest copy."""
    groups: dict[int, list[Member]] = {}
    for member in members:
        groups.setdefault(member.copy_group, []).append(member)

    def when(m: Member) -> str | None:
        return _day(m.published) or _day(estimates.get(m.pk))

    for group in groups.values():
        # On the same day a dated text comes before one whose date is only an estimate.
        first = min(group, key=lambda m: (when(m) is None, when(m) or "", _day(m.published) is None, m.pk))
        stored = tables.signatures(conn, [m.pk for m in group]) if len(group) > 1 else {}
        signatures = {pk: Signature.from_bytes(*value) for pk, value in stored.items()}
        for member in group:
            copy_of = None if member is first else first.id
            score = None if copy_of is None else _containment(signatures, member.pk, first.pk)
            if (copy_of, score) != (member.copy_of, member.copy_score):
                tables.set_copy_of(conn, member.pk, copy_of, score)
                member.copy_of, member.copy_score = copy_of, score


def _containment(signatures: dict[int, Signature], a: int, b: int) -> float:
    if a in signatures and b in signatures:
        return round(estimate_containment(signatures[a], signatures[b]), 3)
    return 1.0  # same id means same folded text; too short to sign means an exact repost


def _relation(member: Member, origin: Member, load: Callable[[str], Article]) -> tuple[str, str, float]:
    if member is origin:
        return origin.id, "origin", 1.0
    if member.copy_of is not None:
        return origin.id, "copy", member.copy_score if member.copy_score is not None else 1.0
    if member.lang and origin.lang and member.lang != origin.lang:
        if member.origin == origin.id and member.relation in ("translation", "report"):
            return origin.id, member.relation, member.score  # already judged against this origin
        from marsad.crosslang import translation_score

        score = round(float(translation_score(load(member.id), load(origin.id))), 3)
        bar = TRANSLATION_MIN - (MT_BONUS if member.machine_translated >= _MT_FLAGGED else 0.0)
        return origin.id, ("translation" if score >= bar else "report"), score
    if member.origin == origin.id and member.relation == "report" and member.score is not None:
        return origin.id, "report", member.score  # already scored against this origin
    _, overlap = link_score(member.evidence, origin.evidence)
    return origin.id, "report", round(overlap, 3)


def _estimate(member: Member, origin: Member, members: list[Member]) -> str | None:
    """For an undated article: its origin's date, else the earliest dated member of its copy group."""
    if _day(member.published):
        return None
    if member is not origin and _day(origin.published):
        return _day(origin.published)
    dated = [_day(m.published) for m in members if m.copy_group == member.copy_group and _day(m.published)]
    return min(dated) if dated else None


def _story_row(story: str, origin: Member, members: list[Member]) -> StoryRow:
    days = sorted(d for m in members if (d := _day(m.published) or _day(_estimate(m, origin, members))))
    return StoryRow(
        id=story, title=origin.title, origin=origin.id,
        first_published=days[0] if days else None, last_published=days[-1] if days else None,
        size=len(members),
        languages=sorted({m.lang for m in members if m.lang}),
        sources=sorted({m.source for m in members if m.source}),
    )
