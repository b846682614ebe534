"""Topics: the shipped model on articles we wrote ourselves, the file, the stage, the rule."""

from __future__ import annotations

import json
import pickle
import zipfile

import pytest

from marsad.arabic import match_terms
from marsad.errors import MarsadError
from marsad.stages.topics import (
    TOPICS,
    TopicModel,
    TopicTagger,
    _model_path,
    classify,
    features,
    pick,
    tag_topics,
)

# Short articles written for these tests (not taken from any dataset), one per topic.
ARTICLES = {
    "sport": (
        "الترجي يهزم الأفريقي في الدربي",
        (
            "فاز فريق الترجي على النادي الأفريقي بهدفين مقابل هدف في مباراة الجولة العاشرة من الدوري "
            "لكرة القدم، وسجل المهاجم هدف الفوز في الدقيقة الثمانين بعد تمريرة من لاعب الوسط. وقال مدرب "
            "الفريق إن اللاعبين قدموا أداء كبيرا أمام جماهير الملعب."
        ),
    ),
    "economy": (
        "البنك المركزي يرفع سعر الفائدة",
        (
            "قرر البنك المركزي رفع أسعار الفائدة بمقدار ربع نقطة مئوية لكبح التضخم الذي بلغ أعلى مستوى "
            "له منذ عشر سنوات. وتراجعت البورصة عقب القرار، فيما ارتفع سعر صرف الدولار أمام العملة المحلية، "
            "وتوقع خبراء اقتصاديون تباطؤ نمو الاستثمار والقروض."
        ),
    ),
    "health": (
        "حملة تطعيم واسعة ضد شلل الأطفال",
        (
            "أطلقت منظمة الصحة العالمية بالتعاون مع وزارة الصحة حملة تطعيم ضد شلل الأطفال تستهدف ملايين "
            "الأطفال دون سن الخامسة. وقال مسؤول في المنظمة إن اللقاحات متوفرة في جميع المستشفيات والمراكز "
            "الصحية، داعيا الأسر إلى حماية أطفالها من المرض."
        ),
    ),
    "conflict-security": (
        "غارات جوية بعد انهيار الهدنة",
        (
            "شنت طائرات حربية غارات جوية على مواقع في شمال المدينة أسفرت عن مقتل عشرين شخصا وإصابة "
            "العشرات، بعد انهيار وقف إطلاق النار. واندلعت اشتباكات عنيفة بين الجيش والمسلحين، فيما قصفت "
            "المدفعية أحياء سكنية ونزح آلاف المدنيين."
        ),
    ),
    "politics": (
        "البرلمان يقر قانون الانتخابات",
        (
            "صوت البرلمان بالأغلبية على قانون الانتخابات الجديد بعد نقاش طويل بين الكتل النيابية، وأعلن "
            "رئيس الوزراء موعد الانتخابات التشريعية المقبلة. وانتقدت أحزاب المعارضة القانون وطالبت "
            "الحكومة بضمان نزاهة الاقتراع."
        ),
    ),
    "science-technology": (
        "هاتف جديد بقدرات الذكاء الاصطناعي",
        (
            "كشفت شركة أبل عن هاتف آيفون جديد بمعالج أسرع وكاميرا محسنة وبطارية تدوم أطول، كما أعلنت "
            "عن تحديث لنظام التشغيل يدعم تطبيقات الذكاء الاصطناعي. وقال مهندسو الشركة إن الجهاز يحمي "
            "بيانات المستخدمين على الإنترنت."
        ),
    ),
    "culture": (
        "افتتاح مهرجان السينما",
        (
            "افتتح مهرجان قرطاج السينمائي دورته الجديدة بعرض فيلم للمخرج التونسي، بحضور نجوم السينما "
            "والفنانين العرب. ويشارك في المسابقة الرسمية أربعون فيلما، وتقام على هامش المهرجان عروض "
            "مسرحية وحفلات موسيقية."
        ),
    ),
    "religion": (
        "ثبوت رؤية هلال رمضان",
        (
            "أعلنت دار الإفتاء ثبوت رؤية هلال شهر رمضان المبارك، وأن غدا الخميس أول أيام الصيام. ودعت "
            "المسلمين إلى أداء صلاة التراويح في المساجد، وهنأ المفتي الأمة الإسلامية بحلول الشهر الفضيل."
        ),
    ),
    "environment": (
        "تحذير من تغير المناخ",
        (
            "حذر علماء المناخ من ارتفاع درجات الحرارة وذوبان الجليد في القطبين، ودعوا الدول إلى خفض "
            "انبعاثات الكربون وحماية الغابات والتنوع البيولوجي من التلوث والتصحر."
        ),
    ),
}


