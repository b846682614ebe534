"""Quotes with speakers: every shape of reported speech, the seed, entity speakers, offsets."""

from __future__ import annotations

import pickle

import pytest

from marsad.article import Article, Entity, Mention, Quote
from marsad.errors import PipelineError
from marsad.pipeline import Pipeline, stage
from marsad.run.pipelines import default_pipeline
from marsad.stages.quotes import extract_quotes, find_quotes
from marsad.stages.quotes.marks import pair_marks


def quotes_of(text: str, entities: tuple[Entity, ...] = ()) -> list[Quote]:
    """find_quotes, checking the one promise every quote makes: its span slices the text."""
    found = find_quotes(text, entities)
    for quote in found:
        assert text[quote.start : quote.end] == quote.text
        assert quote.kind in ("direct", "indirect")
    return found


def only(found: list[Quote], kind: str) -> list[Quote]:
    return [q for q in found if q.kind == kind]


def entity(text: str, surface: str, entity_id: str, kind: str = "PER") -> Entity:
    """An entity with a mention at every place `surface` occurs in `text`."""
    mentions, at = [], text.find(surface)
    while at >= 0:
        mentions.append(Mention(surface, at, at + len(surface)))
        at = text.find(surface, at + 1)
    return Entity(entity_id, kind, {"ar": surface}, mentions)


# --- direct quotations and their speaker -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said", "speaker"),
    [
        (
            "وقال وزير الخارجية: «سنواصل العمل مع شركائنا في المنطقة».",
            "سنواصل العمل مع شركائنا في المنطقة",
            "وزير الخارجية",
        ),
        (
            "«لن نتراجع عن مطالبنا المشروعة»، قال رئيس النقابة.",
            "لن نتراجع عن مطالبنا المشروعة",
            "رئيس النقابة",
        ),
        (
            'وقالت المتحدثة "الوضع الإنساني يزداد سوءا كل يوم".',
            "الوضع الإنساني يزداد سوءا كل يوم",
            "المتحدثة",
        ),
        (
            "وأكد المدير: “نعمل على مدار الساعة لإصلاح الأعطال”.",
            "نعمل على مدار الساعة لإصلاح الأعطال",
            "المدير",
        ),
        ("وتابع المدرب قائلا: «الفريق جاهز للمباراة النهائية».", "الفريق جاهز للمباراة النهائية", "المدرب"),
        # machine translation closes with the opening mark, or opens with the closing one
        (
            "وقال السفير: ”العلاقات بين البلدين في أفضل حالاتها”.",
            "العلاقات بين البلدين في أفضل حالاتها",
            "السفير",
        ),
        (
            "وقال السفير: “العلاقات بين البلدين في أفضل حالاتها“.",
            "العلاقات بين البلدين في أفضل حالاتها",
            "السفير",
        ),
    ],
)
def test_quotes_direct_speaker_before_or_after(text, said, speaker):
    (quote,) = quotes_of(text)
    assert (quote.kind, quote.text, quote.speaker_text) == ("direct", said, speaker)


def test_quotes_wa_adaf_an_quote_is_the_previous_speaker():
    text = (
        "قال رئيس الوزراء إن الحكومة ستخفض الضرائب العام المقبل. "
        "وأضاف أن «الاقتصاد يتعافى بوتيرة أسرع من المتوقع»."
    )
    found = quotes_of(text)
    direct = only(found, "direct")
    assert [q.text for q in direct] == ["الاقتصاد يتعافى بوتيرة أسرع من المتوقع"]
    assert direct[0].speaker_text == "رئيس الوزراء"
    # the second sentence's clause is nothing but the quotation: reported once, as direct
    assert [q.text for q in only(found, "indirect")] == ["الحكومة ستخفض الضرائب العام المقبل"]


