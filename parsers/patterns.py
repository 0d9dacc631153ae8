"""Regular expressions of the extractor, built from named, commented pieces.

All patterns run on the *folded* text (see fold.py): no diacritics, đ → d,
look-alikes mapped, case kept. Word-level OCR damage ("Ké hoach") is left to
the fuzzy phrase matcher; these patterns cover the shapes of numbers, codes,
dates and the "số" marker, including broken hyphens and spaces.
"""

from __future__ import annotations

import regex

# --- pieces -------------------------------------------------------------------

# "số" as printed: "số", "so", "s6", "sb", "sd", "sé", "s0", "S6:", or just "s";
# doubled by OCR: "s6 s6 336", "sé sé 51".
NUMBER_MARKER = r"(?:(?<![\w&])[sS][oO06bdeE8]{0,2}(?![\w&])\.?[ \n]*:?[ \n]*){1,2}"

# The document number: digits, sometimes with a letter suffix ("794a").
NUMBER = r"(?P<number>\d{1,6}(?:[a-z](?=[ ]?[-/]))?)"

# Between the number and the code: "-", "/", "- -", "-\n" (Party style), and
# OCR's "[" for "/" ("1464 [SKHCN"); a bare space only for "57 NQ/TW".
NUMBER_SEPARATOR = r"(?P<numsep>[ ]?(?:[-/\[|][ \n]?(?:-[ \n]?)?)|[ ])"

# The year inside a number: "48/2025/QĐ-UBND", "193/2025/QH15"; its slash
# may be lost before the code ("49/2025TT-BCT").
YEAR = r"(?:(?P<year>(?:19|20)\d\d)(?:[ ]?/[ ]?|(?=[A-Z][A-Z])))"

# One segment of a code: upper-case letters and digits, "&" joins unit codes
# ("BCVT&CNTT"), lower case inside known codes ("CTr", "SNgV"). OCR may split
# a segment after a single capital ("T U", "T W3") and read Q as 0 ("0P").
SEGMENT = r"(?:[A-Z][ ](?=[A-Z]{1,4}\d*\b))?[A-Z0-9][A-Za-z0-9]*(?:&[A-Z][A-Za-z0-9]*)*"

# Between segments: "-" or "/", with the OCR's spaces and doubled hyphens.
CODE_SEPARATOR = r"(?:[ ]?(?:-[ \n]?(?:-[ ]?)?|/[ ]?))"

CODE = rf"(?P<code>{SEGMENT}(?:{CODE_SEPARATOR}{SEGMENT}){{0,4}})"

# --- a number with its code ------------------------------------------------------

# 57-NQ/TW · 327/QĐ-UBND · 48/2025/QĐ-UBND · 193/2025/QH15 · 1644/SKHCN-BCVT&CNTT
NUMBERED_ID = regex.compile(
    rf"(?<![\w/.,-])(?P<marker>{NUMBER_MARKER})?{NUMBER}{NUMBER_SEPARATOR}{YEAR}?{CODE}(?![\w&])"
)

# A code on its own, for a header whose number is left blank: "Số:    /BC-SKHCN".
BLANK_NUMBER_ID = regex.compile(
    rf"(?P<marker>(?<![\w])[sS][oO06bd]{{0,2}}[ ]*:?)[ ]*(?P<blank>[ .…_]*)/[ ]?{CODE}(?![\w&])"
)

# --- standards ----------------------------------------------------------------------

# QCVN 25:2025/BCT · TCVN ISO 9001:2015 · ISO/IEC 27001:2013 · QCVN 01-1:2018/BYT
STANDARD_ID = regex.compile(
    r"(?<![\w])(?P<prefix>QCVN|TCVN(?:[ ]ISO(?:/IEC)?)?|ISO(?:[ ]?/[ ]?IEC)?)"
    r"[ \n]?(?P<number>\d{1,5}(?:-\d{1,3})*)[ ]?:[ ]?(?P<year>(?:19|20)\d\d)"
    r"(?:[ ]?/[ ]?(?P<issuer>[A-Z][A-Za-z]{1,9}))?(?![\w])"
)

# --- a bare number, for short forms ("Nghị quyết 57", "Kế hoạch số 359") ------------

# Not part of a date, a ratio, an amount or a code: "57" but not "19/20",
# "1.808", "22/12/2024" or "57-NQ".
BARE_NUMBER = regex.compile(r"(?<![\w/.,:-])\d{1,5}(?![\w]|[ ]?[-/:.,][ ]?\w)")
# The "số" right before a bare number, searched at the end of the text before it.
MARKER_BEFORE = regex.compile(rf"{NUMBER_MARKER}$")

# --- dates -------------------------------------------------------------------------------

# "ngày", OCR "ngay", "ngdy", "ngiy", glued "tirngay".
DATE_WORD = r"(?i:ng[a-z]{0,2}y)"

NUMERIC_DATE = (
    r"(?P<day>\d{1,2})[ ]?[/.-][ ]?(?P<month>\d{1,2})[ ]?[/.-][ ]?(?P<year>(?:19|20)\d\d)(?!\d)"
)
# The slash before the year lost: "13/72024" (13/7/2024).
MERGED_DATE = r"(?P<day>\d{1,2})/(?P<month>[1-9])(?P<year>(?:19|20)\d\d)(?!\d)"
# "22 tháng 12 năm 2024", OCR "22 'thang 12 nam 2024", "01 thang 4 nim 2025".
WORDED_DATE = (
    r"(?P<day>\d{1,2})[ \n]+'?(?i:th[a-z]{1,3}g)[ \n]+(?P<month>\d{1,2})[ \n]+"
    r"'?(?i:n[a-z]{1,2}m)[ \n]+(?P<year>(?:19|20)\d\d)(?!\d)"
)

