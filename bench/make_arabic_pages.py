"""Arabic news pages of our own making, for scoring HTML extraction on Arabic.

The public evaluation set holds only two Arabic pages with a full reference text, too few to
tell extractors apart. So we take real Arabic article text (SaudiNewsNet, ANT multisource,
under ../shared/data/news) and pour it into templates we wrote ourselves, modelled on the
kinds of pages Arabic news sites serve: RTL layouts with navigation menus, breadcrumbs,
"اقرأ أيضا" boxes inside and after the story, share bars, newsletter boxes, comments,
"الأكثر قراءة" sidebars, cookie banners, ad slots and copyright footers; a legacy table
layout with <br>-separated paragraphs; several pages in windows-1256 with the charset declared.
The reference text (gold) is exactly the article's paragraphs.

The pages are generated at bench time (seeded, deterministic) and never committed: the text
belongs to its publishers. `--out DIR` writes them to disk, with a manifest.jsonl in the same
shape as the evaluation set's, for a person to look at.

Caveat: the templates and marsad's Arabic boilerplate rules come from the same hands, so a gain
here is weaker evidence than a gain on real pages; develop with another `--seed` than the
bench's and read both columns.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

NEWS = Path(__file__).resolve().parents[1].parent / "shared/data/news"
FILES = (
    "saudinewsnet/saudinewsnet_2015-08-06.jsonl.gz",
    "ant_multisource_v2.1_2018-04/ant_multisource_2018-04.part01.jsonl.gz",
)
SEED = 20240601

SECTIONS = ["الرئيسية", "أخبار محلية", "عربي ودولي", "سياسة", "اقتصاد", "رياضة", "ثقافة وفنون",
            "تكنولوجيا", "صحة", "منوعات", "مقالات الرأي", "فيديو", "إنفوغراف"]
SITES = ["بوابة الأفق", "الوطن اليوم", "صدى الخليج", "المرصد الإخباري", "أخبار الساعة"]
AUTHORS = ["محمد عبد الله", "سارة الحربي", "خالد المصري", "فاطمة الزهراء", "أحمد العلي"]
COMMENTERS = ["أبو محمد", "سارة", "خالد العتيبي", "مواطن", "زائر", "أم عبدالله", "ناصر"]
COMMENTS = [
    "الله يحفظ بلادنا من كل شر", "خبر مهم جداً، شكراً على المتابعة",
    "نتمنى أن تتحسن الأوضاع قريباً إن شاء الله", "أين دور الجهات المسؤولة من هذا؟",
    "مقال رائع ومفيد، بارك الله فيكم", "للأسف هذا ما يحدث كل مرة ولا أحد يتحرك",
    "متى سيتم تطبيق هذا القرار على أرض الواقع؟", "كلام جميل لكن العبرة بالتنفيذ",
    "نريد تفاصيل أكثر عن الموضوع", "الحمد لله على كل حال",
]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
          "أكتوبر", "نوفمبر", "ديسمبر"]
DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
COOKIE = ("نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك على موقعنا. باستمرارك في تصفح "
          "الموقع فإنك توافق على سياسة الخصوصية وشروط الاستخدام.")


@dataclass(frozen=True, slots=True)
class SyntheticPage:
    """One generated page and what a perfect extractor returns for it."""

    id: str
    html: bytes
    gold: str
    url: str
    title: str
    published: str
    author: str
    encoding: str
    template: str


def load_articles(news: Path = NEWS) -> list[dict]:
    """Articles long enough to be a story and short enough to be one page."""
    rows = []
    for name in FILES:
        with gzip.open(news / name, "rt", encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle)
    keep = []
    for row in rows:
        paragraphs = [p.strip() for p in (row.get("text") or "").split("\n") if p.strip()]
        words = sum(len(p.split()) for p in paragraphs)
        if row.get("title") and 40 <= words <= 1500:
            keep.append({**row, "paragraphs": paragraphs})
    return sorted(keep, key=lambda r: r["id"])


@dataclass(slots=True)
class Ctx:
    """What a template needs: the story, the site around it, and the dice."""

    rng: random.Random
    art: dict
    others: list[dict]
    site: str
    author: str
    when: datetime

    def e(self, text: str) -> str:
        return html.escape(text, quote=True)

    def _pick(self, k: int) -> list[dict]:
        return [o for o in self.rng.sample(self.others, k + 1) if o is not self.art][:k]

    def headlines(self, k: int) -> list[str]:
        return [self.e(o["title"]) for o in self._pick(k)]

    def teasers(self, k: int) -> list[tuple[str, str]]:
        """Headline + first sentence of other stories: the hardest look-alike of content."""
        picked = self._pick(k)
        return [(self.e(o["title"]), self.e(o["paragraphs"][0].split(".")[0][:220])) for o in picked]

    def arabic_date(self) -> str:
        w = self.when
        return f"{DAYS[w.weekday()]} {w.day} {MONTHS[w.month - 1]} {w.year} - {w.strftime('%H:%M')}"

    def nav(self) -> str:
        items = "".join(f'<li><a href="/section/{i}">{s}</a></li>' for i, s in enumerate(SECTIONS))
        return f'<nav class="main-menu"><ul>{items}</ul></nav>'

    def share(self) -> str:
        nets = ["فيسبوك", "تويتر", "واتساب", "تيليجرام", "لينكد إن", "نسخ الرابط"]
        links = "".join(f'<a href="#" class="share-{i}">{n}</a>' for i, n in enumerate(nets))
        return f'<div class="social-share"><span>شارك عبر</span>{links}</div>'

    def comments(self) -> str:
        n = self.rng.randint(1, 4)
        items = "".join(
            f'<li class="comment"><b>{self.rng.choice(COMMENTERS)}</b> <small>منذ {self.rng.randint(2, 50)} '
            f'دقيقة</small><p>{self.rng.choice(COMMENTS)}</p><a href="#">رد</a></li>'
            for _ in range(n))
        form = ('<form><h4>أضف تعليقك</h4><input placeholder="الاسم"><input placeholder="البريد الإلكتروني">'
                '<textarea>اكتب تعليقك هنا</textarea><small>لن يتم نشر بريدك الإلكتروني. التعليقات تعبر '
                'عن رأي أصحابها</small><button>إرسال</button></form>')
        return f'<section id="comments"><h3>التعليقات ({n})</h3><ol>{items}</ol>{form}</section>'

    def newsletter(self) -> str:
        return ('<div class="newsletter-box"><h4>اشترك في نشرتنا البريدية</h4><p>احصل على أهم الأخبار '
                'يومياً في بريدك الإلكتروني</p><input type="email" placeholder="بريدك الإلكتروني">'
                '<button>اشترك</button></div>')

    def most_read(self, tag: str = "aside") -> str:
        items = "".join(f"<li><a href='/n/{i}'>{h}</a></li>" for i, h in enumerate(self.headlines(5)))
        return f'<{tag} class="sidebar"><h3>الأكثر قراءة</h3><ol>{items}</ol></{tag}>'

    def footer(self) -> str:
        links = " | ".join(f'<a href="/p/{i}">{t}</a>' for i, t in enumerate(
            ["من نحن", "اتصل بنا", "سياسة الخصوصية", "شروط الاستخدام", "أعلن معنا"]))
        return (f'<footer><div class="links">{links}</div><div class="follow">تابعونا على: '
                '<a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">يوتيوب</a></div>'
                f'<p>جميع الحقوق محفوظة © {self.when.year} {self.site}</p></footer>')

    def cookie(self) -> str:
        return f'<div id="cookie-notice"><p>{COOKIE}</p><button>موافق</button></div>'


def body_paragraphs(ctx: Ctx, inline: Callable[[Ctx, int], str], wrap: str = "p") -> str:
    """The story's paragraphs with in-story residue (read-also links, ad slots) between them."""
    out = []
    for i, para in enumerate(ctx.art["paragraphs"]):
        out.append(f"<{wrap}>{ctx.e(para)}</{wrap}>")
        if 0 < i < len(ctx.art["paragraphs"]) - 1:
            out.append(inline(ctx, i))
    return "\n".join(out)


