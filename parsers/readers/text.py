"""Plain text: bytes in an unknown encoding → Unicode text.

The order of the checks is the order of certainty:
1. a byte-order mark says UTF-8 or UTF-16;
2. UTF-16 without a mark shows as zero bytes in every other position;
3. other zero or control bytes mean the file is not text at all;
4. valid UTF-8 is UTF-8 (random 8-bit text almost never is);
5. mostly-valid UTF-8 is a damaged UTF-8 file: refused, with the byte offset;
6. otherwise an 8-bit encoding: CP1258, TCVN3 or VNI, whichever decoding
   reads as the most correct Vietnamese (see legacy.vietnamese_score).

>>> decode_bytes("Việt Nam".encode("utf-16-le"))
'Việt Nam'
"""

from __future__ import annotations

import codecs
import os
import unicodedata
from functools import partial
from pathlib import Path
from typing import Callable

from parsers.readers import Unreadable, too_large
from parsers.readers.legacy import (
    LEGACY_ENCODINGS,
    decode_legacy,
    reads_as_vietnamese,
    vietnamese_score,
)

# Enough text to tell encodings apart; scoring more only costs time.
SNIFF_BYTES = 64 * 1024
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1a")  # \x1a: DOS end of file
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def read_text_file(path: Path, max_bytes: int) -> str:
    return decode_bytes(read_bounded(path, max_bytes))


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing files over `max_bytes` without reading them."""
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size > max_bytes:
            raise too_large(max_bytes)
        data = handle.read(max_bytes + 1)  # and files whose size lies (pipes)
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    return data


def decode_bytes(data: bytes) -> str:
    """Decode text bytes (not normalized), or raise Unreadable with the reason."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data, codec)
    utf16 = _bomless_utf16(data[:SNIFF_BYTES])
    if utf16:
        return _decode_strict(data, utf16)
    if b"\x00" in data or _control_ratio(data[:SNIFF_BYTES]) > 0.01:
        raise Unreadable("binary content, not text (nor PDF, DOCX, HTML or an image)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        valid, invalid = _utf8_sequences(data)
        if valid > invalid:  # a UTF-8 file with damage, not 8-bit text
            raise Unreadable(f"invalid UTF-8: {invalid} bad byte sequence(s), the first at byte {err.start}") from err
    return decode_8bit(data)


def decode_8bit(data: bytes) -> str:
    """CP1258, TCVN3 or VNI: the decoding that reads as the best Vietnamese."""
    return _8bit_decoders()[detect_8bit_encoding(data)](data)


def detect_8bit_encoding(data: bytes) -> str:
    """The name of the 8-bit encoding whose decoding scores best."""
    sample = data[:SNIFF_BYTES]
    decoders = _8bit_decoders()
    # max() keeps the first of equals: CP1258, the safe choice for text without diacritics.
    return max(decoders, key=lambda name: vietnamese_score(decoders[name](sample)))


def _8bit_decoders() -> dict[str, Callable[[bytes], str]]:
    decoders = {"CP1258": _decode_cp1258}
    for name, encoding in LEGACY_ENCODINGS.items():
        decoders[name] = partial(decode_legacy, encoding=encoding)
    return decoders


def _decode_cp1258(data: bytes) -> str:
    # CP1258 writes tones as combining marks: compose them before scoring.
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def repair_legacy_text(text: str) -> str:
    """Text that is really TCVN3 or VNI shown through Windows-1252, converted.

    A DOCX or web page typed in a .VnTime or VNI-Times font holds such text
    ("QuyÕt ®Þnh"). Only text with no Vietnamese-only letter (ă, đ, ơ, ư, ạ…)
    is considered, and it is converted only when a legacy reading scores
    better than the text as it is and reads as Vietnamese written correctly:
    OCR output that lost its diacritics ("Ké hoach", "dé nghi") has no
    Vietnamese-only letter either, and a legacy table would only garble it.
    """
    if text.isascii() or any(_is_vietnamese_only(c) for c in text):
        return text
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:
        return text
    sample = data[:SNIFF_BYTES]
    best_text, best_score = text, vietnamese_score(text[:SNIFF_BYTES])
    for encoding in LEGACY_ENCODINGS.values():
        reading = decode_legacy(sample, encoding)
        score = vietnamese_score(reading)
        if score > best_score and reads_as_vietnamese(reading):
            best_text, best_score = decode_legacy(data, encoding), score
    return best_text


def _is_vietnamese_only(char: str) -> bool:
    """Letters Windows-1252 lacks: ă đ ơ ư (and capitals) and U+1EA0–U+1EF9."""
    return char in "ăĂđĐơƠưƯ" or "\u1ea0" <= char <= "\u1ef9"


def _decode_strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        name = codec.replace("-sig", "").upper()
        raise Unreadable(f"invalid {name}: bad bytes at byte {err.start}") from err


def _bomless_utf16(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when zero bytes fill every other position.

    Vietnamese text is mostly ASCII letters and spaces, whose UTF-16 high
    byte is zero; no 8-bit text has zero bytes at all.
    """
    half = len(sample) // 2
    if half < 2:
        return None
    zeros_even = sample[0::2].count(0) / half
    zeros_odd = sample[1::2].count(0) / half
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    return sum(sample.count(b) for b in _CONTROL_BYTES) / len(sample)


def _utf8_sequences(data: bytes) -> tuple[int, int]:
    """(valid multi-byte characters, invalid byte sequences) of `data` as UTF-8."""
    decoded = data.decode("utf-8", errors="replace")
    invalid = decoded.count("\ufffd")
    non_ascii = len(decoded) - len(decoded.encode("ascii", errors="ignore"))
    return non_ascii - invalid, invalid
