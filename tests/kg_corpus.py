"""A small hand-built corpus whose graph answers are known, modelled on the
samples: Extractions built directly, so kg/ and queries/ are tested without
the extractor.

The documents and what the reports say of them:

    57-NQ/TW (Bộ Chính trị, 22/12/2024; one report says 22/12/2025)
      ├─ 359-KH/TU implements it; 359-KH/TU replaces 336-KH/TU
      │    └─ 327/QĐ-UBND implements it (and 71/NQ-CP), replaces 51/KH-UBND
      │         └─ 1587/KH-SKHCN implements it (cited as 327/KH-UBND, same date)
      ├─ 03/NQ-CP, 51/KH-UBND, 95-CTr/TU implement it; 1570/KH-UBND implements 95-CTr/TU
      └─ 200/KH-UBND implements it; 100/QĐ-UBND promulgates 200/KH-UBND
    539-KH/TU: 29/4/2025 like 359-KH/TU (a possible typo)
    1063/KH-UBND: one in Quảng Ngãi, another in Kon Tum
    10/2025/QĐ-UBND amends 5/2024/QĐ-UBND; 12/2025/QĐ-UBND repeals 6/2024/QĐ-UBND
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.model import Citation, DocumentInfo, Evidence, Extraction, Relation, Span
from parsers.vocab import VOCAB

QN = "Quảng Ngãi"
KT = "Kon Tum"


@dataclass(frozen=True)
class Cite:
    id: str
    date: str | None = None
    type: str | None = None  # the type word; by default the type of the code
    issuer: str | None = None
    jurisdiction: str | None = QN


def _code_type(doc_id: str) -> str:
    from kg.resolve import parse_id

    parts = parse_id(doc_id)
    return (parts and parts.type_code and VOCAB.type_for_code(parts.type_code)) or "Công văn"


def report(file: str, document: DocumentInfo, sentences: list[tuple[list[Cite], list[tuple]]]
           ) -> Extraction:
    """An Extraction whose text is one sentence per entry: the citations
    written out, the relations (source, type, target) stated by that
    sentence, and a ``cites`` from the report to every id it names."""
    text, citations, relations, named = "", [], [], []
    for cites, stated in sentences:
        sentence_start = len(text)
        for c in cites:
            surface = f"{c.type or _code_type(c.id)} số {c.id}"
            start = len(text)
            text += surface + (f" ngày {c.date}" if c.date else "") + ", "
            citations.append(Citation(
                id=c.id, type=c.type or _code_type(c.id), number=c.id.split("/")[0].split("-")[0],
                year=None, code="", date=c.date, issuer=c.issuer, jurisdiction=c.jurisdiction,
                span=Span(start, start + len(surface)), text=surface,
            ))
            if c.id not in named:
                named.append(c.id)
        text = text[:-2] + ". "
        evidence = Evidence(file, sentence_start, len(text) - 1, text[sentence_start:-1])
        relations += [Relation(s, t, o, evidence) for s, t, o in stated]
    relations += [Relation(document.id, "cites", i, Evidence(file, 0, 0, "")) for i in named]
    return Extraction(file, document, tuple(citations), tuple(relations), text)


QN_REPORT = DocumentInfo(None, "BC-SKHCN", "Báo cáo", "2025-07-15", "Sở Khoa học và Công nghệ",
                         "Báo cáo tình hình thực hiện kế hoạch tháng 7", QN)


def corpus() -> list[Extraction]:
    r1 = report("r1.txt", QN_REPORT, [
        ([Cite("359-KH/TU", "2025-04-29", "Kế hoạch"), Cite("57-NQ/TW", "2024-12-22", jurisdiction=None)],
         [("359-KH/TU", "implements", "57-NQ/TW")]),
        ([Cite("336-KH/TU", "2025-02-25")], [("359-KH/TU", "replaces", "336-KH/TU")]),
        ([Cite("327/QĐ-UBND", "2025-05-26"), Cite("71/NQ-CP", "2025-04-01", jurisdiction=None),
          Cite("359-KH/TU", "2025-04-29")],
         [("327/QĐ-UBND", "implements", "71/NQ-CP"), ("327/QĐ-UBND", "implements", "359-KH/TU")]),
        ([Cite("51/KH-UBND", "2025-03-07")], [("327/QĐ-UBND", "replaces", "51/KH-UBND")]),
        ([Cite("51/KH-UBND"), Cite("57-NQ/TW", jurisdiction=None)],
         [("51/KH-UBND", "implements", "57-NQ/TW")]),
        ([Cite("1063/KH-UBND", "2025-06-01")], []),
    ])
    r2 = report("r2.txt", DocumentInfo(
        "1418/BC-SKHCN", "BC-SKHCN", "Báo cáo", "2025-07-10", "Sở Khoa học và Công nghệ",
        "Báo cáo kết quả chuyển đổi số quý II", QN), [
        ([Cite("327/KH-UBND", "2025-05-26", "Quyết định"), Cite("1587/KH-SKHCN", "2025-06-26")],
         [("1587/KH-SKHCN", "implements", "327/KH-UBND")]),
        ([Cite("57-NQ/TW", "2025-12-22", jurisdiction=None), Cite("03/NQ-CP", jurisdiction=None)],
         [("03/NQ-CP", "implements", "57-NQ/TW")]),
        ([Cite("539-KH/TU", "2025-04-29"), Cite("57-NQ/TW", "2024-12-22", jurisdiction=None)],
         [("539-KH/TU", "implements", "57-NQ/TW")]),
        ([Cite("95-CTr/TU"), Cite("57-NQ/TW", jurisdiction=None)],
         [("95-CTr/TU", "implements", "57-NQ/TW")]),
        ([Cite("1570/KH-UBND"), Cite("95-CTr/TU")], [("1570/KH-UBND", "implements", "95-CTr/TU")]),
    ])
    r3 = report("r3.txt", DocumentInfo(
        "77/BC-UBND", "BC-UBND", "Báo cáo", "2025-08-01", "UBND tỉnh",
        "Báo cáo sơ kết của tỉnh Kon Tum", KT), [
        ([Cite("1063/KH-UBND", "2025-03-03", jurisdiction=KT)], []),
        ([Cite("100/QĐ-UBND", "2025-02-02", jurisdiction=KT), Cite("200/KH-UBND", jurisdiction=KT)],
         [("100/QĐ-UBND", "promulgates", "200/KH-UBND")]),
        ([Cite("200/KH-UBND", jurisdiction=KT), Cite("57-NQ/TW", jurisdiction=None)],
         [("200/KH-UBND", "implements", "57-NQ/TW")]),
        ([Cite("10/2025/QĐ-UBND", "2025-03-01", jurisdiction=KT),
          Cite("5/2024/QĐ-UBND", jurisdiction=KT)],
         [("10/2025/QĐ-UBND", "amends", "5/2024/QĐ-UBND")]),
        ([Cite("12/2025/QĐ-UBND", "2025-04-01", jurisdiction=KT),
          Cite("6/2024/QĐ-UBND", jurisdiction=KT)],
         [("12/2025/QĐ-UBND", "repeals", "6/2024/QĐ-UBND")]),
        ([Cite("71/NQ-CP", "2025-04-01", jurisdiction=None)], [("77/BC-UBND", "responds_to", "71/NQ-CP")]),
    ])
    return [r1, r2, r3]


def synthetic(index: int, version: int) -> Extraction:
    """A report of many citations that share documents with its neighbours, so
    that every file's resolution touches groups other files feed too. Version
    2 moves some dates: a changed file."""
    date = "2025-01-0%d" % (1 + version)
    cites = [Cite("57-NQ/TW", "2024-12-22" if version == 1 or index % 3 else "2025-12-22",
                  jurisdiction=None)]
    cites += [Cite(f"{index % 7 + 1}/QĐ-UBND", date), Cite(f"{index % 7 + 1}/KH-UBND", date)]
    # plans of a month a day each; a few numbers one edit apart share a date
    cites += [Cite(f"{1000 + index * 10 + k}/KH-UBND", f"2025-{index % 12 + 1:02d}-{k + 1:02d}")
              for k in range(20)]
    stated = [(f"{1000 + index * 10}/KH-UBND", "implements", "57-NQ/TW"),
              (f"{index % 7 + 1}/QĐ-UBND", "promulgates", f"{1000 + index * 10}/KH-UBND")]
    own = DocumentInfo(f"{index + 1}/BC-SKHCN", "BC-SKHCN", "Báo cáo", date, None,
                       f"Báo cáo số {index} phiên bản {version}", QN)
    return report(f"s{index:04d}.txt", own, [(cites, stated)])


def dump(db_path) -> dict[str, list[tuple]]:
    """Every row of the derived and per-file tables, sorted, for comparing
    two stores (ingestion times left out)."""
    import sqlite3

    db = sqlite3.connect(db_path)
    queries = {
        "files": "SELECT path, sha256, own_key, doc_id, title FROM files",
        "mentions": "SELECT * FROM mentions",
        "relations": "SELECT * FROM relations",
        "nodes": "SELECT * FROM nodes",
        "aliases": "SELECT * FROM aliases",
        "conflicts": "SELECT * FROM conflicts",
    }
    try:
        return {name: sorted(db.execute(sql).fetchall(), key=repr) for name, sql in queries.items()}
    finally:
        db.close()
