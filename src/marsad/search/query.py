"""The search query language, parsed into an FTS5 match expression over our terms.

    غزة السودان              both words (implicit AND)
    "الأمم المتحدة"          the words next to each other, in this order
    غزة OR السودان           either (Arabic أو works too; و is AND)
    غزة NOT مصر              the first without the second
    (غزة OR رفح) الأونروا    parentheses group

Operators are uppercase Latin words so that ordinary lowercase English words stay
searchable. Every word becomes its search term (folded, clitics peeled, stemmed;
a word the corpus never saw that starts with و ف ب ك ل, any of its readings without
them) and is quoted for FTS5, so user text can never inject FTS5 syntax. NOT excludes
from the AND-group it stands in: `a b NOT c` is (a AND b) NOT c.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.arabic import words
from marsad.errors import QueryError
from marsad.search.terms import index_terms, word_readings

__all__ = ["And", "Not", "Or", "Query", "Term", "parse"]

_OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "و": "AND", "أو": "OR"}
_SPECIAL = '"()'
MAX_QUERY_CHARS = 1000
MAX_NESTING = 20  # parentheses inside parentheses; deeper gets a clear error, not a RecursionError


@dataclass(frozen=True, slots=True)
class Term:
    """A word (one term) or a phrase (several terms that must stand in this order)."""

    terms: tuple[str, ...]

    def fts(self) -> str:
        return '"' + " ".join(self.terms).replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class And:
    """Every part must match."""

    parts: tuple[Node, ...]

    def fts(self) -> str:
        return " AND ".join(_grouped(p) for p in self.parts)


@dataclass(frozen=True, slots=True)
class Or:
    """Any part may match."""

    parts: tuple[Node, ...]

    def fts(self) -> str:
        return " OR ".join(_grouped(p) for p in self.parts)


@dataclass(frozen=True, slots=True)
class Not:
    """`keep` matches and `exclude` does not."""

    keep: Node
    exclude: Node

    def fts(self) -> str:
        return f"{_grouped(self.keep)} NOT {_grouped(self.exclude)}"


Node = Term | And | Or | Not


def _grouped(node: Node) -> str:
    return node.fts() if isinstance(node, Term) else f"({node.fts()})"


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the FTS5 expression and the terms a snippet should mark."""

    text: str
    node: Node

    @property
    def fts(self) -> str:
        """The FTS5 MATCH expression (every term quoted)."""
        return self.node.fts()

    @property
    def terms(self) -> frozenset[str]:
        """Terms that count as matches: every word not under a NOT."""
        return frozenset(_positive_terms(self.node))


def _positive_terms(node: Node) -> list[str]:
    if isinstance(node, Term):
        return list(node.terms)
    if isinstance(node, Not):
        return _positive_terms(node.keep)
    return [t for part in node.parts for t in _positive_terms(part)]


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # WORD, PHRASE, AND, OR, NOT, (, ), END
    text: str
    at: int  # character position in the query, for messages


def parse(text: str) -> Query:
    """Parse a user query; raise QueryError saying what is wrong and where."""
    if not text or not text.strip():
        raise QueryError("empty query: type one or more words to search for")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long: {len(text)} characters (at most {MAX_QUERY_CHARS})")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise QueryError(f"the query is not valid Unicode (character {error.start + 1})") from None
    tokens = _lex(text)
    if not any(t.kind in ("WORD", "PHRASE") for t in tokens):
        raise QueryError(f"query has no words to search for: {text!r}")
    parser = _Parser(tokens)
    node = parser.expression()
    parser.expect_end()
    return Query(text, node)


def _lex(text: str) -> list[_Token]:
    """Split into words, phrases, operators and parentheses; drop punctuation-only words."""
    found: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char == '"':
            close = text.find('"', i + 1)
            if close < 0:
                raise QueryError(f'unbalanced quote: the " at character {i + 1} is never closed')
            found.append(_Token("PHRASE", text[i + 1 : close], i))
            i = close + 1
        elif char in "()":
            found.append(_Token(char, char, i))
            i += 1
        else:
            start = i
            while i < len(text) and not text[i].isspace() and text[i] not in _SPECIAL:
                i += 1
            word = text[start:i]
            if word in _OPERATORS:
                found.append(_Token(_OPERATORS[word], word, start))
            elif index_terms(word):
                found.append(_Token("WORD", word, start))
    found.append(_Token("END", "", len(text)))
    return found


def _word(text: str) -> Node:
    """A query word: its term, or any of its readings when it may carry clitics the index kept
    (`word_readings`: ومسنون finds مسنون)."""
    found = words(text)
    readings = word_readings(found[0]) if len(found) == 1 else []
    if len(readings) > 1:
        return Or(tuple(Term((term,)) for term in readings))
    return Term(tuple(index_terms(text)))


class _Parser:
    """Recursive descent: expression = group (OR group)*; group = operand ((AND)? operand | NOT operand)*."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expression(self) -> Node:
        parts = [self.group()]
        while self.peek().kind == "OR":
            self.take()
            parts.append(self.group(after="OR"))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def group(self, after: str = "") -> Node:
        if self.peek().kind == "NOT":
            raise QueryError(
                f"NOT at character {self.peek().at + 1} has nothing before it to exclude from "
                "(write e.g. غزة NOT مصر)"
            )
        keep, exclude = [self.operand(after)], []
        while self.peek().kind in ("WORD", "PHRASE", "(", "AND", "NOT"):
            kind = self.peek().kind
            if kind in ("AND", "NOT"):
                self.take()
            if kind == "AND" and self.peek().kind == "NOT":
                kind = self.take().kind  # "a AND NOT b" reads as "a NOT b"
            (exclude if kind == "NOT" else keep).append(self.operand(after=kind))
        node: Node = keep[0] if len(keep) == 1 else And(tuple(keep))
        if exclude:
            node = Not(node, exclude[0] if len(exclude) == 1 else Or(tuple(exclude)))
        return node

    def operand(self, after: str = "") -> Node:
        token = self.take()
        if token.kind == "WORD":
            return _word(token.text)
        if token.kind == "PHRASE":
            return self.phrase(token)
        if token.kind == "(":
            return self.parenthesised(token)
        if after or token.kind in ("AND", "OR", "NOT"):
            operator = after or token.kind
            where = "but the query ends there" if token.kind == "END" else f"at character {token.at + 1}"
            raise QueryError(f"{operator} needs a word after it, {where}")
        if token.kind == ")":
            raise QueryError(f"unbalanced parenthesis: the ) at character {token.at + 1} has no (")
        raise QueryError("query ends where a word was expected")

    def phrase(self, token: _Token) -> Term:
        terms = index_terms(token.text)
        if not terms:
            raise QueryError(f"empty phrase at character {token.at + 1}: put words between the quotes")
        return Term(tuple(terms))

    def parenthesised(self, opening: _Token) -> Node:
        if self.peek().kind == ")":
            raise QueryError(f"empty parentheses at character {opening.at + 1}")
        if self.depth >= MAX_NESTING:
            raise QueryError(f"parentheses nested too deeply at character {opening.at + 1} "
                             f"(at most {MAX_NESTING} levels)")
        self.depth += 1
        node = self.expression()
        self.depth -= 1
        if self.take().kind != ")":
            raise QueryError(f"unbalanced parenthesis: the ( at character {opening.at + 1} is never closed")
        return node

    def expect_end(self) -> None:
        token = self.peek()
        if token.kind == ")":
            raise QueryError(f"unbalanced parenthesis: the ) at character {token.at + 1} has no (")
        if token.kind != "END":
            raise QueryError(f"unexpected {token.text!r} at character {token.at + 1}")
