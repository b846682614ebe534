"""The Parquet schema of an exported article: one typed column per Article field.

Nested parts (entities with their mentions, quotes, dates, what cleaning removed)
become lists of structs, which pandas, pyarrow and `datasets` read as they are.
`flags` holds keys that differ from article to article, so it goes out as a JSON
string. A field this table does not know yet (added to Article later) goes out
as a string, or as JSON when it is not one, so nothing is ever left out.
"""

from __future__ import annotations

import json
from dataclasses import fields
from functools import lru_cache
from typing import Any

from marsad.article import WORKING_FIELDS, Article

__all__ = ["arrow_schema", "row"]

_JSON_COLUMNS = {"flags"}


@lru_cache(maxsize=1)
def _types() -> dict[str, Any]:
    import pyarrow as pa

    s, i, f = pa.string(), pa.int64(), pa.float64()
    span = [("start", i), ("end", i)]
    return {
        "id": s, "url": s, "source": s, "title": s, "author": s, "published": s, "lang": s, "text": s,
        "paragraphs": pa.list_(s),
        "removed": pa.list_(pa.struct([("text", s), ("reason", s)])),
        "entities": pa.list_(pa.struct([
            ("id", s), ("type", s), ("name", pa.struct([("ar", s), ("en", s)])),
            ("mentions", pa.list_(pa.struct([("text", s), *span]))),
        ])),
        "quotes": pa.list_(pa.struct([("text", s), ("speaker", s), ("speaker_text", s), ("kind", s), *span])),
        "dates": pa.list_(pa.struct([("text", s), ("value", s), *span, ("anchor", s)])),
        "numbers": pa.list_(pa.struct([("text", s), ("value", f), *span])),
        "topics": pa.list_(s),
        "summary": s,
        "flags": s,
        "story": s,
        "provenance": pa.struct([("origin", s), ("copy_of", s), ("relation", s), ("score", f)]),
        "published_estimate": s,
        "error": pa.struct([("stage", s), ("reason", s)]),
    }


def _json_names() -> list[str]:
    return [f.name for f in fields(Article) if f.name not in WORKING_FIELDS]


def arrow_schema():
    """The pyarrow schema for this marsad's Article fields, in their JSON order."""
    import pyarrow as pa

    known = _types()
    return pa.schema([(name, known.get(name, pa.string())) for name in _json_names()])


def row(article: Article) -> dict[str, Any]:
    """The article's JSON form with JSON-string columns encoded, ready for the schema."""
    data = article.to_dict()
    known = _types()
    for name in list(data):
        value = data[name]
        if name in _JSON_COLUMNS or (name not in known and not isinstance(value, str | None)):
            data[name] = json.dumps(value, ensure_ascii=False)
    return data

