"""The records that flow through the pipeline.

read → find → attach → relate produce these; kg/ stores them; the `--json`
output of `kg extract` is their serialization (see ``Extraction.to_json``).
All offsets are character offsets into the NFC-normalized text of a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) into the NFC text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Citation:
    """One mention of a numbered document.

    ``id`` is the canonical số hiệu ("57-NQ/TW", "327/QĐ-UBND"); ``code`` is
    the part after the number and year ("NQ/TW", "QĐ-UBND"); ``short`` marks
    a mention without its code ("Nghị quyết 57") resolved to a full citation
    of the same text.
    """

    id: str
    type: str
    number: str
    year: int | None
    code: str
    date: str | None
    issuer: str | None
    jurisdiction: str | None
    span: Span
    text: str
    short: bool = False
    # End of the date and "của <issuer>" stated right after the number: the
    # relation reader looks past them (not part of the JSON).
    tail: int | None = field(default=None, compare=False)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "number": self.number,
            "year": self.year,
            "code": self.code,
            "date": self.date,
            "issuer": self.issuer,
            "jurisdiction": self.jurisdiction,
            "start": self.span.start,
            "end": self.span.end,
            "text": self.text,
            "short": self.short,
        }


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """The citing document's own identity, read from its header.

    ``id`` is None when the number is left blank ("Số:    /BC-SKHCN"); the
    code is kept. ``jurisdiction`` (the province of a provincial issuer) is
    used to tell provincial documents apart; it is not part of the JSON.
    """

    id: str | None = None
    code: str | None = None
    type: str | None = None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    jurisdiction: str | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "code": self.code,
            "type": self.type,
            "date": self.date,
            "issuer": self.issuer,
            "title": self.title,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a text states something: file, span and the sentence itself."""

    file: str
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"file": self.file, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link between two documents, with its evidence.

    ``source`` is None when the source is the citing document and that
    document has no number of its own.
    """

    source: str | None
    type: str
    target: str
    evidence: Evidence

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "type": self.type,
            "target": self.target,
            "evidence": self.evidence.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one file."""

    file: str
    document: DocumentInfo
    citations: tuple[Citation, ...] = ()
    relations: tuple[Relation, ...] = ()
    text: str = field(default="", repr=False, compare=False)

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "document": self.document.to_json(),
            "citations": [c.to_json() for c in self.citations],
            "relations": [r.to_json() for r in self.relations],
        }