def _modern(ctx: Ctx) -> str:
    def inline(c: Ctx, i: int) -> str:
        if i == 1:
            return f'<div class="read-also"><strong>اقرأ أيضا:</strong> <a href="/n/9">{c.headlines(1)[0]}</a></div>'
        return '<div class="ad-slot"><span>إعلان</span></div>' if i == 3 else ""

    tags = " ".join(f'<a href="/tag/{i}">{s}</a>' for i, s in enumerate(ctx.rng.sample(SECTIONS[1:], 3)))
    related = "".join(f"<li><a href='/r/{i}'>{h}</a></li>" for i, h in enumerate(ctx.headlines(ctx.rng.randint(3, 6))))
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{ctx.e(ctx.art['title'])} | {ctx.site}</title>
<meta property="og:title" content="{ctx.e(ctx.art['title'])}"><meta property="og:site_name" content="{ctx.site}">
<meta property="article:published_time" content="{ctx.when.isoformat()}"><meta name="author" content="{ctx.e(ctx.author)}">
</head><body>{ctx.cookie()}<header><a class="logo" href="/">{ctx.site}</a>{ctx.nav()}</header>
<div class="breadcrumb"><a href="/">الرئيسية</a> › <a href="/s">{ctx.rng.choice(SECTIONS[1:])}</a> › <span>{ctx.e(ctx.art['title'])}</span></div>
<main><article><h1>{ctx.e(ctx.art['title'])}</h1>
<div class="meta"><span class="author">بقلم: {ctx.e(ctx.author)}</span> <time datetime="{ctx.when.isoformat()}">{ctx.arabic_date()}</time></div>
{ctx.share()}<figure><img src="/img/1.jpg" alt=""><figcaption>صورة أرشيفية</figcaption></figure>
<div class="article-body">{body_paragraphs(ctx, inline)}</div>
<div class="tags">الكلمات المفتاحية: {tags}</div>{ctx.share()}
<section class="related"><h3>اقرأ أيضا</h3><ul>{related}</ul></section>{ctx.newsletter()}{ctx.comments()}</article>
{ctx.most_read()}</main>{ctx.footer()}</body></html>"""


def _legacy(ctx: Ctx) -> str:
    paras = "<br><br>\n".join(ctx.e(p) for p in ctx.art["paragraphs"])
    side = "".join(f"<tr><td><a href='/n/{i}'>{h}</a></td></tr>" for i, h in enumerate(ctx.headlines(6)))
    menu = " | ".join(f'<a href="/s/{i}">{s}</a>' for i, s in enumerate(SECTIONS[:8]))
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>{ctx.site} - {ctx.e(ctx.art['title'])}</title></head><body>
<table width="980" align="center"><tr><td colspan="2"><font size="5"><b>{ctx.site}</b></font><br>{menu}</td></tr>
<tr><td width="720" valign="top">
<table><tr><td class="date">{ctx.arabic_date()}</td></tr>
<tr><td><font size="4" color="#990000"><b>{ctx.e(ctx.art['title'])}</b></font></td></tr>
<tr><td class="author">كتب: {ctx.e(ctx.author)}</td></tr>
<tr><td class="text">{paras}</td></tr>
<tr><td><a href="#">طباعة</a> | <a href="#">أرسل لصديق</a> | <a href="#">تكبير الخط</a> | <a href="#">تصغير الخط</a></td></tr>
<tr><td><b>أخبار ذات صلة</b><br>{'<br>'.join(f"<a href='/r/{i}'>{h}</a>" for i, h in enumerate(ctx.headlines(4)))}</td></tr></table>
</td><td width="260" valign="top"><table><tr><td><b>الأكثر قراءة</b></td></tr>{side}</table>
<table><tr><td>مساحة إعلانية</td></tr></table></td></tr>
<tr><td colspan="2" align="center">جميع الحقوق محفوظة لـ{ctx.site} © {ctx.when.year}<br>{menu}</td></tr></table>
</body></html>"""


