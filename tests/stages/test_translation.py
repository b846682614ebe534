"""The machine-translation signal: high on the seed, low on native copy, evidence kept."""

from __future__ import annotations

import pickle

import pytest

from marsad.article import Article
from marsad.errors import PipelineError
from marsad.pipeline import Pipeline
from marsad.run.pipelines import default_pipeline
from marsad.stages.translation import WEIGHTS, mt_evidence, mt_score, translation_signal

# Written by us: native Arabic wire copy (verb-first, و-chained, «» quotes, no calques).
NATIVE_WIRE = """الرياض - أعلنت وزارة الطاقة السعودية، اليوم الثلاثاء، تشغيل أكبر محطة للطاقة الشمسية في المملكة بمنطقة الجوف، بطاقة إنتاجية تبلغ 1500 ميغاواط، تكفي لتزويد نحو 200 ألف منزل بالكهرباء.
وقال وزير الطاقة في كلمة خلال حفل التدشين إن المشروع يمثل خطوة مهمة نحو رفع حصة المصادر المتجددة في مزيج الطاقة الوطني، مؤكدا أن المملكة ماضية في تنويع مصادرها.
وأضاف أن «المحطة أنشئت بأيد وطنية، وستوفر مئات الوظائف للشباب في المنطقة»، مشيرا إلى أن العمل جار على ثلاث محطات أخرى في تبوك والمدينة المنورة.
وكانت الوزارة قد طرحت المشروع للمنافسة مطلع العام الماضي، وفاز به تحالف من شركات محلية وأجنبية."""

# Written by us: the same house style as the Saudi Press Agency, which spaces every comma.
AGENCY_SPACED = """جدة ، 12 مارس - استقبل أمير منطقة مكة المكرمة في مكتبه اليوم ، سفير جمهورية إندونيسيا لدى المملكة ، وجرى خلال الاستقبال بحث الموضوعات ذات الاهتمام المشترك .
وحضر الاستقبال وكيل الإمارة ، وعدد من المسؤولين ، حيث نقل السفير تحيات حكومة بلاده ، وشكره على ما تقدمه المملكة من خدمات لحجاج إندونيسيا .
// انتهى //"""


def run_pipeline(raw: str) -> Article:
    article = Pipeline([*default_pipeline().stages, translation_signal])(Article(url="t.txt", raw_text=raw))
    assert article.error is None
    return article


def test_translation_seed_is_machine_translated(seed_text):
    article = run_pipeline(seed_text)
    assert article.flags["machine_translated"] >= 0.7
    evidence = article.flags["mt_evidence"]
    assert evidence["space_before_punct"] > 0.8  # read before compose repaired it
    assert evidence["name_variants"] >= 1  # خياري / خيري
    assert evidence["calques"] > 1


def test_translation_seed_text_alone_still_flags(seed_text):
    """Where raw_text is gone, the words alone still carry the evidence."""
    article = run_pipeline(seed_text)
    alone = translation_signal(Article(text=article.text, paragraphs=article.paragraphs))
    assert "،" in article.text and " ،" not in article.text
    assert alone.flags["machine_translated"] >= 0.7


def test_translation_native_wire_is_not():
    article = run_pipeline(NATIVE_WIRE)
    assert article.flags["machine_translated"] <= 0.3


def test_translation_agency_spacing_alone_is_not_enough():
    article = run_pipeline(AGENCY_SPACED)
    assert article.flags["mt_evidence"]["space_before_punct"] > 0.5
    assert article.flags["machine_translated"] < 0.5


def test_translation_spacing_is_read_from_raw_text():
    raw = "قال المسؤول ، في بيان ، إن الوضع مستقر ، وإن العمل مستمر ."
    text = "قال المسؤول، في بيان، إن الوضع مستقر، وإن العمل مستمر."
    assert mt_evidence(text, raw)["space_before_punct"] > mt_evidence(text)["space_before_punct"] == 0


@pytest.mark.parametrize(
    ("calque", "native"),
    [
        ("شارك عدد من الدول بما في ذلك مصر والأردن.", "شارك عدد من الدول منها مصر والأردن."),
        ("وقال السيد خياري إن الوضع خطير.", "وقال خياري إن الوضع خطير."),
        ("احصل على الأخبار في صندوق الوارد الخاص بك.", "احصل على الأخبار في بريدك."),
        ("إنها ليس فقط أزمة سياسية، ولكن أيضًا أزمة إنسانية.", "إنها أزمة سياسية وإنسانية معا."),
    ],
)
def test_translation_calques_raise_the_score(calque, native):
    padding = "\n" + NATIVE_WIRE
    assert mt_evidence(calque + padding)["calques"] > mt_evidence(native + padding)["calques"]
    assert mt_score(mt_evidence(calque + padding)) > mt_score(mt_evidence(native + padding))


def test_translation_curly_quote_damage_counts():
    damaged = "قال الوزير إن الفريق قام “ بعمل رائع ” ، وإن النتائج “جيدة “."
    clean = "قال الوزير إن الفريق قام «بعمل رائع»، وإن النتائج «جيدة»."
    assert mt_evidence(damaged)["quote_damage"] > 0.3
    assert mt_evidence(clean)["quote_damage"] == 0


def test_translation_name_variants_from_honorifics():
    text = "وقال السيد خياري إن المنظمة مهمة. وأضاف السيد خيري أن العمل مستمر."
    assert mt_evidence(text)["name_variants"] == 1


def test_translation_common_given_names_are_not_variants():
    text = "حضر السيد محمد الاجتماع. وحضر السيد محمود كذلك."
    assert mt_evidence(text)["name_variants"] == 0


def test_translation_name_variants_from_entity_flags():
    flags = {"name_variants": [["خالد خياري", "خياري", "خالد خلي", "خيري"], ["الأمم المتحدة"]]}
    assert mt_evidence("نص قصير.", flags=flags)["name_variants"] == 1
    assert mt_evidence("نص قصير.", flags={"name_variants": [["خالد خياري", "خياري"]]})["name_variants"] == 0


def test_translation_score_is_a_probability_over_every_feature():
    nothing = {name: 0.0 for name in WEIGHTS}
    everything = {name: 100.0 for name in WEIGHTS}
    assert 0 < mt_score(nothing) < 0.05
    assert 0.99 < mt_score(everything) <= 1


def test_translation_stage_keeps_other_flags(news_article):
    article = translation_signal(news_article(flags={"name_variants": [["أ", "ب"]]}))
    assert article.flags["name_variants"] == [["أ", "ب"]]
    assert 0 <= article.flags["machine_translated"] <= 1
    assert set(article.flags["mt_evidence"]) == set(WEIGHTS)


def test_translation_stage_declares_needs_and_gives():
    assert translation_signal.needs == {"text"}
    assert translation_signal.gives == {"flags"}
    with pytest.raises(PipelineError):
        Pipeline([translation_signal])
    assert pickle.loads(pickle.dumps(translation_signal)) is translation_signal


def test_translation_empty_text_scores_low():
    article = translation_signal(Article(text=""))
    assert article.flags["machine_translated"] < 0.05
