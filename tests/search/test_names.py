"""Name queries: articles that mention the person a query names come before articles whose
words only share the name's stem (خياري the UN official, خياران "two options")."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from marsad.search.names import kb_entity_ids, query_names
from marsad.search.rank import query_forms, rerank
from marsad.service import process
from marsad.store import SqliteStore

SHARED = Path(__file__).resolve().parents[2].parent / "shared"  # as tests/conftest.py finds it
_CHOICES = ("خياران", "خيارين", "الخيارات", "خيارات", "الخيار", "خيار")


def _choice_articles(shared: Path, n: int) -> list[str]:
    """Real news texts whose headline holds a word of the stem خيار (choice, option)."""
    found = []
    for path in sorted((shared / "data" / "news" / "saudinewsnet_full").glob("*.jsonl.gz"))[:6]:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for row in map(json.loads, handle):
                title, text = row.get("title") or "", row.get("text") or ""
                if text and any(w in title.split() for w in _CHOICES):
                    found.append(f"{title}\n\n{text}")
                    if len(found) == n:
                        return found
    return found


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> SqliteStore:
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder {SHARED} is absent")
    shared = SHARED
    texts = _choice_articles(shared, 6)
    if len(texts) < 6:
        pytest.skip("saudinewsnet_full has too few headlines with خيار")
    store = SqliteStore(tmp_path_factory.mktemp("names") / "archive.db")
    seed = (shared / "seeds" / "000_022d3e44706ecb06.txt").read_text(encoding="utf-8")
    with store.batch():
        for text in [*texts, seed]:
            store.add(process(text))
    yield store
    store.close()


def _khiari_articles(store: SqliteStore) -> set[str]:
    rows = store.read("SELECT a.id FROM mentions m JOIN articles a ON a.pk = m.article_pk"
                      " WHERE m.entity_id = 'PER:khaled-khiari'")
    return {article_id for (article_id,) in rows}


def test_a_surname_query_puts_the_person_above_words_of_the_same_stem(archive):
    khiari = _khiari_articles(archive)
    assert len(khiari) == 1  # the pipeline linked the seed article's خياري to the KB entry
    plain = archive.read("SELECT a.id FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid"
                         " WHERE articles_fts MATCH 'خيار' ORDER BY bm25(articles_fts, 5.0, 1.0)")
    assert len(plain) >= 5 and plain[0][0] not in khiari  # BM25 on stems puts a choice first
    hits = archive.search("خياري")
    assert len(hits) == len(plain)
    assert hits[0].id in khiari


def test_the_full_name_and_a_name_with_another_word_find_the_person_first(archive):
    khiari = _khiari_articles(archive)
    assert archive.search("خالد خياري")[0].id in khiari
    assert archive.search("السيد خياري")[0].id in khiari


def test_names_in_a_query_longest_first_and_operators_split_them():
    seen = {"الامم المتحده": {"ORG:un"}, "المتحده": {"X"}, "غزه": {"LOC:gaza"}}
    asked: list[list[str]] = []

    def ids_of(keys):
        asked.append(keys)
        return {k: v for k, v in seen.items() if k in keys}

    assert query_names("الأمم المتحدة غزة", ids_of) == [frozenset({"ORG:un"}), frozenset({"LOC:gaza"})]
    assert "الامم المتحده غزه" in asked[0]
    assert query_names("المتحدة OR غزة", ids_of) == [frozenset({"X"}), frozenset({"LOC:gaza"})]
    assert query_names("مصر", ids_of) == []


def test_knowledge_base_names_and_common_words():
    assert kb_entity_ids(["خياري", "خيارات", "خياران"]) == {"خياري": {"PER:khaled-khiari"}}


def test_rerank_puts_rows_naming_more_of_the_query_first():
    rows = [("خياران أهلاويان", 9.0, 0), ("خبر", 2.0, 1), ("خبر آخر", 1.0, 2)]
    ranked = rerank(rows, query_forms("خياري"), title=lambda r: r[0], score=lambda r: r[1], named=lambda r: r[2])
    assert [row[0] for _, row in ranked] == ["خبر آخر", "خبر", "خياران أهلاويان"]
