"""The canonical input end to end: the seed finds its English original, in either ingest order.

The English original is ours (samples/news/english); the Arabic partial repost is cut
from the seed here; the distractors share the seed's people, organisations and days
but report other events.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.service import Archive

DISTRACTORS = [
    {"title": "مجلس الأمن يمدد ولاية البعثة الأممية في هايتي عاما إضافيا",
     "source": "news.example", "published": "2025-07-24",
     "text": "مدد مجلس الأمن الدولي يوم الخميس ولاية مكتب الأمم المتحدة المتكامل في هايتي عاما إضافيا، "
             "في قرار اعتمد بإجماع أعضائه الخمسة عشر.\n\nوقال الأمين العام للأمم المتحدة أنطونيو غوتيريش إن "
             "العصابات المسلحة تسيطر على نحو 90 في المئة من العاصمة بورت أو برنس، داعيا إلى تمويل بعثة الدعم "
             "الأمني المتعددة الجنسيات.\n\nوأشار التقرير إلى نزوح أكثر من 1300000 شخص داخل البلاد."},
    {"title": "منظمة التعاون الإسلامي تعقد اجتماعا طارئا في جدة بشأن غزة",
     "source": "wire.example", "published": "2025-07-24",
     "text": "عقدت منظمة التعاون الإسلامي يوم الخميس في مقرها بجدة اجتماعا استثنائيا على مستوى المندوبين "
             "الدائمين لبحث الأوضاع الإنسانية في غزة.\n\nوطالب البيان الختامي بفتح المعابر وإدخال 600 شاحنة "
             "مساعدات يوميا، ودعا الأمم المتحدة إلى تحمل مسؤولياتها.\n\nوشارك في الاجتماع ممثلو 42 دولة."},
    {"title": "Khiari warns Security Council of renewed violence in southern Syria",
     "source": "world.example", "published": "2025-07-22", "lang": "en",
     "text": "Khaled Khiari, the UN Assistant Secretary-General for the Middle East, told the Security Council "
             "on Tuesday that clashes in Sweida had killed more than 1,100 people in a week.\n\n"
             "He urged all parties to respect the ceasefire brokered on 19 July and to let humanitarian "
             "convoys reach the 145,000 people displaced by the fighting."},
]


def _partial_repost(seed: str) -> dict:
    """An autoblog's copy of the seed: other residue, the first seven paragraphs, its own headline."""
    lines = [line for line in seed.splitlines() if line.strip() and not line.startswith("[ad_")]
    body = "\n\n".join(["شارك المقال على فيسبوك", *lines[:7], "اقرأ المزيد من الأخبار"])
    return {"title": "الأمم المتحدة ومنظمة التعاون الإسلامي: شراكة لحل الأزمات", "source": "autoblog.example",
            "published": "2025-07-26", "text": body}


@pytest.fixture
def inputs(tmp_path: Path, seed_text: str, samples: Path) -> dict[str, str]:
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    feed = tmp_path / "more.jsonl"
    rows = [_partial_repost(seed_text), *DISTRACTORS]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return {"english": str(samples / "english" / "un-security-council-briefing.html"),
            "seed": str(seed), "more": str(feed)}


@pytest.mark.parametrize("order", [("english", "seed", "more"), ("more", "seed", "english")])
def test_seed_story_finds_its_english_original_in_either_order(tmp_path, inputs, order):
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([inputs[name] for name in order])
        assert report.new == 6 and not report.failed
        articles = [archive.article(i) for i in archive.store.ids()]
        english = next(a for a in articles if a.lang == "en" and "OIC" in a.text)
        seed = next(a for a in articles if "خالد خلي" in a.text and a.source != "autoblog.example")
        repost = next(a for a in articles if a.source == "autoblog.example")
        others = [a for a in articles if a.id not in (english.id, seed.id, repost.id)]

        assert seed.story == english.story == repost.story
        assert all(a.story != english.story for a in others)
        assert english.provenance.relation == "origin" and english.provenance.origin == english.id
        assert seed.provenance.origin == english.id and seed.provenance.relation == "translation"
        assert seed.provenance.copy_of is None and 0 < seed.provenance.score <= 1
        assert repost.provenance.relation == "copy" and repost.provenance.copy_of == seed.id
        assert seed.published is None and seed.published_estimate == "2025-07-24"
        thursday = next(d for d in seed.dates if d.text == "يوم الخميس")
        assert (thursday.value, thursday.anchor) == ("2025-07-24", "estimate")
        story = archive.story(seed.id)
        assert story.origin == english.id and story.languages == ["ar", "en"]
