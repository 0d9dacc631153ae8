"""The store the view tests look at: the five bundled samples, plus one
hostile document whose title and evidence carry HTML and script, stored
directly (the extractor's header reader would trim them; the views must
escape whatever a store holds)."""

from __future__ import annotations

from pathlib import Path

from kg.ingest import ingest
from kg.store import Store
from parsers.model import Citation, DocumentInfo, Evidence, Extraction, Relation, Span

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
HOSTILE_ID = "999/KH-UBND"
HOSTILE_TITLE = "Thí điểm <img src=x onerror=alert(1)> chuyển đổi số"
HOSTILE_EVIDENCE = ("Thực hiện Quyết định số 327/QĐ-UBND của UBND tỉnh <b onmouseover=alert(2)>"
                    "\"ban hành\"</b> & <script>alert(3)</script>")
LINEAGE_ID = "327/QĐ-UBND"


def hostile_extraction() -> Extraction:
    text = HOSTILE_EVIDENCE
    start = text.index("Quyết định")
    end = text.index(" của")
    cited = Citation(id=LINEAGE_ID, type="Quyết định", number="327", year=2025, code="QĐ-UBND",
                     date="2025-05-26", issuer="UBND tỉnh", jurisdiction="Quảng Ngãi",
                     span=Span(start, end), text=text[start:end])
    document = DocumentInfo(HOSTILE_ID, "KH-UBND", "Kế hoạch", "2025-06-02", "UBND tỉnh",
                            HOSTILE_TITLE, "Quảng Ngãi")
    evidence = Evidence("hostile.txt", 0, len(text), text)
    return Extraction("hostile.txt", document, (cited,),
                      (Relation(HOSTILE_ID, "implements", LINEAGE_ID, evidence),), text)


def build_store(path: Path, hostile: bool = True) -> Path:
    """The samples (and the hostile document unless ``hostile`` is False:
    the screenshots for the README show the samples alone)."""
    with Store(path) as store:
        outcomes = list(ingest(store, sorted(SAMPLES.iterdir())))
        assert all(o.status == "ingested" for o in outcomes), outcomes
        if hostile:
            store.put(hostile_extraction(), "hostile")
    return path
