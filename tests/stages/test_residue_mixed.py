"""Residue cleaning of lines that mix the article with a script, a poll or widget text.

The three shapes are those of alriyadh's poll pages (issue 18), written here in our
own words: one line holding the article, then the poll's CSS and jQuery, then the
poll question with its options run together.
"""

from __future__ import annotations

import gzip
import json

import pytest

from marsad.article import Removal
from marsad.errors import InputError
from marsad.stages.compose import compose_text
from marsad.stages.residue import StripResidue, judge_by_line, judge_lines, template_key
from marsad.stages.residue.prose import MIN_PROSE_CHARS, keep_prose, prose_runs

POLL_SCRIPT = (
    "#poll_area3 ul { padding: 0; margin: 0; } .box_poll { background: #FAFAFA; border: solid 1px #ddd; "
    "padding: 12px; overflow: hidden; } .box_poll li { list-style: none; margin: 4px; } jQuery.noConflict(); "
    "jQuery(document).ready(function(){ jQuery('#poll_form3').submit(function() { jQuery('#poll_area3')"
    ".html('يرجى الانتظار…'); jQuery.post(url, {poll_id: 77}, function(data){ jQuery('#poll_area3')"
    ".html(data); }); return false; }); var pie = jQuery.jqplot('pie3', [[ ['b11',40],['b12',25] ]], "
    "{ legend:{ show:false, placement: 'outside' } }); });"
)

# Article prose that asks the reader questions, as these pages do.
FOOD_PROSE = (
    "يختلف الناس في طريقة تناول وجبة العشاء في أيام الصيف الطويلة، فبعضهم يفضل وجبة كاملة في وقت مبكر "
    "بعد العودة من العمل، وبعضهم يكتفي بوجبة خفيفة ويؤخر الطعام الرئيسي إلى ساعة متأخرة من الليل. "
    "ويرى أطباء التغذية أن الإفراط في الأكل قبل النوم يسبب الأرق وعسر الهضم. "
    "أي الطريقتين تفضل؟ وهل يتفق أفراد أسرتك معك في ذلك؟"
)
FOOD_POLL = "متى تتناول وجبة العشاء؟ مباشرة بعد العمل وجبة خفيفة ثم وجبة متأخرة بعد منتصف الليل لا فرق عندي"

CLUB_PROSE = (
    "تتجه أندية الدرجة الأولى هذا الموسم إلى إقامة معسكرات تدريبية داخلية بدلا من السفر إلى الخارج، "
    "في ظل الضغوط المالية التي تعانيها معظمها وتأخر رواتب عدد من اللاعبين. "
    "برأيك هل تكفي المعسكرات الداخلية لإعداد الفرق؟ وهل تؤثر الديون على نتائج الأندية في الموسم الجديد؟"
)
CLUB_POLL = "هل تؤيد إلغاء المعسكرات الخارجية؟ نعم، أؤيد ذلك أؤيد بشروط لا أؤيد لا أعلم"

GREETING_PROSE = (
    "تتقدم أسرة التحرير بأطيب التهاني إلى القراء الكرام بمناسبة حلول العيد، سائلين الله أن يعيده على "
    "الجميع بالخير واليمن والبركات، وكل عام وأنتم بخير. وتنظم البلديات خلال أيام العيد برامج متنوعة "
    "في الحدائق والساحات العامة، فما رأيك في مستوى هذه البرامج، وهل تحرص على حضورها مع عائلتك؟"
)
GREETING_POLL = "ما تقييمك لبرامج العيد هذا العام؟ ممتازة مقبولة تحتاج إلى تطوير لم أحضر أيا منها"