def _portal(ctx: Ctx) -> str:
    def inline(c: Ctx, i: int) -> str:
        if i != 2:
            return ""
        items = "".join(f"<li><a href='/x/{k}'>{h}</a></li>" for k, h in enumerate(c.headlines(3)))
        return f'<div class="inner-box"><h4>طالع أيضا</h4><ul>{items}</ul></div>'

    ticker = " ♦ ".join(ctx.headlines(5))
    cards = "".join(f'<div class="col-md-4 card"><a href="/m/{i}"><h3>{t}</h3></a><p>{s}</p></div>'
                    for i, (t, s) in enumerate(ctx.teasers(ctx.rng.randint(3, 6))))
    return f"""<!DOCTYPE html><html dir="rtl"><head><meta charset="UTF-8"><title>{ctx.e(ctx.art['title'])}</title>
<meta name="description" content="{ctx.e(ctx.art['paragraphs'][0][:150])}"></head><body>
<div class="top-bar"><span class="breaking">عاجل</span><marquee>{ticker}</marquee></div>
<div class="container"><div class="row">{ctx.nav()}</div><div class="row">
<div class="col-md-8"><h1 class="nwsTitle">{ctx.e(ctx.art['title'])}</h1>
<div class="nwsInfo"><span>{ctx.site}</span> - <span>{ctx.arabic_date()}</span> <span class="views">{ctx.rng.randint(100, 9999)} مشاهدة</span></div>
<div class="sharebox"><a href="#">فيسبوك</a><a href="#">تويتر</a><a href="#">واتساب</a><span>{ctx.rng.randint(3, 300)} مشاركة</span></div>
<div id="NewsStory" class="nwsTxt">{body_paragraphs(ctx, inline)}
<p class="promo">تابعوا آخر الأخبار عبر قناة {ctx.site} على تيليجرام</p></div>
<div class="fb-comments"><h4>أضف تعليقك</h4><p>التعليقات المنشورة لا تعبر عن رأي الموقع</p></div>
<h2 class="sec-title">المزيد من الأخبار</h2><div class="row">{cards}</div></div>
<div class="col-md-4">{ctx.most_read("div")}<div class="adv">إعلان</div>{ctx.newsletter()}</div></div></div>
{ctx.footer()}</body></html>"""


