"""Headlines of text dumps whose header puts a section label, a date and a byline first."""

from __future__ import annotations

import pytest

from marsad.article import Article
from marsad.stages.residue import residue_stage

BODY = (
    "افتتح وزير الصحة اليوم مستشفى جديدا في العاصمة بسعة مئتي سرير، في خطوة قال إنها تهدف إلى "
    "تخفيف الضغط على المستشفيات الحكومية.\n"
    "وأضاف الوزير أن المستشفى مجهز بأحدث الأجهزة الطبية وسيقدم خدماته مجانا للمرضى من ذوي الدخل المحدود."
)
HEADLINE = "وزير الصحة يفتتح مستشفى جديدا في العاصمة بسعة مئتي سرير"


def clean(raw: str) -> Article:
    return residue_stage()(Article(id="", url="page.txt", raw_text=raw))


@pytest.mark.parametrize(
    "header, author",
    [
        (["أخبار عربية", "الأحد، 12 أكتوبر 2025 10:45 صباحاً", "محمد عبد الله"], "محمد عبد الله"),
        (["اقتصاد", "منذ 3 ساعات", "بواسطة أحمد سالم"], "أحمد سالم"),
        (["الرئيسية » محليات", "بواسطة ليلى حسن", "منذ 8 ساعات"], "ليلى حسن"),
        (["محليات", "آخر تحديث: 2024/10/20 - 11:53"], "عين اليوم – الرياض"),  # the credit line
    ],
)
def test_headline_after_label_date_and_byline(header, author):
    article = clean("\n".join([*header, HEADLINE, "عين اليوم – الرياض", BODY]))
    assert article.title == HEADLINE
    assert article.author == author
    assert article.paragraphs[0].startswith("افتتح وزير الصحة")
    assert {r.text for r in article.removed} >= set(header)


def test_short_lines_without_header_evidence_are_left_alone():
    article = clean("\n".join(["اقتصاد", HEADLINE, BODY]))
    assert article.title is None
    assert article.paragraphs[:2] == ["اقتصاد", HEADLINE]


def test_a_long_line_between_header_and_headline_means_no_guess():
    intro = "قال مسؤولون إن الحكومة ستعلن خلال الأيام المقبلة عن حزمة من الإجراءات"
    article = clean("\n".join(["اقتصاد", "منذ 3 ساعات", intro, HEADLINE, BODY]))
    assert article.title is None
    assert intro in article.paragraphs
