"""Relate: the relations a text states between documents (filled next)."""

from __future__ import annotations

from parsers.fold import FoldedText
from parsers.model import Citation, DocumentInfo, Relation


def relate(ft: FoldedText, document: DocumentInfo, citations: list[Citation], file: str) -> list[Relation]:
    return []
