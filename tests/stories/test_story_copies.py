from marsad.article import Article
from marsad.stories.copies import (
    band_keys,
    copy_signature,
    estimate_containment,
    estimate_jaccard,
    shingles,
)

PARAGRAPHS = [
    "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في المدينة بسعة ثلاثمئة سرير لخدمة سكان المنطقة الشمالية.",
    "وقال وزير الصحة خلال حفل الافتتاح إن المستشفى يضم أقساما للطوارئ والعناية المركزة وجراحة القلب.",
    "وأضاف أن المشروع كلف نحو مئتي مليون ريال واستغرق بناؤه ثلاث سنوات بمشاركة شركات محلية ودولية.",
    "ومن المتوقع أن يبدأ المستشفى استقبال المرضى مطلع الشهر المقبل بعد اكتمال تجهيز المعدات الطبية.",
    "وأشار الوزير إلى خطة لبناء خمسة مستشفيات أخرى في المحافظات خلال العامين المقبلين لتخفيف الضغط.",
]


def _article(paragraphs: list[str]) -> Article:
    return Article(text="\n\n".join(paragraphs), paragraphs=paragraphs)


def test_copies_shingles_use_the_folded_match_form():
    assert shingles("أحمد قال إن الأمر") == shingles("احمد قال ان الامر")


def test_copies_a_repost_with_residue_a_cut_ending_and_edits_is_contained():
    original = copy_signature(_article(PARAGRAPHS))
    edited = [p.replace("الصحة", "الصحه") for p in PARAGRAPHS[:3]]
    repost = copy_signature(_article(["اقرأ أيضا: أخبار اليوم", *edited, "شارك الخبر"]))
    assert estimate_containment(repost, original) >= 0.8
    assert estimate_jaccard(repost, original) < 0.8  # Jaccard alone would miss the cut repost


def test_copies_another_text_on_the_same_subject_is_not_a_copy():
    other = copy_signature(_article([
        "افتتحت وزارة التعليم مدرسة جديدة في الحي الشمالي تتسع لألف طالب وطالبة في المرحلة الابتدائية.",
        "وقال مدير التعليم إن المدرسة مجهزة بمختبرات حديثة ومكتبة وملاعب رياضية وقاعات للأنشطة.",
    ]))
    assert estimate_containment(other, copy_signature(_article(PARAGRAPHS))) < 0.3


def test_copies_signature_is_stable_and_round_trips():
    first, again = copy_signature(_article(PARAGRAPHS)), copy_signature(_article(PARAGRAPHS))
    assert band_keys(first) == band_keys(again)
    restored = type(first).from_bytes(first.to_bytes(), first.size)
    assert estimate_jaccard(first, restored) == 1.0


def test_copies_too_short_or_empty_text_has_no_signature():
    assert copy_signature(Article(text="")) is None
    assert copy_signature(Article(text="خبر عاجل")) is None
