import codecs

import pytest

from marsad.errors import BinaryInput, EmptyInput, EncodingError
from marsad.sources.decode import declared_charset, decode

ARABIC = (
    "قال وزير الخارجية إن المحادثات مع الوفد الزائر كانت صريحة وبناءة، "
    "وإن الطرفين اتفقا على مواصلة التشاور خلال الأسابيع المقبلة بشأن الملفات العالقة."
)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1256", "iso-8859-6", "utf-16", "utf-8-sig", "utf-32"])
def test_decode_recovers_arabic_in_common_encodings_without_declaration(encoding):
    data = ARABIC.encode(encoding)
    assert decode(data, "x.txt") == ARABIC


def test_decode_prefers_the_declared_charset_for_html():
    html = f'<html><head><meta charset="windows-1256"></head><body><p>{ARABIC}</p></body></html>'
    data = html.encode("cp1256")
    assert declared_charset(data) == "cp1256"
    assert ARABIC in decode(data, "page.html", declared_charset(data))


def test_decode_keeps_utf8_cut_off_mid_character():
    data = ARABIC.encode("utf-8")[:-1]
    assert decode(data, "cut.txt") == ARABIC[:-1]


def test_decode_tolerates_a_few_damaged_bytes_in_utf8():
    data = bytearray((ARABIC * 3).encode("utf-8"))
    data[10] = 0xFF
    text = decode(bytes(data), "damaged.txt")
    assert "\ufffd" in text and "المحادثات" in text


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\n\n"])
def test_decode_refuses_empty_input(data):
    with pytest.raises(EmptyInput, match="'empty.txt': empty input"):
        decode(data, "empty.txt")


def test_decode_refuses_binary_and_says_where():
    with pytest.raises(BinaryInput) as caught:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt")
    assert str(caught.value) == "cannot read 'image.txt': not text (binary data at byte 8)"


def test_decode_refuses_invalid_utf16_after_bom():
    with pytest.raises(EncodingError, match="utf-16"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8", "bad16.txt")


def test_decode_refuses_bytes_in_no_identifiable_encoding():
    import random

    rng = random.Random(1)
    noise = bytes(rng.randrange(128, 256) for _ in range(2000))
    with pytest.raises(EncodingError, match="'noise.txt': not valid UTF-8 and in no encoding we can identify"):
        decode(noise, "noise.txt")


def test_decode_accepts_stray_sub_characters_that_real_dumps_carry():
    assert decode(f"{ARABIC}\x1a".encode(), "dump.txt") == f"{ARABIC}\x1a"