def _blog(ctx: Ctx) -> str:
    related = "".join(f'<div class="rel-post"><img src="/t.jpg"><a href="/p/{i}">{h}</a></div>'
                      for i, h in enumerate(ctx.headlines(3)))
    recent = "".join(f"<li><a href='/r/{i}'>{h}</a></li>" for i, h in enumerate(ctx.headlines(5)))
    cats = "".join(f"<li><a href='/c/{i}'>{s}</a> ({ctx.rng.randint(5, 900)})</li>" for i, s in enumerate(SECTIONS[1:7]))
    return f"""<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="UTF-8">
<title>{ctx.e(ctx.art['title'])} &#8211; {ctx.site}</title><link rel="canonical" href="{ctx.e(ctx.art['url'])}">
<meta property="og:site_name" content="{ctx.site}"></head><body class="single-post rtl">
<div id="page"><header id="masthead"><p class="site-title">{ctx.site}</p>{ctx.nav()}</header>
<div id="content"><div id="primary"><article class="post type-post">
<header class="entry-header"><h1 class="entry-title">{ctx.e(ctx.art['title'])}</h1>
<div class="entry-meta">نشر في <time class="entry-date published" datetime="{ctx.when.isoformat()}">{ctx.when.strftime('%d/%m/%Y')}</time>
بواسطة <span class="author vcard"><a href="/author/1">{ctx.e(ctx.author)}</a></span></div></header>
<div class="entry-content">{body_paragraphs(ctx, lambda c, i: "")}</div>
<footer class="entry-footer"><span class="cat-links">نشرت في <a href="#">{ctx.rng.choice(SECTIONS[1:])}</a></span>
{ctx.share()}</footer></article>
<div class="related-posts"><h3>مقالات ذات صلة</h3>{related}</div>
<div id="respond"><h3>اترك تعليقاً</h3><p>لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *</p>
<textarea></textarea><input value="إرسال التعليق" type="submit"></div></div>
<aside id="secondary"><section class="widget"><h2>أحدث المقالات</h2><ul>{recent}</ul></section>
<section class="widget"><h2>التصنيفات</h2><ul>{cats}</ul></section></aside></div>
<footer id="colophon">جميع الحقوق محفوظة © {ctx.when.year} {ctx.site} | تصميم وتطوير فريق الموقع</footer></div></body></html>"""


