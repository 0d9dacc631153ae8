"""Extract: one file in, one Extraction out — the pipeline of parsers/ in
order: read → find → header → attach → relate. Pure apart from reading.

>>> e = extract_text("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị")
>>> c = e.citations[0]
>>> c.id, c.date, c.issuer
('57-NQ/TW', '2024-12-22', 'Bộ Chính trị')
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from parsers.attach import attach
from parsers.find import find_references
from parsers.fold import FoldedText
from parsers.header import read_header
from parsers.model import Citation, DocumentInfo, Extraction, Span
from parsers.read import ReadError, normalize, read_text
from parsers.relate import relate


def _as_own_number(citation: Citation, document: DocumentInfo) -> Citation:
    """The header's "Số: 1418/BC-SKHCN" is the document itself."""
    return replace(citation, type=document.type or citation.type, date=document.date,
                   issuer=document.issuer, jurisdiction=document.jurisdiction)


def extract_text(text: str, file: str = "") -> Extraction:
    """Everything ``text`` says about documents (offsets into its NFC form)."""
    text = normalize(text)
    ft = FoldedText(text)
    header = read_header(ft)
    document = header.document
    citations = attach(ft, find_references(text, ft), header.province)
    own: Span | None = header.number_span
    citations = [
        _as_own_number(c, document) if own and c.span.start < own.end and own.start < c.span.end else c
        for c in citations
    ]
    relations = relate(ft, document, citations, file)
    return Extraction(file, document, tuple(citations), tuple(relations), text)


def extract_file(path: Path | str) -> Extraction:
    """Read a file (see parsers.read) and extract from it.

    Every failure is a ReadError naming the file with a one-line reason, so
    that a batch reports it and goes on: one file's text that exhausts the
    stack or the memory, or meets a bug of the extractor, stops only itself.
    """
    text = read_text(path)
    try:
        return extract_text(text, str(path))
    except RecursionError as err:
        raise ReadError(path, "extraction failed: the text is nested too deeply") from err
    except MemoryError as err:
        raise ReadError(path, "extraction failed: not enough memory for this text") from err
    except Exception as err:  # an extractor bug must not stop a batch of thousands
        raise ReadError(path, f"extraction failed: {type(err).__name__}: {' '.join(str(err).split())}") from err