SHAPES = {
    "food": (FOOD_PROSE, FOOD_POLL),
    "clubs": (CLUB_PROSE, CLUB_POLL),
    "greeting": (GREETING_PROSE, GREETING_POLL),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_residue_mixed_poll_page_keeps_the_article_and_cuts_script_and_poll(make_article, name):
    prose, poll = SHAPES[name]
    article = StripResidue()(make_article(raw_text=f"\xa0\xa0\xa0\xa0{prose} {POLL_SCRIPT} {poll} "))
    assert article.paragraphs == [prose]
    assert [(r.reason, r.text) for r in article.removed] == [("code", POLL_SCRIPT), ("poll", poll)]
    assert article.flags["residue_split"] == 1
    assert compose_text(article).text == prose


def test_residue_mixed_lines_of_a_longer_article_are_split_alone():
    lines = [CLUB_PROSE, f"{FOOD_PROSE} {POLL_SCRIPT} {FOOD_POLL}"]
    by_line, header = judge_by_line(lines)
    assert by_line[0] == [(CLUB_PROSE, None)]
    assert by_line[1] == [(FOOD_PROSE, None), (POLL_SCRIPT, "code"), (FOOD_POLL, "poll")]
    assert header.mixed == 1


def test_residue_mixed_script_inside_the_text_keeps_both_sides():
    first, second = FOOD_PROSE.split(" ويرى ")
    judged, _ = judge_lines([f"{first} {POLL_SCRIPT} ويرى {second}"])
    assert judged == [(first, None), (POLL_SCRIPT, "code"), (f"ويرى {second}", None)]


def test_residue_mixed_json_ld_with_an_arabic_headline_is_one_script():
    script = (
        '{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"headline": "وزير الصحة يفتتح مستشفى جديدا في الشمال", "datePublished": "2015-07-21"}'
    )
    judged, _ = judge_lines([f"{CLUB_PROSE} {script}"])
    assert judged == [(CLUB_PROSE, None), (script, "code")]


def test_residue_mixed_share_bar_in_front_and_widget_text_after():
    bar = "شارك عبر تويتر فيسبوك واتساب اكتب رأيك"
    widget = "اشترك في نشرتنا البريدية ليصلك جديد الأخبار كل صباح. أدخل بريدك الإلكتروني"
    judged, _ = judge_lines([f"{bar} {CLUB_PROSE} {widget}"])
    assert judged[0] == (bar, "share")
    assert judged[1] == (CLUB_PROSE, None)
    assert {reason for _, reason in judged[2:]} == {"widget"}
    assert " ".join(text for text, _ in judged[2:]) == widget


@pytest.mark.parametrize("line", [
    # Quran verses in braces are prose, not a script.
    "وقال الشيخ في خطبته إن الصبر مفتاح الفرج، مستشهدا بقوله تعالى: {وَبَشِّرِ الصَّابِرِينَ} "
    "وداعيا المصلين إلى التراحم والتكافل في أيام الشدة، وإلى الإكثار من الدعاء لإخوانهم المرضى.",
    # A question and an unpunctuated ending, with no poll words and no script: the article's own.
    f"{CLUB_PROSE} فهل تنجح الأندية في ذلك؟ الأيام القادمة وحدها ستجيب عن هذا السؤال",
    # The last sentence names UI words, as news about software does.
    f"{CLUB_PROSE} وينصح الخبراء باستخدام كلمة مرور خاصة بك لكل حساب من حساباتك.",
])
def test_residue_mixed_ordinary_lines_stay_whole(line):
    assert judge_lines([line])[0] == [(line, None)]


def test_residue_mixed_poll_without_script_needs_poll_words():
    line = f"{CLUB_PROSE} استطلاع الرأي: {CLUB_POLL}"
    judged, _ = judge_lines([line])
    assert judged == [(CLUB_PROSE, None), (f"استطلاع الرأي: {CLUB_POLL}", "poll")]


# ------------------------------------------------------------------ never lost whole
def test_residue_article_judged_all_residue_keeps_its_prose_and_is_flagged(make_article):
    # A source that stamps this very sentence on many articles: a learned template, cut.
    line = GREETING_PROSE.split(" وتنظم")[0]
    stage = StripResidue({"site": frozenset({template_key(line)})})
    article = stage(make_article(raw_text=f"{line}\nتعليقات ()", source="site"))
    assert article.paragraphs == [line]
    assert article.flags["residue_kept_prose"] == 1
    assert [r.reason for r in article.removed] == ["widget"]


def test_residue_article_of_residue_only_is_still_refused(make_article):
    article = StripResidue()(make_article(raw_text="تعليقات ()\nشارك عبر فيسبوك تويتر"))
    assert article.paragraphs == []
    assert "residue_kept_prose" not in article.flags
    with pytest.raises(InputError, match="no article text left"):
        compose_text(article)


def test_residue_prose_runs_need_a_sentence_of_measured_length():
    short = "وافق أعضاء المجلس على القرار بالإجماع أمس."
    assert prose_runs(short) == []
    assert prose_runs(short, min_chars=10) == [(0, len(short))]
    style = "padding: 0; margin: 0; width: 300px; height: 200px; float: left; border: 1px solid #ccc."
    assert prose_runs(style * 3) == []
    sentence = f"{FOOD_PROSE.split('. ')[0]}."
    assert prose_runs(f"{POLL_SCRIPT} {sentence}") == [(len(POLL_SCRIPT) + 1, len(POLL_SCRIPT) + 1 + len(sentence))]
    assert len(sentence) >= MIN_PROSE_CHARS


def test_residue_keep_prose_leaves_the_rest_cut_under_its_reason():
    sentence = FOOD_PROSE.split(". ")[0] + "."
    kept, still = keep_prose([Removal(f"{POLL_SCRIPT} {sentence} {FOOD_POLL}", "code"), Removal("عنوان", "title")])
    assert kept == [sentence]
    assert [(r.text, r.reason) for r in still] == [(POLL_SCRIPT, "code"), (FOOD_POLL, "code"), ("عنوان", "title")]


# ------------------------------------------------------------------ the real pages
ALRIYADH_POLL_PAGES = (
    "«إفطار رمضان» بين الإكثار والتقليل",
    "المعسكرات الخارجية أم تسديد الديون.. أيهما أهم؟",
    "جريدة الرياض تهنئكم بحلول عيد الفطر المبارك",
)


def test_residue_real_alriyadh_poll_pages_are_not_lost(shared, make_article):
    path = shared / "data/news/saudinewsnet_full/saudinewsnet_2015-07-21.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = {row["title"]: row for row in map(json.loads, handle) if row.get("title") in ALRIYADH_POLL_PAGES}
    assert sorted(rows) == sorted(ALRIYADH_POLL_PAGES)
    for title, row in rows.items():
        article = compose_text(StripResidue()(make_article(raw_text=row["text"], title=title, source="alriyadh")))
        assert article.text == row["text"].strip()[: len(article.text)]  # the article's opening, unchanged
        assert article.text.endswith("؟") or article.text.endswith("؟.")
        assert [r.reason for r in article.removed] == ["code", "poll"]
        assert "jQuery" not in article.text and "legend" not in article.text
