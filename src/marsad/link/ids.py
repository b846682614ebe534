"""Ids of entities the knowledge base lacks, the same in every article and run.

An organisation or place the knowledge base lacks is keyed by its name in match form
(`ORG:~حزب-ديمقراطي`). A person is keyed by how his name sounds: a new UN spokesman
reaches Arabic as ستيفان دوجاريك in one copy and ستيفان دوغريك in another (or in
the same one, once a machine translator is involved), and every spelling must give
him one id whichever the article writes first. Each word of a person's name is
keyed by `phonetic.phonetic_word`: its consonant skeleton when it is a rare
(transliterated) word, its letters when news writes it often, because an
established spelling is a name of its own (محمد and محمود are two names).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from marsad.arabic import fold, words
from marsad.link.phonetic import phonetic_key

__all__ = ["new_id", "person_id"]


def new_id(kind: str, name: str) -> str:
    """The id of an entity the knowledge base lacks, from one of its names.

    People: `PER:~` and the name's phonetic key (`PER:~ستفن-دجرك` for both دوجاريك
    and دوغريك); others: their name in match form, articles dropped (التيفور and
    تيفور are one name). The `~` keeps these apart from knowledge-base ids, which are
    ASCII slugs and codes.
    """
    if kind == "PER":
        key = phonetic_key(name)
        if key:
            return "PER:~" + key.replace(" ", "-")
    bare = (w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words(fold(name)))
    return f"{kind}:~" + "-".join(bare)


def person_id(names: Iterable[str]) -> str:
    """The id of a person the knowledge base lacks, from every name an article gives him.

    The fullest names (most words) decide; among their keys the most frequent wins,
    then the first in sort order, so the id never depends on which spelling came first.
    """
    names = list(names)
    most = max(len(words(n)) for n in names)
    keys = Counter(new_id("PER", n) for n in names if len(words(n)) == most)
    return min(keys, key=lambda k: (-keys[k], k))
