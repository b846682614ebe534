"""Residue cleaning: what scrapers leave is cut with a reason, and nothing real is cut."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.article import Removal
from marsad.stages.residue import (
    StripResidue,
    TemplateLearner,
    learn_templates,
    residue_stage,
    split_residue,
    template_key,
)

SEED = Path(__file__).resolve().parents[2].parent / "shared/seeds/000_022d3e44706ecb06.txt"

# Two ordinary body paragraphs to put a line under test in context.
BODY_1 = (
    "أعلنت وزارة الصحة اليوم عن إطلاق حملة وطنية للتطعيم تستهدف أكثر من مليوني طفل في مختلف "
    "المناطق، وذلك بالتعاون مع منظمة الصحة العالمية والجهات المحلية المعنية."
)
BODY_2 = (
    "وأوضح المتحدث باسم الوزارة أن الحملة ستستمر أسبوعين، وأن الفرق الطبية ستزور المدارس والمراكز "
    "الصحية في القرى النائية لضمان وصول اللقاح إلى جميع الفئات المستهدفة."
)
BODY_3 = (
    "وأشار إلى أن الوزارة خصصت ميزانية إضافية لتغطية تكاليف النقل والتخزين، مؤكدا أن المرحلة "
    "الثانية من الحملة ستبدأ مطلع العام المقبل في المحافظات الشمالية."
)


def cut_reasons(lines: list[str], **kwargs) -> dict[str, str]:
    """Each removed line's text mapped to its reason."""
    _, removed, _ = split_residue(lines, **kwargs)
    return {r.text: r.reason for r in removed}


# ------------------------------------------------------------------ the seed page
@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    if not SEED.is_file():
        pytest.skip(f"seed page {SEED} is absent")
    return SEED.read_text(encoding="utf-8").splitlines()


def test_residue_seed_cuts_ad_slots_widget_block_and_source_stub(seed_lines):
    cut = cut_reasons(seed_lines)
    assert cut["[ad_1]"] == "ad-placeholder"
    assert cut["[ad_2]"] == "ad-placeholder"
    assert cut["المصدر"] == "source-stub"
    widget_block = [
        "اشترك في النشرات الإخبارية المجانية Allafrica",
        "احصل على الأحدث في الأخبار الأفريقية التي يتم تسليمها مباشرة إلى صندوق الوارد الخاص بك",
        "نجاح!",
        "انتهى تقريبا …",
        "نحن بحاجة إلى تأكيد عنوان بريدك الإلكتروني.",
        "لإكمال العملية ، يرجى اتباع الإرشادات الموجودة في البريد الإلكتروني الذي أرسلناه لك للتو.",
        "خطأ!",
        "كانت هناك مشكلة في معالجة تقديمك. يرجى المحاولة مرة أخرى لاحقًا.",
    ]
    for line in widget_block:
        assert cut.get(line) == "widget", line
    assert len(cut) == len(widget_block) + 3


def test_residue_seed_keeps_every_real_paragraph(seed_lines):
    kept, _, header = split_residue(seed_lines)
    assert "المساعدة في حل الأزمات" in kept
    assert "التعاون في القضايا العالمية" in kept
    assert kept[0].startswith("وسط الاضطرابات الجيوسياسية")
    assert kept[-1].startswith("وخلص السيد خياري")
    assert len(kept) == 16
    assert header.title is None and header.author is None and header.published is None