@pytest.mark.parametrize("opener", ["وقال:", "وأضاف:", "وتابع:"])
def test_quotes_pronoun_subject_is_the_previous_speaker(opener):
    text = f"أكدت الوزيرة أن الخطة جاهزة للتنفيذ.\n\n{opener} «سنبدأ التنفيذ مطلع الشهر المقبل»."
    direct = only(quotes_of(text), "direct")
    assert [(q.text, q.speaker_text) for q in direct] == [("سنبدأ التنفيذ مطلع الشهر المقبل", "الوزيرة")]


def test_quotes_quoted_paragraph_continues_the_previous_speaker():
    text = (
        "وقال المبعوث الأممي: «المفاوضات وصلت إلى مرحلة حاسمة».\n\n"
        "«ندعو جميع الأطراف إلى التحلي بالمسؤولية والعودة إلى طاولة الحوار دون شروط مسبقة.»\n\n"
        "وتستمر المحادثات حتى نهاية الأسبوع."
    )
    direct = only(quotes_of(text), "direct")
    assert [q.speaker_text for q in direct] == ["المبعوث الأممي", "المبعوث الأممي"]
    assert direct[1].text.startswith("ندعو جميع الأطراف")


def test_quotes_partial_quote_inside_reported_speech():
    text = 'قال المتحدث باسم المنظمة إن المنظمة لا تزال "لا غنى عنها" في جهود السلام.'
    found = quotes_of(text)
    (partial,) = only(found, "direct")
    (reported,) = only(found, "indirect")
    assert (partial.text, partial.speaker_text) == ("لا غنى عنها", "المتحدث باسم المنظمة")
    assert reported.text == 'المنظمة لا تزال "لا غنى عنها" في جهود السلام'
    assert reported.speaker_text == "المتحدث باسم المنظمة"


def test_quotes_unmarked_speech_after_a_colon_is_direct():
    text = "وقال مدير الجمارك: في المحاولة الأولى ضبطنا كمية كبيرة من المخدرات، مشيرا إلى أنه تم اتخاذ الإجراءات."
    found = quotes_of(text)
    assert [(q.kind, q.text) for q in found] == [
        ("direct", "في المحاولة الأولى ضبطنا كمية كبيرة من المخدرات"),
        ("indirect", "تم اتخاذ الإجراءات"),
    ]
    assert {q.speaker_text for q in found} == {"مدير الجمارك"}


# --- quoted names and terms are not quotations -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "أشاد الوزير بدور المنظمة في “عملية الدوحة” التي تقودها قطر.",
        "وأكد مصدر طبي لـ«الشرق الأوسط» أن اللاعب سيغيب عن المباراة.",
        'وقال التنظيم في بيان بثته ما تسمى بـ"مؤسسة الكنانة" إنه نفذ الهجوم.',
        "وينطلق عرض «نقش من هوازن» في باكورة فعاليات المهرجان.",
        'ونشر النادي بيانا على حسابه في موقع "تويتر" أمس.',
    ],
)
def test_quotes_quoted_names_and_labels_are_not_quotes(text):
    assert only(quotes_of(text), "direct") == []


def test_quotes_a_quoted_name_in_the_speaker_slot_is_the_speaker():
    text = "وأوضح «فاتر» أنهم سيبذلون قصارى جهدهم لجلب الرعاة."
    (quote,) = quotes_of(text)
    assert (quote.kind, quote.speaker_text) == ("indirect", "فاتر")
    assert quote.text == "سيبذلون قصارى جهدهم لجلب الرعاة"


