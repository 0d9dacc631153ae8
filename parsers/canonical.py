"""Canonical số hiệu: the id of a document as written correctly in clean
Vietnamese — number, optional year, code with proper Đ, known codes in their
own case, no spaces.

>>> canonical_code_segment("0P")
'QĐ'
>>> canonical_code_segment("T W3")
'TW'
>>> canonical_code_segment("QH15")
'QH15'
>>> canonical_code_segment("KH&PMST")
'KH&ĐMST'
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from parsers.fold import visible
from parsers.vocab import VOCAB, VOCAB_DIR, code_key


@cache
def _known_codes() -> dict[str, str]:
    """Code key → canonical spelling, for every type, issuer and unit code."""
    known: dict[str, str] = {}
    for table in (VOCAB.unit_codes, VOCAB.issuer_codes, VOCAB.type_codes):
        known.update(table)
    return known


@cache
def _ocr_variants() -> dict[str, str]:
    """Damaged spelling key → canonical code, from the confusions of ocr.toml
    ("QĐ" → QD, QP, QB, Q0, 0D, 0P, OD…). Known codes are never rewritten."""
    with open(VOCAB_DIR / "ocr.toml", "rb") as handle:
        letters = tomllib.load(handle)["code_letters"]
    known = _known_codes()
    variants: dict[str, str] = {}
    for canonical in known.values():
        options = [[c, *letters.get(c.upper(), [])] for c in canonical]
        for spelling in itertools.product(*options):
            key = code_key("".join(spelling))
            if key not in known:
                variants.setdefault(key, canonical)
    return variants


# OCR prints Đ twice ("QĐÐ"); other doubled letters are real ("TCCB").
DOUBLED_LETTER = regex.compile(r"([ĐD])\1")
TRAILING_DIGITS = regex.compile(r"^(?P<code>.*?[A-Za-zĐđ])(?P<digits>\d+)$")


@cache
def _document_codes() -> frozenset[str]:
    """Keys of the type and issuer codes: a clean text's "QD" is still QĐ, but
    its unit codes ("PTHT", "CDS") are as the author wrote them."""
    return frozenset(code_key(c) for table in (VOCAB.issuer_codes, VOCAB.type_codes) for c in table.values())


@lru_cache(maxsize=1 << 14)  # the same few codes recur in every text
def canonical_code_segment(segment: str, clean: bool = False) -> str:
    """One segment of a code ("QD", "T U", "TW3", "KH&PMST") made canonical,
    as it is seen (without invisible characters, fullwidth letters as ASCII);
    in ``clean`` text (not OCR) only type and issuer codes are corrected.

    >>> canonical_code_segment("CDS"), canonical_code_segment("CDS", clean=True)
    ('CĐS', 'CDS')
    """
    segment = "".join(visible(segment).split())
    key = code_key(segment)
    known = _known_codes()
    if key in known:
        return known[key]
    variant = _ocr_variants().get(key)
    if variant and not (clean and code_key(variant) not in _document_codes()):
        return variant
    if "&" in segment:
        return "&".join(canonical_code_segment(part, clean) for part in segment.split("&"))
    single = DOUBLED_LETTER.sub(r"\1", segment.replace("Ð", "Đ"))
    if single != segment and (code_key(single) in known or code_key(single) in _ocr_variants()):
        return canonical_code_segment(single, clean)  # "QĐÐ": OCR read one letter twice
    digits = TRAILING_DIGITS.match(segment)
    if digits:
        base = canonical_code_segment(digits["code"], clean)
        if code_key(base) in VOCAB.numbered_suffix_codes:
            return base + digits["digits"]
        if code_key(base) in known:
            return base  # a footnote marker glued to the code: "NQ/T W3"
    return segment.upper() if segment.isupper() or segment.islower() else segment


def is_known_code(segment: str) -> bool:
    return code_key(canonical_code_segment(segment)) in _known_codes()


def is_type_code(segment: str) -> bool:
    return code_key(segment) in VOCAB.type_codes


@dataclass(frozen=True, slots=True)
class CodeParts:
    """A code split into its segments and the separators printed between."""

    segments: tuple[str, ...]
    separators: tuple[str, ...]  # len(segments) - 1 of "-", "/" or "&"

    @property
    def type_code(self) -> str | None:
        if len(self.segments) > 1 and is_type_code(self.segments[0]):
            return self.segments[0]
        return None

    @property
    def issuer_code(self) -> str | None:
        """The issuing body's code: after the type code, else the first."""
        index = 1 if self.type_code else 0
        return self.segments[index] if index < len(self.segments) else None

    def text(self) -> str:
        return self.segments[0] + "".join(s + g for s, g in zip(self.separators, self.segments[1:]))


def canonical_parts(segments: list[str], separators: list[str], clean: bool = False) -> CodeParts:
    return CodeParts(tuple(canonical_code_segment(s, clean) for s in segments), tuple(separators))


def build_id(number: str, year: str | None, code: CodeParts, party_style: bool) -> str:
    """Assemble the canonical id: "57-NQ/TW", "48/2025/QĐ-UBND", "193/2025/QH15"."""
    head = f"{number}-" if party_style else f"{number}/"
    if year:
        head += f"{year}/"
    return head + code.text()


def build_standard_id(prefix: str, number: str, year: str, issuer: str | None) -> str:
    """"QCVN 25:2025/BCT", "TCVN ISO 9001:2015", "ISO/IEC 27001:2013"."""
    prefix = " ".join(visible(prefix).upper().split()).replace(" /", "/").replace("/ ", "/")
    ident = f"{prefix} {number}:{year}"
    return f"{ident}/{canonical_code_segment(issuer)}" if issuer else ident