# ------------------------------------------------------------------ nothing real is cut
@pytest.mark.parametrize(
    "line",
    [
        "وقال المصدر إن المفاوضات ستستأنف غدا.",
        "وأكد المصدر أن الاجتماع انتهى دون اتفاق.",
        "المصدر الأمني قال إن التحقيقات مستمرة.",
        "وطالب المتظاهرون بالمزيد من الحريات.",
        "المزيد من الضحايا سقطوا في القصف الليلي.",
        "اشترك أكثر من مئة عداء في السباق.",
        "واشترك في البطولة اثنا عشر فريقا من الخليج.",
        "شارك في المؤتمر وزراء خارجية الدول العربية.",
        "شارك مع فريقه في البطولة للمرة الأولى.",
        "وانتهت المباراة بالتعادل.",
        "ولم يصب أحد.",
        "شكرا للجميع على الدعم.",
        "وأكد على احترام حقوق الإنسان.",
        "وتعمل الحكومة على حماية حقوق النشر والملكية الفكرية.",
        "وقالت الشركة إن المستخدمين يمكنهم تفعيل الإشعارات من الإعدادات.",
        "ويمكن للقارئ أن يقرأ أيضا التقرير الكامل على موقع الوزارة.",
        "وكتب الوزير على تويتر أن الاجتماع كان مثمرا.",
        "ويذكر أن فيسبوك يمتلك شركة إنستغرام منذ عام 2012.",
        "وفي 12 مارس 2025 وقعت الحكومتان الاتفاق.",
        "الوضع الإنساني في غزة",
        "ردود الفعل الدولية",
        '"We will not give up," he said.',
    ],
)
@pytest.mark.parametrize("where", ["middle", "end"])
def test_residue_keeps_short_real_sentences(line, where):
    lines = [BODY_1, line, BODY_2] if where == "middle" else [BODY_1, BODY_2, line]
    kept, removed, _ = split_residue(lines)
    assert line in kept, removed


def test_residue_ui_word_stays_outside_a_widget_block():
    """"نجاح!" is widget residue only next to the sign-up lines that anchor it."""
    kept, _, _ = split_residue([BODY_1, "نجاح!", BODY_2, BODY_3])
    assert "نجاح!" in kept


def test_residue_real_line_next_to_an_ad_slot_stays():
    line = "وقال المسؤول إن الاجتماع سيعقد لاحقا بعد تأكيد المواعيد."
    kept, _, _ = split_residue([BODY_1, line, "[ad_2]", BODY_2])
    assert line in kept


# ------------------------------------------------------------------ residue is cut
@pytest.mark.parametrize(
    ("line", "reasons"),
    [
        ("[ad_1]", {"ad-placeholder"}),
        ("[ads2]", {"ad-placeholder"}),
        ('[ad id="4"]', {"ad-placeholder"}),
        ("<!-- ad -->", {"ad-placeholder"}),
        ("(إعلان)", {"ad-placeholder"}),
        ("{{ad_slot}}", {"ad-placeholder"}),
        ("إعلان", {"ad-placeholder"}),
        ("Advertisement", {"ad-placeholder", "english-boilerplate"}),
        ("Source link", {"source-stub", "english-boilerplate"}),
        ("Related Posts", {"english-boilerplate"}),
        ("Continue reading", {"english-boilerplate"}),
        ("اشترك الآن في نشرتنا البريدية", {"widget"}),
        ("أدخل بريدك الإلكتروني", {"widget"}),
        ("حمل تطبيق الموقع مجانا", {"widget"}),
        ("شارك على فيسبوك", {"share"}),
        ("فيسبوك | تويتر | واتساب", {"share"}),
        ("تابعونا على تويتر", {"share"}),
        ("اقرأ أيضا: الحكومة تعلن خطة جديدة لدعم المزارعين", {"related"}),
        ("إقرأ ايضاً | ارتفاع أسعار النفط في الأسواق العالمية", {"related"}),
        ("الرئيسية > أخبار > السعودية", {"breadcrumb"}),
        ("الوسوم: السعودية، الرياض، الصحة", {"tags"}),
        ("#السعودية #الرياض #الصحة", {"tags"}),
        ("نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا.", {"cookie"}),
        ("© 2024 جميع الحقوق محفوظة", {"copyright"}),
        ("جميع الحقوق محفوظة لموقع الأخبار", {"copyright"}),
        ("المصدر: وكالة الأنباء السعودية", {"source-stub"}),
        ("المصدر", {"source-stub"}),
        ("نقلا عن صحيفة الحياة", {"source-stub"}),
        ("https://example.com/news/123", {"link"}),
    ],
)
def test_residue_cuts_residue_between_paragraphs(line, reasons):
    cut = cut_reasons([BODY_1, line, BODY_2, BODY_3])
    assert cut.get(line) in reasons
    assert BODY_1 not in cut and BODY_2 not in cut