# --- indirect speech ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clause", "speaker"),
    [
        (
            "قالت وزارة الصحة إن عدد الإصابات تراجع هذا الأسبوع.",
            "عدد الإصابات تراجع هذا الأسبوع",
            "وزارة الصحة",
        ),
        (
            "وأوضح مدير المستشفى أن العملية تمت بنجاح، مشيرا إلى أن المريضة غادرت.",
            "العملية تمت بنجاح",
            "مدير المستشفى",
        ),
        (
            "وأشار المسؤول إلى أن الاستهلاك بلغ مرحلة مثيرة للقلق.",
            "الاستهلاك بلغ مرحلة مثيرة للقلق",
            "المسؤول",
        ),
        ("وصرح المتحدث الأمني بأن منفذ الهجوم سعودي الجنسية.", "منفذ الهجوم سعودي الجنسية", "المتحدث الأمني"),
        ("وكان مدير النادي قد قال إن الصفقة أنجزت بنسبة كبيرة.", "الصفقة أنجزت بنسبة كبيرة", "مدير النادي"),
        ("وقال خالد خلي، مساعد الأمين العام، إن الشراكة أساسية للسلام.", "الشراكة أساسية للسلام", "خالد خلي"),
        (
            "وبحسب تقارير إعلامية فإن الوزارة تعتزم فتح مراكز جديدة.",
            "الوزارة تعتزم فتح مراكز جديدة",
            "تقارير إعلامية",
        ),
        (
            "اعتقلت القوات جهاديا ألمانيا في شمال البلاد، بحسب تقارير.",
            "اعتقلت القوات جهاديا ألمانيا في شمال البلاد",
            "تقارير",
        ),
    ],
)
def test_quotes_indirect_speech_and_its_speaker(text, clause, speaker):
    found = quotes_of(text)
    assert (found[0].kind, found[0].text, found[0].speaker_text) == ("indirect", clause, speaker)
    assert {q.speaker_text for q in found} == {speaker}  # مشيرا إلى أن …: the same speaker goes on


def test_quotes_indirect_pronoun_subject_is_the_previous_speaker():
    text = "قال المتحدث العسكري إن القوات صدت الهجوم.\n\nوأكد أن الوضع تحت السيطرة الكاملة."
    found = quotes_of(text)
    assert [(q.text, q.speaker_text) for q in found] == [
        ("القوات صدت الهجوم", "المتحدث العسكري"),
        ("الوضع تحت السيطرة الكاملة", "المتحدث العسكري"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ولم يوضح المصدر العسكري ما إذا كان الهجوم متعمدا.",
        "ويذكر أن المهرجان يستمر أسبوعا.",
        "ومن المتوقع أن يوقع الطرفان الاتفاق غدا.",
        "وتقدم الرئيس بالشكر للحضور على مشاركتهم.",
        "",
    ],
)
def test_quotes_nothing_reported(text):
    assert quotes_of(text) == []


# --- speakers as entities ----------------------------------------------------------------


def test_quotes_speaker_is_the_entity_when_a_mention_overlaps():
    text = "وقال السيد خياري: «نقدر هذه الشراكة».\n\nوأضاف أن التعاون يتوسع في مجالات عدة."
    khiari = entity(text, "خياري", "PER:khaled-khiari")
    found = quotes_of(text, (khiari,))
    assert [(q.speaker, q.speaker_text) for q in found] == [("PER:khaled-khiari", "السيد خياري")] * 2


def test_quotes_spokesman_of_an_organisation_is_not_the_organisation():
    text = "وقال المتحدث باسم الخارجية إن الوزير سيزور القاهرة الأسبوع المقبل."
    ministry = entity(text, "الخارجية", "ORG:mofa", "ORG")
    (quote,) = quotes_of(text, (ministry,))
    assert (quote.speaker, quote.speaker_text) == (None, "المتحدث باسم الخارجية")


def test_quotes_organisation_that_heads_the_phrase_is_the_speaker():
    text = "قالت منظمة الصحة العالمية إن الوضع في المستشفيات خطير."
    who = entity(text, "منظمة الصحة العالمية", "ORG:who", "ORG")
    (quote,) = quotes_of(text, (who,))
    assert quote.speaker == "ORG:who"


def test_quotes_no_entity_keeps_the_description():
    text = "وقال ممثل المنظمة في اليمن إن المساعدات لا تصل إلى المحتاجين."
    (quote,) = quotes_of(text)
    assert quote.speaker is None and quote.speaker_text.startswith("ممثل المنظمة")