@pytest.mark.parametrize("expected", sorted(ARTICLES))
def test_topics_classify_our_articles(expected: str) -> None:
    title, text = ARTICLES[expected]
    assert classify(text, title)[0][0] == expected


@pytest.mark.parametrize("expected", ["sport", "economy", "health", "conflict-security", "politics"])
def test_topics_classify_without_title(expected: str) -> None:
    assert classify(ARTICLES[expected][1])[0][0] == expected


def test_topics_probabilities_cover_every_topic_and_sum_to_one() -> None:
    ranked = TopicModel.load(_model_path()).probabilities(*reversed(ARTICLES["sport"]))
    assert sorted(t for t, _ in ranked) == sorted(TOPICS)
    assert sum(p for _, p in ranked) == pytest.approx(1.0)
    assert [p for _, p in ranked] == sorted((p for _, p in ranked), reverse=True)


def test_topics_nothing_for_text_without_known_words() -> None:
    assert classify("") == []
    assert classify("12345 6789") == []


def test_topics_features_skip_numbers_and_links() -> None:
    found = features("RT @AJABreaking: فاز الفريق 3 مقابل 1 https://t.co/abc123 عام 2018")
    assert not any(f.isdigit() for f in found)
    assert not any("ajabreaking" in f.lower() or "http" in f or "abc123" in f for f in found)
    assert found == match_terms("فاز الفريق مقابل عام")


@pytest.mark.parametrize(
    ("ranked", "chosen"),
    [
        ([], []),
        ([("sport", 0.9), ("culture", 0.05)], ["sport"]),
        ([("health", 0.5), ("economy", 0.4)], ["health", "economy"]),
        ([("politics", 0.6), ("economy", 0.26)], ["politics"]),  # high enough, too far behind
        ([("politics", 0.3), ("economy", 0.2), ("society", 0.2)], ["politics"]),  # close, too unlikely
    ],
)
def test_topics_pick_second_only_when_close_and_likely(ranked, chosen) -> None:
    assert [t for t, _ in pick(ranked)] == chosen


def test_topics_model_file_loads_with_the_taxonomy() -> None:
    model = TopicModel.load(_model_path())
    assert model.classes == list(TOPICS)
    assert len(model.bias) == len(TOPICS)
    assert len(model.index) > 1000
    assert _model_path().stat().st_size < 20_000_000


def test_topics_missing_model_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(MarsadError, match="topic model not found"):
        TopicModel.load(tmp_path / "nope.zip")


def test_topics_model_of_another_format_is_refused(tmp_path) -> None:
    path = tmp_path / "topics.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("header.json", json.dumps({"format": "something-else/9", "classes": []}))
    with pytest.raises(MarsadError, match="not a marsad-topics"):
        TopicModel.load(path)


def test_topics_stage_sets_article_topics(make_article) -> None:
    title, text = ARTICLES["economy"]
    article = tag_topics(make_article(title=title, text=text))
    assert article.topics[0] == "economy"
    assert 1 <= len(article.topics) <= 2
    assert set(article.topics) <= set(TOPICS)


def test_topics_stage_declares_what_it_needs_and_gives() -> None:
    assert tag_topics.name == "topics"
    assert tag_topics.needs == frozenset({"text"})
    assert tag_topics.gives == frozenset({"topics"})


def test_topics_stage_pickles_without_its_model(make_article) -> None:
    tagger = TopicTagger()
    tagger.model  # noqa: B018 - loaded, yet must not travel with the pickle
    assert len(pickle.dumps(tagger)) < 1000
    copy = pickle.loads(pickle.dumps(tag_topics))
    text = ARTICLES["health"][1]
    assert copy(make_article(text=text)).topics == tag_topics(make_article(text=text)).topics


def test_topics_are_deterministic() -> None:
    title, text = ARTICLES["conflict-security"]
    first = classify(text, title)
    fresh = TopicModel.load(_model_path()).classify(text, title)
    assert classify(text, title) == first == fresh