def test_residue_related_heading_takes_its_list_of_headlines():
    lines = [
        BODY_1,
        "أخبار ذات صلة",
        "ارتفاع أسعار النفط في الأسواق العالمية",
        "الأمم المتحدة تدعو إلى وقف إطلاق النار في السودان",
        BODY_2,
    ]
    cut = cut_reasons(lines)
    assert set(cut.values()) == {"related"} and len(cut) == 3
    assert BODY_2 not in cut


def test_residue_widget_block_takes_its_ui_fragments():
    lines = [BODY_1, "اشترك في نشرتنا الإخبارية", "شكرا!", "حدث خطأ ما. حاول مرة أخرى.", BODY_2]
    cut = cut_reasons(lines)
    assert list(cut) == lines[1:4]


# ------------------------------------------------------------------ header lines
def test_residue_headline_byline_timestamp_become_header():
    lines = [
        "الحكومة تعلن خطة جديدة لدعم المزارعين",
        "بقلم: سارة أحمد",
        "نشر في 12/03/2025 10:30",
        BODY_1,
        BODY_2,
    ]
    kept, removed, header = split_residue(lines)
    assert kept == [BODY_1, BODY_2]
    assert [r.reason for r in removed] == ["title", "byline", "timestamp"]
    assert header.title == "الحكومة تعلن خطة جديدة لدعم المزارعين"
    assert header.author == "سارة أحمد"
    assert header.published == "2025-03-12T10:30"


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("بقلم: سارة أحمد", "سارة أحمد"),
        ("كتب: محمد علي", "محمد علي"),
        ("— وكالات", "وكالات"),
        ("By John Smith", "John Smith"),
        ("إعداد: خالد الزهراني", "خالد الزهراني"),
    ],
)
def test_residue_byline_gives_author(line, author):
    _, removed, header = split_residue([line, BODY_1, BODY_2])
    assert removed == [Removal(line, "byline")]
    assert header.author == author


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("نشر في 12/03/2025 10:30", "2025-03-12T10:30"),
        ("آخر تحديث: الأربعاء 12 مارس 2025 - 10:30 م", "2025-03-12T22:30"),
        ("تاريخ النشر: 2024-11-03", "2024-11-03"),
        ("السبت، 3 آب/أغسطس 2019", "2019-08-03"),
        ("Updated: 5 Jan 2023", "2023-01-05"),
        ("الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس", "2015-08-11"),
        ("منذ 3 ساعات", None),
    ],
)
def test_residue_timestamp_gives_published(line, published):
    _, removed, header = split_residue([line, BODY_1, BODY_2])
    assert [r.text for r in removed] == [line]
    assert removed[0].reason in ("timestamp", "dateline")
    assert header.published == published


def test_residue_known_title_is_cut_only_when_it_matches():
    lines = ["الحكومة تعلن خطة جديدة", BODY_1, BODY_2]
    assert cut_reasons(lines, title="الحكومة تعلن خطة جديدة") == {"الحكومة تعلن خطة جديدة": "title"}
    assert cut_reasons(lines, title="عنوان آخر تماما") == {}


def test_residue_short_first_line_before_short_lines_is_not_a_title():
    lines = ["المساعدة في حل الأزمات", "ردود الفعل الدولية", BODY_1]
    kept, _, header = split_residue(lines)
    assert kept == lines and header.title is None


