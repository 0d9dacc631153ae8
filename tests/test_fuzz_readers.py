"""Property tests: readers fail only with their one-line reason, legacy
tables round-trip, and the extractor never raises on what readers return."""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.extract import extract_text
from parsers.read import ReadError, read_text
from parsers.readers import Unreadable
from parsers.readers.html import html_to_text
from parsers.readers.legacy import LEGACY_ENCODINGS, decode_legacy, encode_legacy
from parsers.readers.text import decode_bytes, repair_legacy_text
from reader_fixtures import to_docx

VNI = LEGACY_ENCODINGS["VNI"]
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "004_8056d9e22a67d95b.txt"
SAMPLE_DOCX = to_docx(SAMPLE.read_text(encoding="utf-8")[:1500])
VIETNAMESE_LETTERS = "".join(
    unicodedata.normalize("NFC", v + tone)
    for v in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
) + "đĐ"
vietnamese_text = st.text(alphabet=VIETNAMESE_LETTERS + "bcdghklmnpqrstvx 0123456789/-.,\n", max_size=200)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=2000))
def test_decode_bytes_fails_only_with_a_reason(data):
    try:
        text = decode_bytes(data)
    except Unreadable as err:
        assert "\n" not in str(err)
    else:
        assert isinstance(text, str)


@FUZZ
@given(st.binary(max_size=2000))
def test_legacy_decoding_never_raises(data):
    for encoding in LEGACY_ENCODINGS.values():
        text = decode_legacy(data, encoding)
        assert unicodedata.is_normalized("NFC", text)


@FUZZ
@given(vietnamese_text)
def test_vni_round_trip(text):
    assert decode_legacy(encode_legacy(text, VNI), VNI) == text


@FUZZ
@given(st.text(max_size=300))
def test_repair_legacy_text_never_raises(text):
    assert isinstance(repair_legacy_text(text), str)


@FUZZ
@given(st.text(max_size=500))
def test_html_to_text_never_raises(html):
    assert isinstance(html_to_text(html), str)


# Each example below runs a reader on a file (and for PDFs and images an
# external program): fewer examples keep the test under a minute.
FILE_FUZZ = settings(FUZZ, max_examples=150)


@FILE_FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["", "%PDF-1.4\n", "PK\x03\x04", "\x89PNG\r\n\x1a\n", "<html>"]))
def test_read_text_fails_only_with_read_error(data, magic):
    text = _read_or_report(magic.encode("latin-1") + data)
    if text is not None:
        extract_text(text)


@FILE_FUZZ
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE_DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_docx_fails_only_with_read_error(flips):
    data = bytearray(SAMPLE_DOCX)
    for offset, value in flips:
        data[offset] = value
    _read_or_report(bytes(data))


def _read_or_report(data: bytes) -> str | None:
    """The text read from a file of `data`, or None after checking the reason."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "input")
        path.write_bytes(data)
        try:
            return read_text(path)
        except ReadError as err:
            assert str(err).startswith(f"{path}: ") and "\n" not in str(err)
            return None


@FUZZ
@given(st.text(max_size=1000))
def test_extractor_never_raises(text):
    extract_text(text)