def _agency(ctx: Ctx) -> str:
    def inline(c: Ctx, i: int) -> str:
        return f'<div class="more">للمزيد: <a href="/m/{i}">{c.headlines(1)[0]}</a></div>' if i % 3 == 2 else ""

    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="windows-1256">
<title>{ctx.e(ctx.art['title'])}</title><meta name="pubdate" content="{ctx.when.strftime('%Y%m%d')}"></head><body>
{ctx.cookie()}<div id="header"><div class="logo">{ctx.site}</div>{ctx.nav()}
<div class="app">حمّل تطبيق {ctx.site} على هاتفك</div></div>
<div id="wrapper"><div class="story"><div class="story-date">{ctx.arabic_date()}</div>
<h1>{ctx.e(ctx.art['title'])}</h1><div class="src">{ctx.site} - {ctx.e(ctx.author)}</div>
<div class="img"><img src="/p.jpg"><span class="caption">(أرشيفية)</span></div>
<div class="story-body">{body_paragraphs(ctx, inline, wrap="div")}</div>
<div class="tools"><a href="#">طباعة</a> <a href="#">حفظ</a> {ctx.share()}</div></div>
{ctx.most_read("div")}{ctx.comments()}</div>{ctx.footer()}</body></html>"""


TEMPLATES: dict[str, tuple[Callable[[Ctx], str], str]] = {
    "modern": (_modern, "utf-8"),
    "legacy-table": (_legacy, "windows-1256"),
    "portal": (_portal, "utf-8"),
    "blog": (_blog, "utf-8"),
    "agency": (_agency, "windows-1256"),
}


def _when(row: dict, rng: random.Random) -> datetime:
    try:
        return datetime.fromisoformat(row["date"]).replace(tzinfo=None)
    except (KeyError, TypeError, ValueError):
        return datetime(2018, 4, rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))


def generate(n: int = 200, seed: int = SEED, news: Path = NEWS) -> list[SyntheticPage]:
    """`n` pages, templates in turn, stories drawn with `seed`; the same arguments, the same pages."""
    rng = random.Random(seed)
    pool = load_articles(news)
    chosen = rng.sample(pool, n)
    pages = []
    for i, art in enumerate(chosen):
        name = list(TEMPLATES)[i % len(TEMPLATES)]
        render, encoding = TEMPLATES[name]
        ctx = Ctx(rng, art, pool, rng.choice(SITES), art.get("author") or rng.choice(AUTHORS), _when(art, rng))
        markup = render(ctx)
        pages.append(SyntheticPage(
            id=f"syn-{name}-{i:03d}", html=markup.encode(encoding, errors="xmlcharrefreplace"),
            gold="\n".join(art["paragraphs"]), url=art["url"], title=art["title"],
            published=ctx.when.date().isoformat(), author=ctx.author, encoding=encoding, template=name))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write pages and manifest.jsonl into")
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--news", type=Path, default=NEWS)
    args = parser.parse_args()
    if not args.news.is_dir():
        raise SystemExit(f"make_arabic_pages: news data not found at {args.news}")
    (args.out / "html").mkdir(parents=True, exist_ok=True)
    (args.out / "gold").mkdir(exist_ok=True)
    with open(args.out / "manifest.jsonl", "w", encoding="utf-8") as manifest:
        for page in generate(args.n, args.seed, args.news):
            (args.out / "html" / f"{page.id}.html").write_bytes(page.html)
            (args.out / "gold" / f"{page.id}.txt").write_text(page.gold, encoding="utf-8")
            row = {"id": page.id, "lang": "ar", "html": f"html/{page.id}.html", "gold": f"gold/{page.id}.txt",
                   "gold_type": "full", "url": page.url, "template": page.template, "encoding": page.encoding}
            manifest.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} pages to {args.out}")


if __name__ == "__main__":
    main()