# --- quotation marks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("«أ ب»", ["أ ب"]),
        ("“أ ب”", ["أ ب"]),
        ('"أ ب" و"ج د"', ["أ ب", "ج د"]),
        ("”أ ب” ثم “ج د“", ["أ ب", "ج د"]),
        ("و»يجب أن نحذر» قال", ["يجب أن نحذر"]),
        ("لـ»المدينة» إن", ["المدينة"]),
        ("«قال لنا “كفى” ثم رحل»", ["قال لنا “كفى” ثم رحل"]),
    ],
)
def test_quotes_marks_pair_as_written(text, inside):
    assert [text[m.start : m.end] for m in pair_marks(text, 0, len(text))] == inside


def test_quotes_unclosed_quote_runs_to_the_end_of_its_sentence():
    text = 'وأضافت الوزارة: "نود التأكيد على جميع المواطنين بمراعاة ذلك. من ناحيته، أيد المحامي القرار.'
    direct = only(quotes_of(text), "direct")
    assert [q.text for q in direct] == ["نود التأكيد على جميع المواطنين بمراعاة ذلك"]


# --- the seed ----------------------------------------------------------------------------


@pytest.fixture
def seed_article(seed_text) -> Article:
    article = default_pipeline()(Article(url="seed.txt", raw_text=seed_text))
    assert article.error is None
    return article


def test_quotes_seed_partial_quote_by_khalid_khiari(seed_article):
    found = quotes_of(seed_article.text)
    (partial,) = [q for q in found if q.text == "لا غنى عنها"]
    assert partial.kind == "direct" and partial.speaker_text == "خالد خلي"


def test_quotes_seed_quote_and_its_continuation_by_mr_khiari(seed_article):
    found = quotes_of(seed_article.text)
    (said,) = [q for q in found if q.text.startswith("يحمل صوتها وزنًا كبيرًا")]
    assert said.kind == "direct" and said.speaker_text == "السيد خياري"
    (goes_on,) = [q for q in found if q.text.startswith("إن الأمم المتحدة تقدر هذه الشراكة")]
    assert goes_on.kind == "direct" and goes_on.speaker_text == "السيد خياري"
    (pronoun,) = [q for q in found if q.text.startswith("التعاون يتوافق مع الفصل الثامن")]
    assert pronoun.kind == "indirect" and pronoun.speaker_text == "السيد خياري"


def test_quotes_seed_doha_process_is_not_a_quote(seed_article):
    assert not [q for q in quotes_of(seed_article.text) if "عملية الدوحة" in q.text]


def test_quotes_seed_speakers_link_to_the_person(seed_article):
    text = seed_article.text
    khiari = Entity(
        "PER:khaled-khiari",
        "PER",
        {"ar": "خالد خياري"},
        [
            *entity(text, "خالد خلي", "x").mentions,
            *entity(text, "خياري", "x").mentions,
        ],
    )
    found = quotes_of(text, (khiari,))
    assert found and all(q.speaker == "PER:khaled-khiari" for q in found)


# --- the stage ---------------------------------------------------------------------------


def test_quotes_stage_declares_needs_and_gives():
    assert extract_quotes.name == "quotes"
    assert extract_quotes.needs == {"text", "entities"}
    assert extract_quotes.gives == {"quotes"}
    with pytest.raises(PipelineError):
        Pipeline([extract_quotes])


def test_quotes_stage_pickles():
    assert pickle.loads(pickle.dumps(extract_quotes)) is extract_quotes


def test_quotes_stage_fills_quotes_with_or_without_entities(news_article):
    article = extract_quotes(news_article())
    assert [(q.kind, q.speaker_text) for q in article.quotes] == [
        ("indirect", "منظمة الصحة العالمية"),
        ("indirect", "المتحدث باسم المنظمة"),
    ]
    give_entities = stage("fake-entities", needs={"text"}, gives={"entities"})(lambda a: a)
    run = Pipeline([stage("fake-text", gives={"text"})(lambda a: a), give_entities, extract_quotes])
    assert run(news_article()).quotes == article.quotes
