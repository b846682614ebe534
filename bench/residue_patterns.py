"""Residue to insert into real articles for the residue evaluation.

Written apart from `marsad.stages.residue.rules` and on purpose in other words:
the eval should measure whether the rules generalise to residue they were not
written from, not whether they recognise their own strings. Everything here is
fictional (outlets, people, handles) except the headlines, which the eval takes
from *other* real articles' titles.

Each generator takes a `random.Random` and a context dict and returns a block of
lines; `KINDS` maps a kind to its generator and to the reason the stage should
give. Header kinds also return what the stage should find (author, date).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

__all__ = ["EXPECTED_REASON", "NATIVE_FIRST_LINE", "NATIVE_LIST_HEADING", "NATIVE_RESIDUE", "make_block", "site_templates"]

OUTLETS = [
    "الأفق نيوز", "بوابة الخليج اليوم", "صدى المدينة", "نبض الشارع", "المرصد الإخباري", "شبكة الوطن",
    "دنيا الأخبار", "الحدث الآن", "موقع الضفتين", "وكالة أنباء النهار", "صحيفة البيان الجديد", "عرب تايمز",
    "منصة خبر", "الرأي الحر", "مرآة الجنوب",
]
OUTLETS_LATIN = ["Alofoq News", "Gulf Gate", "Sada Online", "Nabd Press", "Al Marsad", "Watan Net", "Khabar Today"]
PEOPLE = [
    "محمد العتيبي", "سارة الحربي", "أحمد عبد الرحمن", "ليلى منصور", "خالد الزهراني", "نورة القحطاني",
    "يوسف الشامي", "مريم الأنصاري", "عبدالله بن سعيد", "هالة يوسف", "طارق عيسى", "رنا الخطيب",
    "فهد الدوسري", "إيمان مصطفى", "سامي النجار", "عمر الفاروق",
]
PEOPLE_LATIN = ["Omar Haddad", "Sara Khalil", "Rami Nasser", "Lina Aziz"]
CITIES = ["الرياض", "جدة", "القاهرة", "بيروت", "عمّان", "دبي", "الدوحة", "تونس", "الرباط", "بغداد", "الكويت", "مسقط"]
AGENCIES = ["وكالات", "(أ ف ب)", "رويترز", "د.ب.أ", "الأناضول", "أ.ش.أ", "وام", "كونا", "وكالة الأنباء الألمانية"]
SECTIONS = ["أخبار محلية", "سياسة", "اقتصاد", "رياضة", "منوعات", "تقنية", "صحة", "العالم", "ثقافة وفن", "مقالات الرأي"]
SUBSECTIONS = ["الخليج", "عربي ودولي", "كرة القدم", "أسواق", "تقارير", "حوارات", "محافظات", "متابعات"]
SECTIONS_LATIN = ["News", "Politics", "Economy", "Sports", "World", "Opinion"]

MONTHS_AR = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
             "نوفمبر", "ديسمبر"]
MONTHS_LEV = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
              "تشرين الأول", "تشرين الثاني", "كانون الأول"]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

EXPECTED_REASON = {
    "ad": "ad-placeholder", "widget": "widget", "share": "share", "related": "related",
    "breadcrumb": "breadcrumb", "tags": "tags", "cookie": "cookie", "copyright": "copyright",
    "source": "source-stub", "english": "english-boilerplate", "byline": "byline",
    "timestamp": "timestamp", "title": "title", "template": "template",
}

# Residue that the *original* articles already carry, seen while reading the data.
# Such lines are neither "real" nor "inserted": the eval leaves them out of the
# scores (and reports how many the stage cut).
NATIVE_RESIDUE = [
    r"^//\s*(انتهى|يتبع)\s*//$", r"^\d{1,2}:\d{2}\s*ت\s*م$", r"^رابط الخبر بصحيفة", r"^مقالات أخرى",
    r"^للتواصل", r"^\d+\s*-\s*(Zain|Mobily|Stc)$", r"تبدأ بالرمز", r"^الاتصالات\s*,", r"^ثم الرسالة$",
    r"^\*+\s*جميع المقالات المنشورة", r"^\*\s*نقلا[ًً]? عن", r"^\*\s*خدمة «", r"^\*\s*بالاتفاق مع",
    r"^\*\s*وحدة التقارير", r"^فرانس ?24\s*/", r"^للمزيد\s*[:\-–]", r"^\.\.\.\s*المزيد$", r"لقراءة الحوار كاملا",
    r"^تعليقات\s*\(\)$", r"^\S+@\S+\.\w+$", r"\s[–-]\s*عين اليوم$", r"^عين اليوم\s*[–-]",
    r"^[^\d]{2,30}\s\d{1,2}\s\S+( \S+)?\s14\d\d\s*هـ?\s*الموافق.*واس$", r"^[^\w]*$", r"^عنوان صحفي$",
    r"^//\s*[إا]نتهى", r"^\(?تصوير\s*:", r"^@\w+$", r"^تويتر\s*:", r"^قد يهمك", r"^اقرأ أيضا",
]
# A native "read also" heading is followed by the headlines it lists.
NATIVE_LIST_HEADING = r"^(اقرأ أيضا|قد يهمك)\s*:?\s*$"
# 3alyoum opens every article with "name – عين اليوم" or "name – city".
NATIVE_FIRST_LINE = {"3alyoum": r"^\S+(\s\S+){0,3}\s?[–\-ـ]\s?\S+(\s\S+)?$"}


def _pick(rng: random.Random, items: list) -> object:
    return items[rng.randrange(len(items))]


# ---------------------------------------------------------------- body residue
def ad(rng: random.Random, ctx: dict) -> list[str]:
    n = rng.randint(1, 6)
    forms = [
        f"[ad_{n}]", f"[ads{n}]", f"[ads-{n}]", f'[ad id="{n * 17}"]', "[adsense]", "[inline-ad]", "[/ad]",
        f"[banner_{_pick(rng, ['300x250', '728x90', '160x600'])}]", "<!-- ad -->", f"<!-- Ad Slot {n} -->",
        "<!-- /ads -->", "(إعلان)", "- إعلان -", "إعلان", "--- إعلانات ---", "{{ad_slot}}", f"{{{{ ad_{n} }}}}",
        "%%AD_CODE%%", "مساحة إعلانية", "ADVERTISEMENT", "Advertisement", "- Advertisement -",
        "[advert]", "<div class=\"ad-container\"></div>", "(adsbygoogle = window.adsbygoogle || []).push({});",
        "إعلان ممول", "[sponsored]",
    ]
    return [_pick(rng, forms)]


def widget(rng: random.Random, ctx: dict) -> list[str]:
    outlet = ctx["outlet"]
    blocks = [
        ["النشرة البريدية", "سجّل بريدك ليصلك ملخص أهم الأخبار كل صباح", "البريد الإلكتروني", "اشتراك",
         "شكرًا! تم تسجيل اشتراكك بنجاح.", "عذرًا، حدث خطأ. حاول لاحقًا."],
        ["لا تفوّت أي خبر!", "انضم إلى أكثر من 50 ألف مشترك في نشرتنا الأسبوعية.", "أدخل بريدك الإلكتروني",
         "اشترك الآن"],
        ["هل تريد أن تصلك إشعارات بأهم الأخبار؟", "لا، شكرًا", "نعم، أريد ذلك"],
        [f"حمّل تطبيق {outlet} مجانًا", "متوفر على App Store و Google Play"],
        ["ابقَ على اطلاع", "أهم عناوين اليوم في بريدك قبل الثامنة صباحًا", "تسجيل",
         "بالتسجيل فإنك توافق على شروط الاستخدام وسياسة الخصوصية."],
        [f"اشترك في النشرة المجانية من {outlet}", "احصل على أخبار المنطقة مباشرة في بريدك", "رائع!",
         "خطوة أخيرة …", "يجب تأكيد عنوانك البريدي.", "اتبع الرابط الذي أرسلناه إليك لإتمام التسجيل.",
         "عفوًا!", "تعذّر إتمام طلبك. أعد المحاولة بعد قليل."],
        ["Subscribe to our newsletter", "Get the latest news delivered to your inbox", "Thank you!",
         "Something went wrong. Please try again."],
        [f"انضم لقناة {outlet} على تيليجرام ليصلك الخبر لحظة بلحظة"],
        [f"عدد القراءات: {rng.randint(90, 40000)}", f"وقت القراءة: {rng.randint(1, 9)} دقائق"],
        ["التعليقات (0)", "أضف تعليقك", "الاسم", "البريد الإلكتروني (لن يتم نشره)", "إرسال التعليق"],
        ["فعّل التنبيهات", "ستصلك الأخبار العاجلة فور حدوثها", "تفعيل", "لاحقًا"],
        ["اشترك في خدمة الرسائل القصيرة", f"أرسل كلمة أخبار إلى الرقم {rng.randint(80000, 89999)}"],
        ["كن أول من يعلم", "اشترك بنشرتنا الإخبارية اليومية مجانًا", "تم!", "تحقق من صندوق بريدك لتأكيد اشتراكك."],
        ["تسجيل الدخول", "ليس لديك حساب؟ أنشئ حسابًا جديدًا", "نسيت كلمة المرور؟"],
    ]
    return list(_pick(rng, blocks))


def share(rng: random.Random, ctx: dict) -> list[str]:
    outlet, handle = ctx["outlet"], ctx["handle"]
    singles = [
        "شارك الخبر", "شارك هذا المقال على:", "انسخ الرابط", "أرسل لصديق", "شارك عبر واتساب", "غرّد الخبر",
        f"تابعونا على تويتر @{handle}", f"تابع {outlet} على فيسبوك",
        "لمتابعة آخر الأخبار تابعونا عبر حسابنا على إنستغرام", "Facebook Twitter WhatsApp", "مشاركة",
        "شاركها مع أصدقائك", "اضغط هنا لمتابعة قناتنا على يوتيوب", "انشر على فيسبوك",
        f"تابعوا {outlet} على سناب شات", "شارك برأيك", "طباعة الخبر", "فيسبوك | تويتر | واتساب | تيليجرام",
        "Share on Facebook", "Tweet", "Share this article",
    ]
    if rng.random() < 0.3:
        return ["شارك", "فيسبوك", "تويتر", "واتساب", "البريد الإلكتروني"][: rng.randint(3, 5)]
    return [_pick(rng, singles)]


def related(rng: random.Random, ctx: dict) -> list[str]:
    heads = ctx["headlines"]
    if rng.random() < 0.6:
        form = _pick(rng, [
            "اقرأ أيضاً: {h}", "إقرأ أيضا | {h}", "طالع أيضًا: {h}", "شاهد أيضاً: {h}", "للمزيد: {h}",
            "ذات صلة: {h}", "اقرأ كذلك » {h}", "مقال مقترح: {h}", "قد يعجبك: {h}", "يهمك أيضًا: {h}",
            "ننصحك بقراءة: {h}", "Read also: {h}", "اقرأ المزيد: {h}", "اقرأ ايضا.. {h}", "◄ {h}",
        ])
        return [form.format(h=heads[0])]
    heading = _pick(rng, [
        "أخبار ذات صلة", "مواضيع متعلقة", "الأكثر قراءة", "قد يهمك أيضاً", "اخترنا لك", f"المزيد من {ctx['section']}",
        "آخر الأخبار", "تقارير مشابهة", "Related Posts", "أخبار أخرى", "عناوين أخرى", "شاهد المزيد",
        "مقالات قد تعجبك", "الأكثر تداولاً:",
    ])
    return [heading] + heads[: rng.randint(2, 5)]


def breadcrumb(rng: random.Random, ctx: dict) -> list[str]:
    sec, sub = ctx["section"], _pick(rng, SUBSECTIONS)
    forms = [
        f"الرئيسية > {sec} > {sub}", f"الرئيسية » {sec}", f"الصفحة الرئيسية / أخبار / {sec}",
        f"Home > News > {_pick(rng, SECTIONS_LATIN)}", f"أنت هنا: الرئيسية » {sec} » {sub}", f"{sec} › {sub}",
        f"الرئيسية | {sec} | {sub}", f"الرئيسية ← {sec} ← {sub}", f"الرئيسية / {sec}",
        f"{ctx['outlet']} > {sec} > {sub}",
    ]
    return [_pick(rng, forms)]


def tags(rng: random.Random, ctx: dict) -> list[str]:
    words = ctx["tag_words"][: rng.randint(2, 5)] or ["أخبار", "السعودية"]
    forms = [
        "الوسوم: " + "، ".join(words), "كلمات مفتاحية: " + " - ".join(words), " ".join("#" + w.replace(" ", "_") for w in words),
        "وسوم: " + " | ".join(words), "Tags: " + ", ".join(words), "الكلمات الدلالية " + " ".join(words),
        "مواضيع: " + "، ".join(words), "هاشتاغ: " + " ".join("#" + w.replace(" ", "_") for w in words),
        "ذات العلاقة: " + "، ".join(words), "تصنيفات: " + " / ".join(words),
    ]
    return [_pick(rng, forms)]


def cookie(rng: random.Random, ctx: dict) -> list[str]:
    blocks = [
        ["نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك. بمواصلة التصفح فإنك توافق على ذلك.", "موافق"],
        ["يستخدم هذا الموقع ملفات الكوكيز لضمان حصولك على أفضل تجربة.", "أوافق", "اعرف المزيد"],
        ["هذا الموقع يحفظ بعض البيانات على جهازك لأغراض إحصائية. هل تقبل؟", "قبول الكل", "رفض"],
        ["We use cookies to improve your experience on our website.", "Accept"],
        ["باستخدامك لهذا الموقع فإنك توافق على سياسة الكوكيز.", "حسنًا"],
        ["إعدادات الخصوصية", "نحن نحترم خصوصيتك ونستخدم ملفات الارتباط لأغراض التحليل والإعلانات."],
    ]
    return list(_pick(rng, blocks))


def copyright(rng: random.Random, ctx: dict) -> list[str]:
    outlet, year = ctx["outlet"], rng.randint(2012, 2025)
    forms = [
        f"© {year} {outlet}. جميع الحقوق محفوظة.", f"جميع الحقوق محفوظة لـ {outlet} © {year}",
        f"حقوق النشر © {year} {outlet}", "يُمنع نسخ هذا المحتوى أو إعادة نشره دون إذن خطي.",
        f"كل الحقوق محفوظة - {outlet}", f"الآراء الواردة في المقال تعبر عن رأي كاتبها ولا تعكس بالضرورة موقف {outlet}.",
        f"Copyright © {year} {_pick(rng, OUTLETS_LATIN)}. All Rights Reserved.",
        "جميع المواد المنشورة محمية بموجب قوانين الملكية الفكرية", f"{outlet} ©", f"جميع حقوق الطبع محفوظة {year}",
        f"لا يسمح بإعادة النشر إلا بذكر المصدر: {outlet}",
    ]
    return [_pick(rng, forms)]


def source(rng: random.Random, ctx: dict) -> list[str]:
    outlet, agency = ctx["outlet"], _pick(rng, AGENCIES)
    forms = [
        "المصدر", f"المصدر: {outlet}", "المصدر : وكالات", f"مصدر الخبر: {outlet}", f"المصدر / {outlet}",
        "Source link", f"Source: {_pick(rng, OUTLETS_LATIN)}", f"المصدر: صحيفة {outlet}", f"نقلاً عن {outlet}",
        f"عن {outlet}", f"المرجع: {outlet}", f"المصدر - {agency}", f"(المصدر: {agency})", "المصدر:",
    ]
    return [_pick(rng, forms)]


def english(rng: random.Random, ctx: dict) -> list[str]:
    forms = [
        "Source link", "Related Posts", "Read More", "Continue reading →", "Click here to subscribe", "Loading...",
        "Share this:", "Like this:", "You might also like", "Skip to content", "Back to top", "Print this page",
        "Leave a Reply", "Powered by WordPress", "Photo: Reuters", "Sponsored Links", "Recommended for you",
        "Trending Now", "Cancel reply", "Previous article", "Next article",
    ]
    return [_pick(rng, forms)]


# ---------------------------------------------------------------- header residue
def byline(rng: random.Random, ctx: dict) -> tuple[list[str], str]:
    name, city, agency = _pick(rng, PEOPLE), _pick(rng, CITIES), _pick(rng, AGENCIES)
    forms = [
        (f"بقلم: {name}", name), (f"بقلم {name}", name), (f"كتب: {name}", name), (f"كتبت - {name}", name),
        (f"{name} - {ctx['outlet']}", name), (f"{name} | {city}", name), ("— وكالات", "وكالات"),
        (f"- {agency}", agency.strip("()")), (f"إعداد: {name}", name), (f"تقرير: {name}", name),
        (f"By {_pick(rng, PEOPLE_LATIN)}", None), (f"{city} - {agency}", agency.strip("()")),
        (f"{ctx['outlet']} - {city}", ctx["outlet"]), (f"متابعة: {name}", name), (f"كتب - {name}", name),
    ]
    line, author = _pick(rng, forms)
    return [line], author or line[3:]


def timestamp(rng: random.Random, ctx: dict) -> tuple[list[str], str | None]:
    when = datetime(2014, 1, 1) + timedelta(minutes=rng.randrange(12 * 365 * 24 * 60))
    d, m, y, hh, mm = when.day, when.month, when.year, when.hour, when.minute
    h12, ampm = (hh % 12 or 12), ("م" if hh >= 12 else "ص")
    wd, mar, mlev = WEEKDAYS[when.weekday()], MONTHS_AR[m - 1], MONTHS_LEV[m - 1]
    iso = when.date().isoformat()
    forms = [
        (f"نشر في {d:02d}/{m:02d}/{y} {hh:02d}:{mm:02d}", iso),
        (f"آخر تحديث: {wd} {d} {mar} {y} - {h12}:{mm:02d} {ampm}", iso),
        (f"تاريخ النشر: {y}-{m:02d}-{d:02d}", iso), (f"{y}/{m:02d}/{d:02d} - {hh:02d}:{mm:02d}", iso),
        (f"{wd}، {d} {mlev}/{mar} {y}", iso), (f"نُشر بتاريخ {d} {mar} {y}", iso),
        (f"Updated: {d} {MONTHS_EN[m - 1]} {y}", iso), (f"منذ {rng.randint(2, 11)} ساعات", None),
        (f"{wd} {d:02d}-{m:02d}-{y} | {hh:02d}:{mm:02d}", iso),
        (f"الساعة {hh:02d}:{mm:02d} بتوقيت مكة المكرمة، {d} {mar} {y}", iso),
        (f"آخر تحديث منذ {rng.randint(2, 50)} دقيقة", None), (f"{d} {mar} {y}", iso),
        (f"{mar} {d}, {y}", iso), (f"تم النشر في: {d}.{m}.{y}", iso),
    ]
    line, value = _pick(rng, forms)
    return [line], value


def site_templates(rng: random.Random, outlet: str) -> list[str]:
    """One or two lines a fictional site stamps on every article (no residue vocabulary)."""
    lines = [
        f"{outlet} | بوابتك إلى أخبار الوطن", f"{outlet} — نافذتك على العالم", f"خدمة {outlet} الإخبارية",
        f"جريدة {outlet} الإلكترونية", f"{outlet} - النسخة الرقمية", "كل الأخبار على مدار الساعة",
        f"{outlet}: الخبر كما هو", "من قلب الحدث إلى شاشتك", f"تغطية خاصة من {outlet}", "صوت من لا صوت له",
    ]
    rng.shuffle(lines)
    return lines[: rng.randint(1, 2)]


BODY_KINDS = {
    "ad": ad, "widget": widget, "share": share, "related": related, "breadcrumb": breadcrumb, "tags": tags,
    "cookie": cookie, "copyright": copyright, "source": source, "english": english,
}


# ---------------------------------------------------------------- held-out wording
# Written after the detection rules were frozen and used only in the report part, for
# half of its articles: wording no rule was ever checked against, so the report can
# tell residue the rules have seen the like of from residue they have not.
def _heldout_body(kind: str, rng: random.Random, ctx: dict) -> list[str]:
    outlet, h = ctx["outlet"], ctx["headlines"]
    sec, year, n = ctx["section"], rng.randint(2013, 2025), rng.randint(1, 9)
    words = ctx["tag_words"][:3] or ["أخبار"]
    options: dict[str, list[list[str]]] = {
        "ad": [[f"[ad-slot-{n}]"], ["[ADS_TOP]"], [f"<!-- banner {n} -->"], ["[إعلان]"], ["«إعلان»"],
               ["— مساحة مدفوعة —"], ["{{ advert }}"], ["[dfp_ad]"], ["Sponsored"]],
        "widget": [
            ["النشرة الصباحية", "ملخص يومي بأبرز ما جرى يصلك مع قهوة الصباح", "عنوان البريد", "سجّلني"],
            ["تلقَّ الإشعارات العاجلة من " + outlet, "سماح", "ليس الآن"],
            ["هل أعجبك المقال؟", "قيّم هذا الخبر", "أرسل ملاحظاتك"],
            ["اشتركوا في قناتنا على واتساب لتصلكم الأخبار أولا بأول"],
            [f"المشاهدات: {rng.randint(100, 9000)}", f"التعليقات: {rng.randint(0, 40)}"],
            ["شكرًا لتسجيلك!", "ستجد رسالة التأكيد في بريدك خلال دقائق."],
            ["Newsletter", "Your email address", "Subscribe", "You're all set!"],
            ["حمّل التطبيق الآن", "أندرويد", "آيفون"],
        ],
        "share": [["شاركوا الخبر"], ["أرسله عبر تيليجرام"], [f"تابعونا: @{ctx['handle']}"], ["X | فيسبوك | لينكدإن"],
                  ["انشر المقال"], ["مشاركة عبر البريد"], ["WhatsApp | Telegram | X"],
                  [f"لا تنسَ متابعة {outlet} على إنستغرام"]],
        "related": [[f"إقرأ المزيد: {h[0]}"], [f"اقرأ ايضاً ⬅ {h[0]}"], [f"مواضيع قد تهمك: {h[0]}"],
                    ["أخبار مرتبطة"] + h[:3], ["الأكثر مشاهدة"] + h[:2], [f"طالع كذلك: {h[0]}"],
                    ["Read more:", h[0]], [f"» {h[0]}"], ["المزيد من الأخبار"] + h[:2]],
        "breadcrumb": [[f"الرئيسية › {sec}"], [f"الصفحة الرئيسية » {sec} » الأخبار"], [f"Home » {sec}"],
                       [f"أخبار / {sec} / التفاصيل"]],
        "tags": [["وسوم ذات صلة: " + "، ".join(words)], ["الكلمات المفتاحية " + " ، ".join(words)],
                 ["Tags " + " | ".join(words)], ["الموضوعات: " + " - ".join(words)],
                 [" ".join("#" + w for w in words)]],
        "cookie": [["يستخدم موقعنا الكوكيز لأغراض التحليل.", "فهمت"],
                   ["بالاستمرار في التصفح أنت توافق على استخدامنا لملفات تعريف الارتباط.", "قبول"],
                   ["This site uses cookies.", "OK"],
                   ["نحن نهتم بخصوصيتك", "نستعين بملفات صغيرة على جهازك لتحسين الخدمة", "موافق على الكل"]],
        "copyright": [[f"جميع حقوق النشر محفوظة © {outlet} {year}"], [f"© {outlet} {year}"],
                      [f"حقوق الطبع والنشر {year} - {outlet}"], ["يحظر نسخ المواد دون إذن كتابي من الإدارة."],
                      [f"All rights reserved © {year}"], ["المقالات المنشورة تعبّر عن آراء كُتّابها."]],
        "source": [["مصدر:", outlet], [f"المصدر ـ {outlet}"], [f"المصادر: {outlet}، وكالات"],
                   [f"Source: {outlet}"], ["المصدر: وكالات + مواقع"], [f"نقلًا عن موقع {outlet}"]],
        "english": [["ADVERTISEMENT"], ["Read the full story"], ["Share:"], ["Related"], ["Follow us on X"],
                    ["Comments are closed."], ["Scroll to continue"], ["Sign up"]],
    }
    return list(options[kind][rng.randrange(len(options[kind]))])


def _heldout_header(kind: str, rng: random.Random, ctx: dict) -> tuple[list[str], str | None]:
    name = _pick(rng, PEOPLE)
    if kind == "byline":
        line, author = _pick(rng, [
            (f"بقلم : {name}", name), (f"تقرير - {name}", name), (f"كتبت: {name}", name),
            (f"{name} ـ {ctx['outlet']}", name), ("- وكالات", "وكالات"), (f"إعداد وتحرير: {name}", name),
        ])
        return [line], author
    when = datetime(2015, 1, 1) + timedelta(minutes=rng.randrange(9 * 365 * 24 * 60))
    d, m, y = when.day, when.month, when.year
    line, value = _pick(rng, [
        (f"نُشر: {d}/{m}/{y}", when.date().isoformat()),
        (f"{WEEKDAYS[when.weekday()]} {d} {MONTHS_AR[m - 1]} {y}م", when.date().isoformat()),
        (f"آخر تحديث {y}-{m:02d}-{d:02d} {when.hour:02d}:{when.minute:02d}", when.date().isoformat()),
        (f"Published {MONTHS_EN[m - 1]} {d}, {y}", when.date().isoformat()),
        (f"قبل {rng.randint(2, 9)} ساعات", None),
    ])
    return [line], value


def make_block(kind: str, rng: random.Random, ctx: dict) -> tuple[list[str], str | None]:
    """Lines of one residue block of `kind`, and the header value it carries (if any)."""
    if ctx.get("heldout"):
        if kind in ("byline", "timestamp"):
            return _heldout_header(kind, rng, ctx)
        return _heldout_body(kind, rng, ctx), None
    if kind == "byline":
        return byline(rng, ctx)
    if kind == "timestamp":
        return timestamp(rng, ctx)
    return BODY_KINDS[kind](rng, ctx), None
