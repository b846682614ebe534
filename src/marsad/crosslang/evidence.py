"""What a translation of an article keeps, read once per article.

Words are kept per paragraph in the language's match form (`lexicon.arabic_key`,
`lexicon.english_key`); an Arabic article also carries each word's English senses
from the shipped lexicon, so pairing it with many English candidates looks up each
word once. Anchors: knowledge-base entity ids in order of first mention, numbers,
dates that name their day, month or year in full, and quoted speakers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.arabic import words
from marsad.article import Article, Entity
from marsad.crosslang.lexicon import arabic_key, arabic_keys, english_key, translations
from marsad.crosslang.stopwords import ENGLISH_STOPWORDS
from marsad.numbers import number_values

__all__ = ["Evidence", "evidence"]

Senses = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    """An article's words and anchors, ready to compare with another's."""

    id: str
    lang: str
    paragraphs: tuple[tuple[str, ...], ...]  # content words per paragraph, match form
    english: tuple[tuple[Senses, ...], ...]  # Arabic only: each known word's English senses
    entity_ids: tuple[str, ...]
    numbers: tuple[float, ...]
    dates: tuple[str, ...]
    speakers: tuple[str, ...]
    word_count: int
    where: dict[str, frozenset[int]] = field(default_factory=dict)  # word -> its paragraphs

    @property
    def keys(self) -> set[str]:
        """Every content word of the article, match form."""
        return set(self.where)


def _is_kb_id(entity_id: str) -> bool:
    # Entities the knowledge base lacks get ids made from the name as written
    # (marsad.link.resolve.new_id), which differ between scripts; KB ids do not.
    kind, _, rest = entity_id.partition(":")
    return bool(rest) and kind in ("PER", "ORG", "LOC") and not rest.startswith(("new-", "x-", "~"))


def _english_words(text: str) -> tuple[str, ...]:
    out = []
    for word in words(text):
        low = word.lower()
        if len(low) > 2 and low.isalpha() and low not in ENGLISH_STOPWORDS:
            out.append(english_key(low))
    return tuple(out)


_ENGLISH_STOP_KEYS = frozenset(english_key(w) for w in ENGLISH_STOPWORDS)


def _arabic_words(text: str) -> tuple[tuple[str, ...], tuple[Senses, ...]]:
    keys, senses = [], []
    for word in words(text):
        if not word.isascii():
            key, *bare = arabic_keys(word)
            options = translations(key, bare[0] if bare else "")
            found = tuple(s for s in options if s not in _ENGLISH_STOP_KEYS)
        else:  # Latin words in Arabic text (acronyms, names) are their own English
            key = english_key(word)
            found = (key,) if len(word) > 1 and key not in _ENGLISH_STOP_KEYS else ()
        if len(key) > 1:
            keys.append(key)
        if found:
            senses.append(found)
    return tuple(keys), tuple(senses)


def _first_mention(entity: Entity) -> int:
    return min((m.start for m in entity.mentions), default=0)


def evidence(article: Article) -> Evidence:
    """Read an article's words and anchors (its entities, quotes and dates as the stages found them)."""
    lang = article.lang or "ar"
    texts = article.paragraphs or [p for p in article.text.split("\n\n") if p.strip()]
    paragraphs, english = [], []
    for text in texts:
        if lang == "ar":
            keys, senses = _arabic_words(text)
            english.append(senses)
        else:
            keys = _english_words(text) if lang == "en" else tuple(arabic_key(w) for w in words(text))
        paragraphs.append(keys)
    where: dict[str, set[int]] = {}
    for index, keys in enumerate(paragraphs):
        for key in keys:
            where.setdefault(key, set()).add(index)
    ordered = sorted(article.entities, key=_first_mention)
    return Evidence(
        id=article.id,
        lang=lang,
        paragraphs=tuple(paragraphs),
        english=tuple(english),
        entity_ids=tuple(dict.fromkeys(e.id for e in ordered if _is_kb_id(e.id))),
        numbers=tuple(v for v in number_values(article.text) if v >= 2),
        dates=tuple(d.value for d in article.dates if d.value and any(c.isdigit() for c in d.text)),
        speakers=tuple(q.speaker for q in article.quotes if q.speaker),
        word_count=len(words(article.text)),
        where={k: frozenset(v) for k, v in where.items()},
    )
