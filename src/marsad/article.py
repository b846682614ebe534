"""The one record that flows through marsad: an `Article` and its parts.

Spans (`start`, `end`) are character offsets into `Article.text`. Every field of
DESIGN.md is always present in the JSON form: stages that have not run yet leave
empty lists or null, never a missing key.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

__all__ = [
    "WORKING_FIELDS",
    "Article",
    "DateMention",
    "Entity",
    "Failure",
    "Mention",
    "NumberMention",
    "Provenance",
    "Quote",
    "Removal",
]


@dataclass(slots=True)
class Removal:
    """A piece of text that cleaning cut, kept so a user can see what and why."""

    text: str
    reason: str


@dataclass(slots=True)
class Mention:
    """One place an entity is named in the text."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Entity:
    """A distinct person, organisation or place, with every mention of it."""

    id: str
    type: str
    name: dict[str, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    """Something someone said, with who said it when we can tell."""

    text: str
    speaker: str | None
    speaker_text: str | None
    kind: str
    start: int
    end: int


@dataclass(slots=True)
class DateMention:
    """A date expression and the calendar date it resolves to.

    `anchor` says what a relative expression (يوم الخميس, أمس) was resolved against:
    "published", "estimate" (the story's `published_estimate`) or "today"; it is
    null for an expression that names its date in full and needs no anchor.
    """

    text: str
    value: str | None
    start: int
    end: int
    anchor: str | None = None


@dataclass(slots=True)
class Provenance:
    """Where an article's text and story come from.

    `copy_of` is the earliest member of the article's copy group (null for that member
    itself); `origin` the story's origin article; `relation` how this article relates to
    it (origin | copy | translation | report); `score` the strength of that evidence.
    """

    origin: str | None = None
    copy_of: str | None = None
    relation: str | None = None
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, "copy_of": self.copy_of, "relation": self.relation, "score": self.score}


@dataclass(slots=True)
class NumberMention:
    """A number as written ("2.3 billion", "خمسة", "٥٧") and the value it stands for."""

    text: str
    value: float
    start: int
    end: int


@dataclass(slots=True)
class Failure:
    """Why an input could not be processed, and at which stage."""

    stage: str
    reason: str


@dataclass(slots=True)
class Article:
    """A news article on its way from raw input to the archive.

    `html` and `raw_text` hold what the reader delivered; stages turn them into
    `paragraphs` and `text`. `link_keys` is what the last stage computed for the writer's
    story linker (`marsad.stories.keys`), so the one writer does not. These are working
    fields and not part of the JSON form.
    """

    id: str = ""
    url: str | None = None
    source: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    lang: str | None = None
    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    summary: str | None = None
    flags: dict[str, Any] = field(default_factory=dict)
    story: str | None = None
    provenance: Provenance = field(default_factory=Provenance)
    published_estimate: str | None = None
    error: Failure | None = None
    html: str | None = None
    raw_text: str | None = None
    link_keys: Any = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN.md JSON shape; working fields are left out.

        Written out by hand: `dataclasses.asdict` deep-copies every value and was a
        fifth of ingest time.
        """
        data = {name: getattr(self, name) for name in _JSON_FIELDS}
        data["paragraphs"] = list(self.paragraphs)
        data["numbers"] = [{"text": n.text, "value": n.value, "start": n.start, "end": n.end} for n in self.numbers]
        data["removed"] = [{"text": r.text, "reason": r.reason} for r in self.removed]
        data["entities"] = [
            {"id": e.id, "type": e.type, "name": dict(e.name),
             "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in e.mentions]}
            for e in self.entities
        ]
        data["quotes"] = [asdict(q) for q in self.quotes]
        data["dates"] = [
            {"text": d.text, "value": d.value, "start": d.start, "end": d.end, "anchor": d.anchor} for d in self.dates
        ]
        data["topics"] = list(self.topics)
        data["flags"] = json.loads(json.dumps(self.flags)) if self.flags else {}
        data["provenance"] = self.provenance.to_dict()
        data["error"] = {"stage": self.error.stage, "reason": self.error.reason} if self.error else None
        return data

    def to_json(self) -> str:
        """One line of JSON, Arabic kept readable."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from its JSON form (as stored or printed)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["removed"] = [Removal(**r) for r in data.get("removed") or []]
        values["numbers"] = [NumberMention(**n) for n in data.get("numbers") or []]
        values["entities"] = [
            Entity(
                id=e["id"],
                type=e["type"],
                name=dict(e.get("name") or {}),
                mentions=[Mention(**m) for m in e.get("mentions") or []],
            )
            for e in data.get("entities") or []
        ]
        values["quotes"] = [Quote(**q) for q in data.get("quotes") or []]
        values["dates"] = [DateMention(**d) for d in data.get("dates") or []]
        provenance = data.get("provenance") or {}
        values["provenance"] = Provenance(**{k: provenance.get(k) for k in ("origin", "copy_of", "relation", "score")})
        error = data.get("error")
        values["error"] = Failure(**error) if error else None
        return cls(**values)

    @classmethod
    def from_json(cls, line: str) -> Article:
        return cls.from_dict(json.loads(line))


WORKING_FIELDS = ("html", "raw_text", "link_keys")
_JSON_FIELDS = tuple(f.name for f in fields(Article) if f.name not in WORKING_FIELDS)
