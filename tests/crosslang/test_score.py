"""Cross-language origin matching on a pair we wrote, on the seed, and on real translations."""

import json

import pytest

import marsad
from marsad.crosslang import rank_originals, translation_score

# An English report and our own Arabic translation of it; a second English report
# names the same organisations and places but tells another story.
ENGLISH = """WHO warns of cholera surge in Yemen

The World Health Organization warned on Monday that cholera cases in Yemen have risen to more than 12,000 since March, with the port city of Aden the worst hit.

Tedros Adhanom Ghebreyesus said the agency had sent 40 tonnes of medical supplies and that 350 health workers were being trained to treat patients.

"Clean water is the first medicine," he told reporters in Geneva, adding that UNICEF would install 200 water tanks in the coming weeks."""

ARABIC = """منظمة الصحة العالمية تحذر من تفشي الكوليرا في اليمن

حذرت منظمة الصحة العالمية يوم الإثنين من أن حالات الكوليرا في اليمن ارتفعت إلى أكثر من 12,000 حالة منذ مارس، وكانت مدينة عدن الساحلية الأكثر تضررا.

وقال تيدروس أدهانوم غيبريسوس إن المنظمة أرسلت 40 طنا من الإمدادات الطبية وإن 350 عاملا صحيا يتلقون التدريب لعلاج المرضى.

وقال للصحفيين في جنيف: "المياه النظيفة هي الدواء الأول"، مضيفا أن اليونيسف ستقيم 200 خزان مياه خلال الأسابيع المقبلة."""

SAME_ENTITIES_OTHER_STORY = """WHO and UNICEF open a children's hospital in Aden

The World Health Organization and UNICEF on Monday opened a new children's hospital in Aden, Yemen, with 90 beds and two operating theatres.

Tedros Adhanom Ghebreyesus, speaking from Geneva, thanked donors and said the hospital would serve 600,000 people in the south of the country.

The building was repaired after damage in 2015 and will be run by the local health office."""


@pytest.fixture(scope="module")
def written():
    return {name: marsad.process(text) for name, text in
            (("en", ENGLISH), ("ar", ARABIC), ("other", SAME_ENTITIES_OTHER_STORY))}


def test_score_prefers_the_original_over_a_story_with_the_same_entities(written):
    assert written["ar"].lang == "ar" and written["en"].lang == written["other"].lang == "en"
    assert {"ORG:who", "LOC:YE", "LOC:YE:aden"} <= {e.id for e in written["other"].entities}
    true = translation_score(written["ar"], written["en"])
    false = translation_score(written["ar"], written["other"])
    assert 0.0 <= false < true <= 1.0
    assert true - false > 0.15


def test_rank_originals_puts_the_original_first_and_scores_every_candidate(written):
    ranked = rank_originals(written["ar"], [written["other"], written["en"]])
    assert [i for i, _ in ranked] == [written["en"].id, written["other"].id]
    assert ranked[0][1] == pytest.approx(translation_score(written["ar"], written["en"]))


def test_an_article_with_no_anchors_scores_low_and_never_fails(written, make_article):
    empty = marsad.process("Nothing to see.")
    assert translation_score(written["ar"], empty) < 0.3
    assert rank_originals(written["ar"], []) == []


def test_the_seed_finds_our_english_original(seed_text, samples, written):
    seed = marsad.process(seed_text)
    original = marsad.process(samples / "english" / "un-security-council-briefing.html")
    ranked = rank_originals(seed, [written["en"], written["other"], original])
    assert ranked[0][0] == original.id
    assert ranked[0][1] > ranked[1][1] + 0.15


def test_real_human_translations_find_their_originals(shared):
    path = shared / "data" / "parallel" / "pairs.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:60:5]]
    english = [marsad.process(row["en"]["text"]) for row in rows]
    hits = 0
    for row, original in zip(rows, english):
        ranked = rank_originals(marsad.process(row["ar"]["text"]), english)
        hits += ranked[0][0] == original.id
    assert hits >= 0.9 * len(rows)
