"""JSONL exports: one article per line, with `text` or `html` and optional metadata.

Each line is its own input (`file.jsonl:12`), so one broken line is quarantined
with its line number and the rest of the file goes through.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from marsad.article import Article
from marsad.errors import InputError
from marsad.sources.base import Input, failed, fingerprint
from marsad.sources.decode import check_unicode

__all__ = ["read_jsonl_lines", "row_article"]

_META = ("title", "author", "published", "source", "lang")


def _text_field(row: dict, key: str, origin: str) -> str | None:
    value = row.get(key)
    if not (isinstance(value, str) and value.strip()):
        return None
    return check_unicode(value, origin, f'field "{key}"')


def row_article(row: object, origin: str) -> Article:
    """The raw article of one JSON object; `ValueError` says why a row is unusable, and
    `EncodingError` that a field is not valid Unicode (a lone surrogate)."""
    if not isinstance(row, dict):
        raise ValueError(f"a JSON {type(row).__name__}, not an object")
    text, html = _text_field(row, "text", origin), _text_field(row, "html", origin)
    if text is None and html is None:
        raise ValueError('no "text" or "html" field with content')
    meta = {key: _text_field(row, key, origin) for key in _META}
    url = _text_field(row, "url", origin)
    return Article(url=url or origin, html=None if text else html, raw_text=text, **meta)


def _skip_rest_of_line(handle: BinaryIO, limit: int) -> None:
    while True:
        chunk = handle.readline(limit)
        if not chunk or chunk.endswith(b"\n"):
            return


def read_jsonl_lines(origin: str, handle: BinaryIO, limit: int) -> Iterator[Input]:
    """One input per non-blank line of a JSONL stream; a bad line fails alone."""
    lineno = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        lineno += 1
        where = f"{origin}:{lineno}"
        if len(line) > limit and not line.endswith(b"\n"):
            _skip_rest_of_line(handle, limit)
            yield failed(where, f"line is over the {limit:,} byte limit")
            continue
        if not line.strip():
            continue
        fp = fingerprint(line)
        try:
            row = json.loads(line.decode("utf-8-sig"))
            yield Input(where, fp, row_article(row, where))
        except UnicodeDecodeError as error:
            yield failed(where, f"not UTF-8 ({error.reason} at byte {error.start})", fp)
        except json.JSONDecodeError as error:
            yield failed(where, f"not JSON ({error.msg} at column {error.colno})", fp)
        except RecursionError:
            yield failed(where, "JSON nested too deeply to read", fp)
        except InputError as error:
            yield failed(where, error.reason, fp)
        except ValueError as error:
            yield failed(where, str(error), fp)
