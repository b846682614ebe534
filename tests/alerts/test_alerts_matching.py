"""The batch matcher agrees with the archive's own search, without running it."""

from __future__ import annotations

import pytest

from marsad.alerts.matching import Batch, BatchIndex, compile_query
from marsad.service import Archive

QUERIES = [
    "السودان", "غوتيريش", "الأمم المتحدة", '"الأمم المتحدة"', "السودان OR مهرجان", "السودان NOT غوتيريش",
    "(السودان OR السعودية) المساعدات", '"الطاقة الشمسية" OR الأمطار', "المساعدات و السودان", "الأمطار الغزيرة",
    '"هدنة إنسانية"', '"الأمين العام للأمم"', '"في السودان"', '"ملف السودان والسعودية"', "متابعة NOT (رقم OR السعودية)", "مهرجان OR الكتاب OR معرض", "covid-19", '"غزيرة غير"',
]


@pytest.fixture(scope="module")
def everything(web_db):
    """Every article of the web test archive, as one batch, beside the archive to compare with."""
    archive = Archive(web_db, readonly=True)
    rows = archive.store.read("SELECT pk, title, text FROM articles ORDER BY pk")
    named = {}
    for pk, entity_id in archive.store.read("SELECT article_pk, entity_id FROM mentions"):
        named.setdefault(pk, set()).add(entity_id)
    batch = Batch([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [named.get(r[0], set()) for r in rows])
    ids = dict(archive.store.read("SELECT pk, id FROM articles"))
    yield archive, BatchIndex(batch), ids
    archive.close()


@pytest.mark.parametrize("query", QUERIES)
def test_matching_finds_what_search_finds(everything, query):
    archive, index, ids = everything
    expected = {hit.id for hit in archive.search(query, limit=10_000, all_copies=True)}
    assert {ids[pk] for pk in index.match_query(compile_query(query))} == expected


def test_matching_queries_cover_both_cases(everything):
    archive, index, _ = everything
    sizes = [len(index.match_query(compile_query(q))) for q in QUERIES]
    assert any(sizes) and not all(sizes)  # some queries match, some do not: the comparison says something


def test_matching_entities_by_id(everything):
    archive, index, ids = everything
    expected = {hit.id for hit in archive.search(None, limit=10_000, entity="LOC:SD", all_copies=True)}
    assert {ids[pk] for pk in index.match_entities(["LOC:SD"])} == expected and expected


def test_matching_phrase_never_runs_from_title_into_body():
    index = BatchIndex(Batch([7], ["خبر عن الأمم"], ["المتحدة تجتمع اليوم"], [set()]))
    assert index.match_query(compile_query('"الأمم المتحدة"')) == []
    assert index.match_query(compile_query("الأمم المتحدة")) == [7]
