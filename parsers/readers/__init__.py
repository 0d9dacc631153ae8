"""One reader per input format; parsers/read.py picks one by the file's content.

- text.py    plain text in any encoding we know (UTF-8/16, CP1258, TCVN3, VNI)
- html.py    saved web pages, main text only
- docx.py    Word documents: paragraphs, tables and footnotes, in order
- pdf.py     PDFs: the text layer, and OCR for pages that have none
- ocr.py     images (and scanned pages) through Tesseract
- legacy.py  the TCVN3 and VNI tables and the Vietnamese scorer behind text.py
- tools.py   running the external programs (poppler, tesseract) safely

A reader takes (path, max_chars) and returns the text, or raises
`Unreadable(reason)`; read.py adds the file name (ReadError).
"""

import os


class Unreadable(ValueError):
    """The content cannot be read; the message is a one-line reason."""


def too_large(max_bytes: int) -> Unreadable:
    return Unreadable(f"too large: over {max_bytes / 2**20:g} MB of text (limit set by KG_MAX_TEXT_MB)")


def env_number(name: str, default: float) -> float:
    """A positive number from the environment variable `name`, else `default`."""
    try:
        value = float(os.environ.get(name) or default)
    except ValueError:
        return default
    return value if value > 0 else default
