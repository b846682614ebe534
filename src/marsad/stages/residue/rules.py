"""Word lists and patterns that tell scraper residue from article text.

Everything here is matched against the *folded* line (`marsad.arabic.fold`), so a
pattern written once in ordinary spelling covers every hamza, ya and ta-marbuta
variant. Patterns are written in plain Arabic and folded when compiled (their
regex escapes are left as written).

The lists describe *kinds* of residue by their vocabulary, not the strings of one
site: newsletter widgets talk to "you" about e-mail and subscriptions, share bars
name social networks, "related" lines open with a read-also cue, and so on. Cues
carry weights; residue.py adds them up per line and decides with the line's shape
and its neighbours.
"""

from __future__ import annotations

import re
from datetime import datetime

from marsad.arabic import fold

__all__ = ["FAMILIES", "SOCIAL", "author_name", "parse_published", "timestamp"]


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a pattern written in display spelling against folded text.

    Only the literal parts are folded; escapes such as \\W stay as written (folding
    lower-cases, which would turn \\W into \\w).
    """
    parts = re.split(r"(\\.|\(\?P<\w+>)", pattern)
    return re.compile("".join(p if p.startswith(("\\", "(?P<")) else fold(p) for p in parts))


def _folded_words(text: str) -> frozenset[str]:
    return frozenset(fold(word) for word in text.split())


def _alt(*phrases: str) -> str:
    return "(?:" + "|".join(phrases) + ")"


_SOCIAL_NAMES = _alt(
    r"فيسبوك", r"فيس بوك", r"تويتر", r"إكس\b", r"انستغرام", r"انستجرام", r"إنستغرام", r"انستقرام",
    r"يوتيوب", r"تيليجرام", r"تلغرام", r"تليجرام", r"تيليغرام", r"واتساب", r"واتس اب", r"واتس آب",
    r"سناب ?شات", r"تيك ?توك", r"لينكد ?إن", r"جوجل بلس", r"بنترست", r"ماسنجر", r"ريديت",
)

# ---------------------------------------------------------------- scored cues
# Per kind: strong cues (UI or legal phrasing that is residue on its own in a short
# line, two points each) and weak cues (one point; they count only together with
# other cues, or inside a block that a strong line anchors). Cues are plain
# substrings where clitics may precede them, which also keeps the scan fast.
_CUE_TABLE: dict[str, tuple[list[str], list[str]]] = {
    "widget": (
        [
            r"صندوق (?:ال)?(?:وارد|بريد)", r"بريدك\b", r"عنوان(?:ك)? (?:ال)?بريد",
            r"(?:ادخل|أدخل|اكتب) (?:عنوان )?(?:ال)?(?:بريد|ايميل|إيميل)",
            r"نشر(?:ة|ات) (?:ال)?(?:بريدي|إخباري|اخباري|يومي|أسبوعي)", r"نشرتنا\b", r"القائمة البريدية",
            r"اشتراكك\b", r"تم (?:ال)?(?:اشتراك|تسجيل)", r"^\W*اشترك(?:وا)?\W*$",
            r"اشترك(?:وا)? (?:الآن|مجانا|معنا|في (?:ال)?نشر)\b", r"(?:سجل|سجلوا) (?:الآن|معنا|مجانا|بريدك)\b",
            r"(?:تسجيل|سجل) (?:ال)?دخول\b", r"(?:إنشاء|أنشئ) حساب", r"كلمة (?:ال)?مرور\b", r"تطبيقنا\b",
            r"(?:حمل|حملوا|نزل|نزلوا|تحميل) (?:ال)?تطبيق", r"(?:فعل|تفعيل|فعلوا) (?:ال)?(?:إشعارات|تنبيهات)",
            r"app store|google play|آب ستور|جوجل بلاي|غوغل بلاي",
            r"(?:وقت|مدة) القراءة\b|(?:دقيقة|دقائق|دقيقتان|دقيقتين) (?:لل)?قراءة\b",
            r"(?:المشاهدات|القراءات|الزيارات)\s*[:\d]", r"تعليقات?\s*\(\s*\d*\s*\)",
            r"(?:أضف|اضف|اكتب|أرسل|إرسال|اترك) (?:ال)?(?:تعليق|رأي|رد)(?:ك|كم)?\b", r"\b(?:س?[يت]|ل|لي|لت)صلك\b",
        ],
        [
            r"اشترك|اشتراك", r"نشرة\b|نشرات\b", r"البريد الإلكتروني|إيميل", r"مجانا|مجانية|مجاني\b",
            r"احصل على", r"يرجى|الرجاء|من فضلك", r"محاولة (?:مرة )?أخرى|حاول (?:مرة )?أخرى|أعد المحاولة",
            r"لاحقا", r"تأكيد", r"أرسلنا", r"للتو", r"مشكلة|حدث خطأ|خطأ ما", r"تقديمك|طلبك|حسابك",
            r"^\W*(?:نجاح|خطأ|شكرا|عذرا|تم|رائع|عفوا)\b", r"انتهى تقريبا", r"تسجيل|\bسجل\b",
            r"الخاص بك|\bلك\b|إليك", r"يوميا|أسبوعيا|أولا بأول|لحظة بلحظة", r"(?:آخر|أحدث|أهم) (?:ال)?أخبار",
            r"مباشرة إلى", r"إشعارات|تنبيهات", r"رسائل (?:ال)?قصيرة|\bsms\b",
        ],
    ),
    "share": (
        [
            r"^\W*(?:شارك|شاركوا|شاركها|انشر|انشروا|انشرها|مشاركة)\W*$",
            r"^\W*(?:شارك|انشر|غرد)(?:ها|ه|وا)? (?:على|عبر|من خلال)\b|(?:شاركها|شاركه|شاركوها|انشرها) مع\b",
            r"^\W*(?:شارك|انشر|أرسل|ارسل)(?:ها|ه|وا)? (?:هذا|هذه|الخبر|المقال|المقالة|الموضوع|الصفحة|الرابط)\b",
            r"شارك(?:نا|وا)? (?:ب)?رأي",
            r"تابعونا|تابعنا (?:على|عبر)\b|تابعوا (?:صفحت|حساب|قنات)|تابع (?:صفحتنا|حسابنا|قناتنا)",
            r"^\W*(?:تابع|تابعوا|تابعي|لمتابعة)\b.{0,40}\b(?:على|عبر) (?:" + _SOCIAL_NAMES + ")",
            r"صفحتنا\b|حسابنا\b|قناتنا\b|حساباتنا\b|مجموعتنا\b", r"(?:أرسل|ارسل)(?:ه|ها)? ?(?:ل|إلى) ?صديق",
            r"(?:انسخ|نسخ) (?:ال)?رابط\b",
        ],
        [_SOCIAL_NAMES, r"^\W*(?:شارك|مشاركة|طباعة|اطبع|غرد|انشر|البريد|إرسال|أرسل)\b", r"تابع", r"رابط"],
    ),
    "cookie": (
        [r"ملفات (?:تعريف )?(?:ال)?ارتباط|تعريف الارتباط|كوكيز|cookie"],
        [
            r"الخصوصية|شروط الاستخدام|privacy", r"موافق|أوافق|أقبل|قبول|رفض|توافق|تقبل|accept",
            r"تجربت?ك|تصفح|باستخدامك|استمرارك|بمواصلة|إعدادات", r"نستخدم|يستخدم", r"جهازك|متصفحك",
        ],
    ),
    "copyright": (
        [
            r"©|\(c\)|copyright|all rights reserved|(?:ال)?حقوق(?: \w+){0,3} محفوظة",
            r"تمثل (?:رأي|وجهة نظر) (?:كاتب|كتاب|أصحاب|صاحب)",
            r"لا (?:تعبر|تمثل|تعكس) (?:بالضرورة )?(?:عن )?(?:رأي|وجهة نظر|سياسة|موقف)",
            r"(?:يمنع|يحظر|لا يجوز|لا يسمح|غير مسموح|ممنوع)\s+(?:\w+\s+)?(?:ب|ل)?(?:ال)?(?:نسخ|إعادة|نقل|اقتباس|استخدام)",
        ],
        [
            r"يمنع|يحظر|ممنوع|لا يجوز|غير مسموح|لا يسمح", r"نسخ|إعادة (?:ال)?نشر|اقتباس",
            r"(?:دون|بدون) إذن|إذن (?:مسبق|خطي|كتابي)|محفوظة", r"الملكية الفكرية|محمي|حقوق (?:ال)?(?:نشر|طبع)",
            r"موقع|صحيفة|جريدة|محتوى|المقالات|الآراء|المنشورة|المواد",
        ],
    ),
}


class Family:
    """One kind of scored residue: its strong and its weak cues.

    Each cue is its own pattern: one that starts with a literal is found by a fast
    prefix scan, where a single alternation of all cues is several times slower.
    """

    def __init__(self, strong: list[str], weak: list[str]) -> None:
        self.strong = [_rx(p).search for p in strong]
        self.weak = [_rx(p).search for p in weak]

    def strong_hits(self, folded: str) -> int:
        """How many distinct strong cues the line has."""
        return sum(1 for search in self.strong if search(folded))

    def weak_hits(self, folded: str) -> int:
        """How many distinct weak cues the line has."""
        return sum(1 for search in self.weak if search(folded))


SOCIAL = _rx(_SOCIAL_NAMES)
FAMILIES: dict[str, Family] = {name: Family(*cues) for name, cues in _CUE_TABLE.items()}

# ------------------------------------------------------------- whole-line shapes
# Ad slots as scrapers and autoblogs leave them: shortcodes, HTML comments, template
# variables, and the word "advertisement" standing alone in any dress.
AD_PLACEHOLDER = _rx(
    r"^(?:\[\s*/?\s*[a-z][\w\- ]*(?:\s+[a-z_]+\s*=\s*['\"\u201c\u201d]?[^\]]*)?\]"
    r"|<!--.*?-->|<\s*/?\s*(?:ins|div|script|iframe|span|aside|ad)\b[^>]*>"
    r"|\{\{\s*[\w\-\. ]+\s*\}\}|\{%.*%\}|%%[\w\-]+%%|\$\{\w+\}"
    r"|[\(\[\-–—\*\s]*(?:إعلان|اعلان|إعلانات|مساحة إعلانية|مساحة اعلانية|محتوى (?:مدفوع|ممول|برعاية)"
    r"|إعلان ممول|advertisement|advert|ads?|sponsored|sponsored content|publicité)[\)\]\-–—\*\s:]*)$"
)
HTML_ONLY = re.compile(r"^(?:\s*<[^<>]+>\s*)+$")
AD_WORD = re.compile(r"\bads?\b|adv|banner|sponsor")
CODE = _rx(r"adsbygoogle|googletag\.|window\.\w+|function\s*\(|^\s*(?:var|let|const)\s+\w+\s*=|\}\);?\s*$")
LINK_ONLY = _rx(r"^(?:(?:https?://|www\.)\S+|[\w\.\-+]+@[\w\-]+\.[\w\.\-]+|[\s\|,،\-–/]+)+$")

# "Read also: <headline>", "related news", "more…": always at the start of the line.
RELATED = _rx(
    r"^\W*(?:" + _alt(
        r"(?:[وف])?(?:ا|إ)?قرأ(?:وا)? (?:أيضا|ايضا|كذلك|المزيد|أكثر)",
        r"(?:شاهد|طالع|تابع|اطلع)(?:وا)? (?:أيضا|ايضا|كذلك|المزيد)",
        r"(?:أخبار|مواضيع|مقالات|موضوعات|تقارير|روابط|قصص|فيديوهات|عناوين) (?:ذات صلة|متعلقة|مشابهة|أخرى|متصلة|مرتبطة)",
        r"ذات صلة|قد (?:يهمك|يعجبك|تهمك|يثير اهتمامك)|ننصحك بقراءة|لا تفوت|اخترنا لك|اختيارات المحرر",
        r"(?:ال)?أكثر (?:قراءة|مشاهدة|تداولا|تعليقا|شعبية|انتشارا)|(?:ال)?مزيد من (?:ال)?(?:أخبار|مقالات|مواضيع)",
        r"(?:ل|لل)?(?:مزيد|المزيد)(?: من (?:ال)?(?:تفاصيل|معلومات))?\s*(?:[:\-–|»«]|$)",
        r"(?:اضغط|انقر|إضغط) هنا|لقراءة (?:ال)?(?:مزيد|خبر|مقال|تقرير|حوار|تفاصيل)",
        r"(?:في|على) (?:نفس|ذات) (?:السياق|الموضوع|القسم)\s*[:\-–|]",
        r"(?:\w+ )?(?:قد )?(?:يهمك|يعجبك|تهمك|تعجبك)\b|(?:مقال|مقالات|موضوع|مواضيع|خبر|أخبار|قراءة)\s(?:مقترح|مقترحة|مختارة)",
        r"(?:ال)?مزيد من \w+(?: \w+)?\s*:?\s*$|(?:آخر|أحدث|أهم|أبرز) (?:ال)?(?:أخبار|مقالات|عناوين|مواضيع)\s*:?\s*$",
        r"read (?:also|more|next)|see also|related(?: posts| articles| stories| news)?\s*:|more on this",
    ) + r")"
)
# An arrow-led headline ("◄ ...") is a link to another story.
RELATED_ARROW = re.compile(r"^\s*[◄►➤▶◀⇐⇒➜➔❮❯]+\s*\S")
RELATED_TAIL = _rx(r"(?:\.\.\.|…)\s*(?:ال)?مزيد\s*$")

SOURCE_STUB = _rx(
    r"^\W*(?:المصدر|مصدر الخبر|المصادر|مصادر|المرجع|المراجع|source(?: link)?|sources|via|credits?"
    r"|بتصرف(?: عن)?|(?:نقلا|نقل) عن)\s*(?:[:：\-–—|/»«←→>]\s*.*|\s*\W*)$"
)
NAKL_AN = _rx(r"^\W*(?:نقلا|نقل|بتصرف) عن\s+\S")

TAGS = _rx(
    r"^\W*(?:(?:ال)?وسوم|الوسم|(?:ال)?كلمات (?:ال)?(?:مفتاحية|دلالية)|tags?|tagged(?: with)?|keywords)\b"
    r"|^\W*(?:هاشتاج|هاشتاق|الهاشتاجات|تصنيفات?|التصنيفات?|سمات|مواضيع|موضوعات|topics|الأقسام|القسم|categories"
    r"|filed under|posted in)\s*[:：\-–|]"
)
HASHTAG = re.compile(r"#[^\s#]+")

BREADCRUMB_SEP = re.compile(r"\s(?:>|»|›|<|«|‹|/|\||←|→|::|>>|<<)\s")
BREADCRUMB_HOME = _rx(r"^\W*(?:(?:ال)?صفحة (?:ال)?رئيسية|الرئيسية|رئيسية|home|أنت هنا|انت هنا|you are here)\b")

BYLINE = _rx(
    r"^\W*(?:بقلم|by|written by|reported by|reporting by)\s*[:：\-–—|/]?\s*(?P<name>.+)$"
    r"|^\W*(?:كتب|كتبت|كتبه|كتابة|إعداد|اعداد|تحرير|ترجمة|متابعة|تقرير|حوار|تصوير|عدسة|مراسلة|مراسل"
    r"|مراسلنا|الكاتب|الكاتبة|المحرر|بواسطة|author|editor)\s*[:：\-–—|/]\s*(?P<name2>.+)$"
    r"|^\W*(?:كتب|كتبت|بواسطة)\s+(?P<name3>\w+(?:\s+\w+){0,2})\s*:?$"
)
ENGLISH_RELATED_HEADING = _rx(
    r"^\W*(?:related|you (?:may|might) also like|read (?:more|also|next)|recommended|more (?:from|on|stories)|trending"
    r"|most (?:read|popular|viewed)|see also|also read)\b"
)
# News narration: a sentence led by "و" or by a reporting verb is the article's own,
# whatever UI words it quotes ("وقالت الشركة إن المستخدمين يمكنهم تفعيل الإشعارات").
NARRATION = _rx(
    r"^\W*و\w\w|\b(?:قال|قالت|أكد|أكدت|أضاف|أضافت|أوضح|أوضحت|أشار|أشارت|أعلن|أعلنت|ذكر|ذكرت|كشف|كشفت"
    r"|أفاد|أفادت|صرح|صرحت|نقلت|بحسب|وفقا)\b"
)
# Words without which a sentence ending like prose at the end of a mixed line is not worth scoring
# as appended widget text (a cheap check before the cue scan; raw text, not folded).
APPENDED_HINT = re.compile(r"مصدر|نقلا|بتصرف|بريد|الآراء|رأي كاتب|الملكية|محفوظة|اشتر|سجل|سجّل|تسجيل|تطبيق|حقوق|©|تابع|شارك|تعليق|الخصوصية|ملفات|اقرأ|إقرأ|المزيد|[A-Za-z]{4}")
# A reader poll with no poll script next to it: words that open one ("استطلاع الرأي:"),
# where the poll starts, and words of a question put to the reader.
POLL_INTRO = _rx(r"استطلاع|استفتاء|تصويت|\bصوت(?:وا)?\b|شارك(?:نا|وا)? (?:ب)?رأي|شارك في")
POLL_QUESTION = _rx(r"\bب?رأيك\b|توقعك|\bاختر\b")
CAPTION_OPENING = _rx(r"^\W*(?:جانب من|من |صورة|صور |لقطة|الصورة|photo)")
# Two or three short parts joined by dashes, bars or slashes: "فلان - عين اليوم", "الرياض - واس".
_PART = r"[^\s\-–—|/]+(?:\s+[^\s\-–—|/]+){0,3}"
CREDIT_SHAPE = re.compile(rf"^\W*{_PART}(?:\s*[\-–—|/]\s*{_PART}){{1,2}}\W*$")
LEADING_DASH = re.compile(r"^\s*[\-–—]+\s*\S")

# Latin-script boilerplate in an Arabic page.
ENGLISH = _rx(
    r"\b(?:advertisement|advert|sponsored|source|related|read (?:more|also|next|full)|continue reading"
    r"|click here|share|tweet|follow us|subscribe|sign up|newsletter|loading|skip to|back to top|print"
    r"|e-?mail|comments?|leave a (?:reply|comment)|previous|next (?:post|article|story)|tags?|posted|filed"
    r"|you (?:may|might) also|also like|recommended|trending|most (?:read|popular|viewed)|cookies?|privacy"
    r"|copyright|rights reserved"
    r"|powered by|photo|image|credit|getty|shutterstock|more|menu|search|home|login|log in|whatsapp|facebook"
    r"|twitter|telegram|instagram|youtube|linkedin|pinterest|reddit|like this|download|app|notifications?"
    r"|breaking|update[sd]?|published|posted on|by\b|inbox|thank you|thanks|try again|went wrong|latest news"
    r"|delivered|sign in|register|accept|more from|see also)"
)
# In an English page the words above are ordinary words ("more", "update", "published"):
# only whole-phrase UI text counts there.
ENGLISH_PAGE = _rx(
    r"^\W*(?:advertisement|sponsored(?: content)?|read (?:more|also|next|full story)|continue reading|click here"
    r"|share (?:this|on|via)|follow us|subscribe\b|sign up\b|newsletter|skip to|back to top|leave a (?:reply|comment)"
    r"|next (?:post|article|story)|previous (?:post|article|story)|you (?:may|might) also like|recommended for you"
    r"|enter your e-?mail|success!|thank you for (?:subscribing|signing up)|you're on the list|try again"
    r"|something went wrong|source link|related (?:stories|articles|news)|all rights reserved|cookies?\b"
    r"|privacy policy|sign in\b|log in\b|most (?:read|popular|viewed))"
    r"|(?:newsletter|inbox|subscribe|sign up|try again later|all rights reserved)\W*$"
)
UI_WORDS = frozenset(fold(w) for w in (
    "نجاح", "خطأ", "تم", "شكرا", "شكراً", "إغلاق", "اغلاق", "موافق", "التالي", "السابق", "تحميل",
    "جار التحميل", "نعم", "لا شكرا", "إلغاء", "الغاء", "إرسال", "ارسال", "بحث", "القائمة", "حفظ",
    "أغلق", "تخطي", "تخطى", "عرض الكل", "حسنا", "رائع", "عفوا", "لاحقا", "اعرف المزيد", "تفعيل", "الاسم",
    "الاسم الكامل", "رقم الجوال", "رقم الهاتف", "تعليقك", "اشتراك", "تسجيل", "دخول", "المزيد",
    "ok", "close", "next", "previous", "more", "loading", "yes", "no", "cancel", "submit", "send", "done",
    "error", "success",
))

# ------------------------------------------------------------------ dates
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
    "يناير كانون الثاني جانفي january jan",
    "فبراير شباط فيفري february feb",
    "مارس آذار march mar",
    "أبريل ابريل إبريل نيسان أفريل april apr",
    "مايو أيار ماي may",
    "يونيو يونيه حزيران جوان june jun",
    "يوليو يوليه تموز جويلية july jul",
    "أغسطس اغسطس آب أوت august aug",
    "سبتمبر أيلول september sep sept",
    "أكتوبر اكتوبر تشرين الأول october oct",
    "نوفمبر تشرين الثاني november nov",
    "ديسمبر كانون الأول december dec",
), start=1):
    for _token in _names.split():
        _MONTHS.setdefault(fold(_token), _number)
# Two-word Levantine names first, so "تشرين الاول" is not read as a bare "تشرين".
_MONTHS.update(
    {fold("كانون الثاني"): 1, fold("كانون الأول"): 12, fold("تشرين الأول"): 10, fold("تشرين الثاني"): 11}
)
for _bare in (fold("كانون"), fold("تشرين"), fold("الثاني"), fold("الأول")):
    _MONTHS.pop(_bare, None)
_MONTH_ALT = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))

DATE_PATTERNS = (
    ("ymd", re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?!\d)")),
    # "12 مارس 2025", "3 آب/أغسطس 2019", "12 مارس (آذار) 2025"
    ("dMy", re.compile(
        rf"(?<!\d)(\d{{1,2}})\s+({_MONTH_ALT})(?:\s*[/\-(]\s*(?:{_MONTH_ALT})\s*\)?)?\s*,?\s*(\d{{4}})(?!\d)"
    )),
    ("Mdy", re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)")),
)
TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(ص|م|صباحا|مساء|مساءا|am|pm|a\.m\.|p\.m\.)?(?!\w)")
RELATIVE_TIME = _rx(
    r"^\W*(?:(?:آخر )?(?:تحديث|نشر)\W*)?(?:منذ|قبل)\s+(?:\d+\s+)?"
    r"(?:دقيقة|دقائق|دقيقتين|ساعة|ساعات|ساعتين|يوم|أيام|يومين|أسبوع|أسابيع|شهر|أشهر)\W*$"
    r"|^\W*\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago\W*$"
)
# Words that may surround a date in a timestamp line without making it a sentence.
TIMESTAMP_WORDS = _folded_words(
    "نشر نُشر نشرت تم النشر تاريخ بتاريخ في آخر اخر تحديث التحديث محدث حدث عدل تعديل الساعة يوم اليوم "
    "الموافق هـ م ت ص مساء صباحا مساءً صباحاً بتوقيت توقيت مكة المكرمة غرينتش جرينتش gmt utc "
    "السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة سبت أحد اثنين ثلاثاء أربعاء خميس جمعة "
    "محرم صفر ربيع الأول الثاني الآخر جمادى الأولى الآخرة رجب شعبان رمضان شوال القعدة ذو ذي الحجة "
    "published updated posted on at last modified date time am pm "
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun كانون تشرين"
) | frozenset(_MONTHS)
LATIN_LETTER = re.compile(r"[a-z]")
ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3]")


_LETTER_RUNS = re.compile(r"[^\W\d_]+")
_BYLINE_NAME = re.compile(
    r"^\W*(?:بقلم|كتبت|كتب|by|written by|[^\s:：\-–—|/]+)\s*[:：\-–—|/]?\s*(.+)$", re.IGNORECASE
)


def author_name(byline: str) -> str:
    """The name in a byline: what follows "بقلم", "كتب", "By" or any one leading word and a colon."""
    match = _BYLINE_NAME.match(byline)
    return (match.group(1) if match else byline).strip(" -–—|/:،.")


def timestamp(folded: str) -> tuple[str, str | None] | None:
    """("timestamp" or "dateline", ISO date or None) for a line that is only a date, else None.

    A timestamp line is dates, times and the words around them ("نشر في", weekday,
    "بتوقيت مكة"); a dateline adds up to three other words, a place and an agency.
    """
    if RELATIVE_TIME.match(folded):
        return "timestamp", None
    spans = [m.span() for _, p in DATE_PATTERNS for m in p.finditer(folded)]
    has_date = bool(spans)
    spans += [m.span() for m in TIME.finditer(folded)]
    if not spans:
        return None
    rest = folded
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    other = [w for w in _LETTER_RUNS.findall(rest) if w not in TIMESTAMP_WORDS]
    value = parse_published(folded) if has_date else None
    if not other:
        return "timestamp", value
    if has_date and len(other) <= 3:
        return "dateline", value
    return None


def parse_published(folded: str) -> str | None:
    """The first Gregorian date (and time, if any) in a folded line, as ISO 8601.

    Arabic pages write day before month (12/03/2025); when the first number cannot be
    a day-of-month pair that way round we swap. Hijri years (14xx) are not converted,
    and are skipped, so "25 شوال 1436 هـ الموافق 10 أغسطس 2015" gives 2015-08-10.
    """
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(folded):
            day, month, year = _dmy(kind, match.groups())
            if not (1900 <= year <= 2100):
                continue
            if month > 12 and day <= 12:
                day, month = month, day
            try:
                value = datetime(year, month, day)
            except ValueError:
                continue
            return _with_time(value, folded)
    return None


def _dmy(kind: str, groups: tuple[str, ...]) -> tuple[int, int, int]:
    if kind == "ymd":
        return int(groups[2]), int(groups[1]), int(groups[0])
    if kind == "dmy":
        return int(groups[0]), int(groups[1]), int(groups[2])
    if kind == "dMy":
        return int(groups[0]), _MONTHS[groups[1]], int(groups[2])
    return int(groups[1]), _MONTHS[groups[0]], int(groups[2])


def _with_time(value: datetime, folded: str) -> str:
    match = TIME.search(folded)
    if not match:
        return value.date().isoformat()
    hour, minute = int(match.group(1)), int(match.group(2))
    suffix = (match.group(4) or "").replace(".", "")
    if suffix in ("م", "pm", "مساء", "مساءا") and hour < 12:
        hour += 12
    elif suffix in ("ص", "am", "صباحا") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return value.date().isoformat()
    return value.replace(hour=hour, minute=minute).isoformat(timespec="minutes")