# ------------------------------------------------------------------ stage
def test_residue_stage_fills_article_and_keeps_existing_header(make_article):
    lines = ["بقلم: سارة أحمد", "نشر في 12/03/2025 10:30", BODY_1, "[ad_1]", BODY_2, "المصدر"]
    raw = "\n".join(lines)
    article = make_article(raw_text=raw, author="هيئة التحرير", removed=[Removal("x", "earlier")])
    done = residue_stage()(article)
    assert done.paragraphs == [BODY_1, BODY_2]
    assert done.author == "هيئة التحرير"
    assert done.published == "2025-03-12T10:30"
    assert [r.reason for r in done.removed] == ["earlier", "byline", "timestamp", "ad-placeholder", "source-stub"]
    assert done.text == "" and done.id == ""


def test_residue_stage_is_declared_and_picklable():
    step = residue_stage(frozenset({"x"}))
    assert step.name == "residue"
    assert step.needs == {"raw_text"}
    assert step.gives == {"paragraphs", "removed", "title", "author", "published", "flags"}
    assert isinstance(pickle.loads(pickle.dumps(step)).func, StripResidue)


def test_residue_stage_uses_the_source_templates(make_article):
    stamp = "كل الأخبار على مدار الساعة وبلا توقف"
    templates = {"site-a": frozenset({template_key(stamp)})}
    raw = f"{BODY_1}\n{BODY_2}\n{stamp}"
    strip = StripResidue(templates)
    assert strip(make_article(raw_text=raw, source="site-a")).removed[-1].reason == "template"
    assert len(strip(make_article(raw_text=raw, source="site-b")).paragraphs) == 3


# ------------------------------------------------------------------ templates
def _articles(source: str, n: int, extra: str) -> list[tuple[str, str]]:
    bodies = [BODY_1, BODY_2, BODY_3]
    return [(source, f"{extra}\n{bodies[i % 3]} رقم {i}.\n{BODY_3}") for i in range(n)]


def test_residue_templates_learned_across_a_batch():
    stamp = "موقع الأفق | أخبار على مدار الساعة"
    stream = _articles("a", 6, stamp) + _articles("b", 6, "")
    templates = learn_templates(stream)
    assert template_key(stamp) in templates["a"]
    assert template_key(stamp) not in templates["b"]
    kept, removed, _ = split_residue([stamp, BODY_1, BODY_2], templates["a"])
    assert removed == [Removal(stamp, "template")] and kept == [BODY_1, BODY_2]


def test_residue_templates_need_enough_articles_and_skip_sentences():
    sentence = "وقالت الوزارة إن الحملة ستستمر حتى نهاية الشهر المقبل في جميع المناطق."
    stream = _articles("a", 2, "سطر نادر") + _articles("a", 6, sentence)
    templates = learn_templates(stream)["a"]
    assert template_key("سطر نادر") not in templates
    assert template_key(sentence) not in templates


def test_residue_template_learner_memory_is_bounded():
    learner = TemplateLearner(capacity=200)
    for i in range(2_000):
        learner.add("a", f"قالب ثابت للموقع\nسطر فريد رقم {i}\n{BODY_1}")
        assert learner._size <= 200
    assert template_key("قالب ثابت للموقع") in learner.templates("a")


# ------------------------------------------------------------------ nothing is lost
@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([BODY_1, BODY_2, "[ad_1]", "نجاح!", "المصدر", "اشترك الآن", "", "  ",
                                 "بقلم: سارة", "شارك", "الوضع في غزة", "12/03/2025"]), max_size=12))
def test_residue_every_line_is_kept_or_removed_with_a_reason(lines):
    kept, removed, _ = split_residue(lines)
    expected = [line.strip() for line in lines if line.strip()]
    assert sorted(kept + [r.text for r in removed]) == sorted(expected)
    assert all(r.reason for r in removed)


def test_residue_stage_records_that_published_came_from_the_text(make_article):
    article = StripResidue()(make_article(raw_text=f"نشر في 12/03/2025 10:30\n{BODY_1}\n{BODY_2}"))
    assert article.published.startswith("2025-03-12")
    assert article.flags["published_from"] == "text-header"
