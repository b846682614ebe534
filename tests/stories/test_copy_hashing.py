"""The vectorised copy signature: the same shingles as the readable path, the same MinHash as
datasketch's `update_batch`, the same keys in every process, and a band family for cut reposts."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
from datasketch import MinHash

from marsad.article import Article
from marsad.service import Archive
from marsad.store.stories import _copy_signatures_v2
from marsad.stories.copies import (
    BANDS,
    LEAD_BANDS,
    band_keys,
    copy_signature,
    estimate_containment,
    estimate_jaccard,
    minhash_values,
    shingle_hashes,
    shingles,
)
from marsad.stories.linker import link_article

TEXTS = [
    "قال المتحدث، في بيان صحفي: إن 12 شخصا أصيبوا (بجروح طفيفة) — وتم نقلهم إلى مستشفى_الملك.",
    "Reuters reported on Thursday that the UN's envoy met 3 ministers; talks resume 24 July 2025.",
    "خبر 🙂 مع رمز خارج المستوى الأساسي 𝔸𝔹 وكلمات أخرى بعده كثيرة لتكفي للتجزئة هنا والآن.",
    "كلمة كلمة كلمة كلمة كلمة كلمة كلمة كلمة كلمة",
    "   ",
    "واحد اثنان",
]

LONG = [f"الفقرة رقم {n} من التقرير تتحدث عن موضوع {n * 7} في مدينة {n * 13} مع تفاصيل {n * 3} إضافية." for n in range(40)]


def test_copy_hashes_count_the_same_shingles_as_the_readable_path():
    for text in TEXTS:
        hashes = shingle_hashes(text)
        assert len(np.unique(hashes)) == len(shingles(text)), text


def test_copy_hashes_fold_like_the_match_form():
    assert np.array_equal(shingle_hashes("أحمد قال إن الأمر واضح"), shingle_hashes("احمد قال ان الامر واضح"))
    assert not np.array_equal(shingle_hashes("أحمد قال إن الأمر واضح"), shingle_hashes("أحمد قال إن الأمر غامض"))


def test_copy_minhash_is_datasketch_update_batch_over_the_same_hashes():
    hashes = shingle_hashes("\n".join(LONG))
    reference = MinHash(num_perm=128, seed=1, hashfunc=int, scheme="affine32")
    reference.update_batch(hashes.tolist())
    assert np.array_equal(minhash_values(hashes), reference.hashvalues.astype(np.uint64))


def test_copy_band_keys_are_the_same_in_another_process():
    code = ("from marsad.article import Article; from marsad.stories.copies import band_keys, copy_signature;"
            f"print(band_keys(copy_signature(Article(text={chr(10).join(LONG)!r}))))")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "123"})
    assert other.stdout.strip() == str(band_keys(copy_signature(Article(text="\n".join(LONG)))))


def test_copy_lead_bands_offer_a_repost_that_keeps_only_the_opening():
    original = copy_signature(Article(text="\n".join(LONG)))
    repost = copy_signature(Article(text="\n".join(["شارك الخبر على فيسبوك", *LONG[:9], "اقرأ المزيد"])))
    assert estimate_jaccard(original, repost) < 0.4  # the whole-text bands alone would often miss it
    assert estimate_containment(repost, original) >= 0.8
    keys_a, keys_b = band_keys(original), band_keys(repost)
    assert len(keys_a) == BANDS + LEAD_BANDS and all(0 <= k < 2**63 for k in keys_a)
    assert set(keys_a[BANDS:]) & set(keys_b[BANDS:])


def test_copy_migration_rebuilds_signatures_and_bands_from_the_stored_text(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        for id, paragraphs in (("orig", LONG), ("copy", ["[ad_1]", *LONG[:30]])):
            item = Article(id=id, url=f"https://x.example/{id}", text="\n\n".join(paragraphs), paragraphs=paragraphs)
            assert archive.store.add(item)
            link_article(archive.store, item)
        conn = archive.store.connection()
        fresh = conn.execute("SELECT article_pk, signature, shingles FROM article_links ORDER BY article_pk").fetchall()
        bands = conn.execute("SELECT key, article_pk FROM copy_bands ORDER BY article_pk, key").fetchall()
        with archive.store.batch():  # what an archive written by the old hashing holds
            conn.execute("UPDATE article_links SET signature = zeroblob(512), shingles = 1")
            conn.execute("DELETE FROM copy_bands")
            _copy_signatures_v2(conn)
        assert conn.execute("SELECT article_pk, signature, shingles FROM article_links ORDER BY article_pk").fetchall() == fresh
        assert conn.execute("SELECT key, article_pk FROM copy_bands ORDER BY article_pk, key").fetchall() == bands
        assert archive.article("copy").provenance.copy_of == "orig"
