"""What an alert says about its articles: one item per story, snippets, copy counts.

A wire story picked up by ten sites is one piece of news, not ten: the articles of a
message that share a story (stories.linker put them there; copies of one text always
share one) become one item, led by the first stored, saying "and N copies" (same
text) and "and M more articles of this story" (other reports of the same event).
Webhook payloads carry the same facts per article: its story and its stored copies.

The articles of a delivery run are read once (one query per 500) and each text is
tokenized once, however many subscriptions list it.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from marsad.alerts.mailer import Item, public_url
from marsad.alerts.subscriptions import Subscription, utc
from marsad.errors import QueryError
from marsad.search import BRACKETS, HTML_MARKS, index_terms, parse, snippet
from marsad.search.snippet import Marks, Tokenized
from marsad.store import stories as links

__all__ = ["Articles", "items", "payload"]

_COLUMNS = "pk, id, title, url, source, published, text"
_OPEN, _CLOSE = "\x01", "\x02"
_PLACEHOLDERS = Marks(_OPEN, _CLOSE, BRACKETS.ellipsis)


@dataclass(slots=True)
class _Row:
    pk: int
    id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    text: str
    story: str | None = None
    copy_group: int | None = None
    words: Tokenized | None = None


class Articles:
    """The articles of one delivery run, read on first use and kept (bounded) for the run."""

    LIMIT = 5_000

    def __init__(self, store) -> None:
        self.store = store
        self.linked = hasattr(store, "connection")  # stories are kept in SQLite archives
        self._rows: dict[int, _Row] = {}

    def load(self, pks: list[int]) -> None:
        """Read the articles among `pks` not read yet, with their story and copy group."""
        missing = [pk for pk in dict.fromkeys(pks) if pk not in self._rows]
        if not missing:
            return
        if len(self._rows) + len(missing) > self.LIMIT:
            self._rows.clear()
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self.store.read(f"SELECT {_COLUMNS} FROM articles WHERE pk IN ({marks})", chunk):
                self._rows[row[0]] = _Row(*row)
            if self.linked:
                for pk, (story, _day, group, _evidence) in links.link_rows(self.store.connection(), chunk).items():
                    self._rows[pk].story, self._rows[pk].copy_group = story, group

    def get(self, pks: list[int]) -> list[_Row]:
        """The stored articles among `pks`, in ingest order."""
        self.load(pks)
        return [self._rows[pk] for pk in sorted(set(pks)) if pk in self._rows]

    def words(self, row: _Row) -> Tokenized:
        """The article's words, tokenized on first use."""
        if row.words is None:
            row.words = Tokenized.of(row.text)
        return row.words


def marked_terms(store, sub: Subscription) -> frozenset[str]:
    """The words a subscription's snippets mark: its query's terms, or its entity's names."""
    if sub.query:
        try:
            return parse(sub.query).terms
        except QueryError:
            return frozenset()
    marks = ", ".join("?" * len(sub.entity_ids))
    names = store.read(f"SELECT DISTINCT name FROM entity_names WHERE entity_id IN ({marks}) LIMIT 200",
                       list(sub.entity_ids))
    return frozenset(index_terms(" ".join(name for (name,) in names)))


def items(store, sub: Subscription, pks: list[int], articles: Articles) -> list[Item]:
    """One item per story among the articles `pks`, each with its copies and story-mates."""
    terms = marked_terms(store, sub)
    groups: dict[object, list[_Row]] = {}
    for row in articles.get(pks):
        key = row.story if row.story is not None else ("article", row.pk)
        groups.setdefault(key, []).append(row)
    out = []
    for members in groups.values():
        lead, rest = members[0], members[1:]
        text_snippet, html_snippet = _snippets(lead.text, terms, articles.words(lead))
        same_text = [r for r in rest if r.copy_group is not None and r.copy_group == lead.copy_group]
        related = [r for r in rest if r not in same_text]
        out.append(Item(lead.id, lead.title, lead.source, lead.published, text_snippet, html_snippet,
                        copies=tuple((r.id, r.source) for r in same_text),
                        related=tuple((r.id, r.source) for r in related),
                        story=lead.story if rest else None))
    return out


def _snippets(text: str, terms: frozenset[str], words: Tokenized) -> tuple[str, str]:
    """The snippet as plain text ([marked]) and as HTML (<mark>, escaped), cut once: escaping is
    character by character, so escaping the cut text equals escaping each piece of it."""
    if _OPEN in text or _CLOSE in text:
        return (snippet(text, terms, marks=BRACKETS, tokenized=words),
                snippet(text, terms, marks=HTML_MARKS, tokenized=words))
    cut = snippet(text, terms, marks=_PLACEHOLDERS, tokenized=words)
    plain = cut.replace(_OPEN, BRACKETS.open).replace(_CLOSE, BRACKETS.close)
    marked = html.escape(cut).replace(_OPEN, HTML_MARKS.open).replace(_CLOSE, HTML_MARKS.close)
    return plain, marked


def payload(store, sub: Subscription, pk: int, articles: Articles) -> dict:
    """The JSON body of a webhook call for one matched article (Standard Webhooks' envelope)."""
    row = articles.get([pk])[0]
    data = json.loads(store.read("SELECT data FROM articles WHERE pk = ?", (pk,))[0][0])
    entities = [{"id": e["id"], "type": e["type"], "name": e.get("name", {})} for e in data.get("entities", [])]
    copies: list[str] = []
    if row.copy_group is not None:
        copies = [i for _pk, i, _published in links.copy_group_members(store.connection(), row.copy_group)
                  if i != row.id]
    base = public_url()
    return {"type": "article.matched", "timestamp": utc(),
            "data": {"article": {"id": row.id, "title": row.title, "url": row.url, "source": row.source,
                                 "published": row.published, "entities": entities,
                                 "link": f"{base}/articles/{row.id}",
                                 "story": row.story, "story_link": f"{base}/stories/{row.story}" if row.story else None,
                                 "copies": copies, "copy_count": len(copies)},
                     "subscription": {"id": sub.id, "query": sub.query, "entity": sub.entity,
                                      "entity_ids": list(sub.entity_ids)}}}
