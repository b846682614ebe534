"""The shipped knowledge base: loads, is well formed, and resolves the names news uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.kb import KnowledgeBase, alias_key, load_kb
from marsad.kb.loader import TYPES, _data_dir, read_entries


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def ids(kb: KnowledgeBase, name: str) -> list[str]:
    return [e.id for e in kb.lookup(name)]


def test_loader_loads_every_data_file(kb: KnowledgeBase) -> None:
    kinds = {e.attrs.get("kind") for e in kb}
    assert len(kb.by_type("LOC")) > 5000
    assert len(kb.by_type("ORG")) > 80
    assert len(kb.by_type("PER")) > 80
    assert {"country", "city", "region"} <= kinds


def test_loader_every_entry_has_the_required_fields(kb: KnowledgeBase) -> None:
    for entry in kb:
        assert entry.id and entry.type in TYPES, entry
        assert entry.names["ar"] and entry.names["en"], entry
        assert all(isinstance(a, str) and a for a in entry.aliases), entry


def test_loader_ids_are_unique_across_files() -> None:
    data = _data_dir()
    seen: set[str] = set()
    for path in sorted(data.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            entry_id = json.loads(line)["id"]
            assert entry_id not in seen, entry_id
            seen.add(entry_id)


def test_loader_id_scheme(kb: KnowledgeBase) -> None:
    for entry in kb:
        kind, _, rest = entry.id.partition(":")
        assert kind == entry.type, entry.id
        if entry.attrs.get("kind") == "country":
            assert rest == entry.attrs["iso2"] and rest.isupper() and len(rest) == 2
        else:
            assert rest and " " not in rest, entry.id


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("منظمة المؤتمر الإسلامي", "منظمة التعاون الإسلامي"),
        ("سينغال", "السنغال"),
        ("جامعة الدول العربية", "رابطة الدول العربية"),
        ("الاتحاد الأفريقي", "الاتحاد الإفريقي"),
        ("إيغاد", "الإيقاد"),
        ("حلف شمال الأطلسي", "الناتو"),
        ("OIC", "منظمة التعاون الإسلامي"),
        ("أنطونيو غوتيريش", "António Guterres"),
    ],
)
def test_lookup_variants_resolve_to_one_id(kb: KnowledgeBase, first: str, second: str) -> None:
    assert ids(kb, first) and ids(kb, first)[0] == ids(kb, second)[0]


def test_lookup_keeps_distinct_entities_apart(kb: KnowledgeBase) -> None:
    assert ids(kb, "السودان")[0] == "LOC:SD"
    assert ids(kb, "جنوب السودان")[0] == "LOC:SS"
    assert ids(kb, "الاتحاد الأفريقي")[0] != ids(kb, "منظمة الوحدة الأفريقية")[0]


def test_lookup_folds_spelling_and_peels_clitics(kb: KnowledgeBase) -> None:
    assert ids(kb, "اوروبا") == ids(kb, "أوروبا") == ["LOC:europe"]
    assert ids(kb, "لمنظمة التعاون الإسلامي") == ["ORG:oic"]
    assert ids(kb, "بالسنغال") == ["LOC:SN"]
    assert ids(kb, "no such entity") == []


def test_lookup_shared_name_puts_the_country_first(kb: KnowledgeBase) -> None:
    assert ids(kb, "الكويت")[0] == "LOC:KW"
    assert ids(kb, "طرابلس")[0] == "LOC:LY:tripoli"  # the capital before Lebanon's Tripoli


def test_lookup_seed_people_and_places(kb: KnowledgeBase) -> None:
    assert ids(kb, "خياري") == ["PER:khaled-khiari"]
    assert ids(kb, "رامتان لامامرا") == ["PER:ramtane-lamamra"]
    assert ids(kb, "جدة")[0] == "LOC:SA:jeddah"
    assert ids(kb, "داكار") == ["LOC:SN:dakar"]
    assert kb.get("LOC:SN:dakar").attrs["capital_of"] == "SN"


def test_places_reject_wrong_city_labels(kb: KnowledgeBase) -> None:
    assert kb.get("LOC:IQ:mosul").names["ar"] == "الموصل"  # the source labels it with a drug name
    assert all(e.attrs.get("kind") == "country" for e in kb.lookup("فلسطين"))
    assert kb.lookup("كان") == []  # a city called "was" would match every other sentence


def test_alias_key_is_the_folded_words() -> None:
    assert alias_key("  الأمم   المتحدة، ") == alias_key("الامم المتحده")


def test_read_entries_rejects_missing_fields(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ORG:x", "type": "ORG", "names": {"ar": "س"}}\n', encoding="utf-8")
    with pytest.raises(MarsadError, match="names ar, en"):
        list(read_entries(path))


def test_knowledge_base_rejects_duplicate_ids(tmp_path: Path) -> None:
    line = '{"id": "ORG:x", "type": "ORG", "names": {"ar": "س", "en": "X"}, "aliases": []}\n'
    (tmp_path / "a.jsonl").write_text(line * 2, encoding="utf-8")
    with pytest.raises(MarsadError, match="duplicate id"):
        load_kb(str(tmp_path))
