"""Vietnamese 8-bit encodings from before Unicode: TCVN3 (ABC) and VNI.

Their tables are data (``data/encodings/*.toml``); this module turns a table
into a decoder and an encoder, and scores a decoding by how Vietnamese it
looks, so that the text reader can pick the right encoding of a file that
does not say which one it uses.

>>> tcvn3 = LEGACY_ENCODINGS["TCVN3"]
>>> decode_legacy("QuyÕt ®Þnh".encode("cp1252"), tcvn3)
'Quyết định'
>>> decode_legacy("Quyeát ñònh".encode("cp1252"), LEGACY_ENCODINGS["VNI"])
'Quyết định'
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ENCODINGS_DIR = Path(__file__).resolve().parents[2] / "data" / "encodings"

# Bytes a legacy table does not list are what Word stored them as: Windows-1252.
# The five bytes 1252 leaves undefined read as Latin-1 (C1 controls), which
# the scorer counts as odd.
_FALLBACK = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


@dataclass(frozen=True)
class LegacyEncoding:
    """One byte → the Unicode text it stands for (a letter or combining marks)."""

    name: str
    byte_to_text: tuple[str, ...]  # 256 entries
    # TCVN3 wrote capitals with tone marks as lowercase codes in an all-capital font.
    capitals_font: bool


def _load_encoding(path: Path) -> LegacyEncoding:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    header = data.pop("encoding")
    table = list(_FALLBACK)
    for section in data.values():
        for hex_byte, text in section.items():
            table[int(hex_byte, 16)] = text
    return LegacyEncoding(header["name"], tuple(table), header["capitals_font"])


LEGACY_ENCODINGS: dict[str, LegacyEncoding] = {
    enc.name: enc for enc in map(_load_encoding, sorted(ENCODINGS_DIR.glob("*.toml")))
}


# ---------------------------------------------------------------- decoding

def decode_legacy(data: bytes, encoding: LegacyEncoding) -> str:
    """Bytes in a legacy encoding → NFC Unicode text."""
    table = encoding.byte_to_text
    text = unicodedata.normalize("NFC", "".join(map(table.__getitem__, data)))
    return restore_capitals(text) if encoding.capitals_font else text


_WORD = re.compile(r"[^\W\d_]+")


def restore_capitals(text: str) -> str:
    """Upper-case words typed in capitals with TCVN3's all-capital font.

    A word is taken as written in capitals when it has at least two uppercase
    letters and no lowercase ASCII letter ("B¸O" → "BÁO", "TØNH" → "TỈNH");
    "Së" (Sở) keeps its case. A one-letter-capital word in a heading ("X·")
    stays in lowercase: the case of a letter never changes what it means here.
    """

    def fix(match: re.Match) -> str:
        word = match.group()
        if sum(c.isupper() for c in word) >= 2 and not any("a" <= c <= "z" for c in word):
            return word.upper()
        return word

    return _WORD.sub(fix, text)


# ---------------------------------------------------------------- encoding

@lru_cache(maxsize=None)
def _letter_to_bytes(encoding: LegacyEncoding) -> dict[str, bytes]:
    """The inverse table: each letter → its shortest byte sequence.

    Built by decoding every single byte and every letter + mark pair, so the
    encoder can never disagree with the decoder.
    """
    table = encoding.byte_to_text
    candidates = [bytes([b]) for b in range(128, 256)]
    bases = [b for b in range(256) if len(table[b]) == 1 and table[b].isalpha()]
    marks = [b for b in range(128, 256) if table[b] and unicodedata.combining(table[b][0])]
    # A mark byte's Windows-1252 glyph has a case ("ø", "Ø"); VNI typists used
    # the one matching the letter's, so those pairs come first.
    pairs = [bytes([base, mark]) for base in bases for mark in marks]
    pairs.sort(key=lambda p: _FALLBACK[p[0]].isupper() != _FALLBACK[p[1]].isupper())
    candidates += pairs
    inverse: dict[str, bytes] = {}
    for seq in candidates:
        letter = unicodedata.normalize("NFC", "".join(table[b] for b in seq))
        if len(letter) == 1 and letter not in inverse:
            inverse[letter] = seq
    return inverse


def encode_legacy(text: str, encoding: LegacyEncoding) -> bytes:
    """NFC text → bytes in a legacy encoding (used to make test fixtures).

    Capitals the encoding has no code for are written with the lowercase
    code, as the all-capital font did. Raises ValueError on a character the
    encoding cannot write.
    """
    inverse = _letter_to_bytes(encoding)
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char < "\x80":
            out += char.encode("ascii")
        elif char in inverse:
            out += inverse[char]
        elif encoding.capitals_font and char.lower() in inverse:
            out += inverse[char.lower()]
        else:
            out += _encode_fallback(char, encoding)
    return bytes(out)


def _encode_fallback(char: str, encoding: LegacyEncoding) -> bytes:
    """A non-letter through Windows-1252, unless its byte is taken by a letter."""
    try:
        byte = char.encode("cp1252")
    except UnicodeEncodeError:
        byte = b""
    if not byte or encoding.byte_to_text[byte[0]] != char:
        raise ValueError(f"{encoding.name} has no code for {char!r}")
    return byte


# ---------------------------------------------------------------- scoring

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# A syllable: onset, then a vowel group that may take a final consonant, or
# one that ends in a glide and takes none.
_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
_VOWELS_BEFORE_CODA = "uyê|oo|oa|oă|oe|uâ|uê|uô|uơ|uy|iê|yê|ươ|[aăâeêioôơuưy]"
_VOWELS_OPEN = (
    "uây|uôi|uya|uyu|ươi|ươu|iêu|yêu|oai|oao|oay|oeo"
    "|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu"
)
_CODA = "(?:ng|nh|ch|[cmnpt])?"
_SYLLABLE = re.compile(f"{_ONSET}(?:(?:{_VOWELS_BEFORE_CODA}){_CODA}|(?:{_VOWELS_OPEN}))")


@lru_cache(maxsize=1 << 16)
def is_vietnamese_syllable(word: str) -> bool:
    """Spelling check of one syllable: at most one tone, a valid onset/rime.

    >>> is_vietnamese_syllable("nghiêng"), is_vietnamese_syllable("thaùng")
    (True, False)
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(c in _TONE_MARKS for c in decomposed)
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return tones <= 1 and _SYLLABLE.fullmatch(bare) is not None


