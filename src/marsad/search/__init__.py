"""Search over the archive: the query language, index terms and snippets.

Storage-independent, so the SQLite and PostgreSQL stores parse, index and
highlight the same way.
"""

from marsad.search.query import Query, parse
from marsad.search.snippet import BRACKETS, HTML_MARKS, Marks, snippet
from marsad.search.terms import display_words, index_terms, index_text, indexed_part

__all__ = [
    "BRACKETS",
    "HTML_MARKS",
    "Marks",
    "Query",
    "display_words",
    "index_terms",
    "index_text",
    "indexed_part",
    "parse",
    "snippet",
]
