"""Bytes from the web into text, whatever encoding they came in.

Arabic pages still arrive in windows-1256 and ISO-8859-6, often with no
declaration or a wrong one. Order of trust: a byte-order mark, then valid UTF-8,
then a charset the document declares (HTML meta), then charset-normalizer's
detection. Binary data and empty input are refused with a reason a person can act on.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from marsad.errors import BinaryInput, EmptyInput, EncodingError

__all__ = ["check_unicode", "declared_charset", "decode"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
# Control bytes that never appear in text in any of the encodings we accept (SUB, 0x1A,
# and ESC, 0x1B, do: real Arabic news dumps carry stray SUBs).
_BINARY_BYTES = frozenset(range(9)) | frozenset(range(14, 32)) - {26, 27}
_BINARY = re.compile(b"[" + re.escape(bytes(sorted(_BINARY_BYTES))) + b"]")


def check_unicode(text: str, origin: str, what: str = "the text") -> str:
    """`text`, if it is valid Unicode. A JSON escape such as `\\ud83d` without its pair gives a
    string no encoder accepts (nor SQLite, nor a terminal), so it is refused here, at the reader,
    with where it is, instead of failing later in a stage or in the archive."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(text[error.start])
        raise EncodingError(origin, f"{what} is not valid Unicode (a lone surrogate, U+{code:04X}, "
                                    f"at character {error.start})") from None
    return text


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares near its top, if a known one."""
    head = data[:_SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _binary_offset(data: bytes) -> int | None:
    """Offset of the first byte that marks `data` as binary, if any."""
    found = _BINARY.search(data, 0, _SNIFF_BYTES)
    return found.start() if found else None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes is still UTF-8; legacy encodings fail on most."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return text if multibyte >= 20 and bad * 50 <= multibyte else None


def decode(data: bytes, origin: str, declared: str | None = None) -> str:
    """Text of `data`; raises an `InputError` naming `origin` when there is none."""
    if not data.strip():
        raise EmptyInput(origin, "empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise EncodingError(origin, f"invalid {encoding} after its byte-order mark ({error.reason})")
    offset = _binary_offset(data)
    if offset is not None:
        raise BinaryInput(origin, f"not text (binary data at byte {offset})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            return data[: error.start].decode("utf-8")  # cut off mid-character
        mostly = _mostly_utf8(data)
        if mostly is not None:
            return mostly
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise EncodingError(origin, "not valid UTF-8 and in no encoding we can identify")
    return str(best)
