"""The entities stage: declaration, pickling, Article fields, with and without the NER model."""

from __future__ import annotations

import pickle

import pytest

from marsad.article import Article
from marsad.errors import PipelineError
from marsad.ner.tagger import NerTagger
from marsad.pipeline import Pipeline
from marsad.stages.entities import EntityLinker, link_entities


def test_entities_stage_declares_needs_and_gives() -> None:
    assert link_entities.name == "entities"
    assert link_entities.needs == {"text"}
    assert link_entities.gives == {"entities", "flags"}
    with pytest.raises(PipelineError):
        Pipeline([link_entities])  # nothing gives text yet


def test_entities_stage_pickles_without_its_models() -> None:
    stage = EntityLinker(ner=False)
    stage(Article(text="زار الرئيس القاهرة."))
    copy = pickle.loads(pickle.dumps(stage))
    assert copy._linker is None and copy.ner is False
    assert pickle.loads(pickle.dumps(link_entities)).name == "entities"


def test_entities_stage_fills_entities_and_variants(seed_text: str) -> None:
    article = EntityLinker(ner=False)(Article(text=seed_text, flags={"machine_translated": 0.9}))
    ids = [e.id for e in article.entities]
    assert len(ids) == len(set(ids))  # one Entity per distinct entity
    oic = next(e for e in article.entities if e.id == "ORG:oic")
    assert oic.type == "ORG"
    assert oic.name == {"ar": "منظمة التعاون الإسلامي", "en": "Organisation of Islamic Cooperation"}
    assert article.flags["name_variants"] == [["خالد خلي", "خياري", "خيري"]]
    assert article.flags["machine_translated"] == 0.9  # other flags kept
    for entity in article.entities:
        for mention in entity.mentions:
            assert article.text[mention.start : mention.end] == mention.text


def test_entities_stage_no_variants_no_flag() -> None:
    article = EntityLinker(ner=False)(Article(text="وصل الرئيس إلى القاهرة.", flags={"name_variants": [["x"]]}))
    assert [e.id for e in article.entities] == ["LOC:EG:cairo"]
    assert "name_variants" not in article.flags


def test_entities_stage_json_shape() -> None:
    article = EntityLinker(ner=False)(Article(text="قالت الأمم المتحدة إن غزة تحتاج المساعدة."))
    data = article.to_dict()["entities"]
    assert data[0] == {
        "id": "ORG:un",
        "type": "ORG",
        "name": {"ar": "الأمم المتحدة", "en": "United Nations"},
        "mentions": [{"text": "الأمم المتحدة", "start": 5, "end": 18}],
    }


def test_entities_stage_empty_text() -> None:
    article = EntityLinker(ner=False)(Article(text=""))
    assert article.entities == []


def test_entities_stage_with_ner(seed_text: str) -> None:
    if not NerTagger().model_path.is_file():
        pytest.skip("NER model not trained yet (training/train_ner.py): KB-only linking is tested above")
    stage = EntityLinker()
    assert stage.uses_ner
    article = stage(Article(text=seed_text))
    by_id = {e.id: e for e in article.entities}
    assert {"خالد خلي", "خيري"} <= {m.text for m in by_id["PER:khaled-khiari"].mentions}
    assert article.flags["name_variants"]