# A date attached right after a citation: ", ngày 22/12/2024" (use .match at
# the citation's end).
ATTACHED_DATE = regex.compile(
    rf"[ \n]*[,(]?[ \n]*{DATE_WORD}[ \n]*:?[ \n]*(?:{NUMERIC_DATE}|{WORDED_DATE}|{MERGED_DATE})"
)

# --- the words before an issuer ------------------------------------------------------------

# "của" as printed: OCR "ciia", "ctia", "cia", "cta", "caa", "cuia", "C}"la".
OF_WORD = r"(?i:c[a-z}'\"]{0,3}a)"
# "của" right after a citation or its date (use .match there), doubled by
# OCR: "cua cua B Chinh tri".
OF = regex.compile(rf"[ \n]*,?[ \n]*(?:{OF_WORD}[ \n]+){{1,2}}")
# Every "của" of a sentence.
ANY_OF = regex.compile(rf"(?<![\w]){OF_WORD}(?=[ \n])")
# Where the words after a "của" stop naming an issuer.
CLAUSE_END = regex.compile(r"[;.(\[]")

# --- enumerations and places -------------------------------------------------------

# Between two citations of one enumeration, after the first one's date:
# ", ", " và ", ", số " ("Quyết định số A ngày …, số B").
ENUMERATION_GAP = regex.compile(r"[ \n]*(?:,|\bva\b|\bvà\b)[ \n]*(?:(?i:s[o06bde]{0,2})[ \n]+)?")
# What marks a province as the former one, after its name: "(cũ)", "cũ)",
# "(tỉnh Kon Tum cũ)"; OCR "cii".
FORMER = regex.compile(r"\(?[ \n]*(?i:c[a-z]{0,2}u?)[ \n]*\)|\((?i:tinh)[ \n]")

# --- parts of a document ---------------------------------------------------------------

# A reference to articles of the document that follows, between a relation cue
# and it: "sửa đổi Điều 5 Quyết định số …", "bãi bỏ khoản 2 Điều 3 của …",
# "điểm a, khoản 1 Điều 4 và Điều 7 của" (search it ending where the document starts).
ARTICLE = r"(?:[dpb0]iem [a-z],? )?(?:khoan \d+,? )?[dpb0]ieu \d+[a-z]?"  # Đ read as P, B, 0
ARTICLE_BEFORE = regex.compile(
    rf"(?i:{ARTICLE}(?:(?:,| va) {ARTICLE}|, \d+)*(?: {OF_WORD})?)[ \n,]*$"
)

# A law named before its number, between a relation cue and the number:
# "sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15" (the number's
# own span starts at "số"); up to ten words of name, commas allowed.
NAMED_LAW_BEFORE = regex.compile(
    r"(?<![\w])(?:Luat|Bo luat|Phap lenh)(?:,?[ \n](?!so\b)[^\s\d;:()\[\]/]+){1,10}[ \n]*$"
)

# --- the layout of a document -------------------------------------------------------

# What may stand before a cue that opens its clause or line: markup, list
# numbering, an article heading ("**Điều 1.** Sửa đổi …", "2. Bãi bỏ …", "a) …").
LIST_NUMBER = r"(?:\(?\d+(?:\.\d+)*[.)]|\(?[a-z]\)|[IVX]+\.|[-+•])"
CLAUSE_LEAD = regex.compile(
    rf"[\s*_#>|]*(?:(?i:[dpb0]ieu)[ \n]+\d+[a-z]?[ \n]*[.:]|{LIST_NUMBER})?[\s*_]*"
)
# An article heading at the start of a line: "Điều 1.", "**Điều 2. Hiệu lực**".
ARTICLE_HEADING = regex.compile(r"(?m)^[ \t*_#>|]*(?i:[dpb0]ieu)[ \t\n]+\d+[a-z]?[ \t*]*[.:]")
# The first heading of a body: "I.", "1.", "Điều 1.", "Phần I", "Chương II", "Mục 1".
SECTION_HEADING = regex.compile(
    r"(?m)^[ \t*_#>|]*(?:[IVX]+[.)]|\d+(?:\.\d+)*[.)][ \t]|(?i:[dpb0]ieu)[ \t]+\d+|(?i:phan|chuong|muc)[ \t]+[IVX\d]+\b)"
)
# Cues joined into one verb phrase: ", ", " và ", " hoặc " between them, or
# nothing ("Căn cứ Căn cứ Luật …": a cue typed twice).
CUE_JOINT = regex.compile(r"[ \n]*(?:,|(?<![\w])(?i:va|hoac))?[ \n]*$")
# Markup and blanks around a line's text.
MARKUP_AROUND = regex.compile(r"^[\s*_#>|]+|[\s*_#>|]+$")
# The end of a document's body, before its annexes: "Nơi nhận:".
RECIPIENTS = regex.compile(r"(?i:noi[ \n]+nhan)[ \n*_]*:")
# A Markdown table row: the line starts with "|".
TABLE_ROW_START = regex.compile(r"[ \t]*\|")