def vietnamese_score(text: str) -> int:
    """How much `text` looks like Vietnamese written correctly.

    +1 for each word with diacritics that is a valid syllable, -1 for each
    that is not, -1 for each control character, stray combining mark or
    replacement character. Only a comparison between decodings of the same
    bytes makes sense of the number.
    """
    score = 0
    for word in _WORD.findall(text):
        if not word.isascii():
            score += 1 if is_vietnamese_syllable(word) else -1
    return score - sum(1 for c in text if _is_odd(c))


# A text "reads as Vietnamese" when at least this share of its words with
# diacritics are valid syllables: a real legacy-font text converts to about
# all of them, OCR output that lost its diacritics ("Ké hoach", "ciia") to
# under half, whichever table it is read through.
WELL_SPELLED_SHARE = 0.8


def reads_as_vietnamese(text: str) -> bool:
    """True when most words with diacritics in ``text`` are valid syllables.

    >>> reads_as_vietnamese("Cộng hoà xã hội chủ nghĩa"), reads_as_vietnamese("Ké hoach phat trién céng nghiép")
    (True, False)
    """
    marked = [w for w in _WORD.findall(text) if not w.isascii()]
    return bool(marked) and sum(map(is_vietnamese_syllable, marked)) >= WELL_SPELLED_SHARE * len(marked)


def _is_odd(char: str) -> bool:
    if char in "\t\n\r\f\v":
        return False
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Mn")
