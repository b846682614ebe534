"""The few SQL phrases the archive's aggregate views write differently on SQLite and PostgreSQL.

The views in `stats.py` are standard SQL run through `store.read()` (SQLite's `?`
placeholders, which the PostgreSQL store rewrites). What is not standard, reading
inside an article's JSON record, matching a date's shape, and steering SQLite's
planner to an index, is phrased here once per backend, so both backends count
the same rows. A PostgreSQL phrase never holds a `?` (it would become a placeholder).
The faceted searches (`sqlite_faceted`, `pg_faceted`) take their filters on the
article row from `row_conditions`, so both keep the same articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marsad.store.base import SearchFilters

__all__ = ["POSTGRESQL", "SQLITE", "Dialect", "dialect_of"]


@dataclass(frozen=True, slots=True)
class Dialect:
    """SQL phrases of one backend; `{col}` and `{key}` are filled in by the methods."""

    name: str
    dated: str  # a condition: `published` (of `a`) starts with a well-formed ISO day
    _json_text: str  # a top-level field of a JSON text column, as text
    _json_items: str  # a FROM item: the elements of a top-level array field, as `value`
    _item_text: str  # a field of one such element, as text
    _json_length: str  # the length of a top-level array field (0 when absent)
    by_published: str  # after `articles a`: walk the published index (SQLite needs telling)
    newest: str  # ORDER BY phrase: newest publication first, undated last, ties newest stored first
    bytewise: str  # after a text column: compare it byte by byte, as SQLite does
    has_topic: str  # a condition: the topics of `a` hold the value at `{p}`

    def row_conditions(self, filters: SearchFilters) -> list[tuple[str, Any]]:
        """The search filters on the article row `a`: each a condition with `{p}` where its
        value goes, and that value."""
        conditions: list[tuple[str, Any]] = []
        if filters.source:
            conditions.append(("a.source = {p}", filters.source))
        if filters.since:
            conditions.append((f"a.published{self.bytewise} >= {{p}}", filters.since))
        if filters.until:  # "~" sorts after every character of a date
            conditions.append((f"a.published{self.bytewise} < {{p}}", filters.until + "~"))
        if filters.topic:
            conditions.append((self.has_topic, filters.topic))
        return conditions

    def json_text(self, col: str, key: str) -> str:
        """The top-level field `key` of the JSON text in `col`, as text (arrays as their JSON)."""
        return self._json_text.format(col=col, key=key)

    def json_items(self, col: str, key: str, alias: str) -> str:
        """A FROM item `alias` whose `value` runs over the elements of the array field `key`."""
        return self._json_items.format(col=col, key=key, alias=alias)

    def item_text(self, alias: str, key: str) -> str:
        """The field `key` of the element `alias` (see `json_items`), as text."""
        return self._item_text.format(alias=alias, key=key)

    def json_length(self, col: str, key: str) -> str:
        """How many elements the array field `key` holds (0 when it is absent)."""
        return self._json_length.format(col=col, key=key)


SQLITE = Dialect(
    name="sqlite",
    dated="a.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'",
    _json_text="{col} ->> '$.{key}'",
    _json_items="json_each({col}, '$.{key}') {alias}",
    _item_text="{alias}.value ->> '$.{key}'",
    _json_length="coalesce(json_array_length({col}, '$.{key}'), 0)",
    by_published="INDEXED BY articles_published",
    newest="a.published DESC",  # walking the index backwards: NULLs last, ties by pk descending
    bytewise="",
    has_topic="EXISTS (SELECT 1 FROM json_each(a.data, '$.topics') t WHERE t.value = {p})",
)

POSTGRESQL = Dialect(
    name="postgresql",
    dated="a.published ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}'",
    _json_text="({col}::jsonb ->> '{key}')",
    _json_items="jsonb_array_elements(CASE jsonb_typeof({col}::jsonb -> '{key}') WHEN 'array' "
                "THEN {col}::jsonb -> '{key}' ELSE '[]' END) {alias}(value)",
    _item_text="({alias}.value ->> '{key}')",
    _json_length="coalesce(jsonb_array_length(CASE jsonb_typeof({col}::jsonb -> '{key}') WHEN 'array' "
                 "THEN {col}::jsonb -> '{key}' END), 0)",
    by_published="",
    newest="a.published DESC NULLS LAST, a.pk DESC",
    bytewise=' COLLATE "C"',
    has_topic="(a.data::jsonb -> 'topics') @> jsonb_build_array({p}::text)",
)


def dialect_of(store: object) -> Dialect:
    """The dialect a store speaks (SQLite unless it says otherwise)."""
    return POSTGRESQL if getattr(store, "dialect", "sqlite") == "postgresql" else SQLITE
