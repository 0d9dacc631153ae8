"""What the tests of the graph model and its exporters share: the bundled
samples in a store, the ten example queries of docs/graph-model.md, and a
corpus whose text has quotes, newlines and Vietnamese."""

from __future__ import annotations

import re
from pathlib import Path

from kg.embedded import parameter
from kg.store import Store
from parsers.extract import extract_file
from parsers.model import DocumentInfo, Evidence, Extraction, Relation
from kg_corpus import Cite, report

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
GRAPH_MODEL_DOC = ROOT / "docs" / "graph-model.md"
EXAMPLE = re.compile(
    r"### (?P<number>\d+)\. (?P<question>[^\n]+)\n\n```cypher\n(?P<query>.*?)```\n"
    r"(?:\nParameters: (?P<parameters>[^\n]+)\n)?", re.S)

# a title and a sentence a careless exporter would break
AWKWARD_TITLE = 'Kế hoạch "Chuyển đổi số" năm 2025,\ndòng hai; \\ gạch chéo ngược'
AWKWARD_SENTENCE = 'Thực hiện Nghị quyết "57" ngày 22/12/2024,\ncó dấu \'nháy\' và \\.'


def example_queries() -> list[tuple[str, str, dict]]:
    """(question, query, parameters) of each numbered example of the doc."""
    return [(m["question"], m["query"],
             dict(parameter(p) for p in re.findall(r"`([^`]+)`", m["parameters"] or "")))
            for m in EXAMPLE.finditer(GRAPH_MODEL_DOC.read_text(encoding="utf-8"))]


def samples_store(path: Path) -> Path:
    with Store(path) as store:
        for file in sorted(SAMPLES.iterdir()):
            store.put(extract_file(file), file.name)
    return path


def awkward_extraction(file: str = "awkward.txt") -> Extraction:
    """A plan whose title and evidence hold quotes, a newline, a backslash."""
    plan = DocumentInfo("7-KH/TU", "KH/TU", "Kế hoạch", "2025-05-01", "Ban Thường vụ Tỉnh ủy",
                        AWKWARD_TITLE, "Quảng Ngãi")
    base = report(file, plan, [([Cite("57-NQ/TW", "2024-12-22", jurisdiction=None)], [])])
    evidence = Evidence(file, 0, len(AWKWARD_SENTENCE), AWKWARD_SENTENCE)
    return Extraction(file, plan, base.citations,
                      (Relation("7-KH/TU", "implements", "57-NQ/TW", evidence),), base.text)
