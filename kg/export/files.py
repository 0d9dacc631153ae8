"""The graph model as files: CSV for ``neo4j-admin database import``, a
Cypher script for cypher-shell, GraphML and plain CSV for Gephi and
spreadsheets. Each streams the model in batches."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterator
from xml.sax.saxutils import XMLGenerator

from kg.export.bolt import CONSTRAINT
from kg.model import (
    LINK_PROPERTIES, NODE_LABEL, document_batches, document_properties, link_batches,
    link_properties, property_types,
)
from kg.store import Store

ADMIN_TYPES = {"INT64": "long", "STRING[]": "string[]"}  # untyped columns are strings
ARRAY_DELIMITER = ";"  # neo4j-admin's default
SCRIPT_BATCH = 500  # rows per statement of the Cypher script
LINK_TYPES = {"start_offset": "long", "end_offset": "long"}


# --- neo4j-admin database import ------------------------------------------------------


def _admin_cell(value):
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(value)
    return "" if value is None else value


def write_neo4j_csv(store: Store, folder: Path) -> tuple[Path, Path]:
    """documents.csv and relationships.csv with neo4j-admin's typed headers:
    ``neo4j-admin database import full --nodes=documents.csv
    --relationships=relationships.csv --multiline-fields=true DATABASE``."""
    folder.mkdir(parents=True, exist_ok=True)
    documents, relationships = folder / "documents.csv", folder / "relationships.csv"
    with open(documents, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        header = ["key:ID" if name == "key" else
                  f"{name}:{ADMIN_TYPES[type_]}" if type_ in ADMIN_TYPES else name
                  for name, type_ in property_types().items()]
        writer.writerow([*header, ":LABEL"])
        for batch in document_batches(store):
            writer.writerows([*map(_admin_cell, document_properties(d).values()), NODE_LABEL]
                             for d in batch)
    with open(relationships, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([":START_ID", ":END_ID", ":TYPE",
                         *(f"{p}:{LINK_TYPES[p]}" if p in LINK_TYPES else p for p in LINK_PROPERTIES)])
        for batch in link_batches(store):
            writer.writerows([k.source, k.target, k.kind.cypher_type,
                              *map(_admin_cell, link_properties(k).values())] for k in batch)
    return documents, relationships


# --- a script for cypher-shell --------------------------------------------------------


def cypher_literal(value) -> str:
    """A value as a Cypher literal. JSON's string escapes (\\", \\\\, \\n,
    \\uXXXX) are Cypher's, so a JSON string is a Cypher string.

    >>> cypher_literal({"title": 'Kế hoạch "số 1"\\n'}), cypher_literal([1, None])
    ('{title: "Kế hoạch \\\\"số 1\\\\"\\\\n"}', '[1, null]')
    """
    if isinstance(value, dict):
        # keys are the model's field names: identifiers, safe unquoted
        return "{" + ", ".join(f"{k}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)


def script_statements(store: Store) -> Iterator[str]:
    """The statements of the script, one by one (each ends with ";")."""
    yield CONSTRAINT + ";"
    for batch in document_batches(store, SCRIPT_BATCH):
        rows = cypher_literal([document_properties(d) for d in batch])
        yield (f"UNWIND {rows} AS row MERGE (d:{NODE_LABEL} {{key: row.key}}) SET d = row;")
    for batch in link_batches(store, SCRIPT_BATCH):
        for type_ in sorted({k.kind.cypher_type for k in batch}):
            rows = cypher_literal([{"source": k.source, "target": k.target, **link_properties(k)}
                                   for k in batch if k.kind.cypher_type == type_])
            yield (f"UNWIND {rows} AS row MATCH (a:{NODE_LABEL} {{key: row.source}}), "
                   f"(b:{NODE_LABEL} {{key: row.target}}) MERGE (a)-[r:{type_} {{file: row.file, "
                   "start_offset: row.start_offset, end_offset: row.end_offset}]->(b) "
                   "SET r.text = row.text;")


def write_cypher_script(store: Store, path: Path) -> int:
    """The script (for ``cypher-shell -f FILE``); returns its statement count."""
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for statement in script_statements(store):
            handle.write(statement + "\n")
            count += 1
    return count


# --- GraphML and CSV --------------------------------------------------------------------


def _scalar(value):
    """GraphML holds scalars only: lists joined by ";"."""
    return ARRAY_DELIMITER.join(value) if isinstance(value, list) else value


GRAPHML_TYPES = {"STRING": "string", "INT64": "long", "STRING[]": "string"}  # lists joined by ";"
GRAPHML_LINK_TYPES = {"relation": "string", "file": "string", "start_offset": "long",
                      "end_offset": "long", "text": "string"}
# XML 1.0 cannot hold C0 controls other than tab and line breaks (a PDF's
# form feeds): they are written as spaces.
_NOT_IN_XML = {c: " " for c in range(32) if chr(c) not in "\t\n\r"}


def _graphml_data(out: XMLGenerator, properties: dict) -> None:
    for name, value in properties.items():
        if value is None or value == []:
            continue
        out.startElement("data", {"key": name})
        out.characters(str(_scalar(value)).translate(_NOT_IN_XML))
        out.endElement("data")


def write_graphml(store: Store, path: Path) -> None:
    """GraphML for Gephi, yEd, networkx: written as it streams from the
    store, attribute keys declared from the model first."""
    node_types = {name: GRAPHML_TYPES[type_] for name, type_ in property_types().items() if name != "key"}
    with open(path, "w", encoding="utf-8") as handle:
        out = XMLGenerator(handle, encoding="utf-8", short_empty_elements=True)
        out.startDocument()
        out.startElement("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns"})
        for domain, types in (("node", node_types), ("edge", GRAPHML_LINK_TYPES)):
            for name, type_ in types.items():
                out.startElement("key", {"id": name, "for": domain, "attr.name": name, "attr.type": type_})
                out.endElement("key")
        out.startElement("graph", {"edgedefault": "directed"})
        for batch in document_batches(store):
            for d in batch:
                properties = document_properties(d)
                out.startElement("node", {"id": properties.pop("key").translate(_NOT_IN_XML)})
                _graphml_data(out, properties)
                out.endElement("node")
        count = 0
        for batch in link_batches(store):
            for k in batch:
                out.startElement("edge", {"id": f"e{count}", "source": k.source.translate(_NOT_IN_XML),
                                          "target": k.target.translate(_NOT_IN_XML)})
                _graphml_data(out, {"relation": k.relation, **link_properties(k)})
                out.endElement("edge")
                count += 1
        out.endElement("graph")
        out.endElement("graphml")
        out.endDocument()


def write_csv(store: Store, folder: Path) -> tuple[Path, Path]:
    """documents.csv (one row per document, aliases joined by ";") and
    links.csv (source, relation, target, evidence), UTF-8 with a BOM so that
    spreadsheets read the Vietnamese right."""
    folder.mkdir(parents=True, exist_ok=True)
    documents, links = folder / "documents.csv", folder / "links.csv"
    with open(documents, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(property_types())
        for batch in document_batches(store):
            writer.writerows([_admin_cell(v) for v in document_properties(d).values()] for d in batch)
    with open(links, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "relation", "target", *LINK_PROPERTIES])
        for batch in link_batches(store):
            writer.writerows([k.source, k.relation, k.target,
                              *map(_admin_cell, link_properties(k).values())] for k in batch)
    return documents, links
